package accuracy

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The formatting the app components render with, as real UIs format what
// they show: money, thousands separators, durations, sizes, plurals, caps,
// dates and relative times.

// thousands writes n with a comma every three digits: 1234567 → "1,234,567".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// money writes cents as dollars: 123450 → "$1,234.50", -300 → "-$3.00".
func money(cents int) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s$%s.%02d", sign, thousands(cents/100), cents%100)
}

// mmss writes seconds as m:ss: 65 → "1:05".
func mmss(s int) string { return fmt.Sprintf("%d:%02d", s/60, s%60) }

// clockTime writes seconds as h:mm:ss from an hour on and m:ss below; with
// long set (a track or timer an hour long or more), always h:mm:ss.
func clockTime(s int, long bool) string {
	if long || s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return mmss(s)
}

// spokenDuration writes seconds for a screen reader: "1 minute 5 seconds".
func spokenDuration(s int) string {
	var parts []string
	if h := s / 3600; h > 0 {
		parts = append(parts, plural(h, "hour", "hours"))
	}
	if m := s / 60 % 60; m > 0 {
		parts = append(parts, plural(m, "minute", "minutes"))
	}
	if sec := s % 60; sec > 0 || len(parts) == 0 {
		parts = append(parts, plural(sec, "second", "seconds"))
	}
	return strings.Join(parts, " ")
}

// plural writes n and the word for n: "1 item", "0 items", "1,204 items".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// capped writes n, or "max+" above max: the badge's "99+".
func capped(n, max int) string {
	if n > max {
		return itoa(max) + "+"
	}
	return itoa(n)
}

// percent is round(100·a/b), 0 when b is 0.
func percent(a, b int) int {
	if b == 0 {
		return 0
	}
	return (200*a + b) / (2 * b)
}

// fileSize writes bytes as a file manager does: "812 KB", "3.4 MB", "1.25 GB".
func fileSize(b int) string {
	switch {
	case b < 1<<20:
		return fmt.Sprintf("%d KB", (b+512)>>10)
	case b < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.2f GB", float64(b)/(1<<30))
}

// The apps' clock: minutes since base, a Tuesday afternoon.
var base = time.Date(2024, time.March, 5, 14, 0, 0, 0, time.UTC)

func at(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }

// relTime writes how long ago then was, seen at now (both minutes since
// base): "just now", "5 min ago", "1 hour ago", "yesterday", "3 days ago",
// then the date ("Feb 21").
func relTime(then, now int) string {
	d := now - then
	switch {
	case d < 1:
		return "just now"
	case d < 60:
		return fmt.Sprintf("%d min ago", d)
	case d < 24*60:
		return plural(d/60, "hour", "hours") + " ago"
	case d < 48*60:
		return "yesterday"
	case d < 7*24*60:
		return fmt.Sprintf("%d days ago", d/(24*60))
	}
	return at(then).Format("Jan 2")
}

// js is v's JSON, for the state values that are objects or arrays (a copy
// that later changes of v do not reach).
func js(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// title capitalizes s's first letter.
func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// classes joins the class names that are not "".
func classes(names ...string) string {
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, " ")
}

// when returns s if ok, else "".
func when(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}

// typeStep moves text one keystroke towards target, as a user types: a
// letter more, now and then a backspace (backspaces in 1 of every bs
// steps; 0: none). It returns the new text and whether it reached target.
func typeStep(r interface{ IntN(int) int }, text, target string, bs int) string {
	switch {
	case text == target:
		return text
	case bs > 0 && text != "" && r.IntN(bs) == 0:
		return text[:len(text)-1]
	case !strings.HasPrefix(target, text):
		return text[:len(text)-1] // delete back to where it agrees
	}
	return target[:len(text)+1]
}
