// HostBench.cs - the C# host's end-to-end cost per re-render, from VNode
// objects to the patch string, in one Mono process (make bench-host;
// bench/README.md, "The C# host"):
//
//   (a) the first engine's host path: serialize the old and the new tree,
//       Engine.Reconcile (minimact_reconcile)
//   (b) RetainedTree.Render(json): only the new tree serialized
//   (c) RetainedTree.Render(TreeWriter): the new tree written with
//       VNodeWriter (examples/VNodeAdapter.cs), no JSON at all
//
// each with three serializers, Newtonsoft.Json not being reachable here: a
// reflection serializer that costs about what Newtonsoft costs
// (ReflectionJson.cs), Mono's own reflection serializer
// (System.Web.Script.Serialization.JavaScriptSerializer, far slower), and a
// hand-written one (VNodeJson), so that no comparison is flattered; for the
// table of 500 x 4 cells with one cell changed and for a 20-node counter.
// Then the same per state change with learning and predicting: (a)
// serializes five times (reconcile old and new, learn old and new, predict
// the current tree), (b) and (c) once.
//
// Usage: mono build/csharp/hostbench.exe [RUNS]

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Web.Script.Serialization;
using Minimact;
using Minimact.Examples;

internal enum Ser { Reflection, Jss, Hand }

internal static class HostBench
{
    private static readonly Ser[] Sers = { Ser.Reflection, Ser.Jss, Ser.Hand };
    private static readonly string[] SerNames = { "reflection (Newtonsoft's cost)", "JavaScriptSerializer", "hand-written" };

    // ---- the trees ----

    private static readonly string[] Words =
    {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima",
        "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
        "xray", "yankee", "zulu", "42.17", "1,024", "EUR", "2024-06-30",
    };

    private static string Cell(int r, int c, bool changed)
    {
        var rnd = new Random(r * 8 + c);
        var b = new System.Text.StringBuilder(changed ? "EDITED R" : "R").Append(r).Append('C').Append(c);
        while (b.Length < 48) b.Append(' ').Append(Words[rnd.Next(Words.Length)]);
        return b.ToString(0, 48);
    }

    /// <summary>The 500 x 4 table; cell (250, 2) changed when edited.</summary>
    private static VNode Table(bool edited)
    {
        var body = new VElement("tbody");
        for (int r = 0; r < 500; r++)
        {
            var tr = new VElement("tr").Prop("class", r % 2 == 0 ? "row even" : "row odd").Key("row-" + r);
            for (int c = 0; c < 4; c++)
            {
                tr.children.Add(new VElement("td", new VText(Cell(r, c, edited && r == 250 && c == 2))));
            }
            body.children.Add(tr);
        }
        return new VElement("table", body).Prop("class", "grid").Prop("id", "report");
    }

    /// <summary>The 20-node counter.</summary>
    private static VNode Counter(int n)
    {
        return new VElement("div",
            new VElement("h1", new VText("Counter")),
            new VElement("p", new VText("Count: " + n)).Prop("class", "value"),
            new VElement("div",
                new VElement("button", new VText("+")).Prop("onclick", "inc"),
                new VElement("button", new VText("-")).Prop("onclick", "dec"),
                new VElement("button", new VText("Reset")).Prop("onclick", "reset")).Prop("class", "buttons"),
            new VElement("ul",
                new VElement("li", new VText("Click + to add one")),
                new VElement("li", new VText("Click - to take one"))).Prop("class", "help"),
            new VElement("footer", new VText("minimact"))).Prop("class", "counter").Prop("id", "c1");
    }

    // ---- the host paths ----

    private sealed class Host
    {
        public readonly string Name;
        public readonly VNode[] Trees; // alternating states: each re-render changes one thing
        public readonly string[] Changes; // Changes[i]: the state change from Trees[i] to Trees[1-i]
        private readonly JavaScriptSerializer jss = new JavaScriptSerializer { MaxJsonLength = int.MaxValue, RecursionLimit = 1000 };
        private readonly ReflectionJson reflection = new ReflectionJson();
        private readonly VNodeJson hand = new VNodeJson();
        private readonly TreeWriter writer = new TreeWriter();
        private readonly VNodeWriter adapter = new VNodeWriter();
        public readonly Predictor Predictor = new Predictor();
        public readonly RetainedTree Tree = new RetainedTree();
        public int Step;

        public Host(string name, VNode a, VNode b, string component, string key, string va, string vb)
        {
            Name = name;
            Trees = new[] { a, b };
            Changes = new[]
            {
                "{\"component_id\":\"" + component + "\",\"state_key\":\"" + key + "\",\"old_value\":" + va + ",\"new_value\":" + vb + "}",
                "{\"component_id\":\"" + component + "\",\"state_key\":\"" + key + "\",\"old_value\":" + vb + ",\"new_value\":" + va + "}",
            };
        }

