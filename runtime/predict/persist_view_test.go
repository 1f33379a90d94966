package predict

import (
	"bytes"
	"testing"

	"github.com/minimact/engine/generated/vdom"
)

// TestSaveKeepsDOMView: a predictor that works in the node-per-VNode view
// comes back from its JSON snapshot in that view. (Its learned paths count
// the nodes of that view: loaded in the HTML view, they would index other
// DOM nodes.) A snapshot in the default HTML view does not name the view,
// so snapshots written before the view existed read as before.
func TestSaveKeepsDOMView(t *testing.T) {
	for _, view := range []vdom.View{vdom.ViewHTML, vdom.ViewNodes} {
		cfg := Config{}
		cfg.Limits.DOMView = view
		p := New(cfg)
		snap, err := p.Save()
		if err != nil {
			t.Fatal(err)
		}
		named := bytes.Contains(snap, []byte(`"dom_view"`))
		if named != (view != vdom.ViewHTML) {
			t.Errorf("view %v: the snapshot names the view: %v (%s)", view, named, snap)
		}
		q, err := Load(snap)
		if err != nil {
			t.Fatalf("view %v: %v", view, err)
		}
		if got := q.Config().Limits.DOMView; got != view {
			t.Errorf("saved in view %v, loaded in view %v", view, got)
		}
		again, _ := q.Save()
		if !bytes.Equal(again, snap) {
			t.Errorf("view %v: Save(Load(s)) != s", view)
		}
	}
	// an unknown view is refused with a Persistence error, not taken for the default
	p := New(Config{Limits: vdom.Limits{DOMView: vdom.ViewNodes}})
	snap, _ := p.Save()
	bad := bytes.Replace(snap, []byte(`"nodes"`), []byte(`"pixels"`), 1)
	if _, err := Load(bad); vdom.CodeOf(err) != vdom.Persistence {
		t.Errorf("unknown dom_view: %v", err)
	}
}

// TestMergeRefusesOtherDOMView: the patterns of a JSON snapshot learned in
// another DOM view are refused (their paths count other nodes), with a
// Persistence error and nothing merged.
func TestMergeRefusesOtherDOMView(t *testing.T) {
	nodes := New(Config{Limits: vdom.Limits{DOMView: vdom.ViewNodes}})
	snap, err := nodes.Save()
	if err != nil {
		t.Fatal(err)
	}
	if err := New(Config{}).Merge(snap); vdom.CodeOf(err) != vdom.Persistence {
		t.Errorf("a nodes-view snapshot merged into an HTML-view predictor: %v", err)
	}
	if err := New(Config{Limits: vdom.Limits{DOMView: vdom.ViewNodes}}).Merge(snap); err != nil {
		t.Errorf("same view: %v", err)
	}
}
