package vdom

// What an HTML parser does with the elements the HTML writer writes
// (html.go), as far as the writer checks it: the tags it treats specially,
// and the namespaces, content modes and open-element flags the writer keeps
// for each element's children. The writer refuses (UnrepresentableHtml) what
// the parser would read as another DOM than the tree's (docs/dom-view.md);
// what it does not check is listed there.

// tag classes, by ASCII-lowercased tag name in the HTML namespace
const (
	tVoid         uint64 = 1 << iota // no end tag, no children
	tRaw                             // raw text: its text is not decoded, and ends at </tag
	tRCDATA                          // escapable raw text: text only
	tNewline                         // a newline right after the start tag is dropped
	tClosesP                         // its start tag closes an open p
	tSpecial                         // "special" (stops the search for an open li, dd or dt)
	tScope                           // a boundary of the button scope (p, button)
	tMarker                          // a marker of the active formatting elements (a)
	tRefused                         // never parsed as an element inside the page's body
	tChildless                       // its children go elsewhere (template content)
	tHeading                         // h1 to h6
	tBreakout                        // ends foreign (SVG, MathML) content
	tP                               // p
	tLi                              // li
	tDdDt                            // dd, dt
	tA                               // a
	tForm                            // form
	tButton                          // button
	tOption                          // option, optgroup
	tKeepsLi                         // address, div, p: special, yet an li's search goes on through them
	tInTable                         // script, style, template: may stand in a table's parts
	tNeedTable                       // caption, colgroup, thead, tbody, tfoot: only right in a table
	tNeedColgroup                    // col: only in a colgroup
	tNeedSection                     // tr: only in a thead, tbody or tfoot
	tNeedRow                         // td, th: only in a tr
	tIsTable                         // table: its children are table parts
	tIsColgroup                      // colgroup
	tIsSection                       // thead, tbody, tfoot
	tIsRow                           // tr
	tTemplate                        // template
)

// tTable is the table parts, each only in its place.
const tTable = tNeedTable | tNeedColgroup | tNeedSection | tNeedRow

