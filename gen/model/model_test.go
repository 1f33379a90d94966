package model

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// load reads the model of this module's schema.
func load(t *testing.T) *Model {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = filepath.Dir(dir)
	}
	md, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// TestModel checks what the model reads from the schema's shapes, codes and
// limits.
func TestModel(t *testing.T) {
	md := load(t)
	kindNames := func(ks []*Kind) (names []string) {
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
		shape     Shape
		kinds     []string
		required  []string
		limit     string
		diff      string
	}
	check := func(o *Object, want []memberWant) {
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
		{"type", "mType", ShapeType, nil, nil, "", ""},
		{"tag", "mTag", ShapeString, []string{"KindElement"}, []string{"KindElement"}, "MaxPropKeyLength", DiffIdentity},
		{"props", "mProps", ShapeProps, []string{"KindElement"}, nil, "MaxPropValueLength", DiffUpdateProps},
		{"children", "mChildren", ShapeChildren, []string{"KindElement", "KindFragment"}, nil, "", DiffChildren},
		{"key", "mKey", ShapeOptString, []string{"KindElement"}, nil, "MaxPropValueLength", DiffIdentity},
		{"content", "mContent", ShapeString, []string{"KindText"}, nil, "MaxTextLength", DiffUpdateText},
		{"html", "mHTML", ShapeString, []string{"KindRawHtml"}, nil, "MaxTextLength", DiffReplace},
	})
	eq("key presence", md.Node.Members[4].Present, "Keyed")
	eq("children count", md.Node.Children().Count.Name, "MaxChildrenPerNode")
	all := kindNames(md.Patch.Kinds)
	check(md.Patch, []memberWant{
		{"type", "pType", ShapeType, nil, nil, "", ""},
		{"path", "pPath", ShapeIndices, nil, all, "", ""},
		{"node", "pNode", ShapeNode, []string{"PatchCreate", "PatchReplace"}, []string{"PatchCreate", "PatchReplace"}, "", ""},
		{"content", "pContent", ShapeString, []string{"PatchUpdateText"}, []string{"PatchUpdateText"}, "MaxTextLength", ""},
		{"props", "pProps", ShapeProps, []string{"PatchUpdateProps"}, []string{"PatchUpdateProps"}, "MaxPropValueLength", ""},
		{"order", "pOrder", ShapeKeys, []string{"PatchReorderChildren"}, []string{"PatchReorderChildren"}, "MaxPropValueLength", ""},
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
		"PropertyTooLong=14", "TextTooLong=15", "Persistence=16", "KeyNotFound=17", "TooManyProps=18", "UnrepresentableHtml=19", "Unknown=999"})
	eq("first macro", md.Codes[0].Macro, "MINIMACT_SUCCESS")
	eq("InvalidUtf8 macro", md.Code("InvalidUtf8").Macro, "MINIMACT_INVALID_UTF8")

	var limits []string
	for _, l := range md.Limits {
		limits = append(limits, l.Name+"="+strconv.FormatInt(l.Default, 10)+":"+l.Code.Name+":"+l.Bounds+":"+l.JSON)
		if !strings.HasPrefix(l.Doc, l.Name+" ") {
			t.Errorf("limit %s has no doc comment naming it: %q", l.Name, l.Doc)
		}
	}
	eq("limits", limits, []string{
		"MaxTreeDepth=100:TreeTooDeep:depth:max_tree_depth", "MaxNodeCount=10000:TreeTooLarge:nodes:max_node_count",
		"MaxChildrenPerNode=1000:TooManyChildren::max_children_per_node", "MaxPropKeyLength=256:PropertyTooLong::max_prop_key_length",
		"MaxPropValueLength=4096:PropertyTooLong::max_prop_value_length", "MaxTextLength=1048576:TextTooLong::max_text_length",
		"MaxJSONBytes=1048576:JsonTooLarge:document:max_json_bytes", "MaxPropsPerNode=1000:TooManyProps::max_props_per_node"})

	// derived views the emitters use
	eq("kinds with children", kindNames(md.Node.KindsWith(DiffChildren)), []string{"KindElement", "KindFragment"})
	eq("kinds with identity", kindNames(md.Node.KindsWith(DiffIdentity)), []string{"KindElement"})
	var order []string
	for _, m := range Canonical(md.Node.KindMembers(md.Node.Kinds[0])) {
		order = append(order, m.JSON)
	}
	eq("canonical Element order", order, []string{"tag", "key", "props", "children"})
	eq("Replace carries", md.Patch.Payload(md.Patch.Kind("Replace")).JSON, "node")
	eq("Remove carries", md.Patch.Payload(md.Patch.Kind("Remove")) == nil, true)
	eq("versions", []any{md.Version, md.ABIVersion}, []any{"1.0.0", int64(1)})
}