        public string Serialize(VNode n, Ser s)
        {
            switch (s)
            {
                case Ser.Jss: return jss.Serialize(n);
                case Ser.Reflection: return reflection.Serialize(n);
            }
            return hand.Write(n);
        }

        public VNode Old { get { return Trees[Step % 2]; } }
        public VNode New { get { return Trees[(Step + 1) % 2]; } }
        public string Change { get { return Changes[Step % 2]; } }
        public string NextChange { get { return Changes[(Step + 1) % 2]; } }

        // per re-render
        public string A(Ser r) { return Engine.Reconcile(Serialize(Old, r), Serialize(New, r)); }
        public string B(Ser r) { return Tree.Render(Serialize(New, r)); }
        public string C() { adapter.Write(writer, New); return Tree.Render(writer); }
        public void CWrite() { adapter.Write(writer, New); }
        public int WriterLength { get { return writer.Length; } }
        public string CRender() { return Tree.Render(writer); }

        // per state change: render, learn, predict the next change
        public string AState(Ser r)
        {
            string patches = Engine.Reconcile(Serialize(Old, r), Serialize(New, r));
            Predictor.Learn(Change, Serialize(Old, r), Serialize(New, r));
            Predictor.Predict(NextChange, Serialize(New, r));
            return patches;
        }

        public string BState(Ser r)
        {
            string patches = Tree.Render(Serialize(New, r));
            Tree.Learn(Predictor, Change);
            Tree.Predict(Predictor, NextChange);
            return patches;
        }

        public string CState()
        {
            adapter.Write(writer, New);
            string patches = Tree.Render(writer);
            Tree.Learn(Predictor, Change);
            Tree.Predict(Predictor, NextChange);
            return patches;
        }

        /// <summary>Makes the retained tree hold Old, as a host's would before the re-render.</summary>
        public void Prime()
        {
            Tree.Render(hand.Write(Old));
        }
    }

    // ---- timing ----

    private static double Median(List<double> xs)
    {
        xs.Sort();
        int n = xs.Count;
        return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
    }

    /// <summary>Median over runs of the mean microseconds per call of step; each call advances the host by one state.</summary>
    private static double Time(Host h, int runs, Action step)
    {
        // warm up (JIT, buffers) and size a run to about 150 ms
        var sw = Stopwatch.StartNew();
        int warm = 0;
        while (warm < 4 || sw.ElapsedMilliseconds < 100)
        {
            step();
            h.Step++;
            warm++;
        }
        double each = sw.Elapsed.TotalMilliseconds / warm;
        int n = Math.Max(4, (int)(150 / Math.Max(each, 1e-3)));
        n += n % 2;
        var per = new List<double>();
        for (int r = 0; r < runs; r++)
        {
            GC.Collect();
            sw.Restart();
            for (int i = 0; i < n; i++)
            {
                step();
                h.Step++;
            }
            per.Add(sw.Elapsed.TotalMilliseconds * 1000 / n);
        }
        return Median(per);
    }

