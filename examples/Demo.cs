// Demo.cs - Minimact's engine through its C library, from C#.
//
// Run it with `make demo` (it builds build/libminimact.so, compiles this file
// with the generated binding generated/csharp/Minimact.cs, and runs it).
//
// The idea, in three sentences. A server-side component renders a virtual DOM
// tree (VNode JSON). When its state changes the server renders it again, and
// the engine diffs the old and new trees into the patches the browser applies
// (Engine.Reconcile). A Predictor watches those changes and learns to predict
// the patches of the next one, so that the browser can show it at once, before
// the server has rendered anything.
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
    /// <summary>A virtual DOM node, as a C# host would build and serialize it.</summary>
    internal sealed class VNode
    {
        public string Type;
        public string Tag;
        public string Key;
        public string Content;
        public List<KeyValuePair<string, string>> Props = new List<KeyValuePair<string, string>>();
        public List<VNode> Children = new List<VNode>();

        public static VNode El(string tag, string props, params VNode[] children)
        {
            var n = new VNode { Type = "Element", Tag = tag };
            // props are written "name=value;name=value" to keep the components short
            if (!string.IsNullOrEmpty(props))
            {
                foreach (string p in props.Split(';'))
                {
                    int eq = p.IndexOf('=');
                    n.Props.Add(new KeyValuePair<string, string>(p.Substring(0, eq), p.Substring(eq + 1)));
                }
            }
            n.Children.AddRange(children);
            return n;
        }

        public static VNode Text(string s)
        {
            return new VNode { Type = "Text", Content = s };
        }

        public VNode WithKey(string key)
        {
            Key = key;
            return this;
        }

        /// <summary>The node as JSON, in the shape the engine reads (shared/ABI.md).</summary>
        public string ToJson()
        {
            var b = new StringBuilder();
            Write(b);
            return b.ToString();
        }

        private void Write(StringBuilder b)
        {
            b.Append("{\"type\":").Append(Q(Type));
            if (Type == "Text")
            {
                b.Append(",\"content\":").Append(Q(Content));
            }
            else
            {
                b.Append(",\"tag\":").Append(Q(Tag)).Append(",\"props\":{");
                for (int i = 0; i < Props.Count; i++)
                {
                    b.Append(i > 0 ? "," : "").Append(Q(Props[i].Key)).Append(':').Append(Q(Props[i].Value));
                }
                b.Append("},\"key\":").Append(Key == null ? "null" : Q(Key)).Append(",\"children\":[");
                for (int i = 0; i < Children.Count; i++)
                {
                    if (i > 0) b.Append(',');
                    Children[i].Write(b);
                }
                b.Append(']');
            }
            b.Append('}');
        }

        private static string Q(string s)
        {
            var b = new StringBuilder("\"");
            foreach (char c in s)
            {
                if (c == '"' || c == '\\') b.Append('\\').Append(c);
                else if (c < 0x20) b.Append("\\u").Append(((int)c).ToString("x4"));
                else b.Append(c);
            }
            return b.Append('"').ToString();
        }
    }

    /// <summary>The counter component: its state is one number.</summary>
    internal static class Counter
    {
        public static VNode Render(int count)
        {
            return VNode.El("div", "class=counter",
                VNode.El("h2", null, VNode.Text("Counter")),
                VNode.El("p", "class=value", VNode.Text("Count: " + count)),
                VNode.El("button", "onclick=increment", VNode.Text("+")));
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
                items.Add(VNode.El("li", t.Done ? "class=done" : "class=todo", VNode.Text(t.Title)).WithKey(t.Id));
            }
            int left = todos.FindAll(t => !t.Done).Count;
            return VNode.El("section", "class=todos",
                VNode.El("h2", null, VNode.Text("Todo")),
                VNode.El("ul", null, items.ToArray()),
                VNode.El("footer", null, VNode.Text(left + " left")));
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

        /// <summary>
        /// One state change, as a server handles it: ask the predictor first
        /// (what the browser could show right away), then render, reconcile,
        /// and let the predictor learn from what really happened.
        /// </summary>
        private static VNode Change(Predictor predictor, string what, string stateChange, VNode oldTree, VNode newTree)
        {
            Console.WriteLine();
            Console.WriteLine("  " + what);
            string oldJson = oldTree.ToJson(), newJson = newTree.ToJson();

            // 1. Predict, before rendering.
            Prediction prediction = predictor.Predict(stateChange, oldJson);

            // 2. Render happened (newTree); reconcile old and new into patches.
            string patches = Engine.Reconcile(oldJson, newJson);

            if (prediction == null)
            {
                Console.WriteLine("    predicted: nothing yet (the predictor is still learning)");
            }
            else
            {
                bool right = prediction.Patches == patches;
                predictionsMade++;
                if (right) predictionsRight++;
                Console.WriteLine("    predicted (confidence " + prediction.Confidence.ToString("0.00", CultureInfo.InvariantCulture) + "): " +
                                  (right ? "right" : "wrong"));
                foreach (string p in Elements(prediction.Patches)) Console.WriteLine("      " + p);
            }
            Console.WriteLine("    patches:");
            foreach (string p in Elements(patches)) Console.WriteLine("      " + p);

            // 3. The browser applies the patches: the result is the new tree.
            bool applied = Engine.ApplyPatches(oldJson, patches) == Engine.ApplyPatches(newJson, "[]");
            if (!applied) Console.WriteLine("    !! applying the patches did not give the new tree");

            // 4. Learn from what happened.
            predictor.Learn(stateChange, oldJson, newJson);
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
            int count = 0;
            VNode tree = Counter.Render(count);
            for (int click = 1; click <= 6; click++)
            {
                string change = StateChange("counter", "count", count.ToString(), (count + 1).ToString());
                tree = Change(predictor, "click + (count " + count + " -> " + (count + 1) + ")", change, tree, Counter.Render(count + 1));
                count++;
            }
            // A jump the predictor never saw: from 6 to 100.
            tree = Change(predictor, "set the count to 100", StateChange("counter", "count", "6", "100"), tree, Counter.Render(100));
        }

        private static void TodoDemo(Predictor predictor)
        {
            Console.WriteLine();
            Console.WriteLine("== A todo list ==");
            var todos = new List<Todo>();
            VNode tree = TodoList.Render(todos);
            string[] titles = { "Buy milk", "Write the docs", "Fix the bug", "Ship it", "Celebrate", "Sleep" };
            for (int i = 0; i < titles.Length; i++)
            {
                var next = TodoList.Copy(todos);
                next.Add(new Todo { Id = "t" + (i + 1), Title = titles[i] });
                string change = StateChange("todos", "items", TodoList.StateJson(todos), TodoList.StateJson(next));
                tree = Change(predictor, "add \"" + titles[i] + "\"", change, tree, TodoList.Render(next));
                todos = next;
            }
            var done = TodoList.Copy(todos);
            done[0].Done = true;
            tree = Change(predictor, "tick \"" + done[0].Title + "\" done",
                StateChange("todos", "items", TodoList.StateJson(todos), TodoList.StateJson(done)), tree, TodoList.Render(done));
            todos = done;

            var moved = TodoList.Copy(todos);
            Todo last = moved[moved.Count - 1];
            moved.RemoveAt(moved.Count - 1);
            moved.Insert(0, last);
            tree = Change(predictor, "move \"" + last.Title + "\" to the top (keyed: moved, not re-created)",
                StateChange("todos", "items", TodoList.StateJson(todos), TodoList.StateJson(moved)), tree, TodoList.Render(moved));
            todos = moved;

            var removed = TodoList.Copy(todos);
            removed.RemoveAt(2);
            tree = Change(predictor, "remove \"" + todos[2].Title + "\"",
                StateChange("todos", "items", TodoList.StateJson(todos), TodoList.StateJson(removed)), tree, TodoList.Render(removed));
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
                    Engine.Reconcile(b, Counter.Render(0).ToJson());
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
                Show("The library's metrics", Engine.Metrics(),
                    "reconcile_calls", "reconcile_errors", "total_patches_generated", "avg_reconcile_time_us",
                    "p95_reconcile_time_us", "predictor_learns", "predictor_predictions", "predictor_prediction_hits",
                    "prediction_hit_rate", "avg_prediction_time_us", "current_predictors", "validation_failures");
            }
            return 0;
        }
    }
}
