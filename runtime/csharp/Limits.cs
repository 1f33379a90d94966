// Limits.cs - the validation limits of one call. The properties, one per
// field of schema.Limits, and the list of their JSON names (WriteMembers) are
// generated.

namespace Minimact
{
    /// <summary>
    /// Validation limits for one call (see docs/abi.md). A null member takes
    /// the library's default.
    /// </summary>
    public sealed partial class Limits
    {
        /// <summary>The limits as the JSON object the library takes.</summary>
        public string ToJson()
        {
            var w = new JsonWriter();
            WriteMembers(w);
            return w.Close();
        }
    }
}
