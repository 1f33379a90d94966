// Tests_Replay.cs - a host that sends the whole state (StateChange.Json with
// allState): the render of a whole state seen before is predicted, through
// Predict and PredictHint, and the memory stats count what is kept.

using System;
using Minimact;

internal static partial class Tests
{
    private static string SortedView(string col, string dir)
    {
        string w = col == "name" ? (dir == "asc" ? "alpha" : "omega") : (dir == "asc" ? "lowest" : "champions");
        return El("div", "\"data-sort\":" + Q(col + "-" + dir), null, Text(w));
    }

    private static string SortChange(string key, string from, string to, string col, string dir)
    {
        return StateChange.Json("board", key, Q(from), Q(to), "{\"col\":" + Q(col) + ",\"dir\":" + Q(dir) + "}");
    }

    private static void TestReplay()
    {
        Check(StateChange.Json("a\"b", "k", "1", "2") == "{\"component_id\":\"a\\\"b\",\"state_key\":\"k\",\"old_value\":1,\"new_value\":2}",
            "StateChange.Json escapes the id: " + StateChange.Json("a\"b", "k", "1", "2"));
        using (var p = new Predictor())
        {
            string col = "name", dir = "asc";
            string[][] walk = { new[] { "dir", "desc" }, new[] { "col", "score" }, new[] { "dir", "asc" }, new[] { "col", "name" } };
            for (int r = 0; r < 2; r++)
            {
                foreach (var s in walk)
                {
                    string before = SortedView(col, dir), from;
                    if (s[0] == "dir") { from = dir; dir = s[1]; } else { from = col; col = s[1]; }
                    p.Learn(SortChange(s[0], from, s[1], col, dir), before, SortedView(col, dir));
                }
            }
            // name/asc: dir → desc was seen and verified
            Prediction pr = p.Predict(SortChange("dir", "asc", "desc", "name", "desc"), SortedView("name", "asc"));
            Check(pr != null, "the render of a whole state seen before is predicted");
            if (pr != null)
            {
                Check(Engine.ApplyPatches(SortedView("name", "asc"), pr.Patches) == Canonical(SortedView("name", "desc")), "its patches give that render: " + pr.Patches);
            }
            string changes = "[" + SortChange("col", "name", "score", "score", "desc") + "," + SortChange("dir", "desc", "asc", "score", "asc") + "]";
            Prediction h = p.PredictHint("h", "board", changes, SortedView("name", "desc"));
            Check(h != null && Engine.ApplyPatches(SortedView("name", "desc"), h.Patches) == Canonical(SortedView("score", "asc")), "a hint of two replays");
            JsonObject ms = p.MemoryStats();
            Check(ms.GetLong("state_renders", 0) == 4, "the memory stats count the 4 renders kept: " + ms.Json);
        }
    }

    private static void RunReplay()
    {
        Run("replays of whole states", TestReplay);
    }
}
