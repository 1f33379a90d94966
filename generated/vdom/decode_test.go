// This file is written by hand (the generator owns the other files here): it
// tests the decoder's validation against schema/limits.go and PATCHES.md.

package vdom_test

import (
	"bytes"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

func decodeTree(l vdom.Limits, src string) (*vdom.Tree, error) {
	t := &vdom.Tree{}
	err := vdom.NewDecoder(l).DecodeTree([]byte(src), t)
	return t, err
}

func mustDecode(t *testing.T, src string) *vdom.Tree {
	t.Helper()
	tr, err := decodeTree(vdom.Limits{}, src)
	if err != nil {
		t.Fatalf("decode %.200s: %v", src, err)
	}
	return tr
}

// wantError checks that err is an *Error with code at offset (offset < 0: any
// offset within the input).
func wantError(t *testing.T, err error, code vdom.Code, offset int, src string) {
	t.Helper()
	if err == nil {
		t.Fatalf("decoded; want %v at byte %d", code, offset)
	}
	var e *vdom.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not a *vdom.Error", err, err)
	}
	if e.Code != code || vdom.CodeOf(err) != code || !errors.Is(err, &vdom.Error{Code: code}) {
		t.Fatalf("got %v; want code %v", err, code)
	}
	if offset >= 0 && e.Offset != offset {
		t.Fatalf("got %v; want offset %d (%q), got %q", err, offset, around(src, offset), around(src, e.Offset))
	}
	if e.Offset < 0 || e.Offset > len(src) {
		t.Fatalf("got %v: offset outside the input of %d bytes", err, len(src))
	}
}

func around(s string, off int) string {
	if off < 0 || off > len(s) {
		return "<out of range>"
	}
	return s[off:min(len(s), off+20)]
}

// ---- limits ----

// A builder returns a document with n of the measured thing, and the offset
// at which the decoder must report it when n is one over the limit.
type builder func(n int) (src string, off int)

const elemOpen = `{"type":"Element","tag":"a","children":[`

// chainDepth nests n+1 nodes, so that the deepest (a Text) is at depth n; off
// is where the deepest node starts.
func chainDepth(n int) (string, int) {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(elemOpen)
	}
	off := b.Len()
	b.WriteString(`{"type":"Text","content":"x"}`)
	for i := 0; i < n; i++ {
		b.WriteString("]}")
	}
	return b.String(), off
}

// nodeCount writes exactly n VNode objects (an element root, groups of
// texts), with nulls that do not count; off is where the n-th node starts.
func nodeCount(n int) (string, int) {
	var b strings.Builder
	b.WriteString(`{"type":"Element","tag":"root","children":[null,`)
	off := 0
	left := n - 1
	for left > 0 {
		off = b.Len()
		b.WriteString(`{"type":"Element","tag":"g","children":[null`)
		left--
		for k := 0; k < 900 && left > 0; k++ {
			b.WriteString(",")
			off = b.Len()
			b.WriteString(`{"type":"Text","content":""}`)
			left--
		}
		b.WriteString("]},")
	}
	b.WriteString("null]}")
	return b.String(), off
}

// childEntries writes an element with n entries in its children array,
// every other one null; off is where the n-th entry starts.
func childEntries(n int) (string, int) {
	var b strings.Builder
	b.WriteString(`{"type":"Element","tag":"ul","children":[`)
	off := 0
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		off = b.Len()
		if i%2 == 0 {
			b.WriteString("null")
		} else {
			b.WriteString(`{"type":"Text","content":"t"}`)
		}
	}
	b.WriteString("]}")
	return b.String(), off
}

// propCount writes an element with n props; off is the n-th prop's name.
func propCount(n int) (string, int) {
	var b strings.Builder
	b.WriteString(`{"type":"Element","tag":"a","props":{`)
	off := 0
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		off = b.Len()
		b.WriteString(`"p` + strconv.Itoa(i) + `":"v"`)
	}
	b.WriteString("}}")
	return b.String(), off
}

// stringAt writes a document whose string member holds n bytes (a 2-byte
// rune where n allows, to count bytes, not runes); off is just after the
// opening quote.
func stringAt(prefix, suffix string) builder {
	return func(n int) (string, int) {
		s := strings.Repeat("é", n/2) + strings.Repeat("x", n%2)
		return prefix + s + suffix, len(prefix)
	}
}

// escapedStringAt is stringAt with every byte written as an escape: the limit
// counts the decoded bytes.
func escapedStringAt(prefix, suffix string) builder {
	return func(n int) (string, int) {
		return prefix + strings.Repeat(`\n`, n) + suffix, len(prefix)
	}
}

// rawValueAt writes a prop whose value is a number of n bytes; off is its
// first byte.
func rawValueAt(n int) (string, int) {
	prefix := `{"type":"Element","tag":"a","props":{"n":`
	return prefix + strings.Repeat("1", n) + `}}`, len(prefix)
}

// jsonSize writes a document of exactly n bytes; off is 0.
func jsonSize(n int) (string, int) {
	const head, tail = `{"type":"Text","content":"`, `"}`
	return head + strings.Repeat("x", n-len(head)-len(tail)) + tail, 0
}

type limitCase struct {
	name  string
	lim   vdom.Limits // zero fields take the defaults
	max   int         // the limit in force
	build builder
	code  vdom.Code
}

