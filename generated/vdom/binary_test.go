// This file is written by hand: it tests the binary tree decoder
// (docs/binary-tree.md) against the JSON decoder and the limits.

package vdom_test

import (
	"encoding/binary"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

// bw writes binary trees for the tests, token by token.
type bw struct{ b []byte }

func newBW() *bw { return &bw{b: []byte("MMTB\x01")} }

func (w *bw) byte(c byte) *bw { w.b = append(w.b, c); return w }
func (w *bw) str(s string) *bw {
	w.b = binary.LittleEndian.AppendUint32(w.b, uint32(len(s)))
	w.b = append(w.b, s...)
	return w
}
func (w *bw) el(tag string) *bw         { return w.byte(1).str(tag).byte(0) }
func (w *bw) keyed(tag, key string) *bw { return w.byte(1).str(tag).byte(1).str(key) }
func (w *bw) text(s string) *bw         { return w.byte(2).str(s) }
func (w *bw) frag() *bw                 { return w.byte(3) }
func (w *bw) raw(s string) *bw          { return w.byte(4).str(s) }
func (w *bw) prop(n, v string) *bw      { return w.byte(0x10).str(n).str(v) }
func (w *bw) rawProp(n, v string) *bw   { return w.byte(0x11).str(n).str(v) }
func (w *bw) end() *bw                  { return w.byte(0) }

// TestBinaryMatchesJSON: the same trees, written in JSON and in binary,
// decode to Equal trees; canonical JSON of the binary tree is the JSON
// tree's.
func TestBinaryMatchesJSON(t *testing.T) {
	cases := []struct {
		json string
		bin  *bw
	}{
		{`{"type":"Element","tag":"div","props":{},"children":[]}`, newBW().el("div").end()},
		{`{"type":"Element","tag":"div","props":{"b":"2","a":"1"},"children":[{"type":"Text","content":"hi"}],"key":"k"}`,
			newBW().keyed("div", "k").prop("b", "2").prop("a", "1").text("hi").end()},
		{`{"type":"Text","content":"a \"q\" \\ \n\t\u0001 é 😀 <b>"}`, newBW().text("a \"q\" \\ \n\t\x01 é 😀 <b>")},
		{`{"type":"RawHtml","html":"<b>x</b>"}`, newBW().raw("<b>x</b>")},
		{`{"type":"Fragment","children":[{"type":"Text","content":"a"},{"type":"Fragment","children":[{"type":"RawHtml","html":"r"}]}]}`,
			newBW().frag().text("a").frag().raw("r").end().end()},
		{`{"type":"Element","tag":"input","props":{"n":12,"t":true,"z":null,"o":{"a":[1,"é"]}},"children":[]}`,
			newBW().el("input").rawProp("n", "12").rawProp("t", "true").rawProp("z", "null").rawProp("o", `{"a":[1,"é"]}`).end()},
		{`{"type":"Element","tag":"ul","props":{},"children":[{"type":"Element","tag":"li","props":{},"children":[],"key":""}]}`,
			newBW().el("ul").keyed("li", "").end().end()},
	}
	var e vdom.Encoder
	for _, c := range cases {
		j := mustDecode(t, c.json)
		var b vdom.Tree
		if err := vdom.NewDecoder(vdom.Limits{}).DecodeBinary(c.bin.b, &b); err != nil {
			t.Fatalf("%s: %v", c.json, err)
		}
		if !vdom.Equal(j, j.Root, &b, b.Root) {
			t.Fatalf("%s: binary tree differs", c.json)
		}
		if got, want := e.AppendTree(nil, &b, b.Root), e.AppendTree(nil, j, j.Root); string(got) != string(want) {
			t.Fatalf("canonical JSON of the binary tree:\n%s\nwant\n%s", got, want)
		}
		// and the encoder writes what decodes to the same
		var back vdom.Tree
		if err := vdom.NewDecoder(vdom.Limits{}).DecodeBinary(e.AppendBinary(nil, j, j.Root), &back); err != nil || !vdom.Equal(j, j.Root, &back, back.Root) {
			t.Fatalf("%s: AppendBinary round trip: %v", c.json, err)
		}
	}
}

// TestBinaryErrors: every malformed tree and every limit gets its code (the
// JSON decoder's for the same breach), never a panic; every prefix of a
// valid tree is refused.
func TestBinaryErrors(t *testing.T) {
	small := vdom.Limits{MaxTreeDepth: 2, MaxNodeCount: 4, MaxChildrenPerNode: 2, MaxPropKeyLength: 4,
		MaxPropValueLength: 5, MaxTextLength: 6, MaxJSONBytes: 200, MaxPropsPerNode: 2}
	cases := []struct {
		name string
		lim  vdom.Limits
		src  []byte
		code vdom.Code
	}{
		{"empty", vdom.Limits{}, nil, vdom.Serialization},
		{"magic", vdom.Limits{}, []byte(`{"type":"Text","content":""}`), vdom.Serialization},
		{"version", vdom.Limits{}, append([]byte("MMTB\x02"), newBW().text("x").b[5:]...), vdom.Serialization},
		{"no node", vdom.Limits{}, []byte("MMTB\x01"), vdom.Serialization},
		{"unknown kind", vdom.Limits{}, newBW().byte(9).b, vdom.InvalidVNode},
		{"kind 0", vdom.Limits{}, newBW().byte(0).b, vdom.InvalidVNode},
		{"trailing", vdom.Limits{}, newBW().text("x").byte(0).b, vdom.Serialization},
		{"unclosed", vdom.Limits{}, newBW().el("div").text("x").b, vdom.Serialization},
		{"prop after child", vdom.Limits{}, newBW().el("div").text("x").prop("a", "b").end().b, vdom.InvalidVNode},
		{"prop in fragment", vdom.Limits{}, newBW().frag().prop("a", "b").end().b, vdom.InvalidVNode},
		{"presence byte", vdom.Limits{}, newBW().byte(1).str("div").byte(2).end().b, vdom.Serialization},
		{"no tag", vdom.Limits{}, newBW().el("").end().b, vdom.InvalidVNode},
		{"duplicate prop", vdom.Limits{}, newBW().el("a").prop("x", "1").prop("x", "2").end().b, vdom.InvalidVNode},
		{"raw string", vdom.Limits{}, newBW().el("a").rawProp("x", `"s"`).end().b, vdom.Serialization},
		{"raw not JSON", vdom.Limits{}, newBW().el("a").rawProp("x", `{1}`).end().b, vdom.Serialization},
		{"raw two values", vdom.Limits{}, newBW().el("a").rawProp("x", `1 2`).end().b, vdom.Serialization},
		{"raw whitespace", vdom.Limits{}, newBW().el("a").rawProp("x", ` 1`).end().b, vdom.Serialization},
		{"raw empty", vdom.Limits{}, newBW().el("a").rawProp("x", ``).end().b, vdom.Serialization},
		{"raw bad utf8", vdom.Limits{}, newBW().el("a").rawProp("x", "[\"\xff\"]").end().b, vdom.InvalidUtf8},
		{"string length", vdom.Limits{}, append(newBW().byte(2).b, 0xff, 0xff, 0xff, 0x7f), vdom.TextTooLong},
		{"string truncated", vdom.Limits{}, append(newBW().byte(2).b, 9, 0, 0, 0, 'a'), vdom.Serialization},
		{"bad utf8 text", vdom.Limits{}, newBW().text("a\xffb").b, vdom.InvalidUtf8},
		{"bad utf8 tag", vdom.Limits{}, newBW().el("d\xc3").end().b, vdom.InvalidUtf8},
		{"surrogate", vdom.Limits{}, newBW().text("\xed\xa0\x80").b, vdom.InvalidUtf8},
		{"bad utf8 prop name", vdom.Limits{}, newBW().el("a").prop("\x80", "v").end().b, vdom.InvalidUtf8},
		{"depth", small, newBW().el("a").el("b").el("c").el("d").end().end().end().end().b, vdom.TreeTooDeep},
		{"nodes", small, newBW().el("a").el("b").text("1").end().el("c").text("2").end().end().b, vdom.TreeTooLarge},
		{"children", small, newBW().el("a").text("1").text("2").text("3").end().b, vdom.TooManyChildren},
		{"children flattened", vdom.Limits{MaxChildrenPerNode: 2}, newBW().el("a").frag().text("1").text("2").end().text("3").end().b, vdom.TooManyChildren},
		{"props", small, newBW().el("a").prop("a", "1").prop("b", "2").prop("c", "3").end().b, vdom.TooManyProps},
		{"prop name", small, newBW().el("a").prop("abcde", "1").end().b, vdom.PropertyTooLong},
		{"prop value", small, newBW().el("a").prop("a", "123456").end().b, vdom.PropertyTooLong},
		{"raw value", small, newBW().el("a").rawProp("a", "123456").end().b, vdom.PropertyTooLong},
		{"tag", small, newBW().el("abcde").end().b, vdom.PropertyTooLong},
		{"key", small, newBW().keyed("a", "123456").end().b, vdom.PropertyTooLong},
		{"text", small, newBW().text("1234567").b, vdom.TextTooLong},
		{"html", small, newBW().raw("1234567").b, vdom.TextTooLong},
		{"size", small, newBW().text(strings.Repeat("x", 6)).str(strings.Repeat("y", 200)).b, vdom.JsonTooLarge},
	}
	for _, c := range cases {
		var tr vdom.Tree
		err := vdom.NewDecoder(c.lim).DecodeBinary(c.src, &tr)
		if vdom.CodeOf(err) != c.code {
			t.Errorf("%s: got %v, want %v", c.name, err, c.code)
			continue
		}
		if e := err.(*vdom.Error); e.Offset < 0 || e.Offset > len(c.src) {
			t.Errorf("%s: offset %d outside the input", c.name, e.Offset)
		}
	}
	// every proper prefix of a valid tree is refused with a coded error
	full := newBW().keyed("div", "k").prop("a", "1").rawProp("n", "[1,2]").text("x").frag().raw("r").el("p").end().end().end().b
	for i := 0; i < len(full); i++ {
		var tr vdom.Tree
		err := vdom.NewDecoder(vdom.Limits{}).DecodeBinary(full[:i], &tr)
		if c := vdom.CodeOf(err); c != vdom.Serialization {
			t.Fatalf("prefix of %d bytes: %v", i, err)
		}
	}
	var tr vdom.Tree
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeBinary(full, &tr); err != nil {
		t.Fatal(err)
	}
}

// TestBinaryDecodeAllocs: decoding a binary tree into a reused Tree
// allocates nothing once the arenas have grown.
func TestBinaryDecodeAllocs(t *testing.T) {
	w := newBW().el("ul")
	for i := 0; i < 200; i++ {
		w.keyed("li", "k"+strings.Repeat("x", i%7)+string(rune('a'+i%26))).prop("class", "item").text("item \"x\"").end()
	}
	src := w.end().b
	d := vdom.NewDecoder(vdom.Limits{})
	var tr vdom.Tree
	if err := d.DecodeBinary(src, &tr); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() { d.DecodeBinary(src, &tr) }); n != 0 {
		t.Fatalf("%v allocations per decode", n)
	}
}

// TestBinaryVersionInCSharp: the C# TreeWriter writes the magic and the
// version this decoder reads (both are hand-written, one per language).
func TestBinaryVersionInCSharp(t *testing.T) {
	src, err := os.ReadFile("../csharp/Minimact.cs")
	if err != nil {
		t.Fatal(err)
	}
	cs := string(src)
	if want := "public const byte FormatVersion = " + strconv.Itoa(vdom.BinaryVersion) + ";"; !strings.Contains(cs, want) {
		t.Errorf("the C# binding lacks %q", want)
	}
	for i, c := range "MMTB" {
		if want := "buf[" + strconv.Itoa(i) + "] = (byte)'" + string(c) + "';"; !strings.Contains(cs, want) {
			t.Errorf("the C# binding lacks %q", want)
		}
	}
	if !vdom.IsBinary([]byte("MMTB\x01")) {
		t.Error("the magic is not MMTB")
	}
}
