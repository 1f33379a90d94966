package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// load loads the schema of this module once per call (go/packages is slow
// enough that tests share one load where they can).
func load(t *testing.T) (string, *packages.Package) {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := loadSchema(root)
	if err != nil {
		t.Fatal(err)
	}
	return root, pkg
}

// TestGeneratedUpToDate runs every emitter into memory and compares each
// output with the checked-in file: a stale one means someone changed the
// schema or the generator without running `go generate ./...`.
func TestGeneratedUpToDate(t *testing.T) {
	root, pkg := load(t)
	outs, err := generate(pkg)
	if err != nil {
		t.Fatal(err)
	}
	made := map[string]bool{}
	for _, o := range outs {
		made[filepath.ToSlash(o.path)] = true
		old, err := os.ReadFile(filepath.Join(root, o.path))
		if err != nil {
			t.Errorf("%s: missing (%v); run `go generate ./...`", o.path, err)
			continue
		}
		if !bytes.Equal(old, o.content) {
			t.Errorf("%s: stale; run `go generate ./...` and commit it", o.path)
		}
	}
	// generated/vdom holds doc.go, the generator's *_gen.go files and tests
	entries, err := os.ReadDir(filepath.Join(root, vdomDir))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir(), name == "doc.go", strings.HasSuffix(name, "_test.go"), !strings.HasSuffix(name, ".go"):
		case strings.HasSuffix(name, "_gen.go"):
			if !made[vdomDir+"/"+name] {
				t.Errorf("%s/%s: no emitter writes it any more; delete it", vdomDir, name)
			}
		default:
			t.Errorf("%s/%s: hand-written code in generated/; put it in the generator or the runtime", vdomDir, name)
		}
	}
}

// TestGenerateDeterministic checks that two runs from two loads of the schema
// give the same bytes in the same order, and that every Go output starts
// with the generated-code header.
func TestGenerateDeterministic(t *testing.T) {
	_, pkg1 := load(t)
	_, pkg2 := load(t)
	a, err := generate(pkg1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(pkg2)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d outputs, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].path != b[i].path || !bytes.Equal(a[i].content, b[i].content) {
			t.Errorf("output %d differs between runs: %s, %s", i, a[i].path, b[i].path)
		}
		if strings.HasPrefix(a[i].path, vdomDir+"/") && !bytes.HasPrefix(a[i].content, []byte("// "+generatedHeader+"\n")) {
			t.Errorf("%s does not start with the generated-code header", a[i].path)
		}
	}
}

