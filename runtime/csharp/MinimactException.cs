// MinimactException.cs - the one exception of the binding.

using System;
using System.Globalization;

namespace Minimact
{
    /// <summary>
    /// An error reported by the native library: <see cref="Code"/> says what
    /// kind, the message says what exactly.
    /// </summary>
    public class MinimactException : Exception
    {
        /// <summary>Creates an exception for a native error.</summary>
        public MinimactException(ErrorCode code, string message)
            : base(code + " (" + ((int)code).ToString(CultureInfo.InvariantCulture) + "): " + message)
        {
            Code = code;
            NativeMessage = message;
        }

        /// <summary>The native error code.</summary>
        public ErrorCode Code { get; private set; }

        /// <summary>The native message, without the code.</summary>
        public string NativeMessage { get; private set; }
    }
}
