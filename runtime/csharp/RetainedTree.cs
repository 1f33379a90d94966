// RetainedTree.cs - a retained tree: the engine keeps the tree the browser
// shows, so a host sends each new tree once (as JSON, or written with a
// TreeWriter) and never the old one, and learns and predicts without
// sending a tree at all.

using System;
using System.Runtime.InteropServices;

namespace Minimact
{
    /// <summary>
    /// Owns a native retained tree's handle: released with
    /// minimact_tree_destroy once no call is using it, even if the owner
    /// forgets to dispose.
    /// </summary>
    internal sealed class TreeHandle : SafeHandle
    {
        public TreeHandle() : base(IntPtr.Zero, true) { }

        internal TreeHandle(IntPtr raw) : base(IntPtr.Zero, true)
        {
            SetHandle(raw);
        }

        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }

        protected override bool ReleaseHandle()
        {
            MinimactResult r = NativeMethods.minimact_tree_destroy(handle);
            if (r.Message != IntPtr.Zero)
            {
                NativeMethods.minimact_free_error(r.Message);
            }
            return r.Code == 0;
        }
    }

    /// <summary>
    /// One component instance's page state, kept by the engine: each
    /// <see cref="Render(string)"/> returns the patches from the tree the
    /// browser shows to the new one and keeps the new one. Only what the new
    /// tree does not share with the kept one is decoded again. Calls on one
    /// tree are serialized (use it from one request at a time); different
    /// trees may be used from many threads at once. Dispose it (or let the
    /// garbage collector) to free the native tree.
    /// </summary>
    public sealed class RetainedTree : IDisposable
    {
        private readonly TreeHandle handle;

        /// <summary>An empty tree, with the default limits.</summary>
        public RetainedTree() : this(null) { }

        /// <summary>An empty tree whose trees are held to limits (null: the defaults).</summary>
        public RetainedTree(Limits limits)
        {
            IntPtr raw;
            if (limits == null)
            {
                Native.Check(NativeMethods.minimact_tree_new(out raw));
            }
            else
            {
                Native.Check(NativeMethods.minimact_tree_create(Native.Z(limits.ToJson()), out raw));
            }
            handle = new TreeHandle(raw);
        }

        /// <summary>Whether Dispose was called.</summary>
        public bool IsDisposed
        {
            get { return handle.IsClosed; }
        }

        /// <summary>
        /// The patch list (a JSON array) from the kept tree to treeJson (a
        /// VNode tree as JSON), which is kept: the first render gives one
        /// Create at []. Throws <see cref="MinimactException"/> for a tree the
        /// library refuses, and then nothing changes.
        /// </summary>
        public string Render(string treeJson)
        {
            return Native.TakeChecked(NativeMethods.minimact_tree_render(handle, Native.Z(treeJson)));
        }

        /// <summary>Render, from a tree already encoded as UTF-8 JSON.</summary>
        public string Render(byte[] treeJsonUtf8)
        {
            return Native.TakeChecked(NativeMethods.minimact_tree_render(handle, Native.Z(treeJsonUtf8)));
        }

        /// <summary>Render, from a tree written with a TreeWriter (which must be complete).</summary>
        public string Render(TreeWriter tree)
        {
            if (tree == null)
            {
                throw new ArgumentNullException("tree");
            }
            tree.CheckComplete();
            return Native.TakeChecked(NativeMethods.minimact_tree_render_binary(handle, tree.Buffer, new UIntPtr((uint)tree.Length)));
        }

        /// <summary>
        /// The HTML of the kept tree: the component's first page when the
        /// server renders it, whose DOM the patches of the next renders index.
        /// Throws KeyNotFound before the first render, UnrepresentableHtml
        /// for a tree HTML cannot say.
        /// </summary>
        public string RenderHtml()
        {
            return Native.TakeChecked(NativeMethods.minimact_tree_render_html(handle));
        }

        /// <summary>
        /// Records in the predictor that the state change (a StateChange
        /// object as JSON) turned the tree before the last render into the
        /// kept one; no tree is sent. Throws KeyNotFound before the second
        /// render.
        /// </summary>
        public void Learn(Predictor predictor, string stateChangeJson)
        {
            if (predictor == null)
            {
                throw new ArgumentNullException("predictor");
            }
            Native.Check(NativeMethods.minimact_tree_learn(handle, predictor.NativeHandle, Native.Z(stateChangeJson)));
        }

        /// <summary>
        /// The patches the state change is expected to cause on the kept
        /// tree, or null when the predictor has no confident prediction.
        /// </summary>
        public Prediction Predict(Predictor predictor, string stateChangeJson)
        {
            if (predictor == null)
            {
                throw new ArgumentNullException("predictor");
            }
            string reply = Native.Take(NativeMethods.minimact_tree_predict(handle, predictor.NativeHandle, Native.Z(stateChangeJson)));
            return Prediction.FromReply(reply);
        }

        /// <summary>Frees the native tree once calls running on it finish.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
