// VNodeAdapter.cs - from a host's VNode class hierarchy to the engine.
//
// A C# host renders components into a tree of VNode objects. It can hand
// that tree to a RetainedTree two ways:
//
//   as JSON   serialize it (Newtonsoft.Json in Minimact; here VNodeJson, a
//             hand-written writer) and call RetainedTree.Render(string);
//   binary    walk it with VNodeWriter into a TreeWriter and call
//             RetainedTree.Render(TreeWriter): no JSON is written or parsed,
//             nothing is allocated per node, and the writer's buffer is
//             reused from one render to the next.
//
// Both give the same patches. The classes below are a small stand-in for a
// host's own (Minimact's VNode, VElement, VText, ...): their properties are
// named as the JSON members, so that a reflection serializer writes the
// engine's shape as it is (Newtonsoft hosts name them with [JsonProperty]).

using System;
using System.Collections.Generic;
using System.Text;

namespace Minimact.Examples
{
    /// <summary>A virtual DOM node as a host renders it.</summary>
    public abstract class VNode
    {
        /// <summary>The node's kind, as the JSON "type" member names it.</summary>
        public abstract string type { get; }
    }

    /// <summary>An element: a tag, props, children and an optional key.</summary>
    public sealed class VElement : VNode
    {
        public VElement(string tag, params VNode[] children)
        {
            this.tag = tag;
            this.children = new List<VNode>(children);
        }

        public override string type
        {
            get { return "Element"; }
        }

        public string tag { get; set; }
        public Dictionary<string, string> props { get; set; } = new Dictionary<string, string>();
        /// <summary>The children; a null entry is a conditional that rendered nothing.</summary>
        public List<VNode> children { get; set; }
        public string key { get; set; }

        /// <summary>Sets a prop and returns the element, for building trees inline.</summary>
        public VElement Prop(string name, string value)
        {
            props[name] = value;
            return this;
        }

        /// <summary>Sets the key and returns the element.</summary>
        public VElement Key(string k)
        {
            key = k;
            return this;
        }
    }

    /// <summary>A text node.</summary>
    public sealed class VText : VNode
    {
        public VText(string content)
        {
            this.content = content;
        }

        public override string type
        {
            get { return "Text"; }
        }

        public string content { get; set; }
    }

    /// <summary>A fragment: its children stand in its place.</summary>
    public sealed class VFragment : VNode
    {
        public VFragment(params VNode[] children)
        {
            this.children = new List<VNode>(children);
        }

        public override string type
        {
            get { return "Fragment"; }
        }

        public List<VNode> children { get; set; }
    }

    /// <summary>Pre-rendered HTML, one DOM element.</summary>
    public sealed class VRawHtml : VNode
    {
        public VRawHtml(string html)
        {
            this.html = html;
        }

        public override string type
        {
            get { return "RawHtml"; }
        }

        public string html { get; set; }
    }

    /// <summary>
    /// Writes a VNode tree into a TreeWriter, depth first, without recursion
    /// (any depth) and without allocating per node. Keep one per thread, with
    /// its TreeWriter.
    /// </summary>
    public sealed class VNodeWriter
    {
        private struct Frame
        {
            public List<VNode> Kids;
            public int Next;
        }

        private Frame[] stack = new Frame[32];

        /// <summary>Resets w and writes the tree at root into it.</summary>
        public void Write(TreeWriter w, VNode root)
        {
            w.Reset();
            int depth = 0;
            if (Open(w, root, ref depth))
            {
                while (depth > 0)
                {
                    ref Frame f = ref stack[depth - 1];
                    if (f.Next == f.Kids.Count)
                    {
                        w.End();
                        depth--;
                        continue;
                    }
                    VNode k = f.Kids[f.Next++];
                    if (k != null)
                    {
                        Open(w, k, ref depth);
                    }
                }
            }
        }

