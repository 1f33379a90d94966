package diag

import (
	"math"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// A strict reader of the text format (0.0.4) for the tests: every family has
// HELP then TYPE before its samples, names and labels are well formed, label
// values unescape, counters end in _total, histograms are cumulative with
// +Inf equal to _count.

type promSample struct {
	name   string
	labels map[string]string
	value  float64
}

type promFamily struct {
	name, typ, help string
	samples         []promSample
}

var (
	promName  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

func parseProm(t *testing.T, text string) map[string]*promFamily {
	t.Helper()
	if !utf8.ValidString(text) || !strings.HasSuffix(text, "\n") {
		t.Fatalf("not UTF-8 lines")
	}
	fams := map[string]*promFamily{}
	var cur *promFamily
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		fail := func(why string) { t.Fatalf("line %d %q: %s", n+1, line, why) }
		switch {
		case strings.HasPrefix(line, "# HELP "):
			name, help, ok := strings.Cut(line[len("# HELP "):], " ")
			if !ok || !promName.MatchString(name) || help == "" {
				fail("bad HELP")
			}
			if fams[name] != nil {
				fail("family twice")
			}
			cur = &promFamily{name: name, help: help}
			fams[name] = cur
		case strings.HasPrefix(line, "# TYPE "):
			name, typ, _ := strings.Cut(line[len("# TYPE "):], " ")
			if cur == nil || cur.name != name || cur.typ != "" {
				fail("TYPE without its HELP just before")
			}
			switch typ {
			case "counter", "gauge", "histogram":
			default:
				fail("type " + typ)
			}
			cur.typ = typ
		case strings.HasPrefix(line, "#") || line == "":
			fail("unexpected line")
		default:
			s := parseSample(t, line)
			if cur == nil || cur.typ == "" {
				fail("sample before HELP and TYPE")
			}
			base := s.name
			if cur.typ == "histogram" {
				base = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(base, "_bucket"), "_sum"), "_count")
			}
			if base != cur.name {
				fail("sample of another family")
			}
			cur.samples = append(cur.samples, s)
		}
	}
	for _, f := range fams {
		if len(f.samples) == 0 {
			t.Errorf("%s has no samples", f.name)
		}
		if !strings.HasPrefix(f.name, "minimact_") {
			t.Errorf("%s lacks the minimact_ prefix", f.name)
		}
		if (f.typ == "counter") != strings.HasSuffix(f.name, "_total") {
			t.Errorf("%s: a %s, and _total is for counters only", f.name, f.typ)
		}
		for _, unit := range []string{"_us", "_ms", "_ns", "micro", "milli", "_kb", "_mb"} {
			if strings.Contains(f.name, unit) {
				t.Errorf("%s: not in base units", f.name)
			}
		}
		if f.typ == "histogram" {
			checkHistogram(t, f)
		}
	}
	return fams
}

func parseSample(t *testing.T, line string) promSample {
	t.Helper()
	s := promSample{labels: map[string]string{}}
	i := strings.IndexAny(line, "{ ")
	if i < 0 {
		t.Fatalf("sample %q", line)
	}
	s.name = line[:i]
	if !promName.MatchString(s.name) {
		t.Fatalf("name in %q", line)
	}
	rest := line[i:]
	if rest[0] == '{' {
		rest = rest[1:]
		for rest[0] != '}' {
			eq := strings.Index(rest, `="`)
			if eq < 0 || !labelName.MatchString(rest[:eq]) {
				t.Fatalf("label in %q", line)
			}
			name := rest[:eq]
			rest = rest[eq+2:]
			var v strings.Builder
			for {
				if rest == "" {
					t.Fatalf("unterminated label value in %q", line)
				}
				c := rest[0]
				rest = rest[1:]
				if c == '"' {
					break
				}
				if c == '\\' {
					switch rest[0] {
					case '\\':
						v.WriteByte('\\')
					case '"':
						v.WriteByte('"')
					case 'n':
						v.WriteByte('\n')
					default:
						t.Fatalf("escape \\%c in %q", rest[0], line)
					}
					rest = rest[1:]
					continue
				}
				if c == '\n' {
					t.Fatalf("raw newline")
				}
				v.WriteByte(c)
			}
			if _, dup := s.labels[name]; dup {
				t.Fatalf("label %s twice in %q", name, line)
			}
			s.labels[name] = v.String()
			if rest[0] == ',' {
				rest = rest[1:]
			}
		}
		rest = rest[1:]
	}
	if !strings.HasPrefix(rest, " ") || strings.Count(rest, " ") != 1 {
		t.Fatalf("value in %q (no timestamps are written)", line)
	}
	v, err := strconv.ParseFloat(strings.Replace(rest[1:], "+Inf", "Inf", 1), 64)
	if err != nil {
		t.Fatalf("value in %q: %v", line, err)
	}
	s.value = v
	return s
}