var tagClasses = map[string]uint64{
	"area": tVoid | tSpecial, "base": tVoid | tSpecial, "basefont": tVoid | tSpecial, "bgsound": tVoid | tSpecial,
	"br": tVoid | tSpecial | tBreakout, "col": tVoid | tSpecial | tNeedColgroup, "embed": tVoid | tSpecial | tBreakout,
	"hr": tVoid | tSpecial | tClosesP | tBreakout, "img": tVoid | tSpecial | tBreakout, "input": tVoid | tSpecial,
	"keygen": tVoid | tSpecial, "link": tVoid | tSpecial, "meta": tVoid | tSpecial | tBreakout,
	"param": tVoid | tSpecial, "source": tVoid | tSpecial, "track": tVoid | tSpecial, "wbr": tVoid | tSpecial,

	"script": tRaw | tSpecial | tInTable, "style": tRaw | tSpecial | tInTable, "xmp": tRaw | tSpecial | tClosesP, "iframe": tRaw | tSpecial,
	"noembed": tRaw | tSpecial, "noframes": tRaw | tSpecial, "noscript": tRaw | tSpecial,
	"textarea": tRCDATA | tNewline | tSpecial, "title": tRCDATA | tSpecial,
	"pre": tNewline | tClosesP | tSpecial | tBreakout, "listing": tNewline | tClosesP | tSpecial | tBreakout,

	"address": tClosesP | tSpecial | tKeepsLi, "article": tClosesP | tSpecial, "aside": tClosesP | tSpecial,
	"blockquote": tClosesP | tSpecial | tBreakout, "center": tClosesP | tSpecial | tBreakout,
	"details": tClosesP | tSpecial, "dialog": tClosesP, "dir": tClosesP | tSpecial, "div": tClosesP | tSpecial | tBreakout | tKeepsLi,
	"dl": tClosesP | tSpecial | tBreakout, "fieldset": tClosesP | tSpecial, "figcaption": tClosesP | tSpecial,
	"figure": tClosesP | tSpecial, "footer": tClosesP | tSpecial, "header": tClosesP | tSpecial,
	"hgroup": tClosesP | tSpecial, "main": tClosesP | tSpecial, "menu": tClosesP | tSpecial | tBreakout,
	"nav": tClosesP | tSpecial, "ol": tClosesP | tSpecial | tBreakout, "p": tClosesP | tSpecial | tBreakout | tKeepsLi | tP,
	"search": tClosesP | tSpecial, "section": tClosesP | tSpecial, "summary": tClosesP | tSpecial,
	"ul": tClosesP | tSpecial | tBreakout, "form": tClosesP | tSpecial | tForm,
	"li": tClosesP | tSpecial | tBreakout | tLi, "dd": tClosesP | tSpecial | tBreakout | tDdDt, "dt": tClosesP | tSpecial | tBreakout | tDdDt,
	"h1": tClosesP | tSpecial | tHeading | tBreakout, "h2": tClosesP | tSpecial | tHeading | tBreakout,
	"h3": tClosesP | tSpecial | tHeading | tBreakout, "h4": tClosesP | tSpecial | tHeading | tBreakout,
	"h5": tClosesP | tSpecial | tHeading | tBreakout, "h6": tClosesP | tSpecial | tHeading | tBreakout,

	"applet": tScope | tMarker | tSpecial, "marquee": tScope | tMarker | tSpecial, "object": tScope | tMarker | tSpecial,
	"button": tSpecial | tButton, "select": tSpecial,
	"template": tScope | tMarker | tSpecial | tChildless | tInTable | tTemplate,
	"table":    tScope | tSpecial | tBreakout | tIsTable,
	"caption":  tScope | tMarker | tSpecial | tNeedTable, "td": tScope | tMarker | tSpecial | tNeedRow,
	"th": tScope | tMarker | tSpecial | tNeedRow, "colgroup": tSpecial | tNeedTable | tIsColgroup, "thead": tSpecial | tNeedTable | tIsSection,
	"tbody": tSpecial | tNeedTable | tIsSection, "tfoot": tSpecial | tNeedTable | tIsSection, "tr": tSpecial | tNeedSection | tIsRow,

	"html": tRefused | tSpecial | tScope, "head": tRefused | tSpecial | tBreakout, "body": tRefused | tSpecial | tBreakout,
	"frameset": tRefused | tSpecial, "frame": tRefused | tSpecial, "image": tRefused, "plaintext": tRefused | tSpecial,

	"b": tBreakout, "big": tBreakout, "code": tBreakout, "em": tBreakout, "i": tBreakout, "nobr": tBreakout,
	"ruby": tBreakout, "s": tBreakout, "small": tBreakout, "span": tBreakout, "strong": tBreakout,
	"strike": tBreakout, "sub": tBreakout, "sup": tBreakout, "tt": tBreakout, "u": tBreakout, "var": tBreakout,
	"font": tBreakout, "a": tA, "option": tOption, "optgroup": tOption,
}

// classTable is tagClasses as an open-addressing table hashed cheaply (the
// writer looks up every element's tag): classOf is its lookup.
var classTable = func() (t [512]struct {
	name string
	cl   uint64
}) {
	for name, cl := range tagClasses {
		for i := tagHash(name); ; i = (i + 1) & 511 {
			if t[i].name == "" {
				t[i].name, t[i].cl = name, cl
				break
			}
		}
	}
	return t
}()

// tagHash is FNV-1a of name, folded to the table's size.
func tagHash(name string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(name); i++ {
		h = (h ^ uint32(name[i])) * 16777619
	}
	return (h ^ h>>9) & 511
}

// classOf returns tagClasses[name] (0 for a tag of no class).
func classOf(name string) uint64 {
	for i := tagHash(name); ; i = (i + 1) & 511 {
		e := &classTable[i]
		if e.name == name {
			return e.cl
		}
		if e.name == "" {
			return 0
		}
	}
}

// namespaces
const (
	nsHTML uint8 = iota
	nsSVG
	nsMath
)

// content modes of an element's children
const (
	modeNormal   uint8 = iota
	modeRaw            // raw text: text written as it is, checked not to end the element
	modeRCDATA         // text only, escaped
	modeTextOnly       // text only: element children would be parsed into another namespace
	modeNone           // no children (void elements, template)
)

