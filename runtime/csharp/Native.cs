// Native.cs - marshalling shared by the wrappers: the MinimactResult struct,
// the SafeHandle over a predictor handle, strings to and from UTF-8, and the
// checks that turn native errors into exceptions. The DllImports themselves
// (NativeMethods) are generated from schema/abi.go.

using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Minimact
{
    /// <summary>MinimactResult, returned by value (C: int32_t code; char *message).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MinimactResult
    {
        public int Code;
        public IntPtr Message;
    }

    /// <summary>
    /// Owns a native predictor handle: released with minimact_predictor_destroy
    /// once no call is using it, even if the owner forgets to dispose.
    /// </summary>
    internal sealed class PredictorHandle : SafeHandle
    {
        public PredictorHandle() : base(IntPtr.Zero, true) { }

        internal PredictorHandle(IntPtr raw) : base(IntPtr.Zero, true)
        {
            SetHandle(raw);
        }

        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }

        protected override bool ReleaseHandle()
        {
            MinimactResult r = NativeMethods.minimact_predictor_destroy(handle);
            if (r.Message != IntPtr.Zero)
            {
                NativeMethods.minimact_free_error(r.Message);
            }
            return r.Code == 0;
        }
    }

    /// <summary>Marshalling shared by the wrappers.</summary>
    internal static class Native
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        /// <summary>s as NUL-terminated UTF-8, or null (passed as NULL) for null.</summary>
        internal static byte[] Z(string s)
        {
            if (s == null)
            {
                return null;
            }
            byte[] b = new byte[Utf8.GetByteCount(s) + 1];
            Utf8.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }

        /// <summary>b with a NUL after it (b itself when it already ends in one).</summary>
        internal static byte[] Z(byte[] b)
        {
            if (b == null || (b.Length > 0 && b[b.Length - 1] == 0))
            {
                return b;
            }
            byte[] z = new byte[b.Length + 1];
            Buffer.BlockCopy(b, 0, z, 0, b.Length);
            return z;
        }

        /// <summary>Copies a string the library returned and frees it.</summary>
        internal static string Take(IntPtr p)
        {
            if (p == IntPtr.Zero)
            {
                throw new MinimactException(ErrorCode.Unknown, "the library could not allocate its reply");
            }
            try
            {
                return Marshal.PtrToStringUTF8(p);
            }
            finally
            {
                NativeMethods.minimact_free_string(p);
            }
        }

        /// <summary>Take, throwing when the reply is {"error":...,"code":...}.</summary>
        internal static string TakeChecked(IntPtr p)
        {
            string s = Take(p);
            ThrowIfError(s);
            return s;
        }

        internal static void ThrowIfError(string reply)
        {
            if (reply.StartsWith("{\"error\":", StringComparison.Ordinal))
            {
                JsonObject o = JsonObject.Parse(reply);
                throw new MinimactException((ErrorCode)(int)o.GetLong("code", (long)ErrorCode.Unknown), o.GetString("error"));
            }
        }

        /// <summary>Frees the result's message, throwing when it is an error.</summary>
        internal static void Check(MinimactResult r)
        {
            string message = null;
            if (r.Message != IntPtr.Zero)
            {
                try
                {
                    message = Marshal.PtrToStringUTF8(r.Message);
                }
                finally
                {
                    NativeMethods.minimact_free_error(r.Message);
                }
            }
            if (r.Code != 0)
            {
                throw new MinimactException((ErrorCode)r.Code, message ?? "");
            }
        }

        internal static UIntPtr Size(long n)
        {
            if (n < 0)
            {
                throw new ArgumentOutOfRangeException("n", "a size cannot be negative");
            }
            return new UIntPtr((ulong)n);
        }
    }
}
