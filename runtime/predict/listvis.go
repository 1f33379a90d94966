package predict

import (
	"bytes"
	"maps"
	"slices"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/predict/internal/memsize"
	"github.com/minimact/engine/runtime/predict/outcome"
	"github.com/minimact/engine/runtime/predict/snapshot"
)

// Filtered lists. A keyed list often shows only some of its items: the
// active todos, the unread mail, the results that match. Which ones depends
// on the item (done, read) and on the context — the other keys of the
// state (the filter) — so the list learns, per context, which items it
// showed: for each item selector, the keys seen shown and hidden. In a
// context where items were hidden, a selector decides when it separated
// the two (both seen, no key seen both ways); an item is shown when every
// deciding selector that knows its key says so, and at least one does. In
// a context where nothing was ever hidden, every item is shown (as an
// unfiltered list). A prediction checks that the old items it shows are
// exactly the current children, and renders the new items it shows.
//
// The context is the whole state's other keys when the host sends it
// (all_state), else the model's context (the latest values of the keys
// seen to influence it). What is learned is bounded (maxVis keys) and kept
// in snapshots (version 4).

const (
	maxVis      = 1024
	visShown    = 1
	visHidden   = 2
	visConflict = 4
	visMinShown = 3 // samples of a context that showed everything before it is trusted to
)

// visCtx is what a context of a list showed.
type visCtx struct {
	bits uint8
	n    uint16 // items seen (saturating)
}

// visOf is the visibility a list learned (nil until an item was seen).
type visOf struct {
	ctx  map[uint64]visCtx
	sel  map[uint64]uint8 // Mix(ctx, selector): the bits its keys were seen with, visConflict when one key was seen both ways
	keys map[uint64]uint8 // Mix(Mix(ctx, selector), key hash): the bits
}

func (v *visOf) size() int64 {
	if v == nil {
		return 0
	}
	return memsize.Of(v) + int64(len(v.ctx)+len(v.sel)+len(v.keys))*memsize.MapEntry
}

// learnVis records that the item with features sv was shown (or not) in
// context ctx.
func (m *listModel) learnVis(ctx uint64, sv []outcome.Feature, shown bool) {
	if m.vis == nil {
		m.vis = &visOf{ctx: map[uint64]visCtx{}, sel: map[uint64]uint8{}, keys: map[uint64]uint8{}}
	}
	v := m.vis
	if len(v.keys)+len(sv) > maxVis || len(v.sel)+len(sv) > maxVis || len(v.ctx) >= maxVis/8 {
		return
	}
	bit := uint8(visShown)
	if !shown {
		bit = visHidden
	}
	c := v.ctx[ctx]
	c.bits |= bit
	if c.n < 1<<15 {
		c.n++
	}
	v.ctx[ctx] = c
	for i := range sv {
		if !sv[i].Ok() {
			continue
		}
		sk := vdom.Mix(ctx, uint64(i)+1)
		kk := vdom.Mix(sk, sv[i].Hash())
		b := v.keys[kk] | bit
		v.keys[kk] = b
		sb := v.sel[sk] | bit
		if b&(visShown|visHidden) == visShown|visHidden {
			sb |= visConflict
		}
		v.sel[sk] = sb
	}
}

// filters says whether context ctx hid items.
func (m *listModel) filters(ctx uint64) bool {
	return m.vis != nil && m.vis.ctx[ctx].bits&visHidden != 0
}

// shownIn says whether the list shows the item with features sv in
// context ctx; ok is false when it cannot tell.
func (m *listModel) shownIn(ctx uint64, sv []outcome.Feature) (shown, ok bool) {
	if m.vis == nil {
		return false, false
	}
	v := m.vis
	c := v.ctx[ctx]
	switch c.bits {
	case 0:
		return false, false
	case visShown:
		return true, c.n >= visMinShown
	}
	votes := 0
	for i := range sv {
		if !sv[i].Ok() {
			continue
		}
		sk := vdom.Mix(ctx, uint64(i)+1)
		if v.sel[sk] != visShown|visHidden {
			continue // not seen both ways, or a key seen both ways
		}
		b := v.keys[vdom.Mix(sk, sv[i].Hash())]
		if b == 0 {
			continue
		}
		s := b == visShown
		if votes > 0 && s != shown {
			return false, false
		}
		shown, votes = s, votes+1
	}
	return shown, votes > 0
}

