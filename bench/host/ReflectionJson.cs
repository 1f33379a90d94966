// ReflectionJson.cs - a reflection-based JSON serializer, the stand-in for
// Newtonsoft.Json's cost (which is not reachable here), built the way
// JsonConvert.SerializeObject works: per call a StringBuilder, a
// StringWriter and the writing through it; per type, a contract found once
// by reflection (its public readable properties, in declaration order) and
// cached; per value, each property read through PropertyInfo.GetValue and
// written by its contract. Newtonsoft reads properties through compiled
// delegates and adds converters and a JsonTextWriter over the TextWriter
// (bench/README.md, "The C# host", compares the costs).

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
    private System.IO.TextWriter b;

    public string Serialize(object o)
    {
        var sb = new StringBuilder(256);
        using (var w = new System.IO.StringWriter(sb, System.Globalization.CultureInfo.InvariantCulture))
        {
            b = w;
            Value(o);
            b = null;
        }
        return sb.ToString();
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
            b.Write("null");
            return;
        }
        Contract c = ContractOf(o.GetType());
        switch (c.Kind)
        {
            case Kind.String:
                Str((string)o);
                return;
            case Kind.Bool:
                b.Write((bool)o ? "true" : "false");
                return;
            case Kind.Number:
                b.Write(Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture));
                return;
            case Kind.Dictionary:
                b.Write('{');
                bool first = true;
                foreach (DictionaryEntry e in (IDictionary)o)
                {
                    if (!first) b.Write(',');
                    first = false;
                    Str((string)e.Key);
                    b.Write(':');
                    Value(e.Value);
                }
                b.Write('}');
                return;
            case Kind.List:
                b.Write('[');
                var list = (IList)o;
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) b.Write(',');
                    Value(list[i]);
                }
                b.Write(']');
                return;
        }
        b.Write('{');
        for (int i = 0; i < c.Props.Length; i++)
        {
            if (i > 0) b.Write(',');
            b.Write(c.Names[i]);
            Value(c.Props[i].GetValue(o, null));
        }
        b.Write('}');
    }

    private void Str(string s)
    {
        b.Write('"');
        int run = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char ch = s[i];
            if (ch != '"' && ch != '\\' && ch >= 0x20) continue;
            b.Write(s.Substring(run, i - run));
            if (ch < 0x20) b.Write("\\u" + ((int)ch).ToString("x4"));
            else { b.Write('\\'); b.Write(ch); }
            run = i + 1;
        }
        b.Write(run == 0 ? s : s.Substring(run));
        b.Write('"');
    }
}
