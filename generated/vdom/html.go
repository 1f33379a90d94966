package vdom

import (
	"bytes"
	"slices"
)

// The HTML writer's machinery. What each node kind writes (a start tag with
// attributes and an end tag, a text, a raw block, or only its children) is
// generated from the html tags of schema.VNode (html_gen.go: open, close,
// reservedAttrs); the walk, the props-to-attributes mapping, escaping and the
// checks of what HTML can say are here and in htmlrules.go.
//
// The HTML is what the browser client expects to find (client/README.md,
// "Props and attributes" and "What the engine's HTML writer must match"):
// parsed by a browser, it is the DOM of the tree in the HTML view, node for
// node, which is the DOM the patch paths index (docs/dom-view.md).

// HTMLWriter writes trees as HTML into a reused buffer: allocation-free once
// its buffers have grown. It is not safe for concurrent use.
type HTMLWriter struct {
	stack  []htmlItem
	ctx    htmlCtx // where the node being opened goes
	child  htmlCtx // the context its children get (set by startTag)
	elem   bool    // the node being opened wrote a start tag
	start  int     // where the output began in dst
	mapped []htmlAttr
	names  []byte // the attribute names of the element being written
	lower  []byte // a lowercased tag
	val    []byte // a prop value being formatted
	js     jsonNorm
}

// htmlItem is a node whose children are being written.
type htmlItem struct {
	n, next int32
	ctx     htmlCtx // its children's
	elem    bool
}

// htmlAttr is one prop mapped to an attribute name.
type htmlAttr struct {
	name [2]int32 // in names
	prop int32    // the prop's index
}

// The root context: the writer's output goes where a div's content goes
// (a page's body, the client's container).
var rootCtx = htmlCtx{}

// AppendHTML appends the HTML of the subtree at node n of t (nothing for a
// node that is not in the tree, an empty tree's root). A tree HTML cannot
// say gets an *Error with code UnrepresentableHtml naming the path of the
// node; dst is then returned as it was. The output never begins with '{'.
func (w *HTMLWriter) AppendHTML(dst []byte, t *Tree, n int32) ([]byte, error) {
	if n < 0 || int(n) >= len(t.Nodes) {
		return dst, nil
	}
	w.stack, w.start = w.stack[:0], len(dst)
	out, err := w.walk(dst, t, n)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// walk writes the subtree at n without recursion.
func (w *HTMLWriter) walk(dst []byte, t *Tree, n int32) ([]byte, error) {
	var err error
	if dst, err = w.enter(dst, t, n, rootCtx); err != nil {
		return dst, w.located(err, t)
	}
	for len(w.stack) > 0 {
		top := &w.stack[len(w.stack)-1]
		nd := &t.Nodes[top.n]
		if top.next < int32(nd.NKids) {
			k := t.Kids[nd.Kids+uint32(top.next)]
			top.next++
			if dst, err = w.enter(dst, t, k, top.ctx); err != nil {
				return dst, w.located(err, t)
			}
			continue
		}
		if top.elem {
			dst = w.close(dst, t, top.n)
		}
		w.stack = w.stack[:len(w.stack)-1]
	}
	return dst, nil
}

// enter opens node n, going into ctx, and pushes it when it has children.
func (w *HTMLWriter) enter(dst []byte, t *Tree, n int32, ctx htmlCtx) ([]byte, error) {
	w.ctx, w.child, w.elem = ctx, ctx, false
	dst, err := w.open(dst, t, n)
	if err != nil {
		return dst, err
	}
	if t.Nodes[n].Kind.hasChildren() {
		w.stack = append(w.stack, htmlItem{n: n, ctx: w.child, elem: w.elem})
	}
	return dst, nil
}

// located gives err the path of the node being written: at each level of
// the stack, the child being written.
func (w *HTMLWriter) located(err error, t *Tree) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	e.Path = make([]int32, 0, len(w.stack))
	for _, it := range w.stack {
		e.Path = append(e.Path, it.next-1)
	}
	return e
}

// cannot is the error of something HTML cannot say.
func cannot(what, why string) *Error {
	return Errorf(UnrepresentableHtml, what+": "+why)
}