// TestABIModel checks what the model reads from schema/abi.go.
func TestABIModel(t *testing.T) {
	m := load(t)
	var names []string
	for _, f := range m.Original {
		names = append(names, f.C)
		if !f.Original {
			t.Errorf("%s is not marked original", f.C)
		}
	}
	want := []string{"minimact_predictor_new", "minimact_predictor_new_with_config", "minimact_predictor_destroy",
		"minimact_reconcile", "minimact_predictor_learn", "minimact_predictor_predict", "minimact_predictor_stats",
		"minimact_predictor_save", "minimact_predictor_load", "minimact_free_string", "minimact_free_error",
		"minimact_logging_enable", "minimact_logging_disable", "minimact_logging_set_level",
		"minimact_logging_get_logs", "minimact_logging_clear", "minimact_metrics_get", "minimact_metrics_reset"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("original exports:\n%v\nwant\n%v", names, want)
	}
	if len(m.Extensions) < 20 {
		t.Errorf("only %d extensions", len(m.Extensions))
	}
	for _, f := range m.Extensions {
		if f.Original {
			t.Errorf("extension %s is marked original", f.C)
		}
	}
	for _, f := range m.All() {
		if !strings.HasPrefix(f.Doc, f.C+" ") {
			t.Errorf("%s: doc %q", f.C, f.Doc)
		}
	}
	var create *Func
	for _, f := range m.Extensions {
		if f.C == "minimact_predictor_create" {
			create = f
		}
	}
	if create == nil || !create.Params[0].Nullable || create.Params[1].CS != "@out" {
		t.Errorf("minimact_predictor_create: %+v %+v", create.Params[0], create.Params[1])
	}
	if !m.Original[2].Release {
		t.Errorf("%s is not //abi:release", m.Original[2].C)
	}
}

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"PredictorNewWithConfig": "predictor_new_with_config", "maxJSONSize": "max_json_size",
		"InvalidVNode": "invalid_vnode", "InvalidUtf8": "invalid_utf8", "oldJSON": "old_json",
		"JsonTooLarge": "json_too_large", "AbiVersion": "abi_version", "MaxJSONBytes": "max_json_bytes",
		"stateChange": "state_change", "out": "out", "GetLogEvents": "get_log_events",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCheckRefuses checks that the model refuses a schema the emitters or
// the hand-written code beside their output could not serve.
func TestCheckRefuses(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(m *Model)
		abi    bool
	}{
		{"limit code the decoder hard-codes", func(m *Model) { m.Limit("MaxTreeDepth").Code = m.Code("Unknown") }, false},
		{"bounds moved", func(m *Model) { m.Limit("MaxNodeCount").Bounds = "" }, false},
		{"children renamed", func(m *Model) { m.Node.Children().JSON = "kids" }, false},
		{"props limit changed", func(m *Model) { m.Node.Props().Count = m.Limit("MaxChildrenPerNode") }, false},
		{"patch props decoded differently", func(m *Model) { m.Patch.Shaped(ShapeProps)[0].Limit = m.Limit("MaxTextLength") }, false},
		{"codes out of order", func(m *Model) { m.Codes[1], m.Codes[2] = m.Codes[2], m.Codes[1] }, false},
		{"VNode member without diff", func(m *Model) { m.Node.Members[1].Diff = "" }, false},
		{"unknown diff", func(m *Model) { m.Node.Members[1].Diff = "Move" }, false},
		{"export twice", func(m *Model) { m.Extensions = append(m.Extensions, m.Original[0]) }, true},
		{"nullable number", func(m *Model) { m.Original[1].Params[0].Nullable = true }, true},
	} {
		m := load(t)
		c.change(m)
		check := m.check
		if c.abi {
			check = m.checkABI
		}
		if err := check(); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
	if err := load(t).check(); err != nil {
		t.Errorf("the schema itself: %v", err)
	}
}