// hides says whether a list that filters (filtered) leaves out the item
// with features sv in context ctx; ok is false when it cannot tell.
func (m *listModel) hides(filtered bool, ctx uint64, sv []outcome.Feature) (hidden, ok bool) {
	if !filtered {
		return false, true
	}
	shown, ok := m.shownIn(ctx, sv)
	return !shown, ok
}

// learnShown learns, from the list's children at node n of t, which items
// of the array value at arr were shown in context ctx, and the shown
// items' children; it learns nothing unless every child between the
// statics is the child of one item.
func (m *listModel) learnShown(ctx uint64, v *outcome.Value, items []int32, t *vdom.Tree, n int32, work *listScratch, rendered *[]byte, learnItems bool) {
	if n < 0 || len(m.skel) == 0 || !m.skel[0].keyed || len(items) > maxItemsSampled {
		return
	}
	kids := t.Children(n)
	pre, post := int(m.pre), int(m.post)
	if len(kids) < pre+post {
		return
	}
	inner := kids[pre : len(kids)-post]
	// each item's child (work.kidOf: -1 when hidden), found by its key once
	work.kidOf = work.kidOf[:0]
	matched := 0
	for _, it := range items {
		work.itemFeatures = m.sels.Eval(work.itemFeatures[:0], v, it)
		k, ok := m.skel[0].key.Predict(work.itemFeatures, rendered)
		if !ok || k.Absent {
			return
		}
		child := int32(-1)
		for _, c := range inner {
			if cn := &t.Nodes[c]; cn.Keyed && bytes.Equal(t.Bytes(cn.Key), k.Bytes) {
				child, matched = c, matched+1
				break
			}
		}
		work.kidOf = append(work.kidOf, child)
	}
	if matched != len(inner) {
		return // a child of no item: not a filtered list of these items
	}
	for i, it := range items {
		work.itemFeatures = m.sels.Eval(work.itemFeatures[:0], v, it)
		child := work.kidOf[i]
		m.learnVis(ctx, work.itemFeatures, child >= 0)
		if child >= 0 && learnItems {
			m.learnItem(work.itemFeatures, t, child, work, rendered)
		}
	}
}

// listCtx is the context a list's visibility is learned in: the whole
// state's other keys when the change carries it, else the model's context.
func listCtx(ch *outcome.Change, modelCtx uint64) uint64 {
	if h, ok := ch.Values.OthersHash(); ok {
		return h
	}
	return modelCtx
}

// codeVis codes the list's visibility (a list's "visibility", version 4),
// each map as a list sorted by key, so that a snapshot's bytes do not
// depend on the maps' order.
func (m *listModel) codeVis(c snapshot.Coder) {
	var ctxs, sels, keys []uint64
	if !c.Reading() && m.vis != nil {
		ctxs, sels, keys = slices.Sorted(maps.Keys(m.vis.ctx)), slices.Sorted(maps.Keys(m.vis.sel)), slices.Sorted(maps.Keys(m.vis.keys))
	}
	present := m.vis != nil
	c.Flag("visibility", &present)
	if !present {
		return
	}
	if c.Reading() {
		m.vis = &visOf{ctx: map[uint64]visCtx{}, sel: map[uint64]uint8{}, keys: map[uint64]uint8{}}
	}
	v := m.vis
	c.List("contexts", len(ctxs), maxVis/8, func(i int) {
		var k uint64
		var e visCtx
		if !c.Reading() {
			k, e = ctxs[i], v.ctx[ctxs[i]]
		}
		c.U64("context", &k)
		snapshot.U8(c, "bits", &e.bits, visShown|visHidden)
		n := uint64(e.n)
		c.U64("items", &n)
		if c.Reading() {
			if n >= 1<<15 {
				c.Fail("bad visibility")
			}
			e.n = uint16(n)
			v.ctx[k] = e
		}
	})
	for _, part := range []struct {
		name string
		keys []uint64
		m    map[uint64]uint8
	}{{"selectors", sels, v.sel}, {"keys", keys, v.keys}} {
		c.List(part.name, len(part.keys), maxVis, func(i int) {
			var k uint64
			var b uint8
			if !c.Reading() {
				k, b = part.keys[i], part.m[part.keys[i]]
			}
			c.U64("key", &k)
			snapshot.U8(c, "bits", &b, visShown|visHidden|visConflict)
			if c.Reading() {
				part.m[k] = b
			}
		})
	}
}
