package predict

import (
	"fmt"
	"strings"
)

// Explain describes, for people, what the predictor learned for a component
// and state key: each slot, where it is, what it learned, and its record.
func (p *Predictor) Explain(componentID, stateKey string) string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	m := p.models[componentID+"\x00"+stateKey]
	if m == nil {
		return "nothing learned for " + componentID + "/" + stateKey
	}
	var b strings.Builder
	ctx := p.context(m)
	var r record
	if x := m.recIn(ctx); x != nil {
		r = *x
	}
	fmt.Fprintf(&b, "%s/%s: %d observations, confidence %.3f (record %.1f hits, %.1f misses in this context; %d contexts; influenced by %q)\n",
		m.comp, m.key, m.obs, m.ctxConf(ctx), r.h, r.m, len(m.recs), m.infl)
	fmt.Fprintf(&b, "  selectors:")
	for _, s := range m.sels {
		fmt.Fprintf(&b, " %s", s.String())
	}
	b.WriteString("\n")
	for _, s := range m.slots {
		fmt.Fprintf(&b, "  %s at %s", s.kind, s.loc.String())
		if s.kind == slotProp {
			fmt.Fprintf(&b, " prop %q", s.prop)
		}
		if s.kind == slotChild {
			fmt.Fprintf(&b, " between %s and %s", s.prev.String(), s.next.String())
		}
		fmt.Fprintf(&b, ": record %.1f/%.1f (conf %.3f), changed %d times\n", s.rec.h, s.rec.m, s.rec.conf(), s.changes)
		if s.kind == slotList && s.list != nil {
			fmt.Fprintf(&b, "    list: %d static before, %d after, item skeleton of %d nodes, %d mismatched samples\n", s.list.pre, s.list.post, len(s.list.skel), s.list.bad)
			for i := range s.list.skel {
				sk := &s.list.skel[i]
				if sk.keyed {
					fmt.Fprintf(&b, "    [%d] key: %s\n", i, sk.key.String())
				}
				if sk.text.Outcomes() > 0 {
					fmt.Fprintf(&b, "    [%d] text: %s\n", i, sk.text.String())
				}
				for j := range sk.props {
					fmt.Fprintf(&b, "    [%d] prop %q: %s\n", i, sk.props[j].name, sk.props[j].lr.String())
				}
			}
			continue
		}
		fmt.Fprintf(&b, "    %s\n", s.lr.String())
	}
	return b.String()
}
