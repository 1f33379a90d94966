// Demo.cs - Minimact's engine through its C library, from C#.
//
// Run it with `make demo` (it builds build/libminimact.so, compiles this file
// with the generated binding generated/csharp/Minimact.cs, and runs it).
//
// The idea, in three sentences. A server-side component renders a virtual DOM
// tree (VNode objects). When its state changes the server renders it again,
// and the engine, which retains the tree the browser shows (RetainedTree),
// diffs it with the new one into the patches the browser applies; the host
// hands over only the new tree, written with a TreeWriter (VNodeAdapter.cs).
// A Predictor watches those changes and learns to predict the patches of the
// next one from the retained tree, so that the browser can show it at once,
// before the server has rendered anything.
//
// This demo renders two components - a counter and a todo list - and prints,
// for each state change, the prediction (if any, with its confidence), the
// real patches, and whether the prediction was right; then the predictor's
// statistics and the library's metrics.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Minimact.Demo
{
    using Minimact.Examples;

    /// <summary>Builds the VNode trees of VNodeAdapter.cs, tersely.</summary>
    internal static class VNodes
    {
        public static VElement El(string tag, string props, params VNode[] children)
        {
            var n = new VElement(tag, children);
            // props are written "name=value;name=value" to keep the components short
            if (!string.IsNullOrEmpty(props))
            {
                foreach (string p in props.Split(';'))
                {
                    int eq = p.IndexOf('=');
                    n.Prop(p.Substring(0, eq), p.Substring(eq + 1));
                }
            }
            return n;
        }

        public static VText Text(string s)
        {
            return new VText(s);
        }
    }

    /// <summary>The counter component: its state is one number.</summary>
    internal static class Counter
    {
        public static VNode Render(int count)
        {
            return VNodes.El("div", "class=counter",
                VNodes.El("h2", null, VNodes.Text("Counter")),
                VNodes.El("p", "class=value", VNodes.Text("Count: " + count)),
                VNodes.El("button", "onclick=increment", VNodes.Text("+")));
        }
    }

    internal sealed class Todo
    {
        public string Id;
        public string Title;
        public bool Done;
    }

    /// <summary>The todo list component: its state is a list of todos.</summary>
    internal static class TodoList
    {
        public static VNode Render(List<Todo> todos)
        {
            var items = new List<VNode>();
            foreach (var t in todos)
            {
                // A key per item lets the engine move items instead of re-creating them.
                items.Add(VNodes.El("li", t.Done ? "class=done" : "class=todo", VNodes.Text(t.Title)).Key(t.Id));
            }
            int left = todos.FindAll(t => !t.Done).Count;
            return VNodes.El("section", "class=todos",
                VNodes.El("h2", null, VNodes.Text("Todo")),
                VNodes.El("ul", null, items.ToArray()),
                VNodes.El("footer", null, VNodes.Text(left + " left")));
        }

        /// <summary>The state as JSON: what a host reports as a state change's values.</summary>
        public static string StateJson(List<Todo> todos)
        {
            var b = new StringBuilder("[");
            for (int i = 0; i < todos.Count; i++)
            {
                if (i > 0) b.Append(',');
                b.Append("{\"id\":\"").Append(todos[i].Id).Append("\",\"title\":\"").Append(todos[i].Title)
                 .Append("\",\"done\":").Append(todos[i].Done ? "true" : "false").Append('}');
            }
            return b.Append(']').ToString();
        }

        public static List<Todo> Copy(List<Todo> todos)
        {
            return todos.ConvertAll(t => new Todo { Id = t.Id, Title = t.Title, Done = t.Done });
        }
    }

    internal static class Program
    {
        private static int predictionsMade, predictionsRight;

        private static string StateChange(string component, string key, string oldValue, string newValue)
        {
            return "{\"component_id\":\"" + component + "\",\"state_key\":\"" + key + "\",\"old_value\":" + oldValue + ",\"new_value\":" + newValue + "}";
        }

        private static readonly TreeWriter Writer = new TreeWriter();
        private static readonly VNodeWriter Adapter = new VNodeWriter();
        private static readonly VNodeJson Json = new VNodeJson();

        /// <summary>The first render of a component: the retained tree starts empty.</summary>
        private static void FirstRender(RetainedTree retained, VNode tree)
        {
            Adapter.Write(Writer, tree);
            string patches = retained.Render(Writer);
            Console.WriteLine("  first render: " + Writer.Length + " bytes written with a TreeWriter -> " +
                              (patches.StartsWith("[{\"type\":\"Create\",\"path\":[]") ? "one Create at []" : patches));
        }

        /// <summary>
        /// One state change, as a server handles it: ask the predictor first
        /// (what the browser could show right away), then render and hand the
        /// new tree to the retained tree, which returns the patches, and let
        /// the predictor learn from what really happened. The retained tree
        /// holds the old tree: it is never sent again.
        /// </summary>
        private static VNode Change(Predictor predictor, RetainedTree retained, string what, string stateChange, VNode oldTree, VNode newTree)
        {
            Console.WriteLine();
            Console.WriteLine("  " + what);

            // 1. Predict, before rendering, on the tree the engine retains.
            Prediction prediction = retained.Predict(predictor, stateChange);

            // 2. Render happened (newTree): write it, and get the patches from
            //    the retained tree to it (which it then retains).
            Adapter.Write(Writer, newTree);
            string patches = retained.Render(Writer);

            // (The demo checks through JSON; a host never needs to.)
            string oldJson = Json.Write(oldTree), newJson = Json.Write(newTree);
            string newCanonical = Engine.ApplyPatches(newJson, "[]");

            if (prediction == null)
            {
                Console.WriteLine("    predicted: nothing yet (the predictor is still learning)");
            }
            else
            {
                // Right when the predicted patches turn the old tree into the
                // new one (their order may differ from the real list's).
                bool right = Engine.CanApply(oldJson, prediction.Patches) &&
                             Engine.ApplyPatches(oldJson, prediction.Patches) == newCanonical;
                predictionsMade++;
                if (right) predictionsRight++;
                Console.WriteLine("    predicted (confidence " + prediction.Confidence.ToString("0.00", CultureInfo.InvariantCulture) + "): " +
                                  (right ? "right" : "wrong"));
                foreach (string p in Elements(prediction.Patches)) Console.WriteLine("      " + p);
            }
            Console.WriteLine("    patches (" + Writer.Length + " bytes sent):");
            foreach (string p in Elements(patches)) Console.WriteLine("      " + p);

            // 3. The browser applies the patches: the result is the new tree.
            bool applied = Engine.ApplyPatches(oldJson, patches) == newCanonical;
            if (!applied) Console.WriteLine("    !! applying the patches did not give the new tree");

            // 4. Learn from what happened in the last render.
            retained.Learn(predictor, stateChange);
            return newTree;
        }

        /// <summary>The elements of a JSON array, one string each (for printing).</summary>
        private static List<string> Elements(string array)
        {
            var list = new List<string>();
            int depth = 0, start = 1;
            bool inString = false;
            for (int i = 1; i < array.Length - 1; i++)
            {
                char c = array[i];
                if (inString)
                {
                    if (c == '\\') i++;
                    else if (c == '"') inString = false;
                    continue;
                }
                if (c == '"') inString = true;
                else if (c == '{' || c == '[') depth++;
                else if (c == '}' || c == ']') depth--;
                else if (c == ',' && depth == 0)
                {
                    list.Add(array.Substring(start, i - start));
                    start = i + 1;
                }
            }
            if (array.Length > 2) list.Add(array.Substring(start, array.Length - 1 - start));
            if (list.Count == 0) list.Add("(none: nothing changed)");
            return list;
        }

        private static void CounterDemo(Predictor predictor)
        {
            Console.WriteLine();
            Console.WriteLine("== A counter ==");
            using (var retained = new RetainedTree())
            {
                int count = 0;
                VNode tree = Counter.Render(count);
                FirstRender(retained, tree);
                for (int click = 1; click <= 6; click++)
                {
                    string change = StateChange("counter", "count", count.ToString(), (count + 1).ToString());
                    tree = Change(predictor, retained, "click + (count " + count + " -> " + (count + 1) + ")", change, tree, Counter.Render(count + 1));
                    count++;
                }
                // A jump the predictor never saw: from 6 to 100.
                tree = Change(predictor, retained, "set the count to 100", StateChange("counter", "count", "6", "100"), tree, Counter.Render(100));
            }
        }

        private static void TodoDemo(Predictor predictor)
        {
            Console.WriteLine();
            Console.WriteLine("== A todo list ==");
            using (var retained = new RetainedTree())
            {
            var todos = new List<Todo>();
            VNode tree = TodoList.Render(todos);
            FirstRender(retained, tree);
            string[] titles = { "Buy milk", "Write the docs", "Fix the bug", "Ship it", "Celebrate", "Sleep" };
            for (int i = 0; i < titles.Length; i++)
            {
                var next = TodoList.Copy(todos);
                next.Add(new Todo { Id = "t" + (i + 1), Title = titles[i] });
                string change = StateChange("todos", "items", TodoList.StateJson(todos), TodoList.StateJson(next));
                tree = Change(predictor, retained, "add \"" + titles[i] + "\"", change, tree, TodoList.Render(next));
                todos = next;
            }
            var done = TodoList.Copy(todos);
            done[0].Done = true;
            tree = Change(predictor, retained, "tick \"" + done[0].Title + "\" done",
                StateChange("todos", "items", TodoList.StateJson(todos), TodoList.StateJson(done)), tree, TodoList.Render(done));
            todos = done;

            var moved = TodoList.Copy(todos);
            Todo last = moved[moved.Count - 1];
            moved.RemoveAt(moved.Count - 1);
            moved.Insert(0, last);
            tree = Change(predictor, retained, "move \"" + last.Title + "\" to the top (keyed: moved, not re-created)",
                StateChange("todos", "items", TodoList.StateJson(todos), TodoList.StateJson(moved)), tree, TodoList.Render(moved));
            todos = moved;

            var removed = TodoList.Copy(todos);
            removed.RemoveAt(2);
            tree = Change(predictor, retained, "remove \"" + todos[2].Title + "\"",
                StateChange("todos", "items", TodoList.StateJson(todos), TodoList.StateJson(removed)), tree, TodoList.Render(removed));
            }
        }

        private static void ShowErrors()
        {
            Console.WriteLine();
            Console.WriteLine("== Bad input is an exception with a code, never a crash ==");
            string[] bad = { "{\"type\":\"Element\"", "{\"type\":\"Marquee\"}", new StringBuilder().Insert(0, "{\"type\":\"Element\",\"tag\":\"div\",\"children\":[", 500).ToString() };
            foreach (string b in bad)
            {
                try
                {
                    Engine.Reconcile(b, Json.Write(Counter.Render(0)));
                }
                catch (MinimactException e)
                {
                    Console.WriteLine("  " + (b.Length > 40 ? b.Substring(0, 40) + "..." : b).PadRight(46) + " -> " + e.Code + " (" + (int)e.Code + ")");
                }
            }
        }

        private static void Show(string title, JsonObject o, params string[] names)
        {
            Console.WriteLine();
            Console.WriteLine("== " + title + " ==");
            foreach (string n in names)
            {
                Console.WriteLine("  " + n.PadRight(28) + " " + o.Raw(n));
            }
        }

        internal static int Main()
        {
            Console.WriteLine("Minimact engine " + Engine.Version + " (ABI " + Engine.AbiVersion + "), through libminimact from C#");
            Engine.ResetMetrics();
            using (var predictor = new Predictor())
            {
                CounterDemo(predictor);
                TodoDemo(predictor);
                ShowErrors();

                Console.WriteLine();
                Console.WriteLine("Predictions made during the demo: " + predictionsMade + ", right: " + predictionsRight);
                Show("The predictor's statistics", predictor.Stats(),
                    "unique_state_keys", "total_patterns", "total_observations", "total_predictions",
                    "correct_predictions", "incorrect_predictions", "hit_rate", "avg_confidence", "estimated_memory_bytes");
                Show("The library's metrics", Engine.GlobalMetrics(),
                    "reconcile_calls", "reconcile_errors", "total_patches_generated", "avg_reconcile_time_us",
                    "p95_reconcile_time_us", "predictor_learns", "predictor_predictions", "predictor_prediction_hits",
                    "prediction_hit_rate", "avg_prediction_time_us", "current_predictors", "validation_failures",
                    "tree_renders", "tree_bytes_sent", "tree_bytes_decoded", "retained_trees");
            }
            return 0;
        }
    }
}