// TestModel checks what the model reads from the schema.
func TestModel(t *testing.T) {
	_, pkg := load(t)
	md, err := loadModel(pkg)
	if err != nil {
		t.Fatal(err)
	}
	kindNames := func(ks []*kind) (names []string) {
		for _, k := range ks {
			names = append(names, k.Go)
		}
		return names
	}
	eq := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}

	eq("node kinds", kindNames(md.Node.Kinds), []string{"KindElement", "KindText", "KindFragment", "KindRawHtml"})
	for _, k := range md.Node.Kinds {
		eq(k.Name+" flattens", k.Flatten, k.Name == "Fragment")
		if !strings.HasPrefix(k.Doc, k.Go+" ") {
			t.Errorf("doc of %s does not begin with its name: %q", k.Go, k.Doc)
		}
	}
	eq("patch kinds", kindNames(md.Patch.Kinds), []string{"PatchCreate", "PatchRemove", "PatchReplace", "PatchUpdateText", "PatchUpdateProps", "PatchReorderChildren"})

	type memberWant struct {
		json, bit string
		shape     shape
		kinds     []string
		required  []string
		limit     string
		diff      string
	}
	check := func(o *object, want []memberWant) {
		t.Helper()
		if len(o.Members) != len(want) {
			t.Fatalf("%s has %d members, want %d", o.Name, len(o.Members), len(want))
		}
		for i, w := range want {
			m := o.Members[i]
			lim := ""
			if m.Limit != nil {
				lim = m.Limit.Name
			}
			got := memberWant{m.JSON, m.Bit, m.Shape, kindNames(m.Kinds), kindNames(m.Required), lim, m.Diff}
			if w.kinds == nil {
				w.kinds = kindNames(o.Kinds)
			}
			eq(o.Name+"."+m.Field, got, w)
		}
	}
	check(md.Node, []memberWant{
		{"type", "mType", shapeType, nil, nil, "", ""},
		{"tag", "mTag", shapeString, []string{"KindElement"}, []string{"KindElement"}, "MaxPropKeyLength", diffIdentity},
		{"props", "mProps", shapeProps, []string{"KindElement"}, nil, "MaxPropValueLength", diffUpdateProps},
		{"children", "mChildren", shapeChildren, []string{"KindElement", "KindFragment"}, nil, "", diffChildren},
		{"key", "mKey", shapeOptString, []string{"KindElement"}, nil, "MaxPropValueLength", diffIdentity},
		{"content", "mContent", shapeString, []string{"KindText"}, nil, "MaxTextLength", diffUpdateText},
		{"html", "mHTML", shapeString, []string{"KindRawHtml"}, nil, "MaxTextLength", diffReplace},
	})
	eq("key presence", md.Node.Members[4].Present, "Keyed")
	eq("children count", md.Node.children().Count.Name, "MaxChildrenPerNode")
	all := kindNames(md.Patch.Kinds)
	check(md.Patch, []memberWant{
		{"type", "pType", shapeType, nil, nil, "", ""},
		{"path", "pPath", shapeIndices, nil, all, "", ""},
		{"node", "pNode", shapeNode, []string{"PatchCreate", "PatchReplace"}, []string{"PatchCreate", "PatchReplace"}, "", ""},
		{"content", "pContent", shapeString, []string{"PatchUpdateText"}, []string{"PatchUpdateText"}, "MaxTextLength", ""},
		{"props", "pProps", shapeProps, []string{"PatchUpdateProps"}, []string{"PatchUpdateProps"}, "MaxPropValueLength", ""},
		{"order", "pOrder", shapeKeys, []string{"PatchReorderChildren"}, []string{"PatchReorderChildren"}, "MaxPropValueLength", ""},
	})
	eq("path code", md.Patch.Members[1].Code.Name, "InvalidPath")
	eq("arenas", []string{md.Patch.Members[1].Arena, md.Patch.Members[5].Arena}, []string{"Paths", "Keys"})

	var codes []string
	for _, c := range md.Codes {
		codes = append(codes, c.Name+"="+strconv.FormatInt(c.Value, 10))
		if !strings.HasPrefix(c.Doc, c.Name+" ") {
			t.Errorf("code %s has no doc comment naming it: %q", c.Name, c.Doc)
		}
	}
	eq("codes", codes, []string{"Success=0", "InvalidVNode=1", "InvalidPath=2", "PatchTypeMismatch=3",
		"PredictorFull=4", "InvalidHandle=5", "TreeTooDeep=6", "TreeTooLarge=7", "MemoryLimitExceeded=8",
		"JsonTooLarge=9", "Serialization=10", "InvalidUtf8=11", "NullPointer=12", "TooManyChildren=13",
		"PropertyTooLong=14", "TextTooLong=15", "Persistence=16", "KeyNotFound=17", "TooManyProps=18", "Unknown=999"})

	var limits []string
	for _, l := range md.Limits {
		limits = append(limits, l.Name+"="+strconv.FormatInt(l.Default, 10)+":"+l.Code.Name+":"+l.Bounds)
		if !strings.HasPrefix(l.Doc, l.Name+" ") {
			t.Errorf("limit %s has no doc comment naming it: %q", l.Name, l.Doc)
		}
	}
	eq("limits", limits, []string{
		"MaxTreeDepth=100:TreeTooDeep:depth", "MaxNodeCount=10000:TreeTooLarge:nodes",
		"MaxChildrenPerNode=1000:TooManyChildren:", "MaxPropKeyLength=256:PropertyTooLong:",
		"MaxPropValueLength=4096:PropertyTooLong:", "MaxTextLength=1048576:TextTooLong:",
		"MaxJSONBytes=1048576:JsonTooLarge:document", "MaxPropsPerNode=1000:TooManyProps:"})

	// derived views the emitters use
	eq("kinds with children", kindNames(md.Node.kindsWith(diffChildren)), []string{"KindElement", "KindFragment"})
	eq("kinds with identity", kindNames(md.Node.kindsWith(diffIdentity)), []string{"KindElement"})
	var order []string
	for _, m := range canonical(md.Node.kindMembers(md.Node.Kinds[0])) {
		order = append(order, m.JSON)
	}
	eq("canonical Element order", order, []string{"tag", "key", "props", "children"})
	eq("Replace carries", md.Patch.payload(md.Patch.kind("Replace")).JSON, "node")
	eq("Remove carries", md.Patch.payload(md.Patch.kind("Remove")) == nil, true)
}
