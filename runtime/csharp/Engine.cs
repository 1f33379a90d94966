// Engine.cs - reconciling, applying and verifying patches, and the
// process-wide metrics and logs. BindingAbiVersion is generated.

namespace Minimact
{
    /// <summary>
    /// Reconciling, applying and verifying patches, and the process-wide
    /// metrics and logs. Every method is safe to call from many threads.
    /// </summary>
    public static partial class Engine
    {
        /// <summary>The library's version, such as "1.0.0".</summary>
        public static string Version
        {
            get { return Native.Take(NativeMethods.minimact_version()); }
        }

        /// <summary>The ABI version of the loaded library; it should equal <see cref="BindingAbiVersion"/>.</summary>
        public static uint AbiVersion
        {
            get { return NativeMethods.minimact_abi_version(); }
        }

        /// <summary>
        /// The patch list (a JSON array) that turns the old tree into the new
        /// one. Throws <see cref="MinimactException"/> for a tree the library
        /// refuses.
        /// </summary>
        public static string Reconcile(string oldTree, string newTree)
        {
            return Native.TakeChecked(NativeMethods.minimact_reconcile(Native.Z(oldTree), Native.Z(newTree)));
        }

        /// <summary>Reconcile, from trees already encoded as UTF-8.</summary>
        public static string Reconcile(byte[] oldTreeUtf8, byte[] newTreeUtf8)
        {
            return Native.TakeChecked(NativeMethods.minimact_reconcile(Native.Z(oldTreeUtf8), Native.Z(newTreeUtf8)));
        }

        /// <summary>Reconcile with limits of its own (null: the defaults).</summary>
        public static string Reconcile(string oldTree, string newTree, Limits limits)
        {
            return Native.TakeChecked(NativeMethods.minimact_reconcile_with_limits(
                Native.Z(oldTree), Native.Z(newTree), Native.Z(limits == null ? null : limits.ToJson())));
        }

        /// <summary>Applies a patch list to a tree and returns the resulting tree (canonical JSON).</summary>
        public static string ApplyPatches(string tree, string patches)
        {
            return Native.TakeChecked(NativeMethods.minimact_apply_patches(Native.Z(tree), Native.Z(patches)));
        }

        /// <summary>
        /// Checks that a patch (an object) or a patch list (an array) applies
        /// to the tree; throws <see cref="MinimactException"/> saying why not.
        /// </summary>
        public static void VerifyPatch(string tree, string patch)
        {
            Native.Check(NativeMethods.minimact_verify_patch(Native.Z(tree), Native.Z(patch)));
        }

        /// <summary>Whether a patch or patch list applies to the tree.</summary>
        public static bool CanApply(string tree, string patch)
        {
            try
            {
                VerifyPatch(tree, patch);
                return true;
            }
            catch (MinimactException e)
            {
                if (e.Code == ErrorCode.InvalidPath || e.Code == ErrorCode.PatchTypeMismatch || e.Code == ErrorCode.KeyNotFound)
                {
                    return false;
                }
                throw;
            }
        }

        /// <summary>The process-wide metrics (minimact_metrics_get).</summary>
        public static JsonObject Metrics()
        {
            return JsonObject.Parse(Native.TakeChecked(NativeMethods.minimact_metrics_get()));
        }

        /// <summary>The process-wide metrics with predictor_count and total_memory_bytes.</summary>
        public static JsonObject GlobalMetrics()
        {
            return JsonObject.Parse(Native.TakeChecked(NativeMethods.minimact_global_metrics()));
        }

        /// <summary>Zeroes the process-wide metrics.</summary>
        public static void ResetMetrics()
        {
            NativeMethods.minimact_metrics_reset();
        }

        /// <summary>Turns logging into the library's event ring on.</summary>
        public static void EnableLogging()
        {
            NativeMethods.minimact_logging_enable();
        }

        /// <summary>Turns logging off.</summary>
        public static void DisableLogging()
        {
            NativeMethods.minimact_logging_disable();
        }

        /// <summary>Sets the least level logged and turns logging on.</summary>
        public static void SetLogLevel(LogLevel level)
        {
            Native.Check(NativeMethods.minimact_set_log_level((uint)level));
        }

        /// <summary>The events held, oldest first, as a JSON array; they stay.</summary>
        public static string Logs()
        {
            return Native.TakeChecked(NativeMethods.minimact_logging_get_logs());
        }

        /// <summary>Removes and returns at most max events, oldest first, as a JSON array.</summary>
        public static string TakeLogEvents(int max)
        {
            return Native.TakeChecked(NativeMethods.minimact_get_log_events(Native.Size(max)));
        }

        /// <summary>Drops every event held.</summary>
        public static void ClearLogs()
        {
            NativeMethods.minimact_logging_clear();
        }
    }
}