func limitCases() []limitCase {
	def := vdom.DefaultLimits()
	big := vdom.Limits{MaxJSONBytes: 8 << 20} // room for a default-size string
	with := func(l vdom.Limits, f func(*vdom.Limits)) vdom.Limits { f(&l); return l }
	tagAt := stringAt(`{"type":"Element","tag":"`, `"}`)
	keyAt := stringAt(`{"type":"Element","tag":"a","key":"`, `"}`)
	propNameAt := stringAt(`{"type":"Element","tag":"a","props":{"`, `":"v"}}`)
	propValAt := stringAt(`{"type":"Element","tag":"a","props":{"v":"`, `"}}`)
	textAt := stringAt(`{"type":"Text","content":"`, `"}`)
	htmlAt := stringAt(`{"type":"RawHtml","html":"`, `"}`)
	return []limitCase{
		{"depth/default", vdom.Limits{}, def.MaxTreeDepth, chainDepth, vdom.TreeTooDeep},
		{"depth/configured", vdom.Limits{MaxTreeDepth: 5}, 5, chainDepth, vdom.TreeTooDeep},
		{"depth/one", vdom.Limits{MaxTreeDepth: 1}, 1, chainDepth, vdom.TreeTooDeep},
		{"nodes/default", vdom.Limits{}, def.MaxNodeCount, nodeCount, vdom.TreeTooLarge},
		{"nodes/configured", vdom.Limits{MaxNodeCount: 50}, 50, nodeCount, vdom.TreeTooLarge},
		{"children/default", vdom.Limits{}, def.MaxChildrenPerNode, childEntries, vdom.TooManyChildren},
		{"children/configured", vdom.Limits{MaxChildrenPerNode: 10}, 10, childEntries, vdom.TooManyChildren},
		{"propkey/default", vdom.Limits{}, def.MaxPropKeyLength, propNameAt, vdom.PropertyTooLong},
		{"propkey/configured", vdom.Limits{MaxPropKeyLength: 8}, 8, propNameAt, vdom.PropertyTooLong},
		{"propkey/escaped", vdom.Limits{MaxPropKeyLength: 8}, 8,
			escapedStringAt(`{"type":"Element","tag":"a","props":{"`, `":"v"}}`), vdom.PropertyTooLong},
		{"tag/default", vdom.Limits{}, def.MaxPropKeyLength, tagAt, vdom.PropertyTooLong},
		{"tag/configured", vdom.Limits{MaxPropKeyLength: 8}, 8, tagAt, vdom.PropertyTooLong},
		{"propvalue/default", vdom.Limits{}, def.MaxPropValueLength, propValAt, vdom.PropertyTooLong},
		{"propvalue/configured", vdom.Limits{MaxPropValueLength: 16}, 16, propValAt, vdom.PropertyTooLong},
		{"propvalue/raw/default", vdom.Limits{}, def.MaxPropValueLength, rawValueAt, vdom.PropertyTooLong},
		{"propvalue/raw/configured", vdom.Limits{MaxPropValueLength: 16}, 16, rawValueAt, vdom.PropertyTooLong},
		{"key/default", vdom.Limits{}, def.MaxPropValueLength, keyAt, vdom.PropertyTooLong},
		{"key/configured", vdom.Limits{MaxPropValueLength: 16}, 16, keyAt, vdom.PropertyTooLong},
		{"text/default", big, def.MaxTextLength, textAt, vdom.TextTooLong},
		{"text/configured", vdom.Limits{MaxTextLength: 32}, 32, textAt, vdom.TextTooLong},
		{"text/escaped", with(big, func(l *vdom.Limits) { l.MaxTextLength = 32 }), 32,
			escapedStringAt(`{"type":"Text","content":"`, `"}`), vdom.TextTooLong},
		{"html/default", big, def.MaxTextLength, htmlAt, vdom.TextTooLong},
		{"html/configured", vdom.Limits{MaxTextLength: 32}, 32, htmlAt, vdom.TextTooLong},
		{"json/default", vdom.Limits{}, def.MaxJSONBytes, jsonSize, vdom.JsonTooLarge},
		{"json/configured", vdom.Limits{MaxJSONBytes: 200}, 200, jsonSize, vdom.JsonTooLarge},
		{"props/default", vdom.Limits{}, def.MaxPropsPerNode, propCount, vdom.TooManyProps},
		{"props/configured", vdom.Limits{MaxPropsPerNode: 3}, 3, propCount, vdom.TooManyProps},
	}
}

// TestLimits checks every limit at its default and configured: the document
// at the limit decodes, one over it fails with the limit's code, at the byte
// where the breach is, with the limit in the message.
func TestLimits(t *testing.T) {
	for _, c := range limitCases() {
		t.Run(c.name, func(t *testing.T) {
			d := vdom.NewDecoder(c.lim)
			src, _ := c.build(c.max)
			var tr vdom.Tree
			if err := d.DecodeTree([]byte(src), &tr); err != nil {
				t.Fatalf("at the limit (%d): %v", c.max, err)
			}
			src, off := c.build(c.max + 1)
			err := d.DecodeTree([]byte(src), &tr)
			wantError(t, err, c.code, off, src)
			if !strings.Contains(err.Error(), strconv.Itoa(c.max)) {
				t.Errorf("message %q does not name the limit %d", err, c.max)
			}
		})
	}
}

func TestLimitsDefaults(t *testing.T) {
	want := vdom.Limits{
		MaxTreeDepth: 100, MaxNodeCount: 10000, MaxChildrenPerNode: 1000, MaxPropKeyLength: 256,
		MaxPropValueLength: 4096, MaxTextLength: 1 << 20, MaxJSONBytes: 1 << 20, MaxPropsPerNode: 1000,
	}
	if got := vdom.DefaultLimits(); got != want {
		t.Fatalf("DefaultLimits() = %+v, want %+v", got, want)
	}
	if got := vdom.NewDecoder(vdom.Limits{}).Limits(); got != want {
		t.Fatalf("zero Limits = %+v, want the defaults", got)
	}
	neg := vdom.Limits{-1, -1, -1, -1, -1, -1, -1, -1, 200}
	if got := vdom.NewDecoder(neg).Limits(); got != want {
		t.Fatalf("negative Limits and an unknown view = %+v, want the defaults", got)
	}
	if got := vdom.NewDecoder(vdom.Limits{DOMView: vdom.ViewNodes}).Limits().DOMView; got != vdom.ViewNodes {
		t.Fatalf("the node view became %v", got)
	}
	got := vdom.NewDecoder(vdom.Limits{MaxTreeDepth: 7, MaxJSONBytes: 1 << 40}).Limits()
	if got.MaxTreeDepth != 7 || got.MaxNodeCount != 10000 || got.MaxJSONBytes != 1<<31-1 {
		t.Fatalf("configured Limits = %+v: want depth 7, the other defaults, JSON capped at 2^31-1", got)
	}
}

