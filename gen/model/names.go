package model

import (
	"strings"
	"unicode"
)

// Snake turns a Go name into snake case: "PredictorNewWithConfig" ->
// "predictor_new_with_config", "maxJSONSize" -> "max_json_size",
// "InvalidVNode" -> "invalid_vnode" (a lone capital joins the next word),
// "InvalidUtf8" -> "invalid_utf8". It names the C exports, their parameters,
// the code macros and the limits' JSON members.
func Snake(s string) string {
	rs := []rune(s)
	var words []string
	start := 0
	for i := 1; i < len(rs); i++ {
		prev, cur := rs[i-1], rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		boundary := (unicode.IsLower(prev) || unicode.IsDigit(prev)) && unicode.IsUpper(cur) ||
			unicode.IsUpper(prev) && unicode.IsUpper(cur) && unicode.IsLower(next)
		if boundary {
			words = append(words, string(rs[start:i]))
			start = i
		}
	}
	words = append(words, string(rs[start:]))
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if len([]rune(w)) == 1 && unicode.IsUpper([]rune(w)[0]) && i+1 < len(words) {
			w += words[i+1]
			i++
		}
		out = append(out, strings.ToLower(w))
	}
	return strings.Join(out, "_")
}

// csKeywords are the C# keywords a parameter name could collide with.
var csKeywords = map[string]bool{
	"out": true, "ref": true, "in": true, "string": true, "object": true, "base": true, "params": true,
	"event": true, "lock": true, "fixed": true, "checked": true, "operator": true, "internal": true,
	"default": true, "decimal": true, "delegate": true, "namespace": true, "this": true, "is": true, "as": true,
}

// csIdent is s as a C# identifier: a keyword gets an @.
func csIdent(s string) string {
	if csKeywords[s] {
		return "@" + s
	}
	return s
}

// replaceWord replaces the whole-word occurrences of old in s with new.
func replaceWord(s, old, new string) string {
	if old == new {
		return s
	}
	isWord := func(r byte) bool {
		return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i + len(old)
		if (i == 0 || !isWord(s[i-1])) && (j == len(s) || !isWord(s[j])) {
			b.WriteString(s[:i] + new)
		} else {
			b.WriteString(s[:j])
		}
		s = s[j:]
	}
}
