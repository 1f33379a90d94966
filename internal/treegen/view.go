package treegen

// HTMLView returns a copy of n as the engine decodes it in the HTML view
// (docs/dom-view.md): Fragments below the root flattened, nulls dropped, and
// in every child list adjacent texts joined into one and empty texts
// dropped. A root that is an empty text stays: the tree of the empty DOM.
func (n *Node) HTMLView() *Node {
	if n == nil {
		return nil
	}
	c := n.Flat()
	c.joinTexts()
	return c
}

// joinTexts joins the adjacent texts and drops the empty ones of every child
// list below n, which is flat.
func (n *Node) joinTexts() {
	var kids []*Node
	for _, k := range n.Children {
		if k.Type == Text {
			if k.Str() == "" {
				continue
			}
			if last := len(kids) - 1; last >= 0 && kids[last].Type == Text {
				kids[last] = Txt(kids[last].Str() + k.Str())
				continue
			}
		}
		kids = append(kids, k)
	}
	n.Children = kids
	for _, k := range n.Children {
		k.joinTexts()
	}
}