// TestDepthCountsFromRoot pins the depth convention: the root is depth 0, so
// a chain of 101 nested nodes is depth 100.
func TestDepthCountsFromRoot(t *testing.T) {
	src, _ := chainDepth(100)
	if n := strings.Count(src, `"type"`); n != 101 {
		t.Fatalf("chain has %d nodes, want 101", n)
	}
	if _, err := decodeTree(vdom.Limits{}, src); err != nil {
		t.Fatalf("101 nested nodes (depth 100): %v", err)
	}
	src, off := chainDepth(101)
	_, err := decodeTree(vdom.Limits{}, src)
	wantError(t, err, vdom.TreeTooDeep, off, src)
	// Fragments count as levels of nesting in the document even though they
	// are flattened away.
	frag := strings.Repeat(`{"type":"Fragment","children":[`, 101) + `{"type":"Text","content":"x"}` + strings.Repeat("]}", 101)
	_, err = decodeTree(vdom.Limits{}, frag)
	wantError(t, err, vdom.TreeTooDeep, 101*len(`{"type":"Fragment","children":[`), frag)
}

// TestLimitsAreForTheDOM checks what the limits count: nulls take no node and
// no child place but do count as children-array entries; Fragments count as
// nodes, and their flattened children count against the parent.
func TestLimitsAreForTheDOM(t *testing.T) {
	nulls := `{"type":"Element","tag":"a","children":[` + strings.Repeat("null,", 9) + `null]}`
	if _, err := decodeTree(vdom.Limits{MaxNodeCount: 1, MaxChildrenPerNode: 10}, nulls); err != nil {
		t.Fatalf("10 nulls under one node: %v", err)
	}
	frag := func(n int) string {
		return `{"type":"Fragment","children":[` + strings.Repeat(`{"type":"Text","content":"t"},`, n-1) + `{"type":"Text","content":"t"}]}`
	}
	src := `{"type":"Element","tag":"a","children":[` + frag(6) + `,` + frag(5) + `]}`
	_, err := decodeTree(vdom.Limits{MaxChildrenPerNode: 10}, src)
	wantError(t, err, vdom.TooManyChildren, 0, src) // at the element that receives them
	src = `{"type":"Element","tag":"a","children":[` + frag(5) + `,` + frag(5) + `]}`
	tr, err := decodeTree(vdom.Limits{MaxChildrenPerNode: 10, MaxNodeCount: 13, DOMView: vdom.ViewNodes}, src)
	if err != nil {
		t.Fatalf("10 flattened children, 13 nodes: %v", err)
	}
	if n := len(tr.Children(tr.Root)); n != 10 {
		t.Fatalf("%d children after flattening, want 10", n)
	}
	_, err = decodeTree(vdom.Limits{MaxChildrenPerNode: 10, MaxNodeCount: 12}, src)
	wantError(t, err, vdom.TreeTooLarge, strings.LastIndex(src, "{"), src)
}

// ---- hostile input ----

func TestHostileDeepArrays(t *testing.T) {
	const n = 1_000_000
	deep := strings.Repeat("[", n)
	cases := []struct {
		name   string
		prefix string
		code   vdom.Code
		at     int // offset of the failure relative to the first '['
	}{
		{"root", "", vdom.InvalidVNode, 0},
		{"unknown member", `{"type":"Text","content":"x","extra":`, vdom.TreeTooDeep, 100},
		{"unknown member first", `{"extra":`, vdom.TreeTooDeep, 100},
		{"prop value", `{"type":"Element","tag":"a","props":{"p":`, vdom.TreeTooDeep, 100},
		{"children", `{"type":"Element","tag":"a","children":`, vdom.InvalidVNode, 1},
		{"object member", `{"type":"Text","content":"x","extra":{"a":`, vdom.TreeTooDeep, 99},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := c.prefix + deep
			var err error
			grew := stackGrowth(func() { _, err = decodeTree(vdom.Limits{}, src) })
			wantError(t, err, c.code, len(c.prefix)+c.at, src)
			if grew > 1<<20 {
				t.Errorf("stack grew by %d bytes", grew)
			}
		})
	}
	t.Run("patch list", func(t *testing.T) {
		var l vdom.PatchList
		err := vdom.NewDecoder(vdom.Limits{}).DecodePatches([]byte(deep), &l)
		wantError(t, err, vdom.InvalidVNode, 1, deep)
		src := `[{"type":"Remove","path":[0],"x":` + deep
		err = vdom.NewDecoder(vdom.Limits{}).DecodePatches([]byte(src), &l)
		wantError(t, err, vdom.TreeTooDeep, len(src)-n+100, src)
	})
}

// stackGrowth runs f on a fresh goroutine and returns how much the goroutine
// stacks in use grew while f ran (measured before f returns).
func stackGrowth(f func()) uint64 {
	done := make(chan uint64)
	go func() {
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		f()
		runtime.ReadMemStats(&b)
		if b.StackInuse < a.StackInuse {
			done <- 0
			return
		}
		done <- b.StackInuse - a.StackInuse
	}()
	return <-done
}

