package reconcile_test
import ("testing";"fmt";"strings";"github.com/minimact/engine/generated/vdom";"github.com/minimact/engine/runtime/reconcile")
func table(changed bool) []byte {
	var b strings.Builder
	b.WriteString(`{"type":"Element","tag":"table","props":{"class":"grid"},"children":[{"type":"Element","tag":"tbody","props":{},"children":[`)
	for r := 0; r < 500; r++ {
		if r > 0 { b.WriteString(",") }
		fmt.Fprintf(&b, `{"type":"Element","tag":"tr","props":{"class":"row"},"key":"r%d","children":[`, r)
		for c := 0; c < 4; c++ {
			if c > 0 { b.WriteString(",") }
			txt := fmt.Sprintf("Row %d, column %d: some cell text here", r, c)
			if changed && r == 250 && c == 2 { txt = "CHANGED" }
			fmt.Fprintf(&b, `{"type":"Element","tag":"td","props":{"class":"cell c%d","data-col":"%d"},"children":[{"type":"Text","content":"%s"}]}`, c, c, txt)
		}
		b.WriteString("]}")
	}
	b.WriteString("]}]}")
	return []byte(b.String())
}
func BenchmarkQDecode(b *testing.B) {
	src := table(false); d := vdom.NewDecoder(vdom.Limits{}); var t vdom.Tree
	b.SetBytes(int64(len(src))); b.ReportAllocs()
	for i := 0; i < b.N; i++ { if err := d.DecodeTree(src, &t); err != nil { b.Fatal(err) } }
}
func BenchmarkQOneCell(b *testing.B) {
	o, n := table(false), table(true); r := reconcile.New(vdom.Limits{})
	out, err := r.JSON(o, n); if err != nil { b.Fatal(err) }
	b.Logf("%d bytes: %s", len(o), out)
	b.SetBytes(int64(len(o)+len(n))); b.ReportAllocs()
	for i := 0; i < b.N; i++ { r.JSON(o, n) }
}
