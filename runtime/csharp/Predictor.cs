// Predictor.cs - a predictor and its predictions.

using System;
using System.Runtime.InteropServices;

namespace Minimact
{
    /// <summary>A prediction: the patches a state change is expected to cause.</summary>
    public sealed class Prediction
    {
        internal Prediction(JsonObject data)
        {
            StateChange = data.Raw("state_change");
            Patches = data.Raw("predicted_patches");
            Confidence = data.GetDouble("confidence", 0);
            string tree = data.Raw("predicted_tree");
            Tree = tree == "null" ? null : tree;
        }

        /// <summary>The state change predicted for (JSON).</summary>
        public string StateChange { get; private set; }
        /// <summary>The predicted patch list (a JSON array).</summary>
        public string Patches { get; private set; }
        /// <summary>How sure the predictor is, 0 to 1.</summary>
        public double Confidence { get; private set; }
        /// <summary>The predicted tree (JSON), or null when the predictor does not give one.</summary>
        public string Tree { get; private set; }

        /// <summary>
        /// The prediction of a predict reply ({"ok":true,"data":...}), null for
        /// none (code 0), or the reply's error thrown.
        /// </summary>
        internal static Prediction FromReply(string reply)
        {
            JsonObject o = JsonObject.Parse(reply);
            if (o.GetBool("ok", false))
            {
                return new Prediction(o.GetObject("data"));
            }
            long code = o.GetLong("code", (long)ErrorCode.Unknown);
            if (code == 0)
            {
                return null;
            }
            throw new MinimactException((ErrorCode)(int)code, o.GetString("error") ?? "");
        }
    }

    /// <summary>
    /// A predictor: learns which patches state changes cause and predicts
    /// them. One instance may be used from many threads at once. Dispose it
    /// (or let the garbage collector) to free the native predictor.
    /// </summary>
    public sealed class Predictor : IDisposable
    {
        private readonly PredictorHandle handle;

        /// <summary>A predictor with the default config.</summary>
        public Predictor() : this(Create(null)) { }

        /// <summary>A predictor with a config of its own (null members: defaults).</summary>
        public Predictor(PredictorConfig config) : this(Create(config)) { }

        /// <summary>A predictor with the given minimum confidence and patterns per state key.</summary>
        public Predictor(double minConfidence, int maxPatternsPerKey)
            : this(Create(new PredictorConfig { MinConfidence = minConfidence, MaxPatternsPerKey = maxPatternsPerKey })) { }

        private Predictor(PredictorHandle handle)
        {
            this.handle = handle;
        }

        private static PredictorHandle Create(PredictorConfig config)
        {
            IntPtr raw;
            Native.Check(NativeMethods.minimact_predictor_create(Native.Z(config == null ? null : config.ToJson()), out raw));
            return new PredictorHandle(raw);
        }

        /// <summary>Whether Dispose was called.</summary>
        public bool IsDisposed
        {
            get { return handle.IsClosed; }
        }

        /// <summary>The native handle, for RetainedTree's calls.</summary>
        internal PredictorHandle NativeHandle
        {
            get { return handle; }
        }

        /// <summary>Records that a state change turned oldTree into newTree.</summary>
        public void Learn(string stateChange, string oldTree, string newTree)
        {
            Native.Check(NativeMethods.minimact_predictor_learn(handle, Native.Z(stateChange), Native.Z(oldTree), Native.Z(newTree)));
        }

        /// <summary>Learns a JSON array of {"state_change","old_tree","new_tree"} objects, in order.</summary>
        public void LearnBatch(string batch)
        {
            Native.Check(NativeMethods.minimact_predictor_learn_batch(handle, Native.Z(batch)));
        }

        /// <summary>
        /// The patches the state change is expected to cause on currentTree,
        /// or null when the predictor has no confident prediction.
        /// </summary>
        public Prediction Predict(string stateChange, string currentTree)
        {
            string reply = Native.Take(NativeMethods.minimact_predictor_predict(handle, Native.Z(stateChange), Native.Z(currentTree)));
            return Prediction.FromReply(reply);
        }

