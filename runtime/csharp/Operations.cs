// Operations.cs - what operators need: the metrics as a Prometheus text
// exposition (Engine.MetricsPrometheus), and the library's log events handed
// to the host's logger as they happen (Engine.SetLogCallback).

using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Minimact
{
    /// <summary>The C callback of minimact_log_set_callback (C: MinimactLogCallback).</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate void LogCallbackNative(IntPtr logEvent, IntPtr user);

    /// <summary>MinimactLogEvent, as the library passes it to the callback (valid during the call only).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NativeLogEvent
    {
        public ulong Seq;
        public long TimestampMs;
        public long ElapsedMs;
        public ulong Dropped;
        public IntPtr Module;
        public UIntPtr ModuleLen;
        public IntPtr Message;
        public UIntPtr MessageLen;
        public uint Level;
    }

    /// <summary>One log event of the library, as <see cref="Engine.SetLogCallback"/> hands it over.</summary>
    public sealed class LogEvent
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        /// <summary>Numbers the events from 1, in the order they were logged.</summary>
        public long Seq { get; private set; }

        /// <summary>When it was logged.</summary>
        public DateTimeOffset Time { get; private set; }

        /// <summary>How long after the library was loaded it was logged.</summary>
        public TimeSpan Elapsed { get; private set; }

        /// <summary>Its level.</summary>
        public LogLevel Level { get; private set; }

        /// <summary>The part of the library that logged it: "reconcile", "predict", "ffi", ...</summary>
        public string Module { get; private set; }

        /// <summary>What happened (at most 1024 bytes of UTF-8).</summary>
        public string Message { get; private set; }

        /// <summary>
        /// How many events the process's log callbacks have missed so far
        /// because they were too slow (the library's queue for them was full).
        /// </summary>
        public long Dropped { get; private set; }

        internal static LogEvent FromNative(IntPtr p)
        {
            var n = (NativeLogEvent)Marshal.PtrToStructure(p, typeof(NativeLogEvent));
            return new LogEvent
            {
                Seq = (long)n.Seq,
                Time = DateTimeOffset.FromUnixTimeMilliseconds(n.TimestampMs),
                Elapsed = TimeSpan.FromMilliseconds(n.ElapsedMs),
                Level = (LogLevel)n.Level,
                Module = Utf8String(n.Module, n.ModuleLen),
                Message = Utf8String(n.Message, n.MessageLen),
                Dropped = (long)n.Dropped,
            };
        }

        private static string Utf8String(IntPtr p, UIntPtr len)
        {
            int n = (int)Math.Min(len.ToUInt64(), 1 << 20);
            if (p == IntPtr.Zero || n == 0)
            {
                return "";
            }
            var b = new byte[n];
            Marshal.Copy(p, b, 0, n);
            return Utf8.GetString(b);
        }

        /// <summary>"Warn reconcile: message".</summary>
        public override string ToString()
        {
            return Level + " " + Module + ": " + Message;
        }
    }

    public static partial class Engine
    {
        private static readonly object LogCallbackLock = new object();
        // The delegate the library holds while it is registered: kept here so
        // that the garbage collector cannot take it from under the library.
        private static LogCallbackNative logCallbackNative;
        private static long logCallbackExceptions;
        private static Exception lastLogCallbackException;
        private static bool exitHooked;
        [ThreadStatic] private static bool inLogCallback;

        /// <summary>
        /// The process-wide metrics in the Prometheus text exposition format
        /// (version 0.0.4), for a /metrics endpoint: serve it with the content
        /// type "text/plain; version=0.0.4; charset=utf-8".
        /// </summary>
        public static string MetricsPrometheus()
        {
            return Native.Take(NativeMethods.minimact_metrics_prometheus());
        }

        /// <summary>
        /// Hands every log event the library keeps to callback as it happens
        /// (which events are kept follows <see cref="SetLogLevel"/>); null
        /// unregisters. The callback runs on a thread of the library's own, one
        /// event at a time, in order. An exception it throws is caught here and
        /// counted (<see cref="LogCallbackExceptions"/>): it never reaches the
        /// library. It should be quick: while it runs, events wait in a bounded
        /// queue, and those that do not fit are dropped for it (counted in
        /// <see cref="LogEvent.Dropped"/>), never holding up the engine. It must
        /// not call this method (that throws InvalidOperationException); what
        /// the library calls it makes log is not handed back to it.
        /// Returns once events logged before the call went to the previous
        /// callback, which is then neither running nor called again. The
        /// returned registration unregisters this callback when disposed (if it
        /// is still the one registered); the binding also unregisters when the
        /// process exits.
        /// </summary>
        public static IDisposable SetLogCallback(Action<LogEvent> callback)
        {
            if (inLogCallback)
            {
                throw new InvalidOperationException("SetLogCallback was called from inside the log callback, where it would wait for itself");
            }
            lock (LogCallbackLock)
            {
                LogCallbackNative native = null;
                if (callback != null)
                {
                    native = (logEvent, user) => Deliver(callback, logEvent);
                    if (!exitHooked)
                    {
                        AppDomain.CurrentDomain.ProcessExit += UnregisterOnExit;
                        AppDomain.CurrentDomain.DomainUnload += UnregisterOnExit;
                        exitHooked = true;
                    }
                }
                Native.Check(NativeMethods.minimact_log_set_callback(native, IntPtr.Zero));
                // The library no longer calls the previous delegate: let it go.
                logCallbackNative = native;
                GC.KeepAlive(native);
                return new LogCallbackRegistration(native);
            }
        }

        /// <summary>How many exceptions the log callbacks threw (caught by the binding).</summary>
        public static long LogCallbackExceptions
        {
            get { return Interlocked.Read(ref logCallbackExceptions); }
        }

        /// <summary>The last exception a log callback threw, or null.</summary>
        public static Exception LastLogCallbackException
        {
            get { return Volatile.Read(ref lastLogCallbackException); }
        }

        private static void Deliver(Action<LogEvent> callback, IntPtr logEvent)
        {
            inLogCallback = true;
            try
            {
                callback(LogEvent.FromNative(logEvent));
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref logCallbackExceptions);
                Volatile.Write(ref lastLogCallbackException, e);
            }
            finally
            {
                inLogCallback = false;
            }
        }

        private static void UnregisterOnExit(object sender, EventArgs e)
        {
            try
            {
                Unregister(null);
            }
            catch (Exception)
            {
                // the process is ending: nothing to report to
            }
        }

        // Unregisters when native is the registered delegate (any when null).
        internal static void Unregister(LogCallbackNative native)
        {
            if (inLogCallback)
            {
                throw new InvalidOperationException("a log callback cannot be unregistered from inside the log callback, where it would wait for itself");
            }
            lock (LogCallbackLock)
            {
                if (logCallbackNative == null || (native != null && !ReferenceEquals(native, logCallbackNative)))
                {
                    return;
                }
                Native.Check(NativeMethods.minimact_log_set_callback(null, IntPtr.Zero));
                logCallbackNative = null;
            }
        }

        private sealed class LogCallbackRegistration : IDisposable
        {
            private LogCallbackNative native;

            internal LogCallbackRegistration(LogCallbackNative native)
            {
                this.native = native;
            }

            public void Dispose()
            {
                LogCallbackNative n = Interlocked.Exchange(ref native, null);
                if (n != null)
                {
                    Unregister(n);
                }
            }
        }
    }
}
