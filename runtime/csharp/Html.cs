// Html.cs - the first page's HTML (minimact_render_html), and the JSON
// string quoting the generated limits use for their options.

using System.Globalization;
using System.Text;

namespace Minimact
{
    public static partial class Engine
    {
        /// <summary>
        /// The HTML of a VNode tree: the server's first page, which a browser
        /// parses into the DOM that the patches of <see cref="Reconcile(string, string)"/>
        /// index (the HTML view, docs/dom-view.md). Throws
        /// <see cref="MinimactException"/> for a tree the library refuses, with
        /// <see cref="ErrorCode.UnrepresentableHtml"/> for one HTML cannot say
        /// (a void element with children, a script holding "&lt;/script").
        /// </summary>
        public static string RenderHtml(string tree)
        {
            return Native.TakeChecked(NativeMethods.minimact_render_html(Native.Z(tree)));
        }

        /// <summary>RenderHtml, from a tree already encoded as UTF-8.</summary>
        public static string RenderHtml(byte[] treeUtf8)
        {
            return Native.TakeChecked(NativeMethods.minimact_render_html(Native.Z(treeUtf8)));
        }
    }

    /// <summary>JSON string literals.</summary>
    internal static class JsonText
    {
        /// <summary>s as a JSON string literal.</summary>
        internal static string Quote(string s)
        {
            var b = new StringBuilder(s.Length + 2).Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"':
                        b.Append("\\\"");
                        break;
                    case '\\':
                        b.Append("\\\\");
                        break;
                    default:
                        if (c < 0x20)
                        {
                            b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            b.Append(c);
                        }
                        break;
                }
            }
            return b.Append('"').ToString();
        }
    }
}
