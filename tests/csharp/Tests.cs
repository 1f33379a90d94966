// Tests.cs - the C# tests of libminimact over the generated binding
// (generated/csharp/Minimact.cs), compiled with it into one assembly by
// `make test-csharp` (mcs -langversion:7.2) and run under Mono.
//
//   reconcile then Apply equals the new tree (fixed cases and random trees)
//   learn then predict, verify; save/load and serialize/deserialize round trips
//   every native error becomes a MinimactException with the right ErrorCode,
//     including Unknown (999) from an injected panic, in a child process
//   8 threads x thousands of mixed calls, with Dispose racing the calls
//
// No test framework: each test is a method; Check records failures; Main
// returns 1 if any failed.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using Minimact;

internal static partial class Tests
{
    private static int checks;
    private static int failures;

    private static void Check(bool ok, string what)
    {
        Interlocked.Increment(ref checks);
        if (!ok)
        {
            Interlocked.Increment(ref failures);
            Console.Error.WriteLine("FAIL " + what);
        }
    }

    private static void Throws(ErrorCode code, Action call, string what)
    {
        try
        {
            call();
            Check(false, what + ": no exception, want " + code);
        }
        catch (MinimactException e)
        {
            Check(e.Code == code && e.NativeMessage.Length > 0, what + ": " + e.Code + " (" + e.NativeMessage + "), want " + code);
        }
        catch (Exception e)
        {
            Check(false, what + ": " + e.GetType().Name + ": " + e.Message + ", want MinimactException " + code);
        }
    }

    // ---- trees ----