func TestHostileDeepObjects(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 40 MB documents")
	}
	const n = 1_000_000
	src := strings.Repeat(elemOpen, n) + strings.Repeat("]}", n)
	t.Run("default limits", func(t *testing.T) {
		_, err := decodeTree(vdom.Limits{}, src)
		wantError(t, err, vdom.JsonTooLarge, 0, src)
	})
	t.Run("depth limit", func(t *testing.T) {
		var err error
		grew := stackGrowth(func() { _, err = decodeTree(vdom.Limits{MaxJSONBytes: 1 << 30}, src) })
		wantError(t, err, vdom.TreeTooDeep, 101*len(elemOpen), src)
		if grew > 1<<20 {
			t.Errorf("stack grew by %d bytes", grew)
		}
	})
	t.Run("members in any order", func(t *testing.T) {
		src := strings.Repeat(`{"children":[`, n) + strings.Repeat("]}", n)
		_, err := decodeTree(vdom.Limits{MaxJSONBytes: 1 << 30}, src)
		wantError(t, err, vdom.TreeTooDeep, 101*len(`{"children":[`), src)
	})
	t.Run("accepted when the limits allow", func(t *testing.T) {
		// With the limits raised, a million levels decode, encode, compare
		// and rehash without recursion.
		src := strings.Repeat(elemOpen, n-1) + `{"type":"Text","content":"leaf"}` + strings.Repeat("]}", n-1)
		lim := vdom.Limits{MaxJSONBytes: 1 << 30, MaxTreeDepth: n, MaxNodeCount: n}
		var tr *vdom.Tree
		var err error
		var out []byte
		grew := stackGrowth(func() {
			if tr, err = decodeTree(lim, src); err != nil {
				return
			}
			var e vdom.Encoder
			out = e.AppendTree(nil, tr, tr.Root)
			if !vdom.Equal(tr, tr.Root, tr, tr.Root) {
				t.Error("a tree is not Equal to itself")
			}
			tr.Rehash()
		})
		if err != nil {
			t.Fatal(err)
		}
		if grew > 1<<20 {
			t.Errorf("stack grew by %d bytes", grew)
		}
		if len(tr.Nodes) != n {
			t.Fatalf("%d nodes, want %d", len(tr.Nodes), n)
		}
		want := strings.Repeat(`{"type":"Element","tag":"a","props":{},"children":[`, n-1) + `{"type":"Text","content":"leaf"}` + strings.Repeat("]}", n-1)
		if string(out) != want {
			t.Fatalf("encoding of %d bytes differs from the expected %d bytes", len(out), len(want))
		}
	})
}