// startTag writes '<' and the tag of an element going into w.ctx, after
// checking HTML can say it there, and sets the context of its children.
func (w *HTMLWriter) startTag(dst, tag []byte) ([]byte, error) {
	var ok bool
	if w.lower, ok = lowerTag(w.lower[:0], tag); !ok {
		return dst, cannot("tag "+quote(tag), "not a name the HTML parser and the DOM read alike (an ASCII letter, then letters, digits, '-', '.', '_')")
	}
	name := unsafeString(w.lower)
	if why := childCtx(&w.child, &w.ctx, tag, name, classOf(name), false); why != "" {
		return dst, cannot("<"+string(tag)+">", why)
	}
	w.elem = true
	dst = append(dst, '<')
	if w.elemNS() == nsHTML {
		return append(dst, w.lower...), nil
	}
	return append(dst, tag...), nil // as the parser names it (childCtx checked)
}

// endStartTag closes the start tag of element n: '>', and the newline a
// pre, listing or textarea needs before a text that begins with one. A void
// element with children is refused.
func (w *HTMLWriter) endStartTag(dst []byte, t *Tree, n int32) ([]byte, error) {
	dst = append(dst, '>')
	switch {
	case w.child.mode == modeNone:
		if firstText(t, n) != nil || hasElementChild(t, n) {
			return dst, cannot("<"+string(w.lower)+">", "a void element (or a template) cannot have children")
		}
	case w.child.mode == modeRaw:
		w.child.rawAt = int32(len(dst))
	case w.child.nl:
		if first := firstText(t, n); len(first) > 0 && first[0] == '\n' {
			dst = append(dst, '\n')
		}
	}
	return dst, nil
}

// firstText returns the text of node n's first DOM child when that is a
// text (its first non-empty text, with nothing else before it), else nil.
func firstText(t *Tree, n int32) []byte {
	for _, k := range t.Children(n) {
		s := textOf(&t.Nodes[k])
		if s == nil {
			return nil
		}
		if s.Len > 0 {
			return t.Bytes(*s)
		}
	}
	return nil
}

// hasElementChild reports whether node n has a child that is not a text.
func hasElementChild(t *Tree, n int32) bool {
	for _, k := range t.Children(n) {
		if textOf(&t.Nodes[k]) == nil {
			return true
		}
	}
	return false
}

// endTag writes the end tag of the element whose children were just
// written (none for a void element).
func (w *HTMLWriter) endTag(dst, tag []byte) []byte {
	if w.stack[len(w.stack)-1].ctx.void {
		return dst
	}
	dst = append(dst, '<', '/')
	parentNS := nsHTML
	if len(w.stack) > 1 {
		parentNS = w.stack[len(w.stack)-2].ctx.ns
	}
	if parentNS == nsHTML {
		dst = lowerASCII(dst, tag)
	} else {
		dst = append(dst, tag...)
	}
	return append(dst, '>')
}

