// Tests_Trees.cs - retained trees and TreeWriter (shared/ABI.md, "Retained
// trees"): renders equal to Engine.Reconcile on the trees the host would have
// sent, the binary encoding written from C# equal to the JSON, learning and
// predicting without sending a tree, misuse of the writer, errors,
// disposal, threads.

using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Minimact;

internal static partial class Tests
{
    /// <summary>A tiny VNode model, written both ways (JSON for Engine.Reconcile, TreeWriter for the tree).</summary>
    private sealed class N
    {
        public string Type, Tag, Key, Content;
        public List<string[]> Props = new List<string[]>(); // name, value, "raw" when JSON
        public List<N> Kids = new List<N>();

        public static N E(string tag, string key, params N[] kids)
        {
            var n = new N { Type = "Element", Tag = tag, Key = key };
            n.Kids.AddRange(kids);
            return n;
        }
        public static N T(string s) { return new N { Type = "Text", Content = s }; }
        public static N H(string s) { return new N { Type = "RawHtml", Content = s }; }
        public static N F(params N[] kids) { var n = new N { Type = "Fragment" }; n.Kids.AddRange(kids); return n; }
        public N P(string name, string value) { Props.Add(new[] { name, value, null }); return this; }
        public N J(string name, string json) { Props.Add(new[] { name, json, "raw" }); return this; }

        public string Json()
        {
            switch (Type)
            {
                case "Text": return "{\"type\":\"Text\",\"content\":" + Q(Content) + "}";
                case "RawHtml": return "{\"type\":\"RawHtml\",\"html\":" + Q(Content) + "}";
            }
            var b = new StringBuilder("{\"type\":" + Q(Type));
            if (Type == "Element")
            {
                b.Append(",\"tag\":").Append(Q(Tag)).Append(",\"props\":{");
                for (int i = 0; i < Props.Count; i++)
                {
                    if (i > 0) b.Append(',');
                    b.Append(Q(Props[i][0])).Append(':').Append(Props[i][2] == null ? Q(Props[i][1]) : Props[i][1]);
                }
                b.Append('}');
            }
            b.Append(",\"children\":[");
            for (int i = 0; i < Kids.Count; i++)
            {
                if (i > 0) b.Append(',');
                b.Append(Kids[i].Json());
            }
            b.Append(']');
            if (Type == "Element") b.Append(",\"key\":").Append(Key == null ? "null" : Q(Key));
            return b.Append('}').ToString();
        }

        public void Write(TreeWriter w)
        {
            switch (Type)
            {
                case "Text": w.Text(Content); return;
                case "RawHtml": w.RawHtml(Content); return;
                case "Fragment": w.BeginFragment(); break;
                default:
                    w.BeginElement(Tag, Key);
                    foreach (var p in Props)
                    {
                        if (p[2] == null) w.Prop(p[0], p[1]); else w.PropJson(p[0], p[1]);
                    }
                    break;
            }
            foreach (var k in Kids) k.Write(w);
            w.End();
        }
    }

    private static N Table(int rows, int changed, string cell)
    {
        var body = N.E("tbody", null);
        for (int r = 0; r < rows; r++)
        {
            var tr = N.E("tr", "r" + r);
            for (int c = 0; c < 3; c++)
            {
                tr.Kids.Add(N.E("td", null, N.T(r == changed && c == 1 ? cell : "R" + r + "C" + c)).P("class", "c" + c));
            }
            body.Kids.Add(tr);
        }
        return N.E("table", null, body).P("id", "t").J("data-n", "{\"rows\":" + rows + "}");
    }

    private static N Strings(string s)
    {
        return N.E("div", "k\"" + s, N.T(s), N.H("<b>" + s + "</b>"), N.F(N.T(s + "!"), N.E("span", null))).P("title", s).P("a\\b", s + "\u0001");
    }

    /// <summary>The HTML f writes, or the name of the code it throws.</summary>
    private static string HtmlOrCode(Func<string> f)
    {
        try
        {
            return f();
        }
        catch (MinimactException e)
        {
            return "error " + e.Code;
        }
    }

