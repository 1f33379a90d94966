package predict

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/minimact/engine/internal/treegen"
)

// A feed: posts whose relative time ("3 min ago") is a function of the
// clock, another state key, which the item template cannot render from the
// post's members.
type kpost struct {
	ID     int    `json:"id"`
	Author string `json:"author"`
	At     int    `json:"at"`
	Likes  int    `json:"likes"`
}

// ago is a relative time no item member gives: it depends on now.
func ago(now, at int) string {
	switch d := now - at; {
	case d < 1:
		return "just now"
	case d < 60:
		return fmt.Sprintf("%d min ago", d)
	default:
		return fmt.Sprintf("%d h ago", d/60)
	}
}

func feedTree(posts []kpost, now int) []byte {
	var lis []*treegen.Node
	for _, ps := range posts {
		lis = append(lis, treegen.Keyed("li", fmt.Sprint("post-", ps.ID), map[string]string{"class": "post"},
			treegen.El("strong", nil, treegen.Txt(ps.Author)),
			treegen.El("time", nil, treegen.Txt(ago(now, ps.At))),
			treegen.El("button", map[string]string{"class": "like"}, treegen.Txt(fmt.Sprintf("%d likes", ps.Likes)))))
	}
	return page("Feed", treegen.El("ul", nil, lis...)).JSON()
}

func postsChange(old, new []kpost) []byte {
	b, _ := json.Marshal(map[string]any{"component_id": "feed", "state_key": "posts", "old_value": old, "new_value": new})
	return b
}

// predictsFeed checks that p predicts posts → next at the clock now, exactly,
// and does so once restored from its snapshots.
func predictsFeed(t *testing.T, p *Predictor, posts, next []kpost, now int) {
	t.Helper()
	cur := feedTree(posts, now)
	pr, err := p.Predict(postsChange(posts, next), cur)
	if err != nil {
		t.Fatal(err)
	}
	if pr == nil {
		t.Fatalf("no prediction\n%s", p.Explain("feed", "posts"))
	}
	if got := applyPrediction(t, cur, pr); !sameTree(t, got, feedTree(next, now)) {
		t.Fatalf("wrong prediction %s", pr.Patches)
	}
	for _, q := range restored(t, p) {
		if pr, err := q.Predict(postsChange(posts, next), cur); err != nil || pr == nil {
			t.Fatalf("restored: %v %v", pr, err)
		}
	}
}

// TestChangedItemKeepsWhatItsChangeNeverTouched: having seen likes change
// while each post's time stayed (the time moves with the clock, not with
// the post), the predictor predicts a like on a post whose time its item
// template cannot render, keeping the time as the tree shows it; a change
// of a member never seen changing (the author) is not predicted so.
func TestChangedItemKeepsWhatItsChangeNeverTouched(t *testing.T) {
	p := New(DefaultConfig())
	posts := []kpost{{1, "Ana", -300, 3}, {2, "Ben", -45, 0}, {3, "Cy", -2, 12}}
	now := 0
	like := func(i int) []kpost {
		c := append([]kpost(nil), posts...)
		c[i].Likes++
		return c
	}
	for k := 0; k < 8; k++ {
		now += 7 // the clock moves between likes: the times conflict for the item template
		next := like(k % 3)
		if _, err := p.Learn(postsChange(posts, next), feedTree(posts, now), feedTree(next, now)); err != nil {
			t.Fatal(err)
		}
		posts = next
	}
	now += 13
	next := like(1)
	cur := feedTree(posts, now)
	predictsFeed(t, p, posts, next, now)
	// the author never changed: whether the time keeps is not known
	renamed := append([]kpost(nil), posts...)
	renamed[0].Author = "Anna"
	if pr, err := p.Predict(postsChange(posts, renamed), cur); err != nil || pr != nil {
		t.Fatalf("a change never seen predicted: %v %v", pr, err)
	}
}

// TestNewItemShowsWhatNewItemsShowed: every post added showed "just now",
// which no member of the post gives (it follows the clock); after three,
// a fourth added post is predicted with it, and one that differs from the
// first added post in a member in which no added post differed (it comes
// with likes) is not.
func TestNewItemShowsWhatNewItemsShowed(t *testing.T) {
	p := New(DefaultConfig())
	posts := []kpost{{1, "Ana", -300, 3}}
	now := 0
	add := func(id int, author string, likes int) []kpost {
		return append([]kpost{{id, author, now, likes}}, posts...)
	}
	for id, author := range []string{"Ben", "Cy", "Dee", "Eve", "Gus", "Hal", "Ivo", "Jo"} {
		now += 11
		next := add(id+2, author, 0)
		if _, err := p.Learn(postsChange(posts, next), feedTree(posts, now), feedTree(next, now)); err != nil {
			t.Fatal(err)
		}
		posts = next
	}
	now += 5
	cur := feedTree(posts, now)
	next := add(19, "Fay", 0)
	predictsFeed(t, p, posts, next, now)
	liked := add(19, "Fay", 7)
	if pr, err := p.Predict(postsChange(posts, liked), cur); err != nil || pr != nil {
		t.Fatalf("a new item unlike the new ones seen predicted: %v %v", pr, err)
	}
}
