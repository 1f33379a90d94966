package vdom_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

// renderIn writes the HTML of src decoded in view v.
func renderIn(t *testing.T, src string, v vdom.View) (string, error) {
	t.Helper()
	tr := &vdom.Tree{}
	if err := vdom.NewDecoder(vdom.Limits{DOMView: v}).DecodeTree([]byte(src), tr); err != nil {
		t.Fatalf("decode %s: %v", src, err)
	}
	var w vdom.HTMLWriter
	out, err := w.AppendHTML(nil, tr, tr.Root)
	return string(out), err
}

func el(tag, props, kids string) string {
	s := `{"type":"Element","tag":"` + tag + `"`
	if props != "" {
		s += `,"props":{` + props + `}`
	}
	if kids != "" {
		s += `,"children":[` + kids + `]`
	}
	return s + `}`
}

func tx(s string) string { return `{"type":"Text","content":"` + s + `"}` }

// TestHTMLWriter pins what the writer writes: the client's props table, its
// value formatting, escaping, special elements (client/README.md).
func TestHTMLWriter(t *testing.T) {
	cases := []struct{ name, tree, want string }{
		{"element, text", el("p", "", tx("Count: ")+","+tx("2")), `<p>Count: 2</p>`},
		{"tag lowercased", el("DIV", "", ""), `<div></div>`},
		{"className and htmlFor", el("label", `"className":"c","htmlFor":"f"`, ""), `<label class="c" for="f"></label>`},
		{"class beats className (the smaller name)", el("a", `"className":"x","class":"y"`, ""), `<a class="y"></a>`},
		{"ID beats id", el("a", `"id":"x","ID":"y"`, ""), `<a id="y"></a>`},
		{"events as data-on…", el("button", `"onClick":"go","ONCHANGE":"c","one":"1","on":"2"`, ""), `<button data-onchange="c" data-onclick="go" data-one="1" on="2"></button>`},
		{"onClick beats data-onclick", el("a", `"onClick":"x","data-onclick":"y"`, ""), `<a data-onclick="y"></a>`},
		{"the winner decides even giving none", el("a", `"id":false,"ID":"x"`, ""), `<a id="x"></a>`},
		{"the winner decides even giving none (2)", el("a", `"ID":false,"id":"x"`, ""), `<a></a>`},
		{"names lowercased", el("div", `"tabIndex":"1","aria-Label":"l"`, ""), `<div aria-label="l" tabindex="1"></div>`},
		{"booleans and null", el("input", `"disabled":true,"hidden":false,"title":null`, ""), `<input disabled="">`},
		{"numbers as String(n)", el("i", `"a":1.50,"b":1E2,"c":1e21,"d":1e-7,"e":-0,"f":123456789012345678901,"g":0.000001,"h":1e400,"i":-1e-400,"j":5e-324`, ""),
			`<i a="1.5" b="100" c="1e+21" d="1e-7" e="0" f="123456789012345680000" g="0.000001" h="Infinity" i="0" j="5e-324"></i>`},
		{"JSON as JSON.stringify", el("i", `"j":{"b":1,"a":[1.0,"\u00e9\/"],"2":true,"1":null,"b":2, "x" : {"0":0,"10":1,"9":2,"01":3}},"k":[ 1e400, "\"\\\b\f\n\r\t\u0001" ]`, ""),
			`<i j="{&quot;1&quot;:null,&quot;2&quot;:true,&quot;b&quot;:2,&quot;a&quot;:[1,&quot;é/&quot;],&quot;x&quot;:{&quot;0&quot;:0,&quot;9&quot;:2,&quot;10&quot;:1,&quot;01&quot;:3}}" k="[null,&quot;\&quot;\\\b\f\n\r\t\u0001&quot;]"></i>`},
		{"data-key from the key only", `{"type":"Element","tag":"li","key":"k&1","props":{"data-key":"no","data-Key":"no"}}`, `<li data-key="k&amp;1"></li>`},
		{"text escaping", el("p", "", tx(`a & b < c > d \" ' \r\n`)), "<p>a &amp; b &lt; c &gt; d \" ' &#13;\n</p>"},
		{"attribute escaping", el("p", `"title":"a & b < c > \" ' \r\n"`, ""), "<p title=\"a &amp; b < c > &quot; ' &#13;\n\"></p>"},
		{"void elements", el("div", "", el("br", "", "")+","+el("img", `"src":"a.png"`, "")+","+el("input", "", "")), `<div><br><img src="a.png"><input></div>`},
		{"void with an empty text", el("br", "", tx("")), `<br>`},
		{"raw HTML", el("div", "", `{"type":"RawHtml","html":"<b>x</b> & y"}`), `<div><div><b>x</b> & y</div></div>`},
		{"fragment root", `{"type":"Fragment","children":[` + tx("a") + `,` + el("b", "", "") + `,null]}`, `a<b></b>`},
		{"text root", tx("plain"), `plain`},
		{"a text root never begins with {", tx(`{\"error\":1}`), `&#123;"error":1}`},
		{"empty text root", tx(""), ``},
		{"pre keeps a leading newline", el("pre", "", tx(`\nx`)), "<pre>\n\nx</pre>"},
		{"textarea keeps a leading newline", el("textarea", "", tx(`\n<x>`)), "<textarea>\n\n&lt;x&gt;</textarea>"},
		{"pre without one", el("pre", "", tx(`x\n`)), "<pre>x\n</pre>"},
		{"pre: the first DOM text counts", el("pre", "", tx("")+","+tx(`\nx`)), "<pre>\n\nx</pre>"},
		{"style is raw text", el("style", "", tx(`a > b { content: \"&\" }`)), `<style>a > b { content: "&" }</style>`},
		{"title is escaped", el("title", "", tx(`a < b`)), `<title>a &lt; b</title>`},
		{"svg keeps case", el("svg", `"viewBox":"0 0 1 1","className":"s"`, el("clipPath", `"clipPathUnits":"u"`, "")+","+el("foreignObject", "", el("div", `"tabIndex":"1"`, ""))),
			`<svg class="s" viewBox="0 0 1 1"><clipPath clipPathUnits="u"></clipPath><foreignObject><div tabindex="1"></div></foreignObject></svg>`},
		{"table", el("table", "", el("tbody", "", tx(" ")+","+el("tr", "", el("td", "", tx("x"))))), `<table><tbody> <tr><td>x</td></tr></tbody></table>`},
		{"p with phrasing", el("p", "", el("span", "", el("b", "", tx("x")))+","+el("br", "", "")), `<p><span><b>x</b></span><br></p>`},
		{"li in ul in li", el("ul", "", el("li", "", el("ul", "", el("li", "", "")))), `<ul><li><ul><li></li></ul></li></ul>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, v := range []vdom.View{vdom.ViewHTML, vdom.ViewNodes} {
				got, err := renderIn(t, c.tree, v)
				if err != nil || got != c.want {
					t.Fatalf("%s view:\ntree %s\n got %q (%v)\nwant %q", v, c.tree, got, err, c.want)
				}
			}
		})
	}
}

// TestHTMLWriterRefuses lists what HTML cannot say: each is an
// UnrepresentableHtml error with the path of the node, and no output.
func TestHTMLWriterRefuses(t *testing.T) {
	cases := []struct {
		name, tree string
		path       []int32
	}{
		{"void element with a child", el("div", "", el("br", "", tx("x"))), []int32{0}},
		{"void element with an element", el("img", "", el("b", "", "")), nil},
		{"template with children", el("template", "", tx("x")), nil},
		{"bad tag name", el("bad tag", "", ""), nil},
		{"tag starting with a digit", el("1a", "", ""), nil},
		{"bad attribute name", el("a", `"a b":"x"`, ""), nil},
		{"attribute name with a quote", el("a", `"a\"b":"x"`, ""), nil},
		{"NUL in text", el("p", "", tx(`a\u0000b`)), []int32{0}},
		{"NUL in an attribute", el("p", `"title":"a\u0000"`, ""), nil},
		{"NUL in a key", `{"type":"Element","tag":"p","key":"\u0000"}`, nil},
		{"</script in script", el("script", "", tx(`x</SCRIPT>`)), []int32{0}},
		{"<!-- in script", el("script", "", tx(`<!--`)), []int32{0}},
		{"</style in style", el("style", "", tx(`a</style b`)), []int32{0}},
		{"</style across texts", el("style", "", tx(`a</st`)+","+tx("")+","+tx(`YLE b`)), []int32{2}},
		{"<!-- across texts", el("script", "", tx(`<!`)+","+tx(`--`)), []int32{1}},
		{"CR in style", el("style", "", tx(`a\r`)), []int32{0}},
		{"element in style", el("style", "", el("b", "", "")), []int32{0}},
		{"element in textarea", el("textarea", "", el("b", "", "")), []int32{0}},
		{"div in p", el("p", "", el("span", "", el("div", "", ""))), []int32{0, 0}},
		{"RawHtml in p", el("p", "", `{"type":"RawHtml","html":"x"}`), []int32{0}},
		{"p in p", el("p", "", el("p", "", "")), []int32{0}},
		{"li in li through a div", el("ul", "", el("li", "", el("div", "", el("li", "", "")))), []int32{0, 0, 0}},
		{"a in a", el("a", "", el("span", "", el("a", "", ""))), []int32{0, 0}},
		{"form in form", el("form", "", el("div", "", el("form", "", ""))), []int32{0, 0}},
		{"button in button", el("button", "", el("button", "", "")), []int32{0}},
		{"heading in heading", el("h1", "", el("h2", "", "")), []int32{0}},
		{"tr right in table", el("table", "", el("tr", "", "")), []int32{0}},
		{"td outside a table", el("div", "", el("td", "", "")), []int32{0}},
		{"text in a table", el("table", "", tx("x")), []int32{0}},
		{"div in a table", el("table", "", el("div", "", "")), []int32{0}},
		{"body", el("div", "", el("body", "", "")), []int32{0}},
		{"div in svg", el("svg", "", el("div", "", "")), []int32{0}},
		{"RawHtml in svg", el("svg", "", `{"type":"RawHtml","html":""}`), []int32{0}},
		{"svg tag in the wrong case", el("svg", "", el("clippath", "", "")), []int32{0}},
		{"SVG in capitals", el("div", "", el("SVG", "", "")), []int32{0}},
		{"svg attribute the parser lowercases", el("svg", `"fooBar":"x"`, ""), nil},
		{"element in svg title", el("svg", "", el("title", "", el("g", "", ""))), []int32{0, 0}},
		{"math in svg", el("svg", "", el("math", "", "")), []int32{0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := renderIn(t, c.tree, vdom.ViewNodes)
			var e *vdom.Error
			if !errors.As(err, &e) || e.Code != vdom.UnrepresentableHtml || got != "" {
				t.Fatalf("tree %s: got %q, %v; want UnrepresentableHtml", c.tree, got, err)
			}
			if c.path != nil && !slices.Equal(e.Path, c.path) {
				t.Fatalf("tree %s: path %v, want %v (%v)", c.tree, e.Path, c.path, err)
			}
			if !strings.Contains(err.Error(), "UnrepresentableHtml") {
				t.Fatalf("message %q", err)
			}
		})
	}
}
