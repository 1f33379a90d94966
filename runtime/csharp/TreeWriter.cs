// TreeWriter.cs - writes a VNode tree in the library's binary encoding
// (docs/binary-tree.md) into a buffer it reuses: the fast way to hand a tree
// to a RetainedTree. The methods per node kind (BeginElement, Text,
// BeginFragment, RawHtml) and the kind bytes are generated from the schema;
// this is the buffer, the strings and the checks.

using System;
using System.Text;

namespace Minimact
{
    /// <summary>
    /// Writes one VNode tree at a time in the library's binary encoding,
    /// depth first: open a node with Begin..., give its props with
    /// <see cref="Prop"/>, then its children, then <see cref="End"/>. The
    /// buffer is kept between trees (<see cref="Reset"/>), and nothing is
    /// allocated per node. Use one writer per thread.
    /// </summary>
    public sealed partial class TreeWriter
    {
        /// <summary>The version of the binary encoding written (the byte after the magic "MMTB").</summary>
        public const byte FormatVersion = 1;

        private const byte PropString = 0x10; // a prop whose value is a string
        private const byte PropRaw = 0x11;    // a prop whose value is other JSON
        private const byte EndOfList = 0x00;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        private byte[] buf;
        private int pos;
        private byte[] open = new byte[32]; // the kinds of the open nodes
        private int depth;
        private bool propsOpen; // the innermost open node may still take props
        private bool complete;  // the root is written

        /// <summary>A writer with a buffer of 4 KiB to start with.</summary>
        public TreeWriter() : this(4096) { }

        /// <summary>A writer with a buffer of <paramref name="capacity"/> bytes to start with.</summary>
        public TreeWriter(int capacity)
        {
            buf = new byte[Math.Max(capacity, 64)];
            Reset();
        }

        /// <summary>Starts a new tree, keeping the buffer.</summary>
        public void Reset()
        {
            buf[0] = (byte)'M';
            buf[1] = (byte)'M';
            buf[2] = (byte)'T';
            buf[3] = (byte)'B';
            buf[4] = FormatVersion;
            pos = 5;
            depth = 0;
            propsOpen = false;
            complete = false;
        }

        /// <summary>Whether a whole tree is written: its root and every node opened closed.</summary>
        public bool IsComplete
        {
            get { return complete; }
        }

        /// <summary>The buffer; its first <see cref="Length"/> bytes are the tree.</summary>
        public byte[] Buffer
        {
            get { return buf; }
        }

        /// <summary>The length of the tree written so far, in bytes.</summary>
        public int Length
        {
            get { return pos; }
        }

        /// <summary>A copy of the tree's bytes.</summary>
        public byte[] ToArray()
        {
            var b = new byte[pos];
            System.Buffer.BlockCopy(buf, 0, b, 0, pos);
            return b;
        }

        /// <summary>Gives the innermost open element a prop whose value is a string (before its children).</summary>
        public void Prop(string name, string value)
        {
            PropEntry(PropString, name, value);
        }

        /// <summary>
        /// Gives the innermost open element a prop whose value is JSON other
        /// than a string: a number, true, false, null, an object or an array,
        /// written as it is (the library checks it).
        /// </summary>
        public void PropJson(string name, string json)
        {
            PropEntry(PropRaw, name, json);
        }

        /// <summary>Closes the innermost open element or fragment.</summary>
        public void End()
        {
            if (depth == 0)
            {
                throw new InvalidOperationException("End with no element or fragment open");
            }
            Ensure(1);
            buf[pos++] = EndOfList;
            depth--;
            propsOpen = false;
            if (depth == 0)
            {
                complete = true;
            }
        }

        /// <summary>Throws unless a whole tree is written.</summary>
        internal void CheckComplete()
        {
            if (!complete)
            {
                throw new InvalidOperationException(depth > 0
                    ? "the tree is not complete: " + depth + " node(s) still open (End them)"
                    : "no tree written (a root node is needed)");
            }
        }

        // ---- what the generated methods call ----

        private void BeginNode(byte kind)
        {
            if (complete)
            {
                throw new InvalidOperationException("a tree has one root: call Reset before writing another");
            }
            if (depth > 0 && !KindTakesChildren[open[depth - 1]])
            {
                throw new InvalidOperationException("this node takes no children");
            }
            propsOpen = false; // the parent's props are over
            Ensure(1);
            buf[pos++] = kind;
        }

        private void NodeWritten(byte kind)
        {
            if (KindHasList[kind])
            {
                if (depth == open.Length)
                {
                    Array.Resize(ref open, open.Length * 2);
                }
                open[depth++] = kind;
                propsOpen = KindTakesProps[kind];
            }
            else if (depth == 0)
            {
                complete = true;
            }
        }

        private void PropEntry(byte marker, string name, string value)
        {
            if (!propsOpen)
            {
                throw new InvalidOperationException("Prop belongs right after BeginElement, before the element's children");
            }
            if (value == null)
            {
                if (marker == PropRaw)
                {
                    throw new ArgumentNullException("json");
                }
                value = "";
            }
            Ensure(1);
            buf[pos++] = marker;
            WriteString(name);
            WriteString(value);
        }

        /// <summary>Writes s as a length (4 bytes, little endian) and its UTF-8; null as "".</summary>
        private void WriteString(string s)
        {
            if (s == null)
            {
                s = "";
            }
            Ensure(4 + 3 * s.Length);
            int start = pos + 4;
            int p = start;
            int i = 0;
            int n = s.Length;
            byte[] b = buf;
            for (; i < n; i++)
            {
                char c = s[i];
                if (c >= 0x80)
                {
                    break;
                }
                b[p++] = (byte)c;
            }
            if (i < n)
            {
                // lone surrogates become U+FFFD: the bytes are always UTF-8
                p += Utf8.GetBytes(s, i, n - i, b, p);
            }
            int len = p - start;
            b[pos] = (byte)len;
            b[pos + 1] = (byte)(len >> 8);
            b[pos + 2] = (byte)(len >> 16);
            b[pos + 3] = (byte)(len >> 24);
            pos = p;
        }

        /// <summary>Writes an optional string: 0, or 1 and the string.</summary>
        private void WriteOptional(string s)
        {
            Ensure(1);
            if (s == null)
            {
                buf[pos++] = 0;
                return;
            }
            buf[pos++] = 1;
            WriteString(s);
        }

        private void Ensure(int n)
        {
            if (buf.Length - pos < n)
            {
                int size = buf.Length * 2;
                while (size - pos < n)
                {
                    size *= 2;
                }
                Array.Resize(ref buf, size);
            }
        }
    }
}
