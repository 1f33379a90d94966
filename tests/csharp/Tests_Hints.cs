// Tests_Hints.cs - Predictor.PredictHint (minimact_predictor_predict_hint):
// several state changes composed in order, the patches applied equal the
// tree all of them render, silence, bad input; and minimact_predictor_free
// as Minimact's bridge calls it (a raw handle).

using System;
using Minimact;

internal static partial class Tests
{
    private static void TestHints()
    {
        using (var p = new Predictor())
        {
            for (int i = 0; i < 6; i++)
            {
                p.Learn(CountChange(i, i + 1), Counter(i), Counter(i + 1));
            }
            string changes = "[" + CountChange(10, 11) + ",{\"state_key\":\"count\",\"old_value\":11,\"new_value\":12}]";
            Prediction h = p.PredictHint("hover-inc", "counter", changes, Counter(10));
            Check(h != null, "a hint of two increments");
            if (h != null)
            {
                Check(Engine.ApplyPatches(Counter(10), h.Patches) == Canonical(Counter(12)), "the hint's patches give the counter at 12: " + h.Patches);
                Prediction one = p.Predict(CountChange(10, 11), Counter(10));
                Check(one != null && h.Confidence > 0 && h.Confidence <= one.Confidence, "the hint's confidence " + h.Confidence + " is the product of its steps'");
                Check(h.StateChange == changes, "the hint's state change is the array: " + h.StateChange);
            }
            Check(p.PredictHint("h", "counter", "[{\"state_key\":\"other\",\"old_value\":1,\"new_value\":2}]", Counter(1)) == null, "a hint of a key never learned is null");
            Throws(ErrorCode.Serialization, () => p.PredictHint("h", "counter", "[", Counter(1)), "a hint of bad JSON");
            Throws(ErrorCode.Serialization, () => p.PredictHint("h", "counter", "[]", Counter(1)), "a hint of no change");
            Throws(ErrorCode.Serialization, () => p.PredictHint("h", "other", "[" + CountChange(1, 2) + "]", Counter(1)), "a hint of another component's change");
            Throws(ErrorCode.NullPointer, () => p.PredictHint(null, "counter", changes, Counter(1)), "a hint without an id");
            Throws(ErrorCode.NullPointer, () => p.PredictHint("h", "counter", changes, null), "a hint without a tree");
        }
    }

    private static void TestPredictorFree()
    {
        // the bridge holds the raw value: free it, and the handle is gone
        PredictorHandle owned = NativeMethods.minimact_predictor_new();
        IntPtr raw = owned.DangerousGetHandle();
        owned.SetHandleAsInvalid(); // the handle is the raw value's now: no release
        Check(raw != IntPtr.Zero, "a raw predictor");
        NativeMethods.minimact_predictor_free(raw);
        MinimactResult r = NativeMethods.minimact_predictor_destroy(raw);
        Check(r.Code == (int)ErrorCode.InvalidHandle, "destroy after free: " + r.Code);
        if (r.Message != IntPtr.Zero)
        {
            NativeMethods.minimact_free_error(r.Message);
        }
        // freeing twice, 0 or a handle never given is ignored
        NativeMethods.minimact_predictor_free(raw);
        NativeMethods.minimact_predictor_free(IntPtr.Zero);
        NativeMethods.minimact_predictor_free(new IntPtr(1L << 40));
    }

    private static void RunHints()
    {
        Run("predict hint", TestHints);
        Run("predictor free", TestPredictorFree);
    }
}