    private static string Q(string s)
    {
        var b = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c == '"' || c == '\\') b.Append('\\').Append(c);
            else if (c < 0x20) b.Append("\\u").Append(((int)c).ToString("x4"));
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }

    internal static string Text(string s)
    {
        return "{\"type\":\"Text\",\"content\":" + Q(s) + "}";
    }

    internal static string El(string tag, string props, string key, params string[] children)
    {
        return "{\"type\":\"Element\",\"tag\":" + Q(tag) + ",\"props\":{" + (props ?? "") + "}" +
               (key == null ? "" : ",\"key\":" + Q(key)) + ",\"children\":[" + string.Join(",", children) + "]}";
    }

    internal static string Counter(int n)
    {
        return El("div", "\"class\":\"counter\"", null,
            El("h1", null, null, Text("Counter")),
            El("p", "\"class\":\"value\"", null, Text("Count: " + n)),
            El("button", "\"id\":\"inc\"", null, Text("+")));
    }

    internal static string CountChange(int from, int to)
    {
        return "{\"component_id\":\"counter\",\"state_key\":\"count\",\"old_value\":" + from + ",\"new_value\":" + to + "}";
    }

    private static string Canonical(string tree)
    {
        return Engine.ApplyPatches(tree, "[]");
    }

    // ---- random trees, for the reconcile property ----

    private static string RandomTree(Random r, int depth, List<string> keys)
    {
        int kind = depth > 3 ? r.Next(2) : r.Next(6);
        switch (kind)
        {
            case 0:
                return Text("t" + r.Next(4) + (r.Next(3) == 0 ? " \"é\u00e9\" \\" : ""));
            case 1:
                return "{\"type\":\"RawHtml\",\"html\":" + Q("<b>" + r.Next(3) + "</b>") + "}";
            default:
                int n = r.Next(5);
                var kids = new List<string>();
                bool keyed = r.Next(2) == 0;
                for (int i = 0; i < n; i++)
                {
                    if (r.Next(8) == 0) { kids.Add("null"); continue; }
                    if (keyed && r.Next(4) > 0)
                    {
                        string k = "k" + r.Next(8);
                        if (keys.Contains(k)) continue;
                        keys.Add(k);
                        kids.Add(El("li", "\"class\":\"c" + r.Next(3) + "\"", k, RandomTree(r, depth + 1, new List<string>())));
                    }
                    else
                    {
                        kids.Add(RandomTree(r, depth + 1, new List<string>()));
                    }
                }
                if (r.Next(10) == 0)
                {
                    return "{\"type\":\"Fragment\",\"children\":[" + string.Join(",", kids) + "]}";
                }
                return El(r.Next(3) == 0 ? "ul" : "div", r.Next(2) == 0 ? "" : "\"id\":\"x" + r.Next(3) + "\"", null, kids.ToArray());
        }
    }

    private static void TestReconcileApply()
    {
        string[][] pairs =
        {
            new[] { Counter(1), Counter(2) },
            new[] { Counter(1), Counter(1) },
            new[] { El("ul", null, null, El("li", null, "a", Text("A")), El("li", null, "b", Text("B")), El("li", null, "c", Text("C"))),
                    El("ul", "\"class\":\"x\"", null, El("li", null, "c", Text("C!")), El("li", null, "a", Text("A")), El("li", null, "d")) },
            new[] { Text("a"), El("div", null, null, Text("a")) },
            new[] { El("div", null, null, Text("x"), "null", Text("y")), El("div", null, null, "{\"type\":\"Fragment\",\"children\":[" + Text("x") + "]}") },
        };
        foreach (var p in pairs)
        {
            string patches = Engine.Reconcile(p[0], p[1]);
            Check(patches.StartsWith("["), "reconcile gives an array: " + patches);
            Check(Engine.ApplyPatches(p[0], patches) == Canonical(p[1]), "apply(reconcile) == new for " + p[1]);
            Engine.VerifyPatch(p[0], patches);
            Check(Engine.CanApply(p[0], patches), "CanApply");
        }
        Check(Engine.Reconcile(Counter(1), Counter(2)) == "[{\"type\":\"UpdateText\",\"path\":[1,0],\"content\":\"Count: 2\"}]",
            "counter patch");
        Check(Engine.Reconcile(Encoding.UTF8.GetBytes(Counter(3)), Encoding.UTF8.GetBytes(Counter(3))) == "[]", "byte[] overload");
        string limited = Engine.Reconcile(Counter(1), Counter(2), new Limits { MaxTreeDepth = 10 });
        Check(limited.StartsWith("[{"), "reconcile with limits");

        // the first page's HTML, and the DOM view its patches index
        string html = Engine.RenderHtml(El("ul", "\"className\":\"l\"", null, El("li", "\"onClick\":\"go\"", "a", Text("A & B"))));
        Check(html == "<ul class=\"l\"><li data-onclick=\"go\" data-key=\"a\">A &amp; B</li></ul>", "RenderHtml: " + html);
        Throws(ErrorCode.UnrepresentableHtml, () => Engine.RenderHtml(El("br", null, null, Text("x"))), "RenderHtml br with a child");
        string two1 = El("p", null, null, Text("n="), Text("1")), two2 = El("p", null, null, Text("n="), Text("2"));
        Check(Engine.Reconcile(two1, two2) == "[{\"type\":\"UpdateText\",\"path\":[0],\"content\":\"n=2\"}]", "html view");
        Check(Engine.Reconcile(two1, two2, new Limits { DOMView = View.Nodes }) == "[{\"type\":\"UpdateText\",\"path\":[1],\"content\":\"2\"}]", "nodes view");
        Throws(ErrorCode.Serialization, () => Engine.Reconcile(two1, two2, new Limits { DOMView = "dom" }), "unknown view");

        var rnd = new Random(12345);
        for (int i = 0; i < 300; i++)
        {
            string a = RandomTree(rnd, 0, new List<string>()), b = RandomTree(rnd, 0, new List<string>());
            if (a.StartsWith("{\"type\":\"Fragment\"") || b.StartsWith("{\"type\":\"Fragment\"")) continue;
            string patches = Engine.Reconcile(a, b);
            string got = Engine.ApplyPatches(a, patches), want = Canonical(b);
            Check(got == want, "random pair " + i + ":\n old " + a + "\n new " + b + "\n patches " + patches + "\n got  " + got + "\n want " + want);
        }
    }

    private static void TestLearnPredict()
    {
        using (var p = new Predictor())
        {
            for (int i = 0; i < 10; i++) p.Learn(CountChange(i, i + 1), Counter(i), Counter(i + 1));
            Prediction pr = p.Predict(CountChange(20, 21), Counter(20));
            Check(pr != null, "a prediction after 10 learns");
            if (pr != null)
            {
                Check(pr.Patches == "[{\"type\":\"UpdateText\",\"path\":[1,0],\"content\":\"Count: 21\"}]", "predicted patches: " + pr.Patches);
                Check(pr.Confidence > 0 && pr.Confidence <= 1, "confidence " + pr.Confidence);
                Check(pr.StateChange.Contains("\"new_value\":21"), "state change " + pr.StateChange);
                Check(pr.Tree == null || Engine.ApplyPatches(Counter(20), pr.Patches) == pr.Tree, "predicted tree is the patched tree");
                Check(p.VerifyPrediction(CountChange(20, 21), Counter(21)), "verified");
            }
            Check(p.Predict("{\"component_id\":\"other\",\"state_key\":\"k\",\"old_value\":1,\"new_value\":2}", Counter(1)) == null,
                "no prediction for a key never learned");
            JsonObject stats = p.Stats();
            foreach (var f in new[] { "unique_state_keys", "total_patterns", "total_observations", "estimated_memory_bytes",
                                      "total_predictions", "correct_predictions", "incorrect_predictions", "hit_rate",
                                      "avg_confidence", "active_patterns", "prediction_hits" })
            {
                Check(stats.Has(f), "stats has " + f);
            }
            Check(stats.GetLong("total_observations", -1) == 10, "10 observations: " + stats);
            Check(p.Metrics().Has("predictions_made"), "metrics");
            Check(p.MemoryStats().GetLong("total_bytes", 0) > 0, "memory stats");
            Check(p.Config().GetDouble("min_confidence", -1) == 0.7, "default config: " + p.Config());
            p.ResetMetrics();
            p.LearnBatch("[{\"state_change\":" + CountChange(30, 31) + ",\"old_tree\":" + Counter(30) + ",\"new_tree\":" + Counter(31) + "}]");
            p.Clear();
            Check(p.Predict(CountChange(20, 21), Counter(20)) == null, "nothing after Clear");
        }
        using (var p = new Predictor(new PredictorConfig { MinConfidence = 0.5, MaxPatternsPerKey = 20, Eviction = EvictionPolicy.LeastObserved, Lending = LendingMode.Page, Limits = new Limits { MaxTreeDepth = 40 } }))
        {
            JsonObject c = p.Config();
            Check(c.GetDouble("min_confidence", 0) == 0.5 && c.GetString("eviction") == "least_observed", "config: " + c);
            Check(c.GetString("lending") == "page", "config lending: " + c);
            Check(c.GetObject("limits").GetLong("max_tree_depth", 0) == 40, "config limits: " + c);
        }
        using (var p = new Predictor(0.6, 5))
        {
            Check(p.Config().GetLong("max_patterns_per_key", 0) == 5, "(min_confidence, max_patterns) constructor");
        }
    }

    private static void TestPersistence()
    {
        using (var p = new Predictor())
        {
            for (int i = 0; i < 10; i++) p.Learn(CountChange(i, i + 1), Counter(i), Counter(i + 1));
            string want = p.Predict(CountChange(50, 51), Counter(50)).Patches;
            string snapshot = p.Save();
            using (var q = Predictor.Load(snapshot))
            {
                Prediction pr = q.Predict(CountChange(50, 51), Counter(50));
                Check(pr != null && pr.Patches == want, "prediction after Save/Load");
                Check(q.Stats().GetLong("total_observations", -1) == 10, "observations after Save/Load: " + q.Stats());
            }
            byte[] bytes = p.Serialize();
            Check(bytes.Length > 0, "Serialize");
            using (var q = Predictor.Deserialize(bytes, null))
            {
                Prediction pr = q.Predict(CountChange(50, 51), Counter(50));
                Check(pr != null && pr.Patches == want, "prediction after Serialize/Deserialize");
            }
            using (var q = Predictor.Deserialize(bytes, new PredictorConfig { MinConfidence = 0.9 }))
            {
                Check(q.Config().GetDouble("min_confidence", 0) == 0.9, "Deserialize with a config");
            }
            byte[] damaged = (byte[])bytes.Clone();
            damaged[damaged.Length / 2] ^= 0x5a;
            Throws(ErrorCode.Persistence, () => Predictor.Deserialize(damaged, null).Dispose(), "Deserialize damaged bytes");
            Throws(ErrorCode.Persistence, () => Predictor.Deserialize(new byte[] { 1, 2, 3 }, null).Dispose(), "Deserialize 3 bytes");
            using (var q = new Predictor())
            {
                Check(q.Predict(CountChange(50, 51), Counter(50)) == null, "nothing predicted before Merge");
                q.Merge(bytes);
                Prediction pr = q.Predict(CountChange(50, 51), Counter(50));
                Check(pr != null && pr.Patches == want, "prediction after Merge");
                Throws(ErrorCode.Persistence, () => q.Merge(damaged), "Merge damaged bytes");
            }
        }
    }

    private static void TestErrors()
    {
        string deep = new StringBuilder().Insert(0, "{\"type\":\"Element\",\"tag\":\"div\",\"children\":[", 150).ToString();
        Throws(ErrorCode.Serialization, () => Engine.Reconcile("{\"type\":\"Text\"", Counter(1)), "malformed JSON");
        Throws(ErrorCode.InvalidVNode, () => Engine.Reconcile("{\"type\":\"Blink\"}", Counter(1)), "unknown node type");
        Throws(ErrorCode.NullPointer, () => Engine.Reconcile(null, Counter(1)), "null tree");
        Throws(ErrorCode.TreeTooDeep, () => Engine.Reconcile(deep, Counter(1)), "150 deep");
        Throws(ErrorCode.InvalidUtf8, () => Engine.Reconcile(new byte[] { (byte)'{', 0xff, (byte)'}' }, Encoding.UTF8.GetBytes(Counter(1))), "invalid UTF-8");
        Throws(ErrorCode.JsonTooLarge, () => Engine.Reconcile(Counter(1), Counter(2), new Limits { MaxJSONBytes = 20 }), "JSON too large");
        Throws(ErrorCode.TreeTooLarge, () => Engine.Reconcile(Counter(1), Counter(2), new Limits { MaxNodeCount = 3 }), "too many nodes");
        Throws(ErrorCode.TooManyChildren, () => Engine.Reconcile(Counter(1), Counter(2), new Limits { MaxChildrenPerNode = 2 }), "too many children");
        Throws(ErrorCode.PropertyTooLong, () => Engine.Reconcile(Counter(1), Counter(2), new Limits { MaxPropKeyLength = 2 }), "prop too long");
        Throws(ErrorCode.TextTooLong, () => Engine.Reconcile(Counter(1), Counter(2), new Limits { MaxTextLength = 3 }), "text too long");
        Throws(ErrorCode.TooManyProps, () => Engine.Reconcile(El("a", "\"x\":\"1\",\"y\":\"2\"", null), Text("a"), new Limits { MaxPropsPerNode = 1 }), "too many props");
        Throws(ErrorCode.Serialization, () => Engine.Reconcile(Counter(1), Counter(2), new Limits { MaxTreeDepth = -4 }), "negative limit");
        Throws(ErrorCode.InvalidPath, () => Engine.ApplyPatches(Counter(1), "[{\"type\":\"Remove\",\"path\":[9]}]"), "apply bad path");
        Throws(ErrorCode.PatchTypeMismatch, () => Engine.VerifyPatch(Counter(1), "{\"type\":\"UpdateProps\",\"path\":[0,0],\"props\":{}}"), "props on a text");
        Throws(ErrorCode.KeyNotFound, () => Engine.VerifyPatch(Counter(1), "{\"type\":\"ReorderChildren\",\"path\":[],\"order\":[\"nope\"]}"), "unknown key");
        Check(!Engine.CanApply(Counter(1), "{\"type\":\"Remove\",\"path\":[7]}"), "CanApply false");
        Throws(ErrorCode.Serialization, () => new Predictor(new PredictorConfig { MinConfidence = 3 }).Dispose(), "bad config");
        Throws(ErrorCode.Serialization, () => Engine.SetLogLevel((LogLevel)9), "bad log level");
        Throws(ErrorCode.NullPointer, () => Predictor.Load(null).Dispose(), "Load(null)");
        try
        {
            Predictor.Load("{\"not\":\"a snapshot\"}").Dispose();
            Check(false, "Load of a non-snapshot succeeded");
        }
        catch (MinimactException e)
        {
            Check(e.Code == ErrorCode.Persistence || e.Code == ErrorCode.Serialization, "Load of a non-snapshot: " + e.Code);
        }
        using (var p = new Predictor())
        {
            Throws(ErrorCode.TreeTooDeep, () => p.Learn(CountChange(1, 2), deep, Counter(2)), "learn deep tree");
            Throws(ErrorCode.NullPointer, () => p.Learn(CountChange(1, 2), null, Counter(2)), "learn null");
            Throws(ErrorCode.KeyNotFound, () => p.VerifyPrediction(CountChange(1, 2), Counter(2)), "verify with nothing learned");
            p.Learn(CountChange(1, 2), Counter(1), Counter(2));
            Throws(ErrorCode.Serialization, () => p.LearnBatch("{\"not\":\"an array\"}"), "batch not an array");
            p.Dispose();
            try
            {
                p.Learn(CountChange(1, 2), Counter(1), Counter(2));
                Check(false, "a call after Dispose succeeded");
            }
            catch (ObjectDisposedException)
            {
                Check(true, "");
            }
        }
        // A handle the library does not know (as a stale or forged one would be).
        var forged = new PredictorHandle(new IntPtr(987654321));
        Throws(ErrorCode.InvalidHandle, () => Native.Check(NativeMethods.minimact_predictor_learn(forged, Native.Z(CountChange(1, 2)), Native.Z(Counter(1)), Native.Z(Counter(2)))), "forged handle");
        Throws(ErrorCode.InvalidHandle, () => Native.TakeChecked(NativeMethods.minimact_predictor_stats(forged)), "forged handle stats");
        forged.SetHandleAsInvalid();
        // NULL out-parameters and NULL strings through the raw declarations.
        Throws(ErrorCode.NullPointer, () => Native.Check(NativeMethods.minimact_verify_patch(null, Native.Z("[]"))), "NULL tree");
        Throws(ErrorCode.InvalidUtf8, () => Native.Check(NativeMethods.minimact_verify_patch(new byte[] { 0xc3, 0x28, 0 }, Native.Z("[]"))), "invalid UTF-8 tree");
    }

    private static void TestMetricsAndLogs()
    {
        Engine.ClearLogs();
        Engine.SetLogLevel(LogLevel.Debug);
        try { Engine.Reconcile("{", Counter(1)); } catch (MinimactException) { }
        string logs = Engine.Logs();
        Check(logs.StartsWith("[{") && logs.Contains("\"level\":\"Warn\""), "logs: " + logs);
        string events = Engine.TakeLogEvents(1000);
        Check(events.StartsWith("[{"), "events: " + events);
        Check(Engine.TakeLogEvents(10) == "[]", "events drained");
        Engine.DisableLogging();
        JsonObject m = Engine.Metrics();
        foreach (var f in new[] { "uptime_secs", "reconcile_calls", "reconcile_errors", "total_patches_generated",
                                  "avg_reconcile_time_us", "p95_reconcile_time_us", "predictor_learns", "predictor_learn_errors",
                                  "predictor_predictions", "predictor_prediction_hits", "predictor_prediction_misses",
                                  "prediction_hit_rate", "avg_prediction_time_us", "p95_prediction_time_us", "current_predictors",
                                  "max_predictors", "evictions_performed", "validation_failures", "patches_validated",
                                  "patch_validation_failures" })
        {
            Check(m.Has(f), "metrics has " + f);
        }
        Check(m.GetLong("reconcile_calls", 0) > 0, "reconcile calls counted");
        Check(Engine.GlobalMetrics().Has("predictor_count"), "global metrics");
        Engine.ResetMetrics();
        Check(Engine.Metrics().GetLong("reconcile_calls", -1) == 0, "reset");
        Check(Engine.Version.Length > 0 && Engine.AbiVersion == Engine.BindingAbiVersion, "version " + Engine.Version);
    }

    // ---- 8 threads x thousands of mixed calls, Dispose racing ----

    private static void TestThreads()
    {
        const int threads = 8, calls = 2500;
        var shared = new Predictor[3];
        for (int i = 0; i < shared.Length; i++) shared[i] = new Predictor();
        string want = Engine.Reconcile(Counter(1), Counter(2));
        int unexpected = 0, disposedSeen = 0;
        var ts = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int seed = t;
            ts[t] = new Thread(() =>
            {
                var r = new Random(seed * 7919 + 1);
                for (int i = 0; i < calls; i++)
                {
                    int slot = r.Next(shared.Length), k = r.Next(3);
                    Predictor p = Volatile.Read(ref shared[slot]);
                    try
                    {
                        switch (r.Next(10))
                        {
                            case 0:
                                if (Engine.Reconcile(Counter(1), Counter(2)) != want) Interlocked.Increment(ref unexpected);
                                break;
                            case 1:
                            case 2:
                                p.Learn(CountChange(k, k + 1), Counter(k), Counter(k + 1));
                                break;
                            case 3:
                            case 4:
                                p.Predict(CountChange(k, k + 1), Counter(k));
                                break;
                            case 5:
                                p.Stats();
                                break;
                            case 6:
                                var fresh = new Predictor();
                                Predictor old = Interlocked.Exchange(ref shared[slot], fresh);
                                old.Dispose(); // other threads may be calling it right now
                                break;
                            case 7:
                                try { Engine.ApplyPatches(Counter(1), "[{\"type\":\"Remove\",\"path\":[9]}]"); Interlocked.Increment(ref unexpected); }
                                catch (MinimactException e) { if (e.Code != ErrorCode.InvalidPath) Interlocked.Increment(ref unexpected); }
                                break;
                            case 8:
                                p.Save();
                                break;
                            default:
                                Engine.Metrics();
                                Engine.Logs();
                                break;
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref disposedSeen); // the predictor was disposed under us: allowed
                    }
                    catch (Exception e)
                    {
                        if (Interlocked.Increment(ref unexpected) < 5) Console.Error.WriteLine("thread: " + e);
                    }
                }
            });
            ts[t].Start();
        }
        foreach (var t in ts) t.Join();
        foreach (var p in shared) p.Dispose();
        Check(unexpected == 0, unexpected + " unexpected results in the threads");
        Check(Engine.Metrics().GetLong("current_predictors", -1) == 0, "no predictor left alive: " + Engine.Metrics());
        Console.WriteLine("threads: " + threads + " x " + calls + " mixed calls (" + disposedSeen + " hit a disposed predictor)");
    }

    // ---- Unknown (999): the library panics in a child process ----

    private static void TestInjectedPanic(string self)
    {
        var psi = new ProcessStartInfo("mono", "\"" + self + "\" --panic-child") { UseShellExecute = false, RedirectStandardError = true };
        psi.EnvironmentVariables["MINIMACT_TEST_PANIC"] = "reconcile";
        using (var child = Process.Start(psi))
        {
            string err = child.StandardError.ReadToEnd();
            child.WaitForExit();
            Check(child.ExitCode == 0, "panic child: exit " + child.ExitCode + " " + err);
        }
    }

    private static void Run(string name, Action test)
    {
        int before = failures;
        try
        {
            test();
        }
        catch (Exception e)
        {
            Check(false, name + ": " + e);
        }
        Console.WriteLine((failures == before ? "ok   " : "FAIL ") + name);
    }

    private static int PanicChild()
    {
        Throws(ErrorCode.Unknown, () => Engine.Reconcile(Counter(1), Counter(2)), "injected panic in reconcile");
        Throws(ErrorCode.Unknown, () => Engine.Reconcile(Counter(1), Counter(2)), "and again");
        Engine.VerifyPatch(Counter(1), "[]"); // the library is still usable
        Check(Engine.Logs().Contains("injected fault"), "the panic is logged");
        return failures == 0 ? 0 : 1;
    }

    internal static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--panic-child")
        {
            return PanicChild();
        }
        if (args.Length == 1 && args[0] == "--log-callback-child")
        {
            return LogCallbackChild();
        }
        var sw = Stopwatch.StartNew();
        Run("reconcile then apply", TestReconcileApply);
        Run("learn then predict", TestLearnPredict);
        Run("save/load, serialize/deserialize", TestPersistence);
        Run("errors", TestErrors);
        Run("metrics and logs", TestMetricsAndLogs);
        Run("threads", TestThreads);
        RunOps();

        RunTrees();
        RunHints();
        RunReplay();
        Run("injected panic", () => TestInjectedPanic(typeof(Tests).Assembly.Location));
        Run("exit with a log callback registered", () => TestExitWithLogCallback(typeof(Tests).Assembly.Location));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine("csharp tests: " + checks + " checks, " + failures + " failures, " + sw.ElapsedMilliseconds + " ms");
        return failures == 0 ? 0 : 1;
    }
}