        /// <summary>Writes n; for a node with children, pushes a frame and reports true.</summary>
        private bool Open(TreeWriter w, VNode n, ref int depth)
        {
            List<VNode> kids;
            var e = n as VElement;
            if (e != null)
            {
                w.BeginElement(e.tag, e.key);
                if (e.props != null)
                {
                    foreach (var p in e.props)
                    {
                        w.Prop(p.Key, p.Value);
                    }
                }
                kids = e.children;
            }
            else
            {
                var t = n as VText;
                if (t != null)
                {
                    w.Text(t.content);
                    return false;
                }
                var g = n as VFragment;
                if (g == null)
                {
                    var h = n as VRawHtml;
                    if (h == null)
                    {
                        throw new ArgumentException("unknown VNode " + n.GetType().Name);
                    }
                    w.RawHtml(h.html);
                    return false;
                }
                w.BeginFragment();
                kids = g.children;
            }
            if (depth == stack.Length)
            {
                Array.Resize(ref stack, stack.Length * 2);
            }
            stack[depth++] = new Frame { Kids = kids ?? Empty, Next = 0 };
            return true;
        }

        private static readonly List<VNode> Empty = new List<VNode>();
    }

    /// <summary>
    /// A hand-written JSON writer for the same trees, in the engine's shape:
    /// the fast way to send JSON (a reflection serializer is several times
    /// slower). Reuses its StringBuilder; one per thread.
    /// </summary>
    public sealed class VNodeJson
    {
        private readonly StringBuilder b = new StringBuilder(1 << 16);

        /// <summary>The tree at root as JSON.</summary>
        public string Write(VNode root)
        {
            b.Clear();
            Node(root);
            return b.ToString();
        }

        private void Node(VNode n)
        {
            if (n == null)
            {
                b.Append("null");
                return;
            }
            var e = n as VElement;
            if (e != null)
            {
                b.Append("{\"type\":\"Element\",\"tag\":");
                Str(e.tag);
                b.Append(",\"props\":{");
                if (e.props != null)
                {
                    bool first = true;
                    foreach (var p in e.props)
                    {
                        if (!first) b.Append(',');
                        first = false;
                        Str(p.Key);
                        b.Append(':');
                        Str(p.Value);
                    }
                }
                b.Append("},\"children\":");
                Kids(e.children);
                b.Append(",\"key\":");
                if (e.key == null) b.Append("null"); else Str(e.key);
                b.Append('}');
                return;
            }
            var t = n as VText;
            if (t != null)
            {
                b.Append("{\"type\":\"Text\",\"content\":");
                Str(t.content);
                b.Append('}');
                return;
            }
            var g = n as VFragment;
            if (g != null)
            {
                b.Append("{\"type\":\"Fragment\",\"children\":");
                Kids(g.children);
                b.Append('}');
                return;
            }
            var h = n as VRawHtml;
            if (h != null)
            {
                b.Append("{\"type\":\"RawHtml\",\"html\":");
                Str(h.html);
                b.Append('}');
                return;
            }
            throw new ArgumentException("unknown VNode " + n.GetType().Name);
        }

        private void Kids(List<VNode> kids)
        {
            b.Append('[');
            if (kids != null)
            {
                for (int i = 0; i < kids.Count; i++)
                {
                    if (i > 0) b.Append(',');
                    Node(kids[i]); // recursion: as deep as the tree (the engine's limit is 100)
                }
            }
            b.Append(']');
        }

        private void Str(string s)
        {
            b.Append('"');
            if (s != null)
            {
                // runs of characters JSON writes as they are, appended whole
                int run = 0;
                for (int i = 0; i < s.Length; i++)
                {
                    char c = s[i];
                    if (c != '"' && c != '\\' && c >= 0x20)
                    {
                        continue;
                    }
                    b.Append(s, run, i - run);
                    if (c < 0x20) b.Append("\\u").Append(((int)c).ToString("x4"));
                    else b.Append('\\').Append(c);
                    run = i + 1;
                }
                b.Append(s, run, s.Length - run);
            }
            b.Append('"');
        }
    }
}
