package fuzz

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/reconcile"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the seed corpus in testdata/fuzz")

// goldenDir holds the reconciler's golden cases, the first source of seeds.
const goldenDir = "../runtime/reconcile/testdata/golden"

// seedGoldens are the golden cases the seeds are taken from: a spread of
// list edits, root changes, Fragments, nulls and escapes.
var seedGoldens = []string{
	"text_escapes", "props_raw_values", "shuffle", "move_keeps_identity", "keyed_unkeyed_mix",
	"fragment_flattening", "null_children", "duplicate_keys", "root_element_to_fragment",
	"root_fragment_children", "key_null_vs_absent", "clear_list", "children_to_text", "rawhtml_change",
}

type golden struct {
	Old, New, Patches json.RawMessage
}

func loadGolden(t *testing.T, name string) (old, new, patches []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(goldenDir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	c := func(b []byte) []byte {
		var out bytes.Buffer
		if err := json.Compact(&out, b); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	return c(g.Old), c(g.New), c(g.Patches)
}

// seed is one corpus entry: a file name and the target's arguments.
type seed struct {
	name string
	args [][]byte
}

func seeds(t *testing.T) map[string][]seed {
	out := map[string][]seed{}
	add := func(target, name string, args ...[]byte) {
		out[target] = append(out[target], seed{name, args})
	}
	for _, name := range seedGoldens {
		old, new, patches := loadGolden(t, name)
		add("FuzzReconcile", "golden_"+name, old, new)
		add("FuzzApply", "golden_"+name, old, patches)
	}
	for _, name := range seedGoldens[:6] {
		old, _, patches := loadGolden(t, name)
		add("FuzzDecode", "golden_tree_"+name, old)
		add("FuzzDecode", "golden_patches_"+name, patches)
	}
	for i := uint64(1); i <= 6; i++ {
		o, n := treegen.New(i).Pair()
		oj, nj := o.JSON(), n.JSON()
		out, err := reconcile.New(vdom.Limits{}).JSON(oj, nj)
		if err != nil {
			t.Fatal(err)
		}
		add("FuzzReconcile", fmt.Sprintf("treegen_%d", i), oj, nj)
		add("FuzzApply", fmt.Sprintf("treegen_%d", i), oj, slices.Clone(out))
		if i <= 3 {
			add("FuzzDecode", fmt.Sprintf("treegen_%d", i), nj)
		}
	}
	// Hand-written edges: escapes, unknown members, limits, broken input.
	for name, s := range map[string]string{
		"escapes":         `{"type":"Element","tag":"p","key":"k\u00e9","props":{"t\"":"\\\/\b\f\n\r\t","n":-1.5e3,"o":{"a":[true,null]}},"children":[{"type":"Text","content":"\ud83d\ude00"}]}`,
		"unknown_members": `{"x":[1,{"y":null}],"type":"Text","content":"a","props":{},"key":null,"children":[null,{"type":"Fragment"}]}`,
		"lone_surrogate":  `{"type":"Text","content":"\ud800"}`,
		"deep":            strings.Repeat(`{"type":"Fragment","children":[`, 6) + strings.Repeat("]}", 6),
		"truncated":       `{"type":"Element","tag":"ul","children":[{"type":"Element","tag":"li","key":"a","ch`,
		"duplicate":       `{"type":"Element","tag":"a","props":{"a":"1","\u0061":"2"}}`,
		"patch_members":   `[{"type":"Create","path":[0],"node":{"type":"Text","content":""},"extra":1},{"type":"ReorderChildren","path":[],"order":["a","a"]}]`,
		"invalid_utf8":    "{\"type\":\"Text\",\"content\":\"\xff\"}",
	} {
		add("FuzzDecode", "edge_"+name, []byte(s))
	}
	// Patch lists that must fail.
	abc := []byte(`{"type":"Element","tag":"ul","children":[{"type":"Element","tag":"li","key":"a"},{"type":"Text","content":"t"},{"type":"RawHtml","html":"<b>"}]}`)
	for name, s := range map[string]string{
		"out_of_range":     `[{"type":"Remove","path":[3]}]`,
		"text_on_rawhtml":  `[{"type":"UpdateText","path":[2],"content":"x"}]`,
		"key_not_found":    `[{"type":"ReorderChildren","path":[],"order":["b"]}]`,
		"fragment_below":   `[{"type":"Create","path":[1],"node":{"type":"Fragment","children":[]}}]`,
		"stale_path":       `[{"type":"Remove","path":[0]},{"type":"UpdateProps","path":[0],"props":{}}]`,
		"update_text_root": `[{"type":"UpdateText","path":[],"content":"x"},{"type":"Create","path":[1],"node":{"type":"Text","content":"y"}}]`,
	} {
		add("FuzzApply", "edge_"+name, abc, []byte(s))
	}
	add("FuzzReconcile", "edge_invalid_new", abc, []byte(`{"type":"Element"}`))
	add("FuzzReconcile", "edge_invalid_old", []byte(`[]`), abc)
	return out
}

// marshal writes the arguments in the `go test fuzz v1` file format.
func marshal(args [][]byte) []byte {
	b := []byte("go test fuzz v1\n")
	for _, a := range args {
		b = append(b, "[]byte("...)
		b = strconv.AppendQuote(b, string(a))
		b = append(b, ")\n"...)
	}
	return b
}

// TestSeedCorpus checks that each target has its checked-in seeds
// (-update-corpus writes them from the golden cases and generated trees; the
// go tool runs them as tests). Inputs the go tool adds when fuzzing finds a
// failure are left alone.
func TestSeedCorpus(t *testing.T) {
	for target, ss := range seeds(t) {
		dir := filepath.Join("testdata", "fuzz", target)
		if *updateCorpus {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			ours, _ := filepath.Glob(filepath.Join(dir, "*_*")) // golden_, treegen_, edge_
			for _, f := range ours {
				if !slices.ContainsFunc(ss, func(s seed) bool { return s.name == filepath.Base(f) }) {
					os.Remove(f)
				}
			}
		}
		for _, s := range ss {
			file := filepath.Join(dir, s.name)
			if *updateCorpus {
				if err := os.WriteFile(file, marshal(s.args), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(file)
			if err != nil {
				t.Errorf("%v (run with -update-corpus)", err)
				continue
			}
			if !bytes.HasPrefix(got, []byte("go test fuzz v1\n")) || bytes.Count(got, []byte("\n[]byte(")) != len(s.args) {
				t.Errorf("%s is not a seed of %d arguments", file, len(s.args))
			}
		}
		if n := len(ss); n < 12 || n > 30 {
			t.Errorf("%s has %d seeds; keep a dozen or two", target, n)
		}
	}
}