    private static void TestRetainedRender()
    {
        var shapes = new List<N>
        {
            Table(20, 3, "x"), Table(20, 3, "a longer cell"), Table(20, 7, "x"), Table(21, 7, "x"), Table(20, 7, "x"),
            Strings("plain"), Strings("é ü 😀 \"quotes\" \\ \n\t"), Strings("\ud800 lone"), Strings(""),
            N.F(N.T("root"), N.T("fragment")), N.T("just text"), N.H("<i>raw</i>"), Table(5, 0, "end"),
        };
        using (var json = new RetainedTree())
        using (var bin = new RetainedTree())
        {
            try
            {
                json.RenderHtml();
                Check(false, "RenderHtml before the first render throws");
            }
            catch (MinimactException e)
            {
                Check(e.Code == ErrorCode.KeyNotFound, "RenderHtml before the first render: KeyNotFound, not " + e.Code);
            }
            var w = new TreeWriter(16);
            string prev = null;
            foreach (var n in shapes)
            {
                string j = n.Json();
                w.Reset();
                n.Write(w);
                Check(w.IsComplete, "writer complete");
                string a = json.Render(j), b = bin.Render(w);
                string html = HtmlOrCode(() => Engine.RenderHtml(j));
                Check(HtmlOrCode(json.RenderHtml) == html && HtmlOrCode(bin.RenderHtml) == html, "the kept tree's HTML is RenderHtml's: " + html);
                if (prev == null)
                {
                    Check(a.StartsWith("[{\"type\":\"Create\",\"path\":[]"), "first render creates the root: " + a);
                    Check(a == b, "first render, JSON and binary alike:\n" + a + "\n" + b);
                }
                else
                {
                    string want = Engine.Reconcile(prev, j);
                    Check(a == want, "JSON render equals reconcile:\n got  " + a + "\n want " + want);
                    Check(b == want, "binary render equals reconcile:\n got  " + b + "\n want " + want);
                    Check(Engine.ApplyPatches(prev, b) == Canonical(j), "apply(prev, render) == new");
                }
                prev = j;
            }
            Check(json.Render(prev) == "[]", "the same tree again: no patches");
            Check(json.Render(Encoding.UTF8.GetBytes(prev)) == "[]", "byte[] overload");
            // errors change nothing
            Throws(ErrorCode.Serialization, () => json.Render("{\"type\":\"Text\""), "malformed JSON");
            Throws(ErrorCode.InvalidVNode, () => json.Render("{\"type\":\"Element\",\"tag\":\"\"}"), "element without a tag");
            var bad = new TreeWriter();
            bad.BeginElement("p");
            bad.PropJson("n", "{1}");
            bad.End();
            Throws(ErrorCode.Serialization, () => bin.Render(bad), "a prop value that is not JSON");
            bad.Reset();
            bad.BeginElement("p");
            bad.Prop("a", "1");
            bad.Prop("a", "2");
            bad.End();
            Throws(ErrorCode.InvalidVNode, () => bin.Render(bad), "a duplicate prop");
            var next = Table(5, 0, "after the errors").Json();
            Check(json.Render(next) == Engine.Reconcile(prev, next), "after errors the kept tree is the last good one");
        }
        using (var small = new RetainedTree(new Limits { MaxNodeCount = 10 }))
        {
            Throws(ErrorCode.TreeTooLarge, () => small.Render(Table(5, 0, "x").Json()), "the tree's own limits");
        }
    }