func checkHistogram(t *testing.T, f *promFamily) {
	t.Helper()
	prevLe, prevCum := math.Inf(-1), -1.0
	var inf, count float64 = -1, -2
	for _, s := range f.samples {
		switch {
		case strings.HasSuffix(s.name, "_bucket"):
			le, err := strconv.ParseFloat(strings.Replace(s.labels["le"], "+Inf", "Inf", 1), 64)
			if err != nil || le <= prevLe || s.value < prevCum || len(s.labels) != 1 {
				t.Fatalf("%s: bucket le=%q %v after le %v count %v", f.name, s.labels["le"], s.value, prevLe, prevCum)
			}
			prevLe, prevCum = le, s.value
			if math.IsInf(le, 1) {
				inf = s.value
			}
		case strings.HasSuffix(s.name, "_count"):
			count = s.value
		case strings.HasSuffix(s.name, "_sum"):
			if s.value < 0 {
				t.Errorf("%s: sum %v", f.name, s.value)
			}
		}
	}
	if inf != count {
		t.Errorf("%s: +Inf bucket %v, _count %v", f.name, inf, count)
	}
}

func TestPrometheusExposition(t *testing.T) {
	m := NewMetrics()
	l := NewLogger(4)
	l.Enable()
	l.SetLevel(Trace)
	for i := 0; i < 10; i++ {
		l.Add(Level(i%5), "m", "x") // 10 kept, 6 pushed out of the ring
	}
	m.ReconcileCalls.Add(7)
	m.PatchesGenerated.Add(3)
	m.PredictorAdded()
	m.PredictorAdded()
	m.PredictorRemoved()
	Retained.Trees.Add(5)
	defer Retained.Trees.Add(-5)
	rng := rand.New(rand.NewSource(1))
	var values []uint64
	for i := 0; i < 5000; i++ {
		v := uint64(math.Exp(rng.Float64()*25)) + uint64(rng.Intn(3)) // 1 ns .. 72 s
		if i%97 == 0 {
			v = uint64(1) << (promMinExp + rng.Intn(promMaxExp-promMinExp+1)) // on a bound
		}
		values = append(values, v)
		m.ReconcileTime.Observe(time.Duration(v))
	}
	x := &Exposition{
		BuildInfo:            []Label{{"version", "1.0.0"}, {"hostile", "a\\b\"c\nd\xffe"}},
		Evictions:            11,
		PredictorMemoryBytes: 12345,
		Log:                  l,
	}
	text := string(m.AppendPrometheus(nil, x))
	fams := parseProm(t, text)

	want := map[string]float64{
		"minimact_reconcile_calls_total":   7,
		"minimact_patches_generated_total": 3,
		"minimact_predictors":              1,
		"minimact_predictors_peak":         2,
		"minimact_trees":                   5,
		"minimact_evictions_total":         11,
		"minimact_predictor_memory_bytes":  12345,
		"minimact_learns_total":            0,
	}
	for name, v := range want {
		f := fams[name]
		if f == nil || len(f.samples) != 1 || f.samples[0].value != v {
			t.Errorf("%s = %+v, want %v", name, f, v)
		}
	}
	bi := fams["minimact_build_info"].samples[0]
	if bi.labels["version"] != "1.0.0" || bi.labels["hostile"] != "a\\b\"c\nd\ufffde" || bi.value != 1 {
		t.Errorf("build info %+v", bi)
	}
	if st := fams["minimact_start_time_seconds"].samples[0].value; math.Abs(st-float64(m.Start().UnixNano())/1e9) > 1e-3 {
		t.Errorf("start time %v", st)
	}
	// Every bucket is exact: the durations below its bound.
	h := fams["minimact_reconcile_duration_seconds"]
	bounds := PromBounds()
	nb := 0
	for _, s := range h.samples {
		if !strings.HasSuffix(s.name, "_bucket") || s.labels["le"] == "+Inf" {
			continue
		}
		le, _ := strconv.ParseFloat(s.labels["le"], 64)
		if le != bounds[nb] {
			t.Fatalf("bound %d: %v, want %v", nb, le, bounds[nb])
		}
		below := 0
		for _, v := range values {
			if v < uint64(1)<<(promMinExp+nb) {
				below++
			}
		}
		if s.value != float64(below) {
			t.Errorf("le=%v: %v, want %d", le, s.value, below)
		}
		nb++
	}
	if nb != len(bounds) || len(bounds) != 24 {
		t.Errorf("%d buckets, %d bounds", nb, len(bounds))
	}
	var sum uint64
	for _, v := range values {
		sum += v
	}
	for _, s := range h.samples {
		if s.name == "minimact_reconcile_duration_seconds_sum" && math.Abs(s.value-float64(sum)/1e9) > 1e-6*float64(sum)/1e9 {
			t.Errorf("sum %v, want %v", s.value, float64(sum)/1e9)
		}
		if s.name == "minimact_reconcile_duration_seconds_count" && s.value != 5000 {
			t.Errorf("count %v", s.value)
		}
	}
	kept := fams["minimact_log_events_total"]
	if kept == nil || len(kept.samples) != 5 {
		t.Fatalf("log events %+v", kept)
	}
	for _, s := range kept.samples {
		if s.value != 2 {
			t.Errorf("log events %v", s)
		}
	}
	for _, s := range fams["minimact_log_events_dropped_total"].samples {
		if s.labels["where"] == "ring" && s.value != 6 {
			t.Errorf("ring drops %v", s)
		}
	}
	for _, name := range []string{"minimact_learn_duration_seconds", "minimact_predict_duration_seconds",
		"minimact_metrics_reset_time_seconds", "minimact_panics_recovered_total", "minimact_validation_failures_total",
		"minimact_log_callback_events_total", "minimact_prediction_hits_total", "minimact_prediction_misses_total"} {
		if fams[name] == nil {
			t.Errorf("no %s", name)
		}
	}
	if strings.Contains(text, "NaN") {
		t.Errorf("NaN in an empty histogram or gauge")
	}
	// Without the caller's part: still well formed.
	parseProm(t, string(NewMetrics().AppendPrometheus(nil, nil)))
}

