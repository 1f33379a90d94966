package predict

import "strings"

// Explain describes, for people, what the predictor learned for a component
// and state key: each slot, where it is, what it learned, and its record.
func (p *Predictor) Explain(componentID, stateKey string) string {
	p.rlock(p.readLane())
	defer p.runlock(p.readLane())
	m := p.models[componentID+"\x00"+stateKey]
	if m == nil {
		return "nothing learned for " + componentID + "/" + stateKey
	}
	var b strings.Builder
	m.describe(&b, p.context(m))
	return b.String()
}
