// StateChange.cs - the state change object Learn, Predict and PredictHint
// take, written for a host that has its values as JSON.

using System;
using System.Text;

namespace Minimact
{
    /// <summary>
    /// Writes the JSON of a state change: <c>{"component_id":…,"state_key":…,
    /// "old_value":…,"new_value":…}</c>, and, when the host has it, the
    /// component's whole state after the change as <c>"all_state"</c>. With
    /// the whole state the predictor learns renders that depend on several
    /// keys, and replays the render of a whole state it saw before
    /// (docs/predictor.md).
    /// </summary>
    public static class StateChange
    {
        /// <summary>
        /// The state change of <paramref name="stateKey"/> of component
        /// <paramref name="componentId"/> from <paramref name="oldValueJson"/> to
        /// <paramref name="newValueJson"/> (JSON values: <c>3</c>, <c>"name"</c>,
        /// <c>[1,2]</c>); <paramref name="allStateJson"/>, when not null, is the
        /// whole state after the change, a JSON object of every key. The values
        /// are written as given: the library checks them.
        /// </summary>
        public static string Json(string componentId, string stateKey, string oldValueJson, string newValueJson, string allStateJson = null)
        {
            if (componentId == null) throw new ArgumentNullException("componentId");
            if (stateKey == null) throw new ArgumentNullException("stateKey");
            var b = new StringBuilder(64 + componentId.Length + stateKey.Length + (allStateJson ?? "").Length);
            b.Append("{\"component_id\":").Append(JsonText.Quote(componentId));
            b.Append(",\"state_key\":").Append(JsonText.Quote(stateKey));
            b.Append(",\"old_value\":").Append(string.IsNullOrEmpty(oldValueJson) ? "null" : oldValueJson);
            b.Append(",\"new_value\":").Append(string.IsNullOrEmpty(newValueJson) ? "null" : newValueJson);
            if (allStateJson != null)
            {
                b.Append(",\"all_state\":").Append(allStateJson);
            }
            return b.Append('}').ToString();
        }
    }
}
