// DropIn.cs - proves libminimact is a drop-in for existing C# hosts. It is
// written only against the first table of shared/ABI.md, declared the way
// those hosts declare it (their MinimactNative class): the result struct
// returned by value, UIntPtr handles, LPStr strings, IntPtr replies read with
// Marshal.PtrToStringAnsi and freed with minimact_free_string. It does not use
// the generated binding. Built and run by `make test-csharp`.

using System;
using System.Runtime.InteropServices;

[StructLayout(LayoutKind.Sequential)]
public struct FfiResult
{
    public int Code;
    public IntPtr Message;

    public bool IsSuccess
    {
        get { return Code == 0; }
    }

    public string GetErrorMessage()
    {
        return Message != IntPtr.Zero ? Marshal.PtrToStringAnsi(Message) : null;
    }
}

public static class MinimactNative
{
    private const string LibName = "minimact";

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern UIntPtr minimact_predictor_new();

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern UIntPtr minimact_predictor_new_with_config(float minConfidence, UIntPtr maxPatternsPerKey);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern FfiResult minimact_predictor_destroy(UIntPtr handle);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern FfiResult minimact_predictor_learn(
        UIntPtr handle,
        [MarshalAs(UnmanagedType.LPStr)] string stateChangeJson,
        [MarshalAs(UnmanagedType.LPStr)] string oldTreeJson,
        [MarshalAs(UnmanagedType.LPStr)] string newTreeJson);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr minimact_predictor_predict(
        UIntPtr handle,
        [MarshalAs(UnmanagedType.LPStr)] string stateChangeJson,
        [MarshalAs(UnmanagedType.LPStr)] string currentTreeJson);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr minimact_predictor_stats(UIntPtr handle);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr minimact_predictor_save(UIntPtr handle);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern UIntPtr minimact_predictor_load([MarshalAs(UnmanagedType.LPStr)] string jsonStr);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr minimact_reconcile(
        [MarshalAs(UnmanagedType.LPStr)] string oldJson,
        [MarshalAs(UnmanagedType.LPStr)] string newJson);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern void minimact_free_string(IntPtr ptr);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern void minimact_free_error(IntPtr ptr);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern void minimact_logging_enable();

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern void minimact_logging_disable();

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern void minimact_logging_set_level(uint level);

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr minimact_logging_get_logs();

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern void minimact_logging_clear();

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr minimact_metrics_get();

    [DllImport(LibName, CallingConvention = CallingConvention.Cdecl)]
    public static extern void minimact_metrics_reset();
}