        /// <summary>
        /// The patches of several state changes applied together, in order,
        /// to currentTree (minimact_predictor_predict_hint): what a host sends
        /// the browser ahead of a click that will make them all.
        /// stateChangesJson is a JSON array of 1 to 32 state change objects
        /// (one without component_id is componentId's). The prediction's
        /// confidence is the product of its steps'; its StateChange is the
        /// array. Null when any step has no confident prediction.
        /// </summary>
        public Prediction PredictHint(string hintId, string componentId, string stateChangesJson, string currentTree)
        {
            string reply = Native.Take(NativeMethods.minimact_predictor_predict_hint(handle, Native.Z(hintId), Native.Z(componentId), Native.Z(stateChangesJson), Native.Z(currentTree)));
            return Prediction.FromReply(reply);
        }

        /// <summary>
        /// Whether the prediction for the state change matches what happened
        /// (the tree it produced); the outcome is counted in the metrics.
        /// </summary>
        public bool VerifyPrediction(string stateChange, string actualNewTree)
        {
            int correct;
            Native.Check(NativeMethods.minimact_predictor_verify_prediction(handle, Native.Z(stateChange), Native.Z(actualNewTree), out correct));
            return correct != 0;
        }

        /// <summary>The predictor's statistics (minimact_predictor_stats).</summary>
        public JsonObject Stats()
        {
            return JsonObject.Parse(Native.TakeChecked(NativeMethods.minimact_predictor_stats(handle)));
        }

        /// <summary>The predictor's detailed metrics.</summary>
        public JsonObject Metrics()
        {
            return JsonObject.Parse(Native.TakeChecked(NativeMethods.minimact_predictor_metrics(handle)));
        }

        /// <summary>The predictor's memory use.</summary>
        public JsonObject MemoryStats()
        {
            return JsonObject.Parse(Native.TakeChecked(NativeMethods.minimact_predictor_memory_stats(handle)));
        }

        /// <summary>The predictor's config, as minimact_predictor_create takes it.</summary>
        public JsonObject Config()
        {
            return JsonObject.Parse(Native.TakeChecked(NativeMethods.minimact_predictor_config(handle)));
        }

        /// <summary>Zeroes the predictor's metrics; what it learned stays.</summary>
        public void ResetMetrics()
        {
            Native.Check(NativeMethods.minimact_predictor_reset_metrics(handle));
        }

        /// <summary>Forgets every learned pattern.</summary>
        public void Clear()
        {
            Native.Check(NativeMethods.minimact_predictor_clear(handle));
        }

        /// <summary>A JSON snapshot that <see cref="Load"/> restores.</summary>
        public string Save()
        {
            return Native.TakeChecked(NativeMethods.minimact_predictor_save(handle));
        }

        /// <summary>A predictor restored from a snapshot made by <see cref="Save"/>.</summary>
        public static Predictor Load(string snapshot)
        {
            IntPtr raw;
            Native.Check(NativeMethods.minimact_predictor_try_load(Native.Z(snapshot), out raw));
            return new Predictor(new PredictorHandle(raw));
        }

        /// <summary>The predictor's patterns in the library's binary format.</summary>
        public byte[] Serialize()
        {
            IntPtr p;
            UIntPtr n;
            Native.Check(NativeMethods.minimact_predictor_serialize(handle, out p, out n));
            try
            {
                byte[] b = new byte[checked((int)n.ToUInt64())];
                if (b.Length > 0)
                {
                    Marshal.Copy(p, b, 0, b.Length);
                }
                return b;
            }
            finally
            {
                NativeMethods.minimact_free_bytes(p);
            }
        }

        /// <summary>A predictor made from <see cref="Serialize"/>'s bytes, with a config (null: defaults).</summary>
        public static Predictor Deserialize(byte[] bytes, PredictorConfig config)
        {
            if (bytes == null)
            {
                throw new ArgumentNullException("bytes");
            }
            IntPtr raw;
            Native.Check(NativeMethods.minimact_predictor_deserialize(bytes, Native.Size(bytes.Length),
                Native.Z(config == null ? null : config.ToJson()), out raw));
            return new Predictor(new PredictorHandle(raw));
        }

        /// <summary>
        /// Adds what another predictor learned to this one: bytes from <see cref="Serialize"/>
        /// (or the UTF-8 of a <see cref="Save"/> snapshot), typically another server's,
        /// fetched from the store the fleet shares (docs/fleet.md). Observations and
        /// verified records add up; this predictor's config and bounds still hold. A bad
        /// snapshot throws and changes nothing.
        /// </summary>
        public void Merge(byte[] snapshot)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException("snapshot");
            }
            Native.Check(NativeMethods.minimact_predictor_merge(handle, snapshot, Native.Size(snapshot.Length)));
        }

        /// <summary>Frees the native predictor once calls running on it finish.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
