package accuracy

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
)

// The corpora.
const (
	// Basic is the 15-kind corpus of corpus.go (issue 4): one instance of
	// each kind, Kinds.
	Basic = "basic"
	// Apps is the 30-kind corpus (issue 10): the basic kinds and the app
	// kinds (AppKinds), modelled on what real apps render, several
	// instances of each, interleaved as a server with many users sees them.
	Apps = "apps"
)

// AppKinds lists the kinds the apps corpus adds to the basic ones, in the
// report's order (apps_*.go).
var AppKinds = []string{"leaderboard", "stars", "checkout", "pricing", "dashboard", "inbox", "datatable",
	"filetree", "bulkselect", "kanban", "feed", "chat", "player", "timer", "uploads", "notifications",
	"wizard", "signup", "datepicker"}

// KindsOf returns the kinds of a corpus, in the report's order (nil for an
// unknown corpus).
func KindsOf(corpus string) []string {
	switch corpus {
	case Basic, "":
		return Kinds
	case Apps:
		return append(slices.Clip(Kinds), AppKinds...)
	}
	return nil
}

// InstancesPerKind is how many instances of each kind the apps corpus
// interleaves (each its own component_id, "kind#n"). The corpus of record
// has 4; more, for the same number of steps, is a server with many users
// in short sessions (go run ./bench/accuracy/cmd -instances N).
var InstancesPerKind = 4

// appMakers makes instance i (0-based) of each kind of the apps corpus; r
// draws the instance's own data (players, products, orders…).
var appMakers = map[string]func(i int, r *rand.Rand) app{
	"counter":       func(i int, r *rand.Rand) app { return &counter{count: r.IntN(4)} },
	"toggle":        func(i int, r *rand.Rand) app { return &toggle{on: i%2 == 1} },
	"greeting":      func(i int, r *rand.Rand) app { return &greeting{target: i * 3} },
	"cart":          func(i int, r *rand.Rand) app { return &cart{qty: r.IntN(3)} },
	"progress":      func(i int, r *rand.Rand) app { return &progress{pct: r.IntN(30)} },
	"tabs":          func(i int, r *rand.Rand) app { return &tabs{active: tabNames[i%len(tabNames)]} },
	"modal":         func(i int, r *rand.Rand) app { return &modal{} },
	"todos":         func(i int, r *rand.Rand) app { return newTodos("") },
	"pagination":    func(i int, r *rand.Rand) app { return &pagination{page: 1 + r.IntN(10)} },
	"like":          func(i int, r *rand.Rand) app { return &like{liked: i%2 == 0} },
	"clock":         func(i int, r *rand.Rand) app { return &clock{secs: r.IntN(24 * 3600)} },
	"sortable":      func(i int, r *rand.Rand) app { return newSortable("") },
	"accordion":     func(i int, r *rand.Rand) app { return &accordion{open: i%5 - 1} },
	"rating":        func(i int, r *rand.Rand) app { return &rating{stars: 1 + r.IntN(5)} },
	"search":        func(i int, r *rand.Rand) app { return &search{} },
	"leaderboard":   newLeaderboard,
	"stars":         newStars,
	"checkout":      newCheckout,
	"pricing":       newPricing,
	"dashboard":     newDashboard,
	"inbox":         newInbox,
	"datatable":     newDatatable,
	"filetree":      newFiletree,
	"bulkselect":    newBulkselect,
	"kanban":        newKanban,
	"feed":          newFeed,
	"chat":          newChat,
	"player":        newPlayer,
	"timer":         newTimer,
	"uploads":       newUploads,
	"notifications": newNotifications,
	"wizard":        newWizard,
	"signup":        newSignup,
	"datepicker":    newDatepicker,
}

// An app is a component without its id, which named gives it.
type app interface {
	kind() string
	render() *node
	step(r *rand.Rand) (key string, oldV, newV any)
	state() map[string]any
}

// named gives an app the id "kind#n".
type named struct {
	app
	cid string
}

func (n named) id() string { return n.cid }

// newApps returns, per kind of the apps corpus, its instances.
func newApps(r *rand.Rand) [][]component {
	var out [][]component
	for _, k := range KindsOf(Apps) {
		var inst []component
		for i := 0; i < InstancesPerKind; i++ {
			inst = append(inst, named{appMakers[k](i, r), fmt.Sprintf("%s#%d", k, i+1)})
		}
		out = append(out, inst)
	}
	return out
}

// CorpusSteps generates the interleaved state changes of a corpus (n of
// them, from seed); suffix is appended to every component_id. For Basic it
// is Steps. In the apps corpus a user often acts several times in a row (a
// word typed, a few clicks): half of the steps continue with the instance
// of the step before, the others go to an instance of a kind drawn at
// random.
func CorpusSteps(corpus string, n int, seed uint64, suffix string) ([]Step, error) {
	switch corpus {
	case Basic, "":
		return Steps(n, seed, suffix)
	case Apps:
	default:
		return nil, fmt.Errorf("accuracy: no corpus %q", corpus)
	}
	r := rand.New(rand.NewPCG(seed, seed^0xa9905))
	kinds := newApps(r)
	out := make([]Step, 0, n)
	var last component
	for i := 0; i < n; i++ {
		c := last
		if c == nil || r.IntN(2) == 0 {
			inst := kinds[r.IntN(len(kinds))]
			c = inst[r.IntN(len(inst))]
		}
		last = c
		s, err := makeStep(c, r, suffix)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// makeStep performs one step of c and records it.
func makeStep(c component, r *rand.Rand, suffix string) (Step, error) {
	old := c.render().HostJSON()
	key, ov, nv := c.step(r)
	sc, err := json.Marshal(map[string]any{"component_id": c.id() + suffix, "state_key": key, "old_value": ov, "new_value": nv})
	if err != nil {
		return Step{}, err
	}
	st, err := json.Marshal(c.state())
	if err != nil {
		return Step{}, err
	}
	return Step{Kind: c.kind(), Component: c.id() + suffix, Change: sc, OldTree: old, NewTree: c.render().HostJSON(), State: st}, nil
}