public static class DropIn
{
    private static int failures;

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            failures++;
            Console.Error.WriteLine("FAIL " + what);
        }
    }

    private static string GetStringAndFree(IntPtr ptr)
    {
        if (ptr == IntPtr.Zero)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringAnsi(ptr);
        }
        finally
        {
            MinimactNative.minimact_free_string(ptr);
        }
    }

    private static string Counter(int n)
    {
        // As Newtonsoft.Json writes a host's VNode: "key":null on unkeyed elements.
        return "{\"type\":\"Element\",\"tag\":\"div\",\"props\":{\"class\":\"counter\"},\"key\":null,\"children\":[" +
               "{\"type\":\"Element\",\"tag\":\"span\",\"props\":{},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"Count: " + n + "\"}]}," +
               "{\"type\":\"Element\",\"tag\":\"button\",\"props\":{\"onclick\":\"increment\"},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"+\"}]}]}";
    }

    private static string Change(int from, int to)
    {
        return "{\"component_id\":\"counter\",\"state_key\":\"count\",\"old_value\":" + from + ",\"new_value\":" + to + "}";
    }

    public static int Main()
    {
        // Reconcile: an array of patches; failures contain "error".
        string reply = GetStringAndFree(MinimactNative.minimact_reconcile(Counter(1), Counter(2)));
        Check(reply == "[{\"type\":\"UpdateText\",\"path\":[0,0],\"content\":\"Count: 2\"}]", "reconcile: " + reply);
        Check(!reply.Contains("error"), "a good reconcile has no error");
        reply = GetStringAndFree(MinimactNative.minimact_reconcile("{\"type\":\"Nope\"}", Counter(2)));
        Check(reply.Contains("error") && reply.Contains("\"code\":"), "a bad reconcile: " + reply);
        reply = GetStringAndFree(MinimactNative.minimact_reconcile(null, Counter(2)));
        Check(reply.Contains("error"), "a NULL reconcile: " + reply);

        // Predictors.
        UIntPtr handle = MinimactNative.minimact_predictor_new();
        Check(handle != UIntPtr.Zero, "predictor_new");
        UIntPtr configured = MinimactNative.minimact_predictor_new_with_config(0.5f, new UIntPtr(50));
        Check(configured != UIntPtr.Zero && configured != handle, "predictor_new_with_config");
        for (int i = 0; i < 8; i++)
        {
            FfiResult r = MinimactNative.minimact_predictor_learn(handle, Change(i, i + 1), Counter(i), Counter(i + 1));
            Check(r.IsSuccess, "learn: " + r.GetErrorMessage());
            MinimactNative.minimact_free_error(r.Message);
        }
        FfiResult bad = MinimactNative.minimact_predictor_learn(handle, "not json", Counter(1), Counter(2));
        Check(!bad.IsSuccess && bad.GetErrorMessage() != null, "learn with a bad state change fails with a message");
        MinimactNative.minimact_free_error(bad.Message);

        string prediction = GetStringAndFree(MinimactNative.minimact_predictor_predict(handle, Change(9, 10), Counter(9)));
        Check(prediction.StartsWith("{\"ok\":true,\"data\":{") && prediction.Contains("\"state_change\":") &&
              prediction.Contains("\"predicted_patches\":[") && prediction.Contains("\"confidence\":") &&
              prediction.Contains("\"predicted_tree\":") && prediction.Contains("Count: 10"), "predict: " + prediction);
        string none = GetStringAndFree(MinimactNative.minimact_predictor_predict(handle,
            "{\"component_id\":\"x\",\"state_key\":\"y\",\"old_value\":1,\"new_value\":2}", Counter(1)));
        Check(none.StartsWith("{\"ok\":false,\"error\":"), "predict with nothing learned: " + none);

        string stats = GetStringAndFree(MinimactNative.minimact_predictor_stats(handle));
        foreach (var f in new[] { "unique_state_keys", "total_patterns", "total_observations", "estimated_memory_bytes",
                                  "total_predictions", "correct_predictions", "incorrect_predictions", "hit_rate",
                                  "avg_confidence", "active_patterns", "prediction_hits" })
        {
            Check(stats.Contains("\"" + f + "\":"), "stats has " + f);
        }

        string snapshot = GetStringAndFree(MinimactNative.minimact_predictor_save(handle));
        Check(snapshot.StartsWith("{") && !snapshot.Contains("\"error\":"), "save: " + snapshot.Substring(0, Math.Min(100, snapshot.Length)));
        UIntPtr loaded = MinimactNative.minimact_predictor_load(snapshot);
        Check(loaded != UIntPtr.Zero, "load");
        prediction = GetStringAndFree(MinimactNative.minimact_predictor_predict(loaded, Change(9, 10), Counter(9)));
        Check(prediction.Contains("Count: 10"), "predict after load: " + prediction);
        Check(MinimactNative.minimact_predictor_load("{\"garbage\":1}") == UIntPtr.Zero, "load of garbage gives 0");

        // Logging and metrics.
        MinimactNative.minimact_logging_enable();
        MinimactNative.minimact_logging_set_level(0);
        GetStringAndFree(MinimactNative.minimact_reconcile("{", Counter(1)));
        string logs = GetStringAndFree(MinimactNative.minimact_logging_get_logs());
        Check(logs.StartsWith("[{") && logs.Contains("\"level\":") && logs.Contains("\"module\":") &&
              logs.Contains("\"message\":") && logs.Contains("\"elapsed_ms\":"), "logs: " + logs);
        MinimactNative.minimact_logging_clear();
        Check(GetStringAndFree(MinimactNative.minimact_logging_get_logs()) == "[]", "logs cleared");
        MinimactNative.minimact_logging_disable();
        string metrics = GetStringAndFree(MinimactNative.minimact_metrics_get());
        foreach (var f in new[] { "uptime_secs", "reconcile_calls", "reconcile_errors", "total_patches_generated",
                                  "avg_reconcile_time_us", "p95_reconcile_time_us", "predictor_learns", "predictor_learn_errors",
                                  "predictor_predictions", "predictor_prediction_hits", "predictor_prediction_misses",
                                  "prediction_hit_rate", "avg_prediction_time_us", "p95_prediction_time_us", "current_predictors",
                                  "max_predictors", "evictions_performed", "validation_failures", "patches_validated",
                                  "patch_validation_failures" })
        {
            Check(metrics.Contains("\"" + f + "\":"), "metrics has " + f);
        }
        MinimactNative.minimact_metrics_reset();
        Check(GetStringAndFree(MinimactNative.minimact_metrics_get()).Contains("\"reconcile_calls\":0,"), "metrics reset");

        // Destroy: once succeeds, twice reports an unknown handle.
        foreach (var h in new[] { handle, configured, loaded })
        {
            FfiResult r = MinimactNative.minimact_predictor_destroy(h);
            Check(r.IsSuccess, "destroy");
            MinimactNative.minimact_free_error(r.Message);
        }
        FfiResult again = MinimactNative.minimact_predictor_destroy(handle);
        Check(!again.IsSuccess && again.GetErrorMessage() != null, "destroying twice fails with a message");
        MinimactNative.minimact_free_error(again.Message);
        FfiResult stale = MinimactNative.minimact_predictor_learn(handle, Change(1, 2), Counter(1), Counter(2));
        Check(!stale.IsSuccess, "learn on a destroyed handle fails");
        MinimactNative.minimact_free_error(stale.Message);

        Console.WriteLine("drop-in: " + (failures == 0 ? "the first table works unchanged" : failures + " failures"));
        return failures == 0 ? 0 : 1;
    }
}
