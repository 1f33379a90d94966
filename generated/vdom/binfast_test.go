package vdom

import (
	"encoding/binary"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// hostBinary writes n as a host's TreeWriter does: props in the host's
// order, Fragments and adjacent texts as they are (so that both loops see
// what they must flatten, join and drop).
func hostBinary(b []byte, n *treegen.Node) []byte {
	str := func(b []byte, s string) []byte {
		return append(binary.LittleEndian.AppendUint32(b, uint32(len(s))), s...)
	}
	opt := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	switch n.Type {
	case treegen.Text:
		return str(append(b, byte(KindText)), opt(n.Content))
	case treegen.RawHtml:
		return str(append(b, byte(KindRawHtml)), opt(n.HTML))
	case treegen.Fragment:
		b = append(b, byte(KindFragment))
	default:
		b = str(append(b, byte(KindElement)), n.Tag)
		if n.Key != nil {
			b = str(append(b, 1), *n.Key)
		} else {
			b = append(b, 0)
		}
		for _, p := range n.Attrs {
			m := byte(binPropStr)
			if p.Raw {
				m = binPropRaw
			}
			b = str(str(append(b, m), p.Name), p.Value)
		}
		for _, name := range slices.Sorted(maps.Keys(n.Props)) {
			b = str(str(append(b, binPropStr), name), n.Props[name])
		}
	}
	for _, k := range n.Children {
		if k != nil {
			b = hostBinary(b, k)
		}
	}
	return append(b, binEnd)
}

// decodeBoth decodes src with the fast path and with the general loop
// alone, as a Tree and as a Doc, and fails t unless the two give the same:
// the same error, or the same arenas and meta.
func decodeBoth(t *testing.T, lim Limits, src []byte) (fastTook bool) {
	t.Helper()
	defer func() { binFastOff = false }()
	var trees [2]Tree
	var docs [2]Doc
	var errs, docErrs [2]error
	for i := range 2 {
		binFastOff = i == 1
		d := NewDecoder(lim)
		errs[i] = d.DecodeBinary(src, &trees[i])
		docErrs[i] = d.DecodeDoc(src, true, &docs[i])
		if i == 0 && errs[0] == nil {
			// whether the fast path decoded it alone
			var again Tree
			d.binBegin(src)
			again.Src, again.View = src, d.lim.DOMView
			_, fastTook = d.binFast(&again)
			fastTook = fastTook && d.sc.Pos == len(src)
		}
	}
	if !reflect.DeepEqual(errs[0], errs[1]) || !reflect.DeepEqual(docErrs[0], docErrs[1]) {
		t.Fatalf("%q: fast %v / %v, general %v / %v", src, errs[0], docErrs[0], errs[1], docErrs[1])
	}
	if errs[0] != nil {
		return false
	}
	for _, pair := range [][2]*Tree{{&trees[0], &trees[1]}, {&docs[0].Tree, &docs[1].Tree}} {
		a, b := pair[0], pair[1]
		if a.Root != b.Root || !reflect.DeepEqual(a.Nodes, b.Nodes) || !slices.Equal(a.Props, b.Props) ||
			!slices.Equal(a.Kids, b.Kids) || string(a.Buf) != string(b.Buf) {
			t.Fatalf("%q: the fast path built other arenas\nfast    %+v\ngeneral %+v", src, a.Nodes, b.Nodes)
		}
	}
	n := len(docs[0].Tree.Nodes)
	if docs[0].count != docs[1].count || !reflect.DeepEqual(docs[0].meta[:n], docs[1].meta[:n]) {
		t.Fatalf("%q: the fast path recorded other meta", src)
	}
	return fastTook
}

// TestBinaryFastMatchesGeneral: binFast builds what the general loop builds
// (binfast.go), on random trees written as hosts write them, under the
// default and small limits, in both DOM views, and on every corruption of
// them tried; and it decodes most trees alone (927 of the 1,200 here).
func TestBinaryFastMatchesGeneral(t *testing.T) {
	small := Limits{MaxTreeDepth: 4, MaxNodeCount: 24, MaxChildrenPerNode: 5, MaxPropKeyLength: 6,
		MaxPropValueLength: 8, MaxTextLength: 8, MaxJSONBytes: 600, MaxPropsPerNode: 3}
	limits := []Limits{{}, {DOMView: ViewNodes}, small}
	r := rand.New(rand.NewPCG(5, 11))
	took, trees := 0, 0
	for seed := range uint64(400) {
		src := hostBinary([]byte(binaryMagic+"\x01"), treegen.New(seed).Tree())
		for _, lim := range limits {
			if decodeBoth(t, lim, src) {
				took++
			}
			trees++
		}
		for range 8 { // corruptions: a byte changed, a byte dropped, a cut
			bad := append([]byte(nil), src...)
			i := binHeader + r.IntN(len(bad)-binHeader)
			switch r.IntN(3) {
			case 0:
				bad[i] = byte(r.IntN(256))
			case 1:
				bad = append(bad[:i], bad[i+1:]...)
			default:
				bad = bad[:i]
			}
			decodeBoth(t, limits[r.IntN(len(limits))], bad)
		}
	}
	if took < trees*2/3 {
		t.Fatalf("the fast path decoded %d of %d trees alone", took, trees)
	}
	// what it flattens, joins and drops as the general loop does
	for _, src := range []string{
		"\x03\x02\x01\x00\x00\x00a\x02\x01\x00\x00\x00b\x00",                                      // a root Fragment of two texts: joined
		"\x01\x01\x00\x00\x00p\x00\x03\x02\x01\x00\x00\x00a\x03\x00\x00\x02\x01\x00\x00\x00b\x00", // nested Fragments: flattened, the texts joined
		"\x01\x01\x00\x00\x00p\x00\x02\x00\x00\x00\x00\x00",                                       // an empty text: dropped
	} {
		if !decodeBoth(t, Limits{}, []byte(binaryMagic+"\x01"+src)) {
			t.Fatalf("%q: the fast path did not take it", src)
		}
	}
	// what it leaves to the general loop, each decoded the same
	for _, c := range []struct {
		lim Limits
		src string
	}{
		{Limits{}, "\x01\x00\x00\x00\x00\x00\x00"}, // an Element without a tag
		{Limits{}, "\x01\x01\x00\x00\x00p\x00\x10\x01\x00\x00\x00a\x00\x00\x00\x00\x10\x01\x00\x00\x00a\x00\x00\x00\x00\x00"}, // a duplicate prop
		{Limits{}, "\x02\x01\x00\x00\x00a\x00"}, // data after the tree
		{Limits{MaxTextLength: 8}, "\x01\x01\x00\x00\x00p\x00\x02\x05\x00\x00\x00abcde\x02\x05\x00\x00\x00abcde\x00"}, // joined texts over the limit
	} {
		if decodeBoth(t, c.lim, []byte(binaryMagic+"\x01"+c.src)) {
			t.Fatalf("%q: the fast path took it alone", c.src)
		}
	}
}
