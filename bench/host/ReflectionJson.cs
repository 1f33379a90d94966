// ReflectionJson.cs - a reflection-based JSON serializer, the stand-in for
// Newtonsoft.Json's cost (which is not reachable here): per type, a contract
// found once by reflection (its public readable properties, in declaration
// order); per value, each property read through PropertyInfo.GetValue and
// written by its contract. Newtonsoft reads properties through compiled
// delegates, adds converters, a JsonWriter and a char buffer; on the
// benchmark's table the two cost about the same under Mono (about 5 ms per
// 300 KB tree: bench/README.md, "The C# host").

using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Text;

internal sealed class ReflectionJson
{
    private enum Kind { Object, String, Dictionary, List, Bool, Number }

    private sealed class Contract
    {
        public Kind Kind;
        public PropertyInfo[] Props;
        public string[] Names; // "\"name\":"
    }

    private readonly Dictionary<Type, Contract> contracts = new Dictionary<Type, Contract>();
    private readonly StringBuilder b = new StringBuilder(1 << 16);

    public string Serialize(object o)
    {
        b.Clear();
        Value(o);
        return b.ToString();
    }

    private Contract ContractOf(Type t)
    {
        Contract c;
        if (contracts.TryGetValue(t, out c))
        {
            return c;
        }
        c = new Contract();
        if (t == typeof(string)) c.Kind = Kind.String;
        else if (t == typeof(bool)) c.Kind = Kind.Bool;
        else if (t.IsPrimitive) c.Kind = Kind.Number;
        else if (typeof(IDictionary).IsAssignableFrom(t)) c.Kind = Kind.Dictionary;
        else if (typeof(IList).IsAssignableFrom(t)) c.Kind = Kind.List;
        else
        {
            c.Kind = Kind.Object;
            var props = new List<PropertyInfo>();
            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.CanRead && p.GetIndexParameters().Length == 0) props.Add(p);
            }
            c.Props = props.ToArray();
            c.Names = props.ConvertAll(p => "\"" + p.Name + "\":").ToArray();
        }
        contracts[t] = c;
        return c;
    }

    private void Value(object o)
    {
        if (o == null)
        {
            b.Append("null");
            return;
        }
        Contract c = ContractOf(o.GetType());
        switch (c.Kind)
        {
            case Kind.String:
                Str((string)o);
                return;
            case Kind.Bool:
                b.Append((bool)o ? "true" : "false");
                return;
            case Kind.Number:
                b.Append(Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture));
                return;
            case Kind.Dictionary:
                b.Append('{');
                bool first = true;
                foreach (DictionaryEntry e in (IDictionary)o)
                {
                    if (!first) b.Append(',');
                    first = false;
                    Str((string)e.Key);
                    b.Append(':');
                    Value(e.Value);
                }
                b.Append('}');
                return;
            case Kind.List:
                b.Append('[');
                var list = (IList)o;
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) b.Append(',');
                    Value(list[i]);
                }
                b.Append(']');
                return;
        }
        b.Append('{');
        for (int i = 0; i < c.Props.Length; i++)
        {
            if (i > 0) b.Append(',');
            b.Append(c.Names[i]);
            Value(c.Props[i].GetValue(o, null));
        }
        b.Append('}');
    }

    private void Str(string s)
    {
        b.Append('"');
        int run = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char ch = s[i];
            if (ch != '"' && ch != '\\' && ch >= 0x20) continue;
            b.Append(s, run, i - run);
            if (ch < 0x20) b.Append("\\u").Append(((int)ch).ToString("x4"));
            else b.Append('\\').Append(ch);
            run = i + 1;
        }
        b.Append(s, run, s.Length - run);
        b.Append('"');
    }
}