// TestHugeJSONRejectedWithoutWork: a 100 MB document is rejected before any
// byte of it is read, allocating almost nothing.
func TestHugeJSONRejectedWithoutWork(t *testing.T) {
	src := make([]byte, 100<<20) // zero pages: never touched
	copy(src, `{"type":"Text","content":"`)
	d := vdom.NewDecoder(vdom.Limits{})
	var tr vdom.Tree
	err := d.DecodeTree(src, &tr)
	wantError(t, err, vdom.JsonTooLarge, 0, "")
	if !strings.Contains(err.Error(), "104857600") || !strings.Contains(err.Error(), "1048576") {
		t.Errorf("message %q should name the size and the limit", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	allocs := testing.AllocsPerRun(100, func() { _ = d.DecodeTree(src, &tr) })
	runtime.ReadMemStats(&after)
	if allocs > 4 {
		t.Errorf("%v allocations per rejected document", allocs)
	}
	if per := (after.TotalAlloc - before.TotalAlloc) / 101; per > 1024 {
		t.Errorf("%d bytes allocated per rejected document", per)
	}
	var l vdom.PatchList
	err = d.DecodePatches(src, &l)
	wantError(t, err, vdom.JsonTooLarge, 0, "")
	if allocs := testing.AllocsPerRun(100, func() { _ = d.DecodePatches(src, &l) }); allocs > 4 {
		t.Errorf("%v allocations per rejected patch list", allocs)
	}
}

func TestHundredThousandChildren(t *testing.T) {
	const n = 100_000
	const open = `{"type":"Element","tag":"ul","children":[`
	nulls := open + strings.Repeat("null,", n-1) + "null]}"
	_, err := decodeTree(vdom.Limits{}, nulls)
	wantError(t, err, vdom.TooManyChildren, len(open)+1000*len("null,"), nulls)

	texts := open + strings.Repeat(`{"type":"Text","content":"t"},`, n-1) + `{"type":"Text","content":"t"}]}`
	_, err = decodeTree(vdom.Limits{}, texts)
	wantError(t, err, vdom.JsonTooLarge, 0, texts)
	_, err = decodeTree(vdom.Limits{MaxJSONBytes: 8 << 20, MaxNodeCount: 1 << 20}, texts)
	wantError(t, err, vdom.TooManyChildren, len(open)+1000*len(`{"type":"Text","content":"t"},`), texts)
}

// ---- strings ----

func TestInvalidUTF8(t *testing.T) {
	bad := []struct{ name, s string }{
		{"0xff", "\xff"},
		{"continuation", "\x80"},
		{"overlong", "\xc0\x80"},
		{"truncated", "\xe2\x82"},
		{"surrogate in UTF-8", "\xed\xa0\x80"},
		{"beyond U+10FFFF", "\xf4\x90\x80\x80"},
		{"0xf5", "\xf5\x80\x80\x80"},
	}
	places := []struct{ name, prefix, suffix string }{
		{"content", `{"type":"Text","content":"ok `, `"}`},
		{"content after escape", `{"type":"Text","content":"\n `, `"}`},
		{"tag", `{"type":"Element","tag":"a`, `"}`},
		{"key", `{"type":"Element","tag":"a","key":"k`, `"}`},
		{"prop name", `{"type":"Element","tag":"a","props":{"n`, `":"v"}}`},
		{"prop value", `{"type":"Element","tag":"a","props":{"n":"v`, `"}}`},
		{"raw prop value", `{"type":"Element","tag":"a","props":{"n":["v`, `"]}}`},
		{"html", `{"type":"RawHtml","html":"<b>`, `</b>"}`},
		{"unknown member name", `{"type":"Text","content":"x","n`, `":1}`},
		{"unknown member value", `{"type":"Text","content":"x","n":"`, `"}`},
		{"type", `{"type":"Te`, `xt","content":"x"}`},
	}
	for _, p := range places {
		for _, b := range bad {
			t.Run(p.name+"/"+b.name, func(t *testing.T) {
				src := p.prefix + b.s + p.suffix
				_, err := decodeTree(vdom.Limits{}, src)
				wantError(t, err, vdom.InvalidUtf8, len(p.prefix), src)
			})
		}
	}
	t.Run("patch content", func(t *testing.T) {
		src := `[{"type":"UpdateText","path":[],"content":"` + "\xff" + `"}]`
		var l vdom.PatchList
		err := vdom.NewDecoder(vdom.Limits{}).DecodePatches([]byte(src), &l)
		wantError(t, err, vdom.InvalidUtf8, strings.Index(src, "\xff"), src)
	})
	t.Run("order key", func(t *testing.T) {
		src := `[{"type":"ReorderChildren","path":[],"order":["a","` + "\xff" + `"]}]`
		var l vdom.PatchList
		err := vdom.NewDecoder(vdom.Limits{}).DecodePatches([]byte(src), &l)
		wantError(t, err, vdom.InvalidUtf8, strings.Index(src, "\xff"), src)
	})
	// Valid multi-byte UTF-8 of every length is accepted as is.
	tr := mustDecode(t, `{"type":"Text","content":"é€😀\u007f"}`)
	if got := string(tr.Bytes(tr.Nodes[tr.Root].Content)); got != "é€😀\x7f" {
		t.Fatalf("content %q", got)
	}
}

func TestLoneSurrogates(t *testing.T) {
	for _, s := range []string{
		`\ud800`, `\udbff`, `\udc00`, `\udfff`, `\uDFFF`,
		`\ud800\u0041`, `\ud800x`, `\ud800\ud800`, `\udc00\ud800`, `\ud800\n`, `\ud800\u00`,
	} {
		t.Run(s, func(t *testing.T) {
			prefix := `{"type":"Text","content":"ab`
			src := prefix + s + `"}`
			_, err := decodeTree(vdom.Limits{}, src)
			wantError(t, err, vdom.InvalidUtf8, len(prefix), src)
			src = `{"type":"Element","tag":"a","props":{"x` + s + `":""}}`
			_, err = decodeTree(vdom.Limits{}, src)
			wantError(t, err, vdom.InvalidUtf8, strings.Index(src, `\`), src)
		})
	}
}

func TestEscapes(t *testing.T) {
	cases := []struct{ esc, want string }{
		{`\"`, `"`}, {`\\`, `\`}, {`\/`, `/`},
		{`\b`, "\b"}, {`\f`, "\f"}, {`\n`, "\n"}, {`\r`, "\r"}, {`\t`, "\t"},
		{`\u0000`, "\x00"}, {`\u001f`, "\x1f"}, {`\u0041`, "A"}, {`\u007F`, "\x7f"},
		{`\u00e9`, "é"}, {`\u00E9`, "é"}, {`\u20ac`, "€"}, {`\uFFFF`, "\uffff"}, {`\ufeff`, "\ufeff"},
		{`\ud7ff`, "\ud7ff"}, {`\ue000`, "\ue000"},
		{`\ud83d\ude00`, "😀"}, {`\uD83D\uDE00`, "😀"}, {`\ud800\udc00`, "\U00010000"}, {`\udbff\udfff`, "\U0010ffff"},
		{`a\u0062c\n\u00e9\ud83d\ude00z`, "abc\né😀z"},
	}
	for _, c := range cases {
		t.Run(c.esc, func(t *testing.T) {
			src := `{"type":"Element","tag":"t` + c.esc + `","key":"k` + c.esc + `","props":{"n` + c.esc + `":"v` + c.esc +
				`"},"children":[{"type":"Text","content":"` + c.esc + `"},{"type":"RawHtml","html":"` + c.esc + `"}]}`
			tr := mustDecode(t, src)
			root := &tr.Nodes[tr.Root]
			ps := tr.PropList(tr.Root)
			kids := tr.Children(tr.Root)
			got := []string{
				string(tr.Bytes(root.Tag)), string(tr.Bytes(root.Key)),
				string(tr.Bytes(ps[0].Name)), string(tr.Bytes(ps[0].Val)),
				string(tr.Bytes(tr.Nodes[kids[0]].Content)), string(tr.Bytes(tr.Nodes[kids[1]].HTML)),
			}
			want := []string{"t" + c.want, "k" + c.want, "n" + c.want, "v" + c.want, c.want, c.want}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("member %d: got %q, want %q", i, got[i], want[i])
				}
			}
			// The encoding decodes to the same bytes.
			var e vdom.Encoder
			out := e.AppendTree(nil, tr, tr.Root)
			back := mustDecode(t, string(out))
			if !vdom.Equal(tr, tr.Root, back, back.Root) {
				t.Errorf("re-decoded encoding differs: %s", out)
			}
		})
	}
	for _, bad := range []string{`\x`, `\u12`, `\u12g4`, `\U0041`, `\'`, "\\\n", `\`} {
		t.Run("bad "+bad, func(t *testing.T) {
			prefix := `{"type":"Text","content":"a`
			src := prefix + bad + `"}`
			if bad == `\` {
				src = prefix + bad
			}
			_, err := decodeTree(vdom.Limits{}, src)
			wantError(t, err, vdom.Serialization, -1, src)
		})
	}
	// Raw control bytes must be escaped.
	src := "{\"type\":\"Text\",\"content\":\"a\tb\"}"
	_, err := decodeTree(vdom.Limits{}, src)
	wantError(t, err, vdom.Serialization, strings.Index(src, "\t"), src)
}

// ---- members ----

func TestDuplicateMembers(t *testing.T) {
	cases := []struct{ name, src, at string }{
		{"type", `{"type":"Text","content":"x","type":"Text"}`, `"Text"}`},
		{"type escaped", `{"type":"Text","content":"x","ty\u0070e":"Text"}`, `"Text"}`},
		{"tag", `{"type":"Element","tag":"a","tag":"b"}`, `"b"`},
		{"props", `{"type":"Element","tag":"a","props":{},"props":{}}`, `{}}`},
		{"children", `{"type":"Element","tag":"a","children":[],"children":[]}`, `[]}`},
		{"key", `{"type":"Element","tag":"a","key":"k","key":"k"}`, `"k"}`},
		{"key null then value", `{"type":"Element","tag":"a","key":null,"key":"k"}`, `"k"}`},
		{"content", `{"type":"Text","content":"x","content":"y"}`, `"y"`},
		{"html", `{"type":"RawHtml","html":"x","html":"x"}`, `"x"}`},
		{"nested", `{"type":"Element","tag":"a","children":[{"type":"Text","content":"x","content":"y"}]}`, `"y"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeTree(vdom.Limits{}, c.src)
			wantError(t, err, vdom.InvalidVNode, strings.LastIndex(c.src, c.at), c.src)
		})
	}
	props := []string{
		`{"type":"Element","tag":"a","props":{"a":"1","a":"2"}}`,
		`{"type":"Element","tag":"a","props":{"b":"1","a":"1","b":1}}`,
		`{"type":"Element","tag":"a","props":{"a":"1","\u0061":"1"}}`,
	}
	for _, src := range props {
		t.Run("prop "+src, func(t *testing.T) {
			_, err := decodeTree(vdom.Limits{}, src)
			wantError(t, err, vdom.InvalidVNode, -1, src)
			if !strings.Contains(err.Error(), `duplicate prop "`) {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestUnknownMembersIgnored(t *testing.T) {
	plain := mustDecode(t, `{"type":"Element","tag":"div","props":{"a":"1"},"children":[{"type":"Text","content":"x"}]}`)
	deepArr := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	deepObj := strings.Repeat(`{"a":`, 99) + `{}` + strings.Repeat("}", 99)
	for _, extra := range []string{
		`"x":1`, `"x":-1.5e+10`, `"x":true`, `"x":false`, `"x":null`, `"x":"s\u00e9\n"`,
		`"x":{}`, `"x":[]`, `"x":{"type":"Text","tag":"p","children":[1,2,{"k":[null]}]}`,
		`"Type":"Bogus"`, `"TYPE":1`, `"type ":2`, `"tags":"x"`, `"":0`, `"\u0074ypo":[]`,
		`"x":` + deepArr, `"x":` + deepObj, `"x":[{"y":` + strings.Repeat("[", 98) + strings.Repeat("]", 98) + `}]`,
		`"x":1,"x":2`, // unknown members may repeat: they are not read
	} {
		t.Run(extra, func(t *testing.T) {
			for _, src := range []string{
				`{` + extra + `,"type":"Element","tag":"div","props":{"a":"1"},"children":[{"type":"Text","content":"x"}]}`,
				`{"type":"Element","tag":"div",` + extra + `,"props":{"a":"1"},"children":[{"type":"Text","content":"x",` + extra + `}]}`,
				`{"type":"Element","tag":"div","props":{"a":"1"},"children":[{"type":"Text","content":"x"}],` + extra + `}`,
			} {
				tr := mustDecode(t, src)
				if !vdom.Equal(tr, tr.Root, plain, plain.Root) {
					t.Errorf("%s decodes to another tree", src)
				}
			}
		})
	}
	t.Run("too deep", func(t *testing.T) {
		src := `{"type":"Text","content":"x","x":[` + deepArr + `]}`
		_, err := decodeTree(vdom.Limits{}, src)
		wantError(t, err, vdom.TreeTooDeep, strings.Index(src, "[")+100, src)
	})
	t.Run("malformed", func(t *testing.T) {
		for _, v := range []string{`[1,]`, `{"a"}`, `{"a":1,}`, `tru`, `01`, `1.`, `-`, `"x`, `{1:2}`, `[1 2]`, `nul`} {
			src := `{"type":"Text","content":"x","x":` + v + `}`
			_, err := decodeTree(vdom.Limits{}, src)
			wantError(t, err, vdom.Serialization, -1, src)
		}
	})
}

func TestKeyAbsentVsNull(t *testing.T) {
	absent := mustDecode(t, `{"type":"Element","tag":"li","children":[{"type":"Text","content":"x"}]}`)
	null := mustDecode(t, `{"type":"Element","tag":"li","key":null,"children":[{"type":"Text","content":"x"}]}`)
	empty := mustDecode(t, `{"type":"Element","tag":"li","key":"","children":[{"type":"Text","content":"x"}]}`)
	if absent.Nodes[absent.Root].Keyed || null.Nodes[null.Root].Keyed {
		t.Fatal("an absent or null key makes a keyed node")
	}
	if !vdom.Equal(absent, absent.Root, null, null.Root) || !vdom.Compatible(absent, absent.Root, null, null.Root) {
		t.Fatal("absent and null keys differ")
	}
	var e vdom.Encoder
	if a, n := e.AppendTree(nil, absent, absent.Root), e.AppendTree(nil, null, null.Root); !bytes.Equal(a, n) {
		t.Fatalf("encodings differ: %s vs %s", a, n)
	}
	// The empty string is a key like any other.
	if !empty.Nodes[empty.Root].Keyed || vdom.Equal(absent, absent.Root, empty, empty.Root) {
		t.Fatal(`"key":"" must be a key, distinct from no key`)
	}
	// Members of other kinds may be null (or empty), which is the same as absent.
	mustDecode(t, `{"type":"Text","content":"x","key":null,"tag":null,"props":null,"children":null,"html":null}`)
	mustDecode(t, `{"type":"Text","content":"x","tag":"","props":{},"children":[null,{"type":"Fragment"}],"html":""}`)
	mustDecode(t, `{"type":"Element","tag":"a","content":"","html":null,"props":null,"children":null}`)
}

func TestFragmentsFlattenedNullsDropped(t *testing.T) {
	src := `{"type":"Element","tag":"div","children":[null,
		{"type":"Fragment","children":[{"type":"Text","content":"a"},null,
			{"type":"Fragment","children":[{"type":"Text","content":"b"},{"type":"Fragment"},{"type":"Fragment","children":null}]}]},
		{"type":"Text","content":"c"},{"type":"Fragment","children":[]},null]}`
	// in the node view (view_test.go: in the HTML view the three are one)
	nodes := vdom.NewDecoder(vdom.Limits{DOMView: vdom.ViewNodes})
	tr, flat := &vdom.Tree{}, &vdom.Tree{}
	if err := nodes.DecodeTree([]byte(src), tr); err != nil {
		t.Fatal(err)
	}
	if err := nodes.DecodeTree([]byte(`{"type":"Element","tag":"div","children":[{"type":"Text","content":"a"},{"type":"Text","content":"b"},{"type":"Text","content":"c"}]}`), flat); err != nil {
		t.Fatal(err)
	}
	kids := tr.Children(tr.Root)
	if len(kids) != 3 {
		t.Fatalf("%d children, want 3", len(kids))
	}
	for i, want := range []string{"a", "b", "c"} {
		if nd := tr.Nodes[kids[i]]; nd.Kind != vdom.KindText || string(tr.Bytes(nd.Content)) != want {
			t.Fatalf("child %d: %v %q", i, nd.Kind, tr.Bytes(nd.Content))
		}
	}
	if !vdom.Equal(tr, tr.Root, flat, flat.Root) {
		t.Fatal("not Equal to the flat tree")
	}
	var e vdom.Encoder
	if a, b := e.AppendTree(nil, tr, tr.Root), e.AppendTree(nil, flat, flat.Root); !bytes.Equal(a, b) {
		t.Fatalf("encodings differ:\n%s\n%s", a, b)
	}
	// A root Fragment stays (it stands for the container's children); its
	// nested Fragments are flattened into it.
	root := &vdom.Tree{}
	if err := nodes.DecodeTree([]byte(`{"type":"Fragment","children":[null,{"type":"Fragment","children":[{"type":"Text","content":"a"}]},{"type":"Text","content":"b"}]}`), root); err != nil {
		t.Fatal(err)
	}
	if k := root.Nodes[root.Root].Kind; k != vdom.KindFragment || len(root.Children(root.Root)) != 2 {
		t.Fatalf("root %v with %d children", k, len(root.Children(root.Root)))
	}
	if out := e.AppendTree(nil, root, root.Root); string(out) != `{"type":"Fragment","children":[{"type":"Text","content":"a"},{"type":"Text","content":"b"}]}` {
		t.Fatalf("root Fragment encodes as %s", out)
	}
}

func TestInvalidShapes(t *testing.T) {
	cases := []struct {
		name, src string
		code      vdom.Code
		at        int
	}{
		{"empty", ``, vdom.Serialization, 0},
		{"blank", " \n\t", vdom.Serialization, 0},
		{"root array", `[]`, vdom.InvalidVNode, 0},
		{"root string", `"x"`, vdom.InvalidVNode, 0},
		{"root null", `null`, vdom.InvalidVNode, 0},
		{"no type", `{"tag":"a"}`, vdom.InvalidVNode, 0},
		{"type null", `{"type":null}`, vdom.InvalidVNode, 8},
		{"type number", `{"type":1}`, vdom.InvalidVNode, 8},
		{"unknown type", `{"type":"Comment"}`, vdom.InvalidVNode, 8},
		{"type case", `{"type":"element","tag":"a"}`, vdom.InvalidVNode, 8},
		{"element without tag", `{"type":"Element"}`, vdom.InvalidVNode, 0},
		{"element empty tag", `{"type":"Element","tag":""}`, vdom.InvalidVNode, 0},
		{"tag number", `{"type":"Element","tag":1}`, vdom.InvalidVNode, 24},
		{"props array", `{"type":"Element","tag":"a","props":[]}`, vdom.InvalidVNode, 36},
		{"children object", `{"type":"Element","tag":"a","children":{}}`, vdom.InvalidVNode, 39},
		{"child string", `{"type":"Element","tag":"a","children":["x"]}`, vdom.InvalidVNode, 40},
		{"child array", `{"type":"Element","tag":"a","children":[[]]}`, vdom.InvalidVNode, 40},
		{"text with tag", `{"type":"Text","content":"x","tag":"p"}`, vdom.InvalidVNode, 0},
		{"text with children", `{"type":"Text","children":[{"type":"Text","content":"x"}]}`, vdom.InvalidVNode, 0},
		{"text with key", `{"type":"Text","key":"k"}`, vdom.InvalidVNode, 0},
		{"element with content", `{"type":"Element","tag":"a","content":"x"}`, vdom.InvalidVNode, 0},
		{"fragment with props", `{"type":"Fragment","props":{"a":"b"}}`, vdom.InvalidVNode, 0},
		{"rawhtml with content", `{"type":"RawHtml","html":"x","content":"y"}`, vdom.InvalidVNode, 0},
		{"nested error offset", `{"type":"Element","tag":"a","children":[{"type":"Text","tag":"p"}]}`, vdom.InvalidVNode, 40},
		{"prop value object ok, name number", `{"type":"Element","tag":"a","props":{1:2}}`, vdom.Serialization, 37},
		{"trailing data", `{"type":"Text","content":"x"}{}`, vdom.Serialization, 29},
		{"trailing comma", `{"type":"Text","content":"x",}`, vdom.Serialization, 29},
		{"missing comma", `{"type":"Text" "content":"x"}`, vdom.Serialization, 15},
		{"unterminated", `{"type":"Text","content":"x"`, vdom.Serialization, 28},
		{"unterminated string", `{"type":"Text","content":"x`, vdom.Serialization, 27},
		// The end of input where a child should be is reported as a bad child.
		{"unclosed children", `{"type":"Element","tag":"a","children":[`, vdom.InvalidVNode, 40},
		{"unclosed children after a child", `{"type":"Element","tag":"a","children":[null`, vdom.Serialization, 44},
		{"bad literal", `{"type":"Element","tag":"a","children":[nul]}`, vdom.Serialization, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeTree(vdom.Limits{}, c.src)
			wantError(t, err, c.code, c.at, c.src)
		})
	}
}

// ---- patch lists ----

func TestDecodePatches(t *testing.T) {
	ok := `[{"type":"Create","path":[0,1],"node":{"type":"Element","tag":"li","key":"a","children":[null,{"type":"Fragment","children":[{"type":"Text","content":"x"}]}]}},
		{"type":"Remove","path":[2]},{"type":"Replace","path":[],"node":{"type":"Fragment","children":[]}},
		{"type":"UpdateText","path":[0],"content":"\u00e9"},{"type":"UpdateProps","path":[0],"props":{"b":"2","a":1}},
		{"type":"ReorderChildren","path":[],"order":["b","a"]},{"path":[1],"type":"Remove","extra":{"ignored":[1]},"node":null}]`
	var l vdom.PatchList
	d := vdom.NewDecoder(vdom.Limits{})
	if err := d.DecodePatches([]byte(ok), &l); err != nil {
		t.Fatal(err)
	}
	var e vdom.Encoder
	got := string(e.AppendPatches(nil, &l))
	want := `[{"type":"Create","path":[0,1],"node":{"type":"Element","tag":"li","key":"a","props":{},"children":[{"type":"Text","content":"x"}]}},` +
		`{"type":"Remove","path":[2]},{"type":"Replace","path":[],"node":{"type":"Fragment","children":[]}},` +
		`{"type":"UpdateText","path":[0],"content":"é"},{"type":"UpdateProps","path":[0],"props":{"a":1,"b":"2"}},` +
		`{"type":"ReorderChildren","path":[],"order":["b","a"]},{"type":"Remove","path":[1]}]`
	if got != want {
		t.Fatalf("encoded\n%s\nwant\n%s", got, want)
	}
	if err := d.DecodePatches([]byte(`[]`), &l); err != nil || len(l.Patches) != 0 {
		t.Fatalf("empty list: %v, %d patches", err, len(l.Patches))
	}

	bad := []struct {
		name, src string
		code      vdom.Code
		patch     int
	}{
		{"not an array", `{}`, vdom.InvalidVNode, -1},
		{"not an object", `[1]`, vdom.InvalidVNode, -1},
		{"no type", `[{"path":[]}]`, vdom.InvalidVNode, 0},
		{"unknown type", `[{"type":"Move","path":[]}]`, vdom.InvalidVNode, 0},
		{"no path", `[{"type":"Remove","path":[0]},{"type":"Remove"}]`, vdom.InvalidVNode, 1},
		{"null path", `[{"type":"Remove","path":null}]`, vdom.InvalidVNode, 0},
		{"negative index", `[{"type":"Remove","path":[-1]}]`, vdom.InvalidPath, 0},
		{"fractional index", `[{"type":"Remove","path":[1.5]}]`, vdom.InvalidPath, 0},
		{"string index", `[{"type":"Remove","path":["0"]}]`, vdom.InvalidPath, 0},
		{"huge index", `[{"type":"Remove","path":[99999999999999999999]}]`, vdom.InvalidPath, 0},
		{"path not array", `[{"type":"Remove","path":0}]`, vdom.InvalidPath, 0},
		{"path too long", `[{"type":"Remove","path":[` + strings.Repeat("0,", 101) + `0]}]`, vdom.InvalidPath, 0},
		{"create without node", `[{"type":"Create","path":[0]}]`, vdom.InvalidVNode, 0},
		{"create bad node", `[{"type":"Create","path":[0],"node":{"type":"Element"}}]`, vdom.InvalidVNode, 0},
		{"remove with node", `[{"type":"Remove","path":[0],"node":{"type":"Text","content":""}}]`, vdom.InvalidVNode, 0},
		{"update text without content", `[{"type":"UpdateText","path":[0]}]`, vdom.InvalidVNode, 0},
		{"update text content number", `[{"type":"UpdateText","path":[0],"content":1}]`, vdom.InvalidVNode, 0},
		{"update props with content", `[{"type":"UpdateProps","path":[0],"props":{},"content":""}]`, vdom.InvalidVNode, 0},
		{"duplicate prop", `[{"type":"UpdateProps","path":[0],"props":{"a":"","a":""}}]`, vdom.InvalidVNode, 0},
		{"order not strings", `[{"type":"ReorderChildren","path":[0],"order":[1]}]`, vdom.InvalidVNode, 0},
		{"duplicate member", `[{"type":"Remove","path":[0],"path":[1]}]`, vdom.InvalidVNode, 0},
		{"trailing comma", `[{"type":"Remove","path":[0]},]`, vdom.InvalidVNode, -1},
		{"trailing data", `[] []`, vdom.Serialization, -1},
		{"content too long", `[{"type":"UpdateText","path":[0],"content":"` + strings.Repeat("x", 33) + `"}]`, vdom.TextTooLong, 0},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			var l vdom.PatchList
			err := vdom.NewDecoder(vdom.Limits{MaxTextLength: 32}).DecodePatches([]byte(c.src), &l)
			wantError(t, err, c.code, -1, c.src)
			if e := err.(*vdom.Error); e.Patch != c.patch {
				t.Errorf("%v: patch index %d, want %d", err, e.Patch, c.patch)
			}
		})
	}
}

// TestDecoderReuse: a decoder reused after an error decodes the next document
// as if fresh, and a tree is reset by each decode.
func TestDecoderReuse(t *testing.T) {
	d := vdom.NewDecoder(vdom.Limits{MaxTreeDepth: 3})
	var tr vdom.Tree
	deep, _ := chainDepth(10)
	if err := d.DecodeTree([]byte(deep), &tr); vdom.CodeOf(err) != vdom.TreeTooDeep {
		t.Fatalf("got %v", err)
	}
	ok := `{"type":"Element","tag":"a","children":[{"type":"Text","content":"x"}]}`
	if err := d.DecodeTree([]byte(ok), &tr); err != nil {
		t.Fatal(err)
	}
	var e vdom.Encoder
	if got := string(e.AppendTree(nil, &tr, tr.Root)); got != `{"type":"Element","tag":"a","props":{},"children":[{"type":"Text","content":"x"}]}` {
		t.Fatalf("got %s", got)
	}
	if len(tr.Nodes) != 2 {
		t.Fatalf("%d nodes after reuse", len(tr.Nodes))
	}
}

// A path may have as many indices as the tree may be deep (the root is depth
// 0, so a node at depth 100 has 100 indices), and no more.
func TestPatchPathLengthBoundedByDepth(t *testing.T) {
	path := func(n int) []byte {
		b := []byte(`[{"type":"Remove","path":[`)
		for i := 0; i < n; i++ {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '0')
		}
		return append(b, "]}]"...)
	}
	d := vdom.NewDecoder(vdom.Limits{})
	var l vdom.PatchList
	if err := d.DecodePatches(path(100), &l); err != nil {
		t.Fatalf("100 indices: %v", err)
	}
	err := d.DecodePatches(path(101), &l)
	if vdom.CodeOf(err) != vdom.InvalidPath {
		t.Fatalf("101 indices: got %v, want InvalidPath", err)
	}
}