    private static string Us(double us)
    {
        return us >= 1000 ? (us / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms" : us.ToString(us >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " us";
    }

    private static string X(double a, double c)
    {
        return (a / c).ToString("0.0", CultureInfo.InvariantCulture) + "x";
    }

    private static void Print(Host[] hosts, List<string[]> rows)
    {
        Console.WriteLine("| path | " + hosts[0].Name + " | " + hosts[1].Name + " |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var r in rows) Console.WriteLine("| " + string.Join(" | ", r) + " |");
    }

    private static void Check(Host h)
    {
        // every path gives the same patches for the same re-render
        h.Step = 0;
        h.Prime();
        string want = Engine.Reconcile(h.Serialize(h.Old, Ser.Hand), h.Serialize(h.New, Ser.Hand));
        foreach (Ser s in Sers)
        {
            string a = Engine.Reconcile(h.Serialize(h.Old, s), h.Serialize(h.New, s));
            h.Prime();
            string b = h.B(s);
            if (a != want || b != want) throw new Exception(h.Name + ": " + s + " disagrees\n want " + Cut(want) + "\n (a)  " + Cut(a) + "\n (b)  " + Cut(b));
        }
        h.Prime();
        string c = h.C();
        if (c != want || !want.StartsWith("[")) throw new Exception(h.Name + ": (c) disagrees\n want " + Cut(want) + "\n (c)  " + Cut(c));
        h.CWrite();
        Console.WriteLine(h.Name + ": JSON " + h.Serialize(h.New, Ser.Hand).Length + " bytes (reflection " + h.Serialize(h.New, Ser.Reflection).Length +
                          ", JavaScriptSerializer " + h.Serialize(h.New, Ser.Jss).Length + "), binary " + h.WriterLength + " bytes; patches " + Cut(want));
    }

    private static string Cut(string s)
    {
        return s.Length > 120 ? s.Substring(0, 120) + "..." : s;
    }

    internal static int Main(string[] args)
    {
        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        Console.WriteLine("Minimact engine " + Engine.Version + ", " + Environment.Version + " (Mono), " + runs + " runs; medians of the runs' mean time per call");
        var hosts = new[]
        {
            new Host("table 500x4, one cell", Table(false), Table(true), "grid", "cell_250_2", "\"before\"", "\"after\""),
            new Host("counter (20 nodes)", Counter(1), Counter(2), "counter", "count", "1", "2"),
        };
        foreach (var h in hosts) Check(h);
        Console.WriteLine();

        Console.WriteLine("Per re-render, from VNode objects to the patch string:");
        Console.WriteLine();
        var rows = new List<string[]>();
        var cs = new double[hosts.Length];
        var a = new double[3, hosts.Length];
        for (int k = 0; k < hosts.Length; k++)
        {
            var h = hosts[k];
            for (int s = 0; s < 3; s++) a[s, k] = Time(h, runs, () => h.A(Sers[s]));
        }
        for (int s = 0; s < 3; s++)
        {
            rows.Add(new[] { "(a) serialize old and new, Engine.Reconcile: " + SerNames[s], Us(a[s, 0]), Us(a[s, 1]) });
        }
        for (int s = 0; s < 3; s++)
        {
            var r = new[] { "(b) RetainedTree.Render(json): " + SerNames[s], "", "" };
            for (int k = 0; k < hosts.Length; k++)
            {
                var h = hosts[k];
                h.Prime();
                r[k + 1] = Us(Time(h, runs, () => h.B(Sers[s])));
            }
            rows.Add(r);
        }
        var cw = new double[hosts.Length];
        var cr = new double[hosts.Length];
        for (int k = 0; k < hosts.Length; k++)
        {
            var h = hosts[k];
            h.Prime();
            cs[k] = Time(h, runs, () => h.C());
            cw[k] = Time(h, runs, () => h.CWrite());
            h.Prime();
            cr[k] = Math.Max(0, Time(h, runs, () => { h.CWrite(); h.CRender(); }) - cw[k]);
        }
        rows.Add(new[] { "**(c) RetainedTree.Render(TreeWriter)**", "**" + Us(cs[0]) + "**", "**" + Us(cs[1]) + "**" });
        rows.Add(new[] { "  of which VNodeWriter into the TreeWriter", Us(cw[0]), Us(cw[1]) });
        rows.Add(new[] { "  of which Render (P/Invoke, engine, reply string)", Us(cr[0]), Us(cr[1]) });
        for (int s = 0; s < 3; s++)
        {
            rows.Add(new[] { "(c) vs (a), " + SerNames[s], "**" + X(a[s, 0], cs[0]) + "**", "**" + X(a[s, 1], cs[1]) + "**" });
        }
        Print(hosts, rows);

        Console.WriteLine();
        Console.WriteLine("Per state change: render, learn from it, predict the next change ((a) serializes five times: reconcile old and new, learn old and new, predict on the new; (b), (c) once):");
        Console.WriteLine();
        rows.Clear();
        for (int k = 0; k < hosts.Length; k++)
        {
            var h = hosts[k];
            for (int s = 0; s < 3; s++) a[s, k] = Time(h, runs, () => h.AState(Sers[s]));
        }
        for (int s = 0; s < 3; s++) rows.Add(new[] { "(a) " + SerNames[s], Us(a[s, 0]), Us(a[s, 1]) });
        for (int s = 0; s < 3; s++)
        {
            var r = new[] { "(b) " + SerNames[s], "", "" };
            for (int k = 0; k < hosts.Length; k++)
            {
                var h = hosts[k];
                h.Prime();
                r[k + 1] = Us(Time(h, runs, () => h.BState(Sers[s])));
            }
            rows.Add(r);
        }
        for (int k = 0; k < hosts.Length; k++)
        {
            var h = hosts[k];
            h.Prime();
            cs[k] = Time(h, runs, () => h.CState());
        }
        rows.Add(new[] { "**(c) TreeWriter**", "**" + Us(cs[0]) + "**", "**" + Us(cs[1]) + "**" });
        for (int s = 0; s < 3; s++)
        {
            rows.Add(new[] { "(c) vs (a), " + SerNames[s], "**" + X(a[s, 0], cs[0]) + "**", "**" + X(a[s, 1], cs[1]) + "**" });
        }
        Print(hosts, rows);
        foreach (var h in hosts)
        {
            h.Tree.Dispose();
            h.Predictor.Dispose();
        }
        return 0;
    }
}
