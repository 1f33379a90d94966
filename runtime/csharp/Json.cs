// Json.cs - the little JSON the binding needs: writing the flat objects the
// library takes, and reading the objects it returns.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Minimact
{
    /// <summary>Writes a flat JSON object.</summary>
    internal sealed class JsonWriter
    {
        private readonly StringBuilder b = new StringBuilder("{");

        public void Member(string name, long? v)
        {
            if (v.HasValue)
            {
                Raw(name, v.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        public void Member(string name, double? v)
        {
            if (v.HasValue)
            {
                Raw(name, v.Value.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        public void Raw(string name, string json)
        {
            if (b.Length > 1)
            {
                b.Append(',');
            }
            b.Append('"').Append(name).Append("\":").Append(json);
        }

        public string Close()
        {
            return b.Append('}').ToString();
        }
    }

    /// <summary>
    /// A JSON object the library returned, with its members kept as raw JSON
    /// text and read on demand.
    /// </summary>
    public sealed class JsonObject
    {
        private readonly Dictionary<string, string> members = new Dictionary<string, string>();
        private readonly List<string> names = new List<string>();

        private JsonObject(string json)
        {
            Json = json;
        }

        /// <summary>The object's JSON text.</summary>
        public string Json { get; private set; }

        /// <summary>The member names, in order.</summary>
        public IList<string> Names
        {
            get { return names.AsReadOnly(); }
        }

        /// <summary>Parses a JSON object; throws FormatException for anything else.</summary>
        public static JsonObject Parse(string json)
        {
            var o = new JsonObject(json);
            var s = new JsonScanner(json);
            s.Expect('{');
            if (s.Peek() == '}')
            {
                s.Next();
            }
            else
            {
                while (true)
                {
                    string name = s.ReadString();
                    s.Expect(':');
                    s.Peek();
                    int start = s.Pos;
                    s.SkipValue();
                    if (!o.members.ContainsKey(name))
                    {
                        o.names.Add(name);
                    }
                    o.members[name] = json.Substring(start, s.Pos - start);
                    char c = s.Next();
                    if (c == '}')
                    {
                        break;
                    }
                    if (c != ',')
                    {
                        throw new FormatException("expected ',' or '}' at " + (s.Pos - 1));
                    }
                }
            }
            if (s.Peek() != '\0')
            {
                throw new FormatException("data after the JSON object");
            }
            return o;
        }

        /// <summary>Whether the object has the member.</summary>
        public bool Has(string name)
        {
            return members.ContainsKey(name);
        }

        /// <summary>The member's raw JSON text, or null when absent.</summary>
        public string Raw(string name)
        {
            string v;
            return members.TryGetValue(name, out v) ? v : null;
        }

        /// <summary>The member as a string, or null when absent or not a string.</summary>
        public string GetString(string name)
        {
            string v = Raw(name);
            if (v == null || v.Length == 0 || v[0] != '"')
            {
                return null;
            }
            return new JsonScanner(v).ReadString();
        }

        /// <summary>The member as a number, or fallback.</summary>
        public double GetDouble(string name, double fallback)
        {
            string v = Raw(name);
            double d;
            return v != null && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : fallback;
        }

        /// <summary>The member as an integer (a fraction is dropped), or fallback.</summary>
        public long GetLong(string name, long fallback)
        {
            string v = Raw(name);
            long l;
            if (v != null && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out l))
            {
                return l;
            }
            double d = GetDouble(name, double.NaN);
            return double.IsNaN(d) ? fallback : (long)d;
        }

        /// <summary>The member as a boolean, or fallback.</summary>
        public bool GetBool(string name, bool fallback)
        {
            string v = Raw(name);
            return v == "true" ? true : v == "false" ? false : fallback;
        }

        /// <summary>The member as an object, or null when absent or not an object.</summary>
        public JsonObject GetObject(string name)
        {
            string v = Raw(name);
            return v != null && v.Length > 0 && v[0] == '{' ? Parse(v) : null;
        }

        /// <summary>The object's JSON text.</summary>
        public override string ToString()
        {
            return Json;
        }
    }

    /// <summary>A forward-only JSON scanner: strings, and skipping any value without recursion.</summary>
    internal struct JsonScanner
    {
        private readonly string s;
        internal int Pos;

        internal JsonScanner(string s)
        {
            this.s = s;
            Pos = 0;
        }

        internal char Peek()
        {
            while (Pos < s.Length && (s[Pos] == ' ' || s[Pos] == '\t' || s[Pos] == '\n' || s[Pos] == '\r'))
            {
                Pos++;
            }
            return Pos < s.Length ? s[Pos] : '\0';
        }

        internal char Next()
        {
            char c = Peek();
            if (c == '\0')
            {
                throw new FormatException("unexpected end of JSON");
            }
            Pos++;
            return c;
        }

        internal void Expect(char c)
        {
            if (Next() != c)
            {
                throw new FormatException("expected '" + c + "' at " + (Pos - 1));
            }
        }

        internal string ReadString()
        {
            Expect('"');
            var b = new StringBuilder();
            while (true)
            {
                if (Pos >= s.Length)
                {
                    throw new FormatException("unterminated string");
                }
                char c = s[Pos++];
                if (c == '"')
                {
                    return b.ToString();
                }
                if (c != '\\')
                {
                    b.Append(c);
                    continue;
                }
                if (Pos >= s.Length)
                {
                    throw new FormatException("unterminated escape");
                }
                char e = s[Pos++];
                switch (e)
                {
                    case 'b': b.Append('\b'); break;
                    case 'f': b.Append('\f'); break;
                    case 'n': b.Append('\n'); break;
                    case 'r': b.Append('\r'); break;
                    case 't': b.Append('\t'); break;
                    case 'u':
                        if (Pos + 4 > s.Length)
                        {
                            throw new FormatException("short \\u escape");
                        }
                        b.Append((char)int.Parse(s.Substring(Pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        Pos += 4;
                        break;
                    default: b.Append(e); break;
                }
            }
        }

        internal void SkipValue()
        {
            int depth = 0;
            do
            {
                char c = Peek();
                switch (c)
                {
                    case '{':
                    case '[':
                        depth++;
                        Pos++;
                        break;
                    case '}':
                    case ']':
                        if (depth == 0)
                        {
                            throw new FormatException("unexpected '" + c + "' at " + Pos);
                        }
                        depth--;
                        Pos++;
                        break;
                    case '"':
                        ReadString();
                        break;
                    case ',':
                    case ':':
                        if (depth == 0)
                        {
                            throw new FormatException("unexpected '" + c + "' at " + Pos);
                        }
                        Pos++;
                        break;
                    case '\0':
                        throw new FormatException("unexpected end of JSON");
                    default:
                        while (Pos < s.Length && "{}[],: \t\r\n\"".IndexOf(s[Pos]) < 0)
                        {
                            Pos++;
                        }
                        break;
                }
            } while (depth > 0);
        }
    }
}