// table contexts: which children a table part may have
const (
	inNoTable  uint8 = iota
	inTable          // caption, colgroup, thead, tbody, tfoot
	inColgroup       // col
	inSection        // tr
	inRow            // td, th
)

// flags of the elements open around a child
const (
	openP      uint8 = 1 << iota // a p in button scope: a block start tag would close it
	openLi                       // an li an li start tag would close
	openDdDt                     // a dd or dt a dd or dt start tag would close
	openA                        // an a an a start tag would close
	openForm                     // a form: a form start tag would be ignored
	openButton                   // a button in scope: a button start tag would close it
	inHeading                    // the parent is h1 to h6
	inOption                     // the parent is an option
)

// htmlCtx is what the writer knows of where a node goes: its parent's
// namespace, content mode, table context and open-element flags.
type htmlCtx struct {
	ns    uint8
	mode  uint8
	table uint8
	open  uint8
	raw   uint8 // in modeRaw: 1 + the element's index in rawTexts (its end must not come early)
	nl    bool  // a pre, listing or textarea: a leading newline needs doubling
	void  bool  // the element is void: it has no end tag
	rawAt int32 // in modeRaw: where its text begins in the output
}

// rawTag is the raw text element's tag, in modeRaw.
func (c *htmlCtx) rawTag() string { return rawTexts[c.raw-1] }

// svgTags and svgAttrs are the SVG names an HTML parser writes in mixed case
// (it lowercases every name first); mathAttrs the MathML one.
var svgTags = map[string]string{
	"altglyph": "altGlyph", "altglyphdef": "altGlyphDef", "altglyphitem": "altGlyphItem", "animatecolor": "animateColor",
	"animatemotion": "animateMotion", "animatetransform": "animateTransform", "clippath": "clipPath", "feblend": "feBlend",
	"fecolormatrix": "feColorMatrix", "fecomponenttransfer": "feComponentTransfer", "fecomposite": "feComposite",
	"feconvolvematrix": "feConvolveMatrix", "fediffuselighting": "feDiffuseLighting", "fedisplacementmap": "feDisplacementMap",
	"fedistantlight": "feDistantLight", "fedropshadow": "feDropShadow", "feflood": "feFlood", "fefunca": "feFuncA",
	"fefuncb": "feFuncB", "fefuncg": "feFuncG", "fefuncr": "feFuncR", "fegaussianblur": "feGaussianBlur", "feimage": "feImage",
	"femerge": "feMerge", "femergenode": "feMergeNode", "femorphology": "feMorphology", "feoffset": "feOffset",
	"fepointlight": "fePointLight", "fespecularlighting": "feSpecularLighting", "fespotlight": "feSpotLight", "fetile": "feTile",
	"feturbulence": "feTurbulence", "foreignobject": "foreignObject", "glyphref": "glyphRef", "lineargradient": "linearGradient",
	"radialgradient": "radialGradient", "textpath": "textPath",
}

var svgAttrs = map[string]string{
	"attributename": "attributeName", "attributetype": "attributeType", "basefrequency": "baseFrequency",
	"baseprofile": "baseProfile", "calcmode": "calcMode", "clippathunits": "clipPathUnits", "diffuseconstant": "diffuseConstant",
	"edgemode": "edgeMode", "filterunits": "filterUnits", "glyphref": "glyphRef", "gradienttransform": "gradientTransform",
	"gradientunits": "gradientUnits", "kernelmatrix": "kernelMatrix", "kernelunitlength": "kernelUnitLength",
	"keypoints": "keyPoints", "keysplines": "keySplines", "keytimes": "keyTimes", "lengthadjust": "lengthAdjust",
	"limitingconeangle": "limitingConeAngle", "markerheight": "markerHeight", "markerunits": "markerUnits",
	"markerwidth": "markerWidth", "maskcontentunits": "maskContentUnits", "maskunits": "maskUnits", "numoctaves": "numOctaves",
	"pathlength": "pathLength", "patterncontentunits": "patternContentUnits", "patterntransform": "patternTransform",
	"patternunits": "patternUnits", "pointsatx": "pointsAtX", "pointsaty": "pointsAtY", "pointsatz": "pointsAtZ",
	"preservealpha": "preserveAlpha", "preserveaspectratio": "preserveAspectRatio", "primitiveunits": "primitiveUnits",
	"refx": "refX", "refy": "refY", "repeatcount": "repeatCount", "repeatdur": "repeatDur",
	"requiredextensions": "requiredExtensions", "requiredfeatures": "requiredFeatures", "specularconstant": "specularConstant",
	"specularexponent": "specularExponent", "spreadmethod": "spreadMethod", "startoffset": "startOffset",
	"stddeviation": "stdDeviation", "stitchtiles": "stitchTiles", "surfacescale": "surfaceScale",
	"systemlanguage": "systemLanguage", "tablevalues": "tableValues", "targetx": "targetX", "targety": "targetY",
	"textlength": "textLength", "viewbox": "viewBox", "viewtarget": "viewTarget", "xchannelselector": "xChannelSelector",
	"ychannelselector": "yChannelSelector", "zoomandpan": "zoomAndPan",
}