    private static void TestTreeWriterMisuse()
    {
        var w = new TreeWriter();
        Action<Action, string> bad = (call, what) =>
        {
            try { call(); Check(false, what + ": no exception"); }
            catch (InvalidOperationException) { Check(true, what); }
        };
        bad(() => w.End(), "End with nothing open");
        bad(() => w.Prop("a", "b"), "Prop with nothing open");
        w.BeginElement("div");
        w.Text("x");
        bad(() => w.Prop("a", "b"), "Prop after a child");
        w.End();
        bad(() => w.Text("second root"), "a second root");
        w.Reset();
        w.BeginFragment();
        bad(() => w.Prop("a", "b"), "Prop on a fragment");
        using (var t = new RetainedTree())
        {
            bad(() => t.Render(w), "an incomplete tree");
            w.Reset();
            bad(() => t.Render(w), "no tree at all");
            t.Dispose();
            Check(t.IsDisposed, "disposed");
            try { t.Render("{\"type\":\"Text\",\"content\":\"\"}"); Check(false, "render after dispose"); }
            catch (ObjectDisposedException) { Check(true, "render after dispose"); }
        }
        // the buffer grows as needed and is kept
        w.Reset();
        w.BeginElement("div");
        for (int i = 0; i < 2000; i++) w.Text("text number " + i);
        w.End();
        int len = w.Length;
        Check(len > 4096 && w.Buffer.Length >= len && w.ToArray().Length == len, "grown buffer");
    }

    private static void TestRetainedLearnPredict()
    {
        using (var p = new Predictor())
        using (var t = new RetainedTree())
        {
            var w = new TreeWriter();
            Throws(ErrorCode.KeyNotFound, () => t.Learn(p, CountChange(0, 1)), "learn before any render");
            for (int i = 0; i <= 10; i++)
            {
                if (i % 2 == 0)
                {
                    t.Render(Counter(i));
                }
                else
                {
                    // the same counter, written with the writer
                    w.Reset();
                    w.BeginElement("div"); w.Prop("class", "counter");
                    w.BeginElement("h1"); w.Text("Counter"); w.End();
                    w.BeginElement("p"); w.Prop("class", "value"); w.Text("Count: " + i); w.End();
                    w.BeginElement("button"); w.Prop("id", "inc"); w.Text("+"); w.End();
                    w.End();
                    t.Render(w);
                }
                if (i > 0) t.Learn(p, CountChange(i - 1, i));
            }
            Prediction pr = t.Predict(p, CountChange(10, 11));
            Check(pr != null && pr.Patches == "[{\"type\":\"UpdateText\",\"path\":[1,0],\"content\":\"Count: 11\"}]",
                "prediction on the kept tree: " + (pr == null ? "none" : pr.Patches));
            Check(t.Predict(p, "{\"component_id\":\"other\",\"state_key\":\"k\",\"old_value\":1,\"new_value\":2}") == null, "no prediction");
        }
    }

    private static void TestRetainedThreads()
    {
        var errors = new List<string>();
        var shared = new RetainedTree();
        shared.Render(Counter(0));
        var threads = new List<Thread>();
        for (int g = 0; g < 6; g++)
        {
            int id = g;
            var th = new Thread(() =>
            {
                try
                {
                    using (var own = new RetainedTree())
                    {
                        var w = new TreeWriter();
                        string prev = null;
                        for (int i = 0; i < 150; i++)
                        {
                            var n = Table(8, i % 8, "g" + id + " i" + i);
                            w.Reset();
                            n.Write(w);
                            string got = own.Render(w), j = n.Json();
                            if (prev != null && got != Engine.Reconcile(prev, j)) lock (errors) errors.Add("thread " + id + " render " + i);
                            prev = j;
                            string s = shared.Render(Counter(id * 1000 + i));
                            if (!s.StartsWith("[")) lock (errors) errors.Add("shared: " + s);
                        }
                    }
                }
                catch (Exception e)
                {
                    lock (errors) errors.Add(e.ToString());
                }
            });
            threads.Add(th);
            th.Start();
        }
        foreach (var th in threads) th.Join();
        shared.Dispose();
        Check(errors.Count == 0, "threads: " + string.Join("\n", errors));
        JsonObject m = Engine.GlobalMetrics();
        Check(m.Has("retained_trees") && m.GetLong("tree_renders", 0) > 900, "tree metrics: " + m);
    }

    private static void RunTrees()
    {
        Run("retained trees render", TestRetainedRender);
        Run("tree writer misuse", TestTreeWriterMisuse);
        Run("retained trees learn and predict", TestRetainedLearnPredict);
        Run("retained trees and threads", TestRetainedThreads);
    }
}
