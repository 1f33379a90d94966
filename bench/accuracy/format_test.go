package accuracy

import (
	"math/rand/v2"
	"testing"
)

func rngFor(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

func TestFormats(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{thousands(0), "0"}, {thousands(999), "999"}, {thousands(1000), "1,000"}, {thousands(1234567), "1,234,567"}, {thousands(-12345), "-12,345"},
		{money(0), "$0.00"}, {money(5), "$0.05"}, {money(123450), "$1,234.50"}, {money(-300), "-$3.00"},
		{mmss(0), "0:00"}, {mmss(65), "1:05"}, {mmss(600), "10:00"},
		{clockTime(65, false), "1:05"}, {clockTime(3725, false), "1:02:05"}, {clockTime(65, true), "0:01:05"},
		{spokenDuration(0), "0 seconds"}, {spokenDuration(65), "1 minute 5 seconds"}, {spokenDuration(3600), "1 hour"},
		{plural(1, "item", "items"), "1 item"}, {plural(0, "item", "items"), "0 items"}, {plural(1204, "like", "likes"), "1,204 likes"},
		{capped(99, 99), "99"}, {capped(100, 99), "99+"},
		{itoa(percent(1, 3)), "33"}, {itoa(percent(2, 3)), "67"}, {itoa(percent(1, 2)), "50"}, {itoa(percent(5, 0)), "0"},
		{fileSize(1000), "1 KB"}, {fileSize(3565158), "3.4 MB"}, {fileSize(1 << 30), "1.00 GB"},
		{relTime(10, 10), "just now"}, {relTime(0, 5), "5 min ago"}, {relTime(0, 60), "1 hour ago"}, {relTime(0, 150), "2 hours ago"},
		{relTime(0, 25*60), "yesterday"}, {relTime(0, 3*24*60), "3 days ago"}, {relTime(-14*24*60, 0), "Feb 20"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestTypeStep(t *testing.T) {
	r := rngFor(1)
	for _, c := range []struct{ text, target, want string }{
		{"", "abc", "a"}, {"ab", "abc", "abc"}, {"abc", "abc", "abc"}, {"abx", "abc", "ab"}, {"bob", "ann", "bo"},
	} {
		if got := typeStep(r, c.text, c.target, 0); got != c.want {
			t.Errorf("typeStep(%q, %q) = %q, want %q", c.text, c.target, got, c.want)
		}
	}
}