func TestPrometheusResetTime(t *testing.T) {
	m := NewMetrics()
	if !m.ResetTime().Equal(m.Start()) {
		t.Fatal("reset time before a reset is not the start")
	}
	m.Reset()
	if m.ResetTime().Before(m.Start()) {
		t.Fatal("reset time before the start")
	}
}

func TestAppendEscaped(t *testing.T) {
	for _, c := range []struct{ in, help, label string }{
		{`plain`, `plain`, `plain`},
		{"a\\b", `a\\b`, `a\\b`},
		{"q\"", `q"`, `q\"`},
		{"n\nl", `n\nl`, `n\nl`},
		{"bad\xff", "bad\ufffd", "bad\ufffd"},
	} {
		if got := string(appendEscaped(nil, c.in, false)); got != c.help {
			t.Errorf("help %q = %q, want %q", c.in, got, c.help)
		}
		if got := string(appendEscaped(nil, c.in, true)); got != c.label {
			t.Errorf("label %q = %q, want %q", c.in, got, c.label)
		}
	}
	for v, want := range map[float64]string{math.Inf(1): "+Inf", math.Inf(-1): "-Inf", 0.5: "0.5", 1e-6: "1e-06", 3: "3"} {
		if got := string(appendValue(nil, v)); got != want {
			t.Errorf("value %v = %q, want %q", v, got, want)
		}
	}
	if got := string(appendValue(nil, math.NaN())); got != "NaN" {
		t.Errorf("NaN = %q", got)
	}
}

func BenchmarkAppendPrometheus(b *testing.B) {
	m := NewMetrics()
	l := NewLogger(4)
	x := &Exposition{BuildInfo: []Label{{"version", "1.0.0"}}, Log: l}
	var buf []byte
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = m.AppendPrometheus(buf[:0], x)
	}
}