var mathAttrs = map[string]string{"definitionurl": "definitionURL"}

// isNameByte reports whether c may follow the first byte of a tag or
// attribute name the writer accepts: ASCII letters, digits, '-', '.', '_'
// (and ':' for attributes, as in xlink:href).
func isNameByte(c byte, attr bool) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || attr && c == ':'
}

// lowerTag appends the ASCII lowercase of tag and reports whether tag is a
// tag name the writer accepts (validName).
func lowerTag(dst, tag []byte) ([]byte, bool) {
	if len(tag) == 0 {
		return dst, false
	}
	if c := tag[0] | 0x20; c < 'a' || c > 'z' {
		return dst, false
	}
	for _, c := range tag {
		if !isNameByte(c, false) {
			return dst, false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}

// validName reports whether b is a tag name (attr false) or an attribute
// name the writer accepts: one that the DOM accepts (createElement,
// setAttribute) and an HTML tokenizer reads back whole. A tag begins with an
// ASCII letter; an attribute with a letter, '_' or ':'.
func validName(b []byte, attr bool) bool {
	if len(b) == 0 {
		return false
	}
	c := b[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || attr && (c == '_' || c == ':')) {
		return false
	}
	for _, c := range b[1:] {
		if !isNameByte(c, attr) {
			return false
		}
	}
	return true
}

// lowerASCII appends b with A-Z lowercased.
func lowerASCII(dst, b []byte) []byte {
	for _, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// hasUpper reports whether b holds an ASCII capital.
func hasUpper(b []byte) bool {
	for _, c := range b {
		if c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// isSpaceText reports whether b is only ASCII whitespace (what a table may
// hold as text).
func isSpaceText(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r' {
			return false
		}
	}
	return true
}

// rawTexts are the raw text elements' names.
var rawTexts = [...]string{"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"}

// childCtx checks that an element with tag (as given, and name, its ASCII
// lowercase, of class cl: tagClasses[name]) may stand in ctx, and sets c to
// the context of its children; a non-empty reason says why HTML cannot say
// it. raw says the element is a RawHtml block (a div).
func childCtx(c, ctx *htmlCtx, tag []byte, name string, cl uint64, raw bool) string {
	*c = *ctx
	c.raw, c.nl, c.void, c.rawAt = 0, false, false, 0
	c.open &^= inHeading | inOption
	switch ctx.mode {
	case modeRaw, modeRCDATA:
		return "its parent holds only text"
	case modeTextOnly:
		return "its parent's element children would be parsed into another namespace"
	case modeNone:
		return "its parent is a void element (or a template) and cannot have children"
	}
	ns := ctx.ns
	if name == "svg" {
		ns = nsSVG
	} else if name == "math" {
		ns = nsMath
	}
	if ns != nsHTML {
		if ctx.ns == nsHTML {
			// entering SVG or MathML: the element itself must be named
			// in lowercase (the client creates it as named)
			if hasUpper(tag) {
				return "it is created in its namespace as named, and the parser names it in lowercase"
			}
			if ctx.table != inNoTable {
				return "it would be moved out of the table"
			}
			c.ns, c.table = ns, inNoTable
			return ""
		}
		if cl&tBreakout != 0 || raw {
			return "the parser ends SVG and MathML content at this HTML tag"
		}
		want := name
		if ns == nsSVG {
			if a, ok := svgTags[name]; ok {
				want = a
			}
		}
		if want != string(tag) {
			return "the parser names it " + want
		}
		if ctx.ns == nsSVG && name == "math" || ctx.ns == nsMath && name == "svg" {
			return "the parser keeps it in its parent's namespace"
		}
		switch {
		case ns == nsSVG && name == "foreignobject":
			c.ns = nsHTML
			c.open &^= openP | openButton | openLi | openDdDt
		case ns == nsSVG && (name == "desc" || name == "title"),
			ns == nsMath && (name == "mi" || name == "mo" || name == "mn" || name == "ms" || name == "mtext" || name == "annotation-xml"):
			c.mode = modeTextOnly
		}
		return ""
	}
	const (
		openLiScope = openLi | openDdDt
	)
	switch {
	case cl&tRefused != 0:
		return "the parser ignores it inside the page's body"
	case cl&tTable != 0:
		if cl&tNeedTable != 0 && ctx.table != inTable || cl&tNeedColgroup != 0 && ctx.table != inColgroup ||
			cl&tNeedSection != 0 && ctx.table != inSection || cl&tNeedRow != 0 && ctx.table != inRow {
			return "the parser drops or moves table parts that are not where a table has them (table > caption, colgroup > col, thead/tbody/tfoot > tr > td/th)"
		}
	case ctx.table != inNoTable && cl&tInTable == 0:
		return "the parser moves it out of the table (foster parenting)"
	}
	switch {
	case cl&tClosesP != 0 && ctx.open&openP != 0:
		return "it would close the p it is in"
	case cl&tLi != 0 && ctx.open&openLi != 0:
		return "it would close the li it is in"
	case cl&tDdDt != 0 && ctx.open&openDdDt != 0:
		return "it would close the dd or dt it is in"
	case cl&tA != 0 && ctx.open&openA != 0:
		return "an a inside an a is split by the parser"
	case cl&tForm != 0 && ctx.open&openForm != 0:
		return "the parser ignores a form inside a form"
	case cl&tButton != 0 && ctx.open&openButton != 0:
		return "it would close the button it is in"
	case cl&tOption != 0 && ctx.open&inOption != 0:
		return "it would close the option it is in"
	case cl&tHeading != 0 && ctx.open&inHeading != 0:
		return "a heading right inside a heading is closed by the parser"
	}
	if raw {
		return "" // a RawHtml div: what it holds is the host's
	}
	// the children's context
	if cl&tScope != 0 {
		c.open &^= openP | openButton
	}
	if cl&tMarker != 0 {
		c.open &^= openA
	}
	if cl&tSpecial != 0 && cl&tKeepsLi == 0 {
		c.open &^= openLiScope
	}
	switch {
	case cl&tP != 0:
		c.open |= openP
	case cl&tLi != 0:
		c.open |= openLi
	case cl&tDdDt != 0:
		c.open |= openDdDt
	case cl&tA != 0:
		c.open |= openA
	case cl&tForm != 0:
		c.open |= openForm
	case cl&tButton != 0:
		c.open |= openButton
	case cl&tOption != 0 && name == "option":
		c.open |= inOption
	case cl&tTemplate != 0:
		c.open &^= openForm
	case cl&tHeading != 0:
		c.open |= inHeading
	}
	switch {
	case cl&tIsTable != 0:
		c.table = inTable
	case cl&tIsColgroup != 0:
		c.table = inColgroup
	case cl&tIsSection != 0:
		c.table = inSection
	case cl&tIsRow != 0:
		c.table = inRow
	default:
		c.table = inNoTable
	}
	switch {
	case cl&(tVoid|tChildless) != 0:
		c.mode, c.void = modeNone, cl&tVoid != 0
	case cl&tRaw != 0:
		c.mode = modeRaw
		for i, r := range rawTexts {
			if r == name {
				c.raw = uint8(i + 1)
			}
		}
	case cl&tRCDATA != 0:
		c.mode = modeRCDATA
	}
	c.nl = cl&tNewline != 0
	return ""
}
