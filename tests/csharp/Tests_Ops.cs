// Tests_Ops.cs - the C# tests of the operations API: Engine.MetricsPrometheus
// and Engine.SetLogCallback (a delegate the binding keeps alive, whose
// exceptions it catches, that a slow callback cannot use to block the engine).
// Part of the Tests class of Tests.cs; Main runs them through RunOps.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Minimact;

internal static partial class Tests
{
    private static void RunOps()
    {
        Run("prometheus exposition", TestPrometheus);
        Run("log callback", TestLogCallback);
        Run("log callback that throws", TestLogCallbackThrows);
        Run("log callback that calls the library", TestLogCallbackReentrant);
        Run("slow log callback", TestLogCallbackSlow);
    }

    private static void BadReconcile()
    {
        try
        {
            Engine.Reconcile("{", Counter(1));
            Check(false, "a bad tree was reconciled");
        }
        catch (MinimactException e)
        {
            Check(e.Code == ErrorCode.InvalidVNode || e.Code == ErrorCode.Serialization, "bad tree: " + e.Code);
        }
    }

    private static void TestPrometheus()
    {
        Engine.ResetMetrics();
        Engine.Reconcile(Counter(1), Counter(2));
        BadReconcile();
        string text = Engine.MetricsPrometheus();
        Check(text.Contains("# TYPE minimact_reconcile_calls_total counter\nminimact_reconcile_calls_total 2\n"), "reconcile calls:\n" + text);
        Check(text.Contains("\nminimact_reconcile_errors_total 1\n"), "reconcile errors");
        Check(text.Contains("\nminimact_reconcile_duration_seconds_bucket{le=\"+Inf\"} 2\n"), "reconcile histogram");
        Check(text.Contains("\nminimact_build_info{version=\"" + Engine.Version + "\",abi_version=\"" + Engine.AbiVersion + "\"} 1\n"), "build info");
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            if (!line.StartsWith("# HELP minimact_", StringComparison.Ordinal) && !line.StartsWith("# TYPE minimact_", StringComparison.Ordinal) &&
                !line.StartsWith("minimact_", StringComparison.Ordinal))
            {
                Check(false, "exposition line " + line);
                break;
            }
        }
    }

    private static void TestLogCallback()
    {
        var seen = new List<LogEvent>();
        int mainThread = Thread.CurrentThread.ManagedThreadId;
        int otherThread = 0;
        Engine.ClearLogs();
        Engine.SetLogLevel(LogLevel.Warn);
        try
        {
            using (Engine.SetLogCallback(e =>
            {
                lock (seen) seen.Add(e);
                if (Thread.CurrentThread.ManagedThreadId != mainThread) Interlocked.Exchange(ref otherThread, 1);
            }))
            {
                for (int i = 0; i < 20; i++) BadReconcile();
                // The binding keeps the delegate alive while it is registered.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                for (int i = 0; i < 20; i++) BadReconcile();
            } // Dispose returns once everything logged was delivered
            int n;
            lock (seen) n = seen.Count;
            Check(n == 40, n + " events delivered, want 40");
            Check(otherThread == 1, "the callback runs on a thread of the library's");
            for (int i = 1; i < n; i++)
            {
                if (seen[i].Seq <= seen[i - 1].Seq)
                {
                    Check(false, "events out of order");
                    break;
                }
            }
            if (n > 0)
            {
                LogEvent e = seen[n - 1];
                Check(e.Level == LogLevel.Warn && e.Module == "reconcile" && e.Message.Length > 0 &&
                      Math.Abs((DateTimeOffset.UtcNow - e.Time).TotalMinutes) < 10, "event " + e + " at " + e.Time);
            }
            BadReconcile();
            lock (seen) Check(seen.Count == n, "delivered after Dispose");
            // null unregisters too, and Dispose of a replaced registration is a no-op.
            IDisposable first = Engine.SetLogCallback(e => { lock (seen) seen.Add(e); });
            Engine.SetLogCallback(null);
            first.Dispose();
            BadReconcile();
            lock (seen) Check(seen.Count == n, "delivered after SetLogCallback(null)");
        }
        finally
        {
            Engine.SetLogCallback(null);
            Engine.DisableLogging();
        }
    }

    private static void TestLogCallbackThrows()
    {
        Engine.SetLogLevel(LogLevel.Warn);
        long before = Engine.LogCallbackExceptions;
        try
        {
            using (Engine.SetLogCallback(e => { throw new InvalidOperationException("the host's logger failed"); }))
            {
                for (int i = 0; i < 5; i++) BadReconcile();
            }
            Check(Engine.LogCallbackExceptions - before == 5, (Engine.LogCallbackExceptions - before) + " exceptions caught, want 5");
            Check(Engine.LastLogCallbackException is InvalidOperationException, "last exception " + Engine.LastLogCallbackException);
            Engine.Reconcile(Counter(1), Counter(2)); // the library lives on
        }
        finally
        {
            Engine.SetLogCallback(null);
            Engine.DisableLogging();
        }
    }

    private static void TestLogCallbackReentrant()
    {
        Engine.SetLogLevel(LogLevel.Warn);
        long before = Engine.LogCallbackExceptions;
        int calls = 0, reconciled = 0;
        try
        {
            using (Engine.SetLogCallback(e =>
            {
                Interlocked.Increment(ref calls);
                // Calls into the library work, and what they log is not handed back here.
                if (Engine.Reconcile(Counter(1), Counter(2)).StartsWith("[", StringComparison.Ordinal)) Interlocked.Increment(ref reconciled);
                try { BadReconcileQuiet(); } catch (MinimactException) { }
                Engine.SetLogCallback(null); // throws: caught and counted by the binding
            }))
            {
                BadReconcile();
                BadReconcile();
            }
            Check(calls == 2 && reconciled == 2, calls + " calls, " + reconciled + " reconciled, want 2");
            Check(Engine.LogCallbackExceptions - before == 2 && Engine.LastLogCallbackException is InvalidOperationException,
                  "SetLogCallback inside the callback: " + Engine.LastLogCallbackException);
        }
        finally
        {
            Engine.SetLogCallback(null);
            Engine.DisableLogging();
        }
    }

    private static void BadReconcileQuiet()
    {
        Engine.Reconcile("{", Counter(1));
    }

    private static void TestLogCallbackSlow()
    {
        Engine.SetLogLevel(LogLevel.Warn);
        var entered = new ManualResetEventSlim(false);
        var release = new ManualResetEventSlim(false);
        int calls = 0;
        long lastDropped = -1, dropped = 0;
        try
        {
            using (Engine.SetLogCallback(e =>
            {
                entered.Set();
                release.Wait();
                Interlocked.Increment(ref calls);
                Interlocked.Exchange(ref lastDropped, e.Dropped);
            }))
            {
                BadReconcile();
                entered.Wait(); // the callback holds the first event
                long dropped0 = Engine.Metrics().GetLong("log_callback_dropped", -1);
                for (int i = 0; i < 3000; i++)
                {
                    try { BadReconcileQuiet(); } catch (MinimactException) { } // would hang if the callback blocked the engine
                }
                dropped = Engine.Metrics().GetLong("log_callback_dropped", -1) - dropped0;
                // the queue holds 1024; up to 64 more wait in the hand-off to the callback's thread
                Check(dropped <= 3000 - 1024 && dropped >= 3000 - 1024 - 64, dropped + " dropped, want " + (3000 - 1024 - 64) + " to " + (3000 - 1024));
                release.Set();
            }
            Check(calls + dropped == 1 + 3000, calls + " delivered + " + dropped + " dropped, want 3001");
            Check(lastDropped == Engine.Metrics().GetLong("log_callback_dropped", -2), "the events see the drops: " + lastDropped);
        }
        finally
        {
            release.Set();
            Engine.SetLogCallback(null);
            Engine.DisableLogging();
        }
    }

    // ---- a process that exits with its callback still registered ----

    // Under Mono a process whose log callback is still registered would wait
    // at exit for the callback's thread: the binding unregisters on
    // ProcessExit. The child registers, replaces and leaves a callback, and
    // must exit (the 120 s bound only turns a hang into a failure).
    private static void TestExitWithLogCallback(string self)
    {
        var psi = new ProcessStartInfo("mono", "\"" + self + "\" --log-callback-child") { UseShellExecute = false, RedirectStandardOutput = true };
        using (var child = Process.Start(psi))
        {
            string output = child.StandardOutput.ReadToEnd();
            bool exited = child.WaitForExit(120000);
            if (!exited)
            {
                child.Kill();
            }
            Check(exited && child.ExitCode == 0 && output.Contains("events delivered"), "child: exited " + exited + ", " + output);
        }
    }

    private static int LogCallbackChild()
    {
        Engine.SetLogLevel(LogLevel.Warn);
        int n = 0;
        for (int i = 0; i < 10; i++)
        {
            Engine.SetLogCallback(e => Interlocked.Increment(ref n)).Dispose();
        }
        Engine.SetLogCallback(e => Interlocked.Increment(ref n));
        Engine.SetLogCallback(e => Interlocked.Increment(ref n)); // replaces, never disposed
        try { Engine.Reconcile("{", Counter(1)); } catch (MinimactException) { }
        Console.Out.WriteLine("events delivered so far: " + Volatile.Read(ref n));
        Console.Out.Flush();
        return 0;
    }
}