// attrs writes the attributes props give an element going into w.ctx, as
// the browser client maps them (client/README.md): className as class,
// htmlFor as for, on... as data-on... (lowercased), names lowercased in the
// HTML namespace; of props that give the same attribute the smallest name
// wins, even when it gives none; a name a member owns (data-key) is never a
// prop's. Values: strings as they are, true as "", false and null as no
// attribute, numbers as String(n), objects and arrays as
// JSON.stringify(JSON.parse(value)).
func (w *HTMLWriter) attrs(dst []byte, t *Tree, props []Prop) ([]byte, error) {
	if len(props) == 0 {
		return dst, nil
	}
	html := w.elemNS() == nsHTML
	w.mapped, w.names = w.mapped[:0], w.names[:0]
	for i, p := range props {
		name := t.Bytes(p.Name)
		from := len(w.names)
		switch {
		case string(name) == "className":
			w.names = append(w.names, "class"...)
		case string(name) == "htmlFor":
			w.names = append(w.names, "for"...)
		case len(name) > 2 && isLetterCase(name[0], 'o') && isLetterCase(name[1], 'n'):
			w.names = append(w.names, "data-"...)
			w.names = lowerASCII(w.names, name)
		default:
			if html {
				w.names = lowerASCII(w.names, name)
			} else {
				w.names = append(w.names, name...)
			}
		}
		w.mapped = append(w.mapped, htmlAttr{name: [2]int32{int32(from), int32(len(w.names))}, prop: int32(i)})
	}
	// by attribute name; stable, so the smallest prop name comes first
	if len(w.mapped) > 1 {
		slices.SortStableFunc(w.mapped, func(a, b htmlAttr) int {
			return bytes.Compare(w.names[a.name[0]:a.name[1]], w.names[b.name[0]:b.name[1]])
		})
	}
	var err error
	for i, a := range w.mapped {
		name := w.names[a.name[0]:a.name[1]]
		if i > 0 {
			if b := w.mapped[i-1]; bytes.Equal(w.names[b.name[0]:b.name[1]], name) {
				continue // a smaller prop name gives it
			}
		}
		if reserved(name) {
			continue
		}
		p := props[a.prop]
		val := t.Bytes(p.Val)
		if p.Raw {
			switch val[0] {
			case 'f', 'n': // false, null: no attribute
				continue
			case 't':
				val = val[:0]
			case '{', '[':
				var ok bool
				if w.val, ok = w.js.appendNormal(w.val[:0], val, maxJSONCeiling); !ok {
					return dst, cannot("prop "+quote(t.Bytes(p.Name)), "its value is not JSON")
				}
				val = w.val
			default:
				var ok bool
				if w.val, ok = appendJSNumber(w.val[:0], val, false); !ok {
					return dst, cannot("prop "+quote(t.Bytes(p.Name)), "its value is not JSON")
				}
				val = w.val
			}
		}
		if dst, err = w.attrNamed(dst, name, html, t.Bytes(p.Name)); err != nil {
			return dst, err
		}
		if dst, err = attrValue(dst, val); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// isLetterCase reports whether c is the ASCII letter lower in either case.
func isLetterCase(c, lower byte) bool { return c == lower || c == lower-('a'-'A') }

// elemNS is the namespace of the element being written (its children's,
// but for foreignObject, whose children are HTML again).
func (w *HTMLWriter) elemNS() uint8 {
	switch {
	case w.ctx.ns != nsHTML:
		return w.ctx.ns
	case string(w.lower) == "svg":
		return nsSVG
	case string(w.lower) == "math":
		return nsMath
	}
	return nsHTML
}

// reserved reports whether an attribute name belongs to a member.
func reserved(name []byte) bool {
	for _, r := range reservedAttrs {
		if string(name) == r {
			return true
		}
	}
	return false
}

// attrNamed writes ' ' and an attribute's name, after checking it: a name
// the DOM and the tokenizer read alike, and in SVG and MathML the case the
// parser gives it.
func (w *HTMLWriter) attrNamed(dst, name []byte, html bool, prop []byte) ([]byte, error) {
	if !validName(name, true) {
		return dst, cannot("prop "+quote(prop)+" (attribute "+quote(name)+")", "not a name the HTML parser and the DOM read alike (an ASCII letter, '_' or ':', then letters, digits, '-', '.', '_', ':')")
	}
	if !html && hasUpper(name) {
		lower := lowerASCII(w.lower[len(w.lower):], name)
		want := string(lower)
		table := svgAttrs
		if w.elemNS() == nsMath {
			table = mathAttrs
		}
		if a, ok := table[string(lower)]; ok {
			want = a
		}
		if want != string(name) {
			return dst, cannot("prop "+quote(prop), "the parser names the attribute "+want)
		}
	}
	dst = append(dst, ' ')
	return append(dst, name...), nil
}

// attr writes a member's attribute (html:"attr NAME"): name="value".
func (w *HTMLWriter) attr(dst []byte, name string, val []byte) ([]byte, error) {
	dst = append(dst, ' ')
	dst = append(dst, name...)
	return attrValue(dst, val)
}

// attrValue writes ="value", escaped: & and " as references, a carriage
// return as &#13; (the parser would turn it into a newline). A NUL cannot be
// said.
func attrValue(dst, val []byte) ([]byte, error) {
	dst = append(dst, '=', '"')
	start := 0
	for i, c := range val {
		var ref string
		switch c {
		case '&':
			ref = "&amp;"
		case '"':
			ref = "&quot;"
		case '\r':
			ref = "&#13;"
		case 0:
			return dst, cannot("an attribute value", "holds a NUL character, which the parser replaces")
		default:
			continue
		}
		dst = append(dst, val[start:i]...)
		dst = append(dst, ref...)
		start = i + 1
	}
	dst = append(dst, val[start:]...)
	return append(dst, '"'), nil
}

// text writes a text going into w.ctx: escaped (& < > as references, a
// carriage return as &#13;), or in a raw text element (script, style) as it
// is, after checking it does not end the element early. An empty text
// writes nothing.
func (w *HTMLWriter) text(dst, b []byte) ([]byte, error) {
	if len(b) == 0 {
		return dst, nil
	}
	ctx := &w.ctx
	if ctx.mode == modeNone {
		return dst, cannot("a text", "its parent is a void element (or a template) and cannot have children")
	}
	if ctx.table != inNoTable && !isSpaceText(b) {
		return dst, cannot("a text", "the parser moves text out of a table (foster parenting), but for whitespace")
	}
	if ctx.mode == modeRaw {
		tag := ctx.rawTag()
		if i := bytes.IndexByte(b, 0); i >= 0 {
			return dst, cannot("the text of <"+tag+">", "holds a NUL character")
		}
		if bytes.IndexByte(b, '\r') >= 0 {
			return dst, cannot("the text of <"+tag+">", "holds a carriage return, which the parser turns into a newline and which raw text cannot escape")
		}
		// the element's text so far and this one: texts side by side (the
		// node view) are one text in the HTML
		from := max(int(ctx.rawAt), len(dst)-len(tag)-3)
		out := append(dst, b...)
		if endsRaw(out[from:], tag) {
			return dst, cannot("the text of <"+tag+">", "holds </"+tag+", which would end the element")
		}
		if tag == "script" && bytes.Contains(out[from:], []byte("<!--")) {
			return dst, cannot("the text of <script>", "holds <!--, which changes how the parser finds its end")
		}
		return out, nil
	}
	start := 0
	if len(dst) == w.start && b[0] == '{' {
		dst = append(dst, "&#123;"...)
		start = 1
	}
	for i := start; i < len(b); i++ {
		var ref string
		switch b[i] {
		case '&':
			ref = "&amp;"
		case '<':
			ref = "&lt;"
		case '>':
			ref = "&gt;"
		case '\r':
			ref = "&#13;"
		case 0:
			return dst, cannot("a text", "holds a NUL character, which the parser drops")
		default:
			continue
		}
		dst = append(dst, b[start:i]...)
		dst = append(dst, ref...)
		start = i + 1
	}
	return append(dst, b[start:]...), nil
}

// endsRaw reports whether b holds "</" and tag in any ASCII case.
func endsRaw(b []byte, tag string) bool {
	for i := 0; i+2+len(tag) <= len(b); i++ {
		if b[i] != '<' || b[i+1] != '/' {
			continue
		}
		match := true
		for k := 0; k < len(tag); k++ {
			c := b[i+2+k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != tag[k] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// raw writes a raw block (html:"raw TAG"): <tag>html</tag>, the html as it
// is, which the host must make well-formed (docs/dom-view.md).
func (w *HTMLWriter) raw(dst []byte, tag string, html []byte) ([]byte, error) {
	var c htmlCtx
	if why := childCtx(&c, &w.ctx, nil, tag, classOf(tag), true); why != "" {
		return dst, cannot("a RawHtml <"+tag+">", why)
	}
	dst = append(dst, '<')
	dst = append(dst, tag...)
	dst = append(dst, '>')
	dst = append(dst, html...)
	dst = append(dst, '<', '/')
	dst = append(dst, tag...)
	return append(dst, '>'), nil
}

// quote is b in double quotes, for messages.
func quote(b []byte) string {
	if len(b) > 64 {
		b = append(b[:61:61], "..."...)
	}
	return `"` + string(b) + `"`
}
