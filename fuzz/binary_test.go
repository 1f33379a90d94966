package fuzz

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/internal/treegen"
	"github.com/minimact/engine/runtime/patch"
)

// writeBinary writes n in the binary tree encoding as docs/binary-tree.md
// says a host writes it (TreeWriter's order: props as given, Fragments and
// nulls as they are), independently of vdom's encoder.
func writeBinary(b []byte, n *treegen.Node) []byte {
	str := func(b []byte, s string) []byte {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
		return append(b, s...)
	}
	var node func(b []byte, n *treegen.Node) []byte
	node = func(b []byte, n *treegen.Node) []byte {
		if n == nil {
			return b // a host writes nothing for a null child
		}
		switch n.Type {
		case treegen.Element:
			b = append(b, 1)
			b = str(b, n.Tag)
			if n.Key != nil {
				b = str(append(b, 1), *n.Key)
			} else {
				b = append(b, 0)
			}
			for _, p := range n.Attrs {
				if p.Raw {
					b = append(b, 0x11)
				} else {
					b = append(b, 0x10)
				}
				b = str(str(b, p.Name), p.Value)
			}
			for _, name := range sortedNames(n.Props) {
				b = str(str(append(b, 0x10), name), n.Props[name])
			}
			for _, k := range n.Children {
				b = node(b, k)
			}
			return append(b, 0)
		case treegen.Text:
			return str(append(b, 2), deref(n.Content))
		case treegen.Fragment:
			b = append(b, 3)
			for _, k := range n.Children {
				b = node(b, k)
			}
			return append(b, 0)
		case treegen.RawHtml:
			return str(append(b, 4), deref(n.HTML))
		}
		panic("unknown node type " + n.Type)
	}
	return node(append(b, "MMTB\x01"...), n)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func sortedNames(m map[string]string) []string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && names[j] < names[j-1]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}

// randomTree is a treegen tree with raw (non-string) props here and there.
func randomTree(seed uint64) *treegen.Node {
	g := treegen.New(seed)
	n := g.Tree()
	r := rand.New(rand.NewPCG(seed, 7))
	raws := []string{"1", "-2.5e3", "true", "false", "null", `{"a":[1,{"b":"\u00e9"}]}`, "[]"}
	var walk func(n *treegen.Node)
	walk = func(n *treegen.Node) {
		if n == nil {
			return
		}
		if n.Type == treegen.Element && r.IntN(3) == 0 {
			n.Attrs = append(n.Attrs, treegen.Prop{Name: "data-raw", Value: raws[r.IntN(len(raws))], Raw: true})
		}
		for _, k := range n.Children {
			walk(k)
		}
	}
	walk(n)
	return n
}

// FuzzBinary holds the binary decoder to the JSON decoder. A seed's random
// tree, written both ways, decodes to the same tree either way (or to the
// same error code under small limits), and so does any JSON document the
// JSON decoder accepts once written in binary. Any bytes at all, read as a
// binary tree, give a coded error or a tree that JSON says the same of:
// never a panic.
func FuzzBinary(f *testing.F) {
	for seed := uint64(0); seed < 8; seed++ {
		f.Add(seed, writeBinary(nil, randomTree(seed)))
	}
	f.Add(uint64(99), []byte(`{"type":"Element","tag":"p","props":{"a":1},"children":[{"type":"Fragment","children":[null,{"type":"Text","content":"x"}]}]}`))
	f.Fuzz(func(t *testing.T, seed uint64, data []byte) {
		// 1. a random tree, written both ways
		n := randomTree(seed)
		for _, lim := range []vdom.Limits{{}, small} {
			d := vdom.NewDecoder(lim)
			var fromJSON, fromBin vdom.Tree
			errJ := d.DecodeTree(n.HostJSON(), &fromJSON)
			bin := writeBinary(nil, n)
			errB := d.DecodeBinary(bin, &fromBin)
			if lim == (vdom.Limits{}) && (errJ != nil || errB != nil) {
				t.Fatalf("seed %d: JSON %v, binary %v", seed, errJ, errB)
			}
			// what JSON accepts, binary accepts; JSON may refuse more: its
			// document is larger, and its children arrays count nulls
			if errJ == nil && errB != nil || errJ != nil && errB == nil &&
				vdom.CodeOf(errJ) != vdom.JsonTooLarge && vdom.CodeOf(errJ) != vdom.TooManyChildren {
				t.Fatalf("seed %d, limits %+v: JSON %v, binary %v", seed, lim, errJ, errB)
			}
			if errJ == nil && errB == nil && !patch.Equal(&fromJSON, &fromBin) {
				t.Fatalf("seed %d: the binary tree differs from the JSON one\n%s", seed, n.HostJSON())
			}
			if errB != nil {
				checkDecodeError(t, errB, bin)
			}
		}
		// 2. data as JSON: if it decodes, its binary form decodes the same
		d := vdom.NewDecoder(vdom.Limits{})
		var tr vdom.Tree
		if d.DecodeTree(data, &tr) == nil {
			var e vdom.Encoder
			bin := e.AppendBinary(nil, &tr, tr.Root)
			var back vdom.Tree
			if err := vdom.NewDecoder(big).DecodeBinary(bin, &back); err != nil {
				t.Fatalf("the binary form of %q does not decode: %v", data, err)
			}
			if !patch.Equal(&tr, &back) {
				t.Fatalf("binary round trip of %q differs", data)
			}
			if again := e.AppendBinary(nil, &back, back.Root); !bytes.Equal(again, bin) {
				t.Fatalf("binary encoding not stable for %q", data)
			}
		}
		// 3. data as a binary tree (hostile bytes)
		for _, lim := range []vdom.Limits{{}, small} {
			var bt vdom.Tree
			if err := vdom.NewDecoder(lim).DecodeBinary(data, &bt); err != nil {
				checkDecodeError(t, err, data)
				continue
			}
			roundTripTree(t, &bt)
		}
	})
}
