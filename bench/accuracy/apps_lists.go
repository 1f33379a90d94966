package accuracy

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// The app kinds that render keyed lists: sorted (leaderboard), filtered
// (inbox), filtered and paged (datatable), nested and expanded by id
// (filetree), selected by id (bulkselect), moved between columns (kanban).

var people = []string{"Ana Lima", "Ben Okafor", "Chen Wei", "Dana Cruz", "Eli Novak", "Farah Haddad", "Gus Berg",
	"Hana Sato", "Ivan Petrov", "Jade Moreau", "Kofi Mensah", "Lena Fischer", "Marco Rossi", "Nia Jones",
	"Omar Aziz", "Priya Nair", "Quinn Walsh", "Rosa Diaz", "Sam Carter", "Tariq Khan"}

// pick returns n distinct items of pool, drawn by r, in pool order.
func pick[T any](r *rand.Rand, pool []T, n int) []T {
	idx := r.Perm(len(pool))[:min(n, len(pool))]
	slices.Sort(idx)
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = pool[j]
	}
	return out
}

// leaderboard: a game's players, sorted by the clicked column; clicking the
// sorted column again flips the direction. Two keys, sortBy and dir,
// change in turn, and the order depends on both.
type standing struct {
	id, name                 string
	score, wins, games, rank int
}

type leaderboard struct {
	players     []standing
	me          string
	sortBy, dir string
}

var lbColumns = []string{"score", "name", "wins", "winRate"}
var lbLabels = map[string]string{"score": "Score", "name": "Player", "wins": "Wins", "winRate": "Win rate"}

func newLeaderboard(i int, r *rand.Rand) app {
	c := &leaderboard{sortBy: "score", dir: "desc"}
	for j, n := range pick(r, people, 7+r.IntN(3)) {
		g := 10 + r.IntN(190)
		c.players = append(c.players, standing{id: fmt.Sprintf("p%d", j+1), name: n, score: 500 + r.IntN(24500), games: g, wins: r.IntN(g + 1)})
	}
	byScore := slices.Clone(c.players)
	slices.SortStableFunc(byScore, func(a, b standing) int { return b.score - a.score })
	for k, s := range byScore {
		c.players[slices.IndexFunc(c.players, func(q standing) bool { return q.id == s.id })].rank = k + 1
	}
	c.me = c.players[r.IntN(len(c.players))].id
	return c
}

func (c *leaderboard) kind() string { return "leaderboard" }
func (c *leaderboard) state() map[string]any {
	return map[string]any{"sortBy": c.sortBy, "dir": c.dir}
}
func (c *leaderboard) render() *node {
	rows := slices.Clone(c.players)
	slices.SortStableFunc(rows, func(a, b standing) int {
		var x int
		switch c.sortBy {
		case "name":
			x = strings.Compare(a.name, b.name)
		case "wins":
			x = a.wins - b.wins
		case "winRate":
			x = percent(a.wins, a.games) - percent(b.wins, b.games)
		default:
			x = a.score - b.score
		}
		if c.dir == "desc" {
			x = -x
		}
		return cmp.Or(x, strings.Compare(a.name, b.name))
	})
	var ths, trs []*node
	for _, col := range lbColumns {
		var arrow *node
		aria := "none"
		if col == c.sortBy {
			aria = map[string]string{"asc": "ascending", "desc": "descending"}[c.dir]
			arrow = el("span", p("class", "arrow", "aria-hidden", "true"), txt(map[string]string{"asc": "▲", "desc": "▼"}[c.dir]))
		}
		ths = append(ths, el("th", p("class?", when(col == c.sortBy, "sorted"), "aria-sort", aria),
			el("button", p("type", "button"), txt(lbLabels[col]), arrow)))
	}
	games := 0
	for _, pl := range rows {
		games += pl.games
		name := pl.name
		if pl.id == c.me {
			name += " (you)"
		}
		trs = append(trs, el("tr", p("class?", when(pl.id == c.me, "me")),
			el("td", p("class", "rank"), txt(fmt.Sprintf("#%d", pl.rank))),
			el("td", p("class", "name"), txt(name)),
			el("td", p("class", "score"), txt(thousands(pl.score))),
			el("td", p("class", "wins"), txt(itoa(pl.wins))),
			el("td", p("class", "rate"), txt(fmt.Sprintf("%d%%", percent(pl.wins, pl.games))))).WithKey(pl.id))
	}
	order := map[string]string{"asc": "lowest first", "desc": "highest first"}[c.dir]
	if c.sortBy == "name" {
		order = map[string]string{"asc": "A to Z", "desc": "Z to A"}[c.dir]
	}
	return el("section", p("class", "leaderboard"),
		el("h2", nil, txt("Weekly leaderboard")),
		el("table", nil,
			el("caption", nil, txt(fmt.Sprintf("Sorted by %s, %s", strings.ToLower(lbLabels[c.sortBy]), order))),
			el("thead", nil, el("tr", nil, ths...)),
			el("tbody", nil, trs...)),
		el("p", p("class", "summary"), txt(fmt.Sprintf("%s · %s played", plural(len(rows), "player", "players"), plural(games, "game", "games")))))
}
func (c *leaderboard) step(r *rand.Rand) (string, any, any) {
	if r.IntN(100) < 45 { // the sorted column again: the direction flips
		old := c.dir
		c.dir = map[string]string{"asc": "desc", "desc": "asc"}[c.dir]
		return "dir", old, c.dir
	}
	old := c.sortBy
	for c.sortBy == old {
		c.sortBy = lbColumns[r.IntN(len(lbColumns))]
	}
	return "sortBy", old, c.sortBy
}

// inbox: mail under three tabs with counts (all, unread, starred): the
// list is filtered by the tab; mails are opened (read), marked unread,
// starred, and arrive.
type mail struct {
	ID      int    `json:"id"`
	From    string `json:"from"`
	Subject string `json:"subject"`
	Unread  bool   `json:"unread"`
	Starred bool   `json:"starred"`
}

type inbox struct {
	tab    string
	mail   []mail
	nextID int
}

var inboxTabs = []string{"all", "unread", "starred"}
var subjects = []string{"Your order has shipped", "Lunch on Friday?", "Invoice #4821", "Re: the quarterly plan",
	"Weekly digest", "Password changed", "Team offsite", "Re: design review", "Your receipt", "Meeting notes",
	"Flight confirmation", "Welcome to the beta", "Re: budget", "Photos from Saturday", "New sign-in"}

func newInbox(i int, r *rand.Rand) app {
	c := &inbox{tab: "all", nextID: 1}
	for j := 0; j < 4+r.IntN(5); j++ {
		c.mail = append(c.mail, c.newMail(r))
		c.mail[j].Unread = r.IntN(3) == 0
		c.mail[j].Starred = r.IntN(4) == 0
	}
	return c
}

func (c *inbox) newMail(r *rand.Rand) mail {
	m := mail{ID: c.nextID, From: people[r.IntN(len(people))], Subject: subjects[r.IntN(len(subjects))], Unread: true}
	c.nextID++
	return m
}

func (c *inbox) kind() string { return "inbox" }
func (c *inbox) state() map[string]any {
	return map[string]any{"tab": c.tab, "mail": slices.Clone(c.mail)}
}
func (c *inbox) shows(m mail) bool {
	return c.tab == "all" || c.tab == "unread" && m.Unread || c.tab == "starred" && m.Starred
}
func (c *inbox) render() *node {
	counts := map[string]int{}
	for _, m := range c.mail {
		counts["all"]++
		if m.Unread {
			counts["unread"]++
		}
		if m.Starred {
			counts["starred"]++
		}
	}
	var tabs, lis []*node
	for _, t := range inboxTabs {
		var badge *node
		if counts[t] > 0 {
			badge = el("span", p("class", "count"), txt(itoa(counts[t])))
		}
		tabs = append(tabs, el("button", p("class", classes("tab", when(t == c.tab, "active")), "role", "tab", "aria-selected", fmt.Sprint(t == c.tab)),
			txt(title(t)), badge))
	}
	for _, m := range c.mail {
		if !c.shows(m) {
			continue
		}
		star := "☆"
		if m.Starred {
			star = "★"
		}
		lis = append(lis, el("li", p("class", classes("mail", when(m.Unread, "unread"))),
			el("button", p("class", "star", "aria-pressed", fmt.Sprint(m.Starred)), txt(star)),
			el("span", p("class", "from"), txt(m.From)),
			el("span", p("class", "subject"), txt(m.Subject))).WithKey(fmt.Sprintf("m%d", m.ID)))
	}
	var empty *node
	if len(lis) == 0 {
		empty = el("p", p("class", "empty"), txt(map[string]string{"all": "Your inbox is empty", "unread": "You're all caught up", "starred": "No starred mail"}[c.tab]))
	}
	return el("div", p("class", "inbox"),
		el("nav", p("class", "tabs", "role", "tablist"), tabs...),
		el("ul", p("class", "mail-list"), lis...),
		empty,
		el("footer", nil, txt(fmt.Sprintf("%s, %d unread", plural(counts["all"], "conversation", "conversations"), counts["unread"]))))
}
func (c *inbox) step(r *rand.Rand) (string, any, any) {
	var vis []int
	for i, m := range c.mail {
		if c.shows(m) {
			vis = append(vis, i)
		}
	}
	x := r.IntN(100)
	if x < 15 || len(vis) == 0 && x < 85 {
		old := c.tab
		for c.tab == old {
			c.tab = inboxTabs[r.IntN(len(inboxTabs))]
		}
		return "tab", old, c.tab
	}
	old := js(c.mail)
	switch {
	case x < 45: // open one: it is read
		i := vis[r.IntN(len(vis))]
		for _, j := range vis {
			if c.mail[j].Unread {
				i = j
				break
			}
		}
		if c.mail[i].Unread {
			c.mail[i].Unread = false
		} else {
			c.mail[i].Starred = !c.mail[i].Starred
		}
	case x < 55:
		i := vis[r.IntN(len(vis))]
		c.mail[i].Unread = !c.mail[i].Unread
	case x < 85:
		i := vis[r.IntN(len(vis))]
		c.mail[i].Starred = !c.mail[i].Starred
	default: // new mail, on top; the oldest goes to the archive
		c.mail = append([]mail{c.newMail(r)}, c.mail...)
		if len(c.mail) > 14 {
			c.mail = c.mail[:14]
		}
	}
	return "mail", old, js(c.mail)
}

// datatable: orders, filtered by status, paged, with a page size: "Showing
// 11–20 of 37 orders", money, dates, a window of page links. The page shown
// is the page asked for, clamped to the pages there are (the state keeps
// what was asked).
type order struct {
	id, cents, day int
	customer       string
	status         string
}

type datatable struct {
	orders         []order
	page, pageSize int
	status         string
}

var statuses = []string{"all", "paid", "pending", "refunded"}
var pageSizes = []int{10, 25, 50}

func newDatatable(i int, r *rand.Rand) app {
	c := &datatable{page: 1, pageSize: 10, status: "all"}
	n := 25 + r.IntN(120)
	for j := 0; j < n; j++ {
		st := "paid"
		switch x := r.IntN(10); {
		case x < 2:
			st = "pending"
		case x < 3:
			st = "refunded"
		}
		c.orders = append(c.orders, order{id: 10200 + j*7 + r.IntN(7), customer: people[r.IntN(len(people))], cents: 500 + r.IntN(250000), day: j/3 + r.IntN(2), status: st})
	}
	return c
}

func (c *datatable) kind() string { return "datatable" }
func (c *datatable) state() map[string]any {
	return map[string]any{"page": c.page, "pageSize": c.pageSize, "status": c.status}
}
func (c *datatable) rows() []order {
	var out []order
	for _, o := range c.orders {
		if c.status == "all" || o.status == c.status {
			out = append(out, o)
		}
	}
	return out
}

// shown returns the page shown and the number of pages.
func (c *datatable) shown() (int, int) {
	pages := max(1, (len(c.rows())+c.pageSize-1)/c.pageSize)
	return min(max(c.page, 1), pages), pages
}
func (c *datatable) render() *node {
	rows := c.rows()
	pg, pages := c.shown()
	var trs, opts, sizes, links []*node
	lo, hi := (pg-1)*c.pageSize, min(pg*c.pageSize, len(rows))
	for _, o := range rows[lo:hi] {
		trs = append(trs, el("tr", nil,
			el("td", nil, txt(fmt.Sprintf("#%d", o.id))),
			el("td", nil, txt(o.customer)),
			el("td", nil, txt(at(-o.day*24*60).Format("Jan 2, 2006"))),
			el("td", p("class", "amount"), txt(money(o.cents))),
			el("td", nil, el("span", p("class", "badge "+o.status), txt(title(o.status))))).WithKey(itoa(o.id)))
	}
	if len(rows) == 0 {
		trs = append(trs, el("tr", p("class", "empty"), el("td", p("colspan", "5"), txt("No "+c.status+" orders"))))
	}
	for _, s := range statuses {
		opts = append(opts, el("option", p("value", s, "selected?", when(s == c.status, "selected")), txt(title(s))))
	}
	for _, s := range pageSizes {
		opts := p("value", itoa(s), "selected?", when(s == c.pageSize, "selected"))
		sizes = append(sizes, el("option", opts, txt(itoa(s))))
	}
	for i := 1; i <= pages; i++ {
		switch {
		case i == 1 || i == pages || i >= pg-1 && i <= pg+1:
			links = append(links, el("button", p("class", classes("page", when(i == pg, "active")), "aria-current?", when(i == pg, "page")), txt(itoa(i))))
		case i == pg-2 || i == pg+2:
			links = append(links, el("span", p("class", "gap"), txt("…")))
		}
	}
	what := "orders"
	if c.status != "all" {
		what = c.status + " orders"
	}
	summary := "No " + what
	if len(rows) > 0 {
		summary = fmt.Sprintf("Showing %d–%d of %d %s", lo+1, hi, len(rows), what)
	}
	return el("div", p("class", "data-table"),
		el("div", p("class", "toolbar"),
			el("label", nil, txt("Status"), el("select", p("name", "status"), opts...))),
		el("table", nil,
			el("thead", nil, el("tr", nil, el("th", nil, txt("Order")), el("th", nil, txt("Customer")), el("th", nil, txt("Date")), el("th", nil, txt("Amount")), el("th", nil, txt("Status")))),
			el("tbody", nil, trs...)),
		el("footer", nil,
			el("span", p("class", "summary"), txt(summary)),
			el("label", nil, txt("Rows per page"), el("select", p("name", "pageSize"), sizes...)),
			el("nav", p("class", "pages"),
				el("button", p("class", "prev", "disabled?", when(pg == 1, "disabled")), txt("‹ Prev")),
				el("span", p("class", "links"), links...),
				el("span", p("class", "of"), txt(fmt.Sprintf("Page %d of %d", pg, pages))),
				el("button", p("class", "next", "disabled?", when(pg == pages, "disabled")), txt("Next ›")))))
}
func (c *datatable) step(r *rand.Rand) (string, any, any) {
	for {
		pg, pages := c.shown()
		x := r.IntN(100)
		switch {
		case x < 75 && pages > 1:
			old, n := c.page, pg
			switch {
			case x < 45 && pg < pages:
				n = pg + 1
			case x < 62 && pg > 1:
				n = pg - 1
			case x < 68:
				n = 1
			default:
				n = pages
			}
			if n != old && n != pg {
				c.page = n
				return "page", old, n
			}
		case x < 88:
			old := c.pageSize
			for c.pageSize == old {
				c.pageSize = pageSizes[r.IntN(len(pageSizes))]
			}
			return "pageSize", old, c.pageSize
		default:
			old := c.status
			for c.status == old {
				c.status = statuses[r.IntN(len(statuses))]
			}
			return "status", old, c.status
		}
	}
}

// filetree: a project's folders, expanded by clicking; the state is the
// array of expanded folder ids, in the order they were opened, so what a
// folder shows is whether its id is in the array (membership). Collapsing
// a folder keeps its subfolders' state.
type folder struct {
	id, name string
	subs     []*folder
	files    []file
}

type file struct {
	name string
	size int
}

type filetree struct {
	roots    []*folder
	all      []string // every folder id, in tree order
	expanded []string
}

var folderNames = []string{"src", "docs", "public", "tests", "scripts", "assets", "config", "lib"}
var subNames = []string{"components", "utils", "images", "fixtures", "styles", "api", "hooks", "fonts"}
var fileNames = []string{"index.ts", "README.md", "app.css", "logo.svg", "main.go", "data.json", "notes.txt", "build.sh", "photo.jpg", "video.mp4"}

func newFiletree(i int, r *rand.Rand) app {
	c := &filetree{}
	files := func() []file {
		var fs []file
		for _, n := range pick(r, fileNames, 1+r.IntN(3)) {
			fs = append(fs, file{n, 200 + r.IntN(1<<(10+r.IntN(18)))})
		}
		return fs
	}
	for _, n := range pick(r, folderNames, 3+r.IntN(3)) {
		f := &folder{id: n, name: n, files: files()}
		c.all = append(c.all, f.id)
		for _, s := range pick(r, subNames, r.IntN(3)) {
			sub := &folder{id: n + "/" + s, name: s, files: files()}
			f.subs = append(f.subs, sub)
			c.all = append(c.all, sub.id)
		}
		c.roots = append(c.roots, f)
	}
	c.expanded = []string{}
	return c
}

func (c *filetree) kind() string { return "filetree" }
func (c *filetree) state() map[string]any {
	return map[string]any{"expanded": slices.Clone(c.expanded)}
}
func (c *filetree) folderNode(f *folder) *node {
	open := slices.Contains(c.expanded, f.id)
	icon, caret := "📁", "▸"
	if open {
		icon, caret = "📂", "▾"
	}
	var kids *node
	if open {
		var lis []*node
		for _, s := range f.subs {
			lis = append(lis, c.folderNode(s))
		}
		for _, fl := range f.files {
			lis = append(lis, el("li", p("class", "file"), el("span", p("class", "name"), txt(fl.name)), el("span", p("class", "size"), txt(fileSize(fl.size)))).WithKey(f.id+"/"+fl.name))
		}
		kids = el("ul", p("role", "group"), lis...)
	}
	return el("li", p("class", classes("folder", when(open, "open")), "role", "treeitem", "aria-expanded", fmt.Sprint(open)),
		el("button", p("class", "toggle"), txt(caret)),
		el("span", p("class", "icon"), txt(icon)),
		el("span", p("class", "name"), txt(f.name)),
		el("span", p("class", "count"), txt(fmt.Sprintf("(%d)", len(f.subs)+len(f.files)))),
		kids).WithKey(f.id)
}
func (c *filetree) render() *node {
	var lis []*node
	for _, f := range c.roots {
		lis = append(lis, c.folderNode(f))
	}
	n := len(c.expanded)
	return el("div", p("class", "file-tree"),
		el("div", p("class", "toolbar"),
			el("button", p("class", "expand-all", "disabled?", when(n == len(c.all), "disabled")), txt("Expand all")),
			el("button", p("class", "collapse-all", "disabled?", when(n == 0, "disabled")), txt("Collapse all")),
			el("span", p("class", "status"), txt(fmt.Sprintf("%d of %s open", n, plural(len(c.all), "folder", "folders"))))),
		el("ul", p("role", "tree"), lis...))
}
func (c *filetree) step(r *rand.Rand) (string, any, any) {
	old := js(c.expanded)
	x := r.IntN(100)
	switch {
	case x < 8 && len(c.expanded) < len(c.all):
		c.expanded = slices.Clone(c.all)
	case x < 14 && len(c.expanded) > 0:
		c.expanded = []string{}
	default: // a visible folder clicked
		var vis []string
		for _, f := range c.roots {
			vis = append(vis, f.id)
			if slices.Contains(c.expanded, f.id) {
				for _, s := range f.subs {
					vis = append(vis, s.id)
				}
			}
		}
		id := vis[r.IntN(len(vis))]
		if i := slices.Index(c.expanded, id); i >= 0 {
			c.expanded = slices.Delete(c.expanded, i, i+1)
		} else {
			c.expanded = append(c.expanded, id)
		}
	}
	return "expanded", old, js(c.expanded)
}

// bulkselect: a contact list with checkboxes; the state is the array of
// selected ids in the order they were ticked. A select-all box (checked,
// mixed, unchecked), "3 selected", and a bulk-action bar while any is.
type contact struct {
	id          int
	name, email string
}

type bulkselect struct {
	contacts []contact
	selected []int
}

func newBulkselect(i int, r *rand.Rand) app {
	c := &bulkselect{selected: []int{}}
	for j, n := range pick(r, people, 6+r.IntN(8)) {
		first, last, _ := strings.Cut(n, " ")
		c.contacts = append(c.contacts, contact{id: 100 + j*3 + r.IntN(3), name: n, email: strings.ToLower(first[:1]+last) + "@example.com"})
	}
	return c
}

func (c *bulkselect) kind() string { return "bulkselect" }
func (c *bulkselect) state() map[string]any {
	return map[string]any{"selected": slices.Clone(c.selected)}
}
func (c *bulkselect) render() *node {
	n, all := len(c.selected), len(c.contacts)
	label, aria := "Select all", "false"
	switch {
	case n == all:
		label, aria = fmt.Sprintf("All %d selected", all), "true"
	case n > 0:
		label, aria = fmt.Sprintf("%d selected", n), "mixed"
	}
	var bar *node
	if n > 0 {
		bar = el("div", p("class", "bulk-actions", "role", "toolbar"),
			el("button", p("class", "email"), txt("Email "+plural(n, "contact", "contacts"))),
			el("button", p("class", "export"), txt("Export")),
			el("button", p("class", "delete danger"), txt("Delete "+plural(n, "contact", "contacts"))))
	}
	var lis []*node
	for _, ct := range c.contacts {
		sel := slices.Contains(c.selected, ct.id)
		lis = append(lis, el("li", p("class", classes("row", when(sel, "selected"))),
			el("input", p("type", "checkbox", "checked?", when(sel, "checked"), "aria-label", "Select "+ct.name)),
			el("span", p("class", "name"), txt(ct.name)),
			el("span", p("class", "email"), txt(ct.email))).WithKey(fmt.Sprintf("c%d", ct.id)))
	}
	return el("div", p("class", "contacts"),
		el("header", nil,
			el("label", nil,
				el("input", p("type", "checkbox", "checked?", when(n == all, "checked"), "aria-checked", aria)),
				el("span", nil, txt(label)))),
		bar,
		el("ul", nil, lis...))
}
func (c *bulkselect) step(r *rand.Rand) (string, any, any) {
	old := js(c.selected)
	x := r.IntN(100)
	switch {
	case x < 10: // the select-all box
		if len(c.selected) == len(c.contacts) {
			c.selected = []int{}
		} else {
			c.selected = c.selected[:0:0]
			for _, ct := range c.contacts {
				c.selected = append(c.selected, ct.id)
			}
		}
	case x < 18: // shift-click: a range
		i := r.IntN(len(c.contacts))
		for _, ct := range c.contacts[i:min(len(c.contacts), i+2+r.IntN(4))] {
			if !slices.Contains(c.selected, ct.id) {
				c.selected = append(c.selected, ct.id)
			}
		}
		if string(js(c.selected)) != string(old) {
			break
		}
		fallthrough
	default:
		id := c.contacts[r.IntN(len(c.contacts))].id
		if i := slices.Index(c.selected, id); i >= 0 {
			c.selected = slices.Delete(c.selected, i, i+1)
		} else {
			c.selected = append(c.selected, id)
		}
	}
	return "selected", old, js(c.selected)
}

// kanban: cards moved between three columns by drag and drop. Two keys:
// dragging (the card being dragged, "" when none: the card's class, the
// other columns' drop-target class) and board (an object of three arrays of
// card ids), changed in turn: pick up, drop (board), put down (dragging).
type board struct {
	Todo  []string `json:"todo"`
	Doing []string `json:"doing"`
	Done  []string `json:"done"`
}

func (b *board) cols() []*[]string { return []*[]string{&b.Todo, &b.Doing, &b.Done} }

type card struct{ title, tag string }

type kanban struct {
	cards    map[string]card
	board    board
	dragging string
	putDown  bool // the next step puts the dropped card down
}

var tasks = []string{"Write the release notes", "Fix the login bug", "Update dependencies", "Design the new logo",
	"Plan the sprint", "Review pull requests", "Set up monitoring", "Migrate the database", "Onboard Priya",
	"Refactor the cart", "Translate the FAQ", "Run the load test"}
var tags = []string{"bug", "feature", "chore"}
var colTitles = []string{"To do", "In progress", "Done"}

func newKanban(i int, r *rand.Rand) app {
	c := &kanban{cards: map[string]card{}, board: board{Todo: []string{}, Doing: []string{}, Done: []string{}}}
	for j, t := range pick(r, tasks, 5+r.IntN(5)) {
		id := fmt.Sprintf("card-%d", j+1)
		c.cards[id] = card{t, tags[r.IntN(len(tags))]}
		col := c.board.cols()[r.IntN(3)]
		*col = append(*col, id)
	}
	return c
}

func (c *kanban) kind() string { return "kanban" }
func (c *kanban) state() map[string]any {
	return map[string]any{"board": js(c.board), "dragging": c.dragging}
}
func (c *kanban) colOf(id string) int {
	for i, col := range c.board.cols() {
		if slices.Contains(*col, id) {
			return i
		}
	}
	return -1
}
func (c *kanban) render() *node {
	from := -1
	if c.dragging != "" {
		from = c.colOf(c.dragging)
	}
	var cols []*node
	total := 0
	for i, col := range c.board.cols() {
		total += len(*col)
		var lis []*node
		for _, id := range *col {
			cd := c.cards[id]
			var check *node
			if i == 2 {
				check = el("span", p("class", "check"), txt("✓"))
			}
			lis = append(lis, el("li", p("class", classes("card", when(i == 2, "done"), when(id == c.dragging, "dragging")), "draggable", "true"),
				check,
				el("span", p("class", "title"), txt(cd.title)),
				el("span", p("class", "tag tag-"+cd.tag), txt(cd.tag))).WithKey(id))
		}
		var empty *node
		if len(*col) == 0 {
			empty = el("p", p("class", "empty"), txt("Drop cards here"))
		}
		cols = append(cols, el("section", p("class", classes("column", when(from >= 0 && from != i, "drop-target"))),
			el("header", nil, el("h3", nil, txt(colTitles[i])), el("span", p("class", "count"), txt(itoa(len(*col))))),
			el("ul", p("class", "cards"), lis...),
			empty))
	}
	done := len(c.board.Done)
	return el("div", p("class", "kanban"),
		el("div", p("class", "columns"), cols...),
		el("footer", nil, txt(fmt.Sprintf("%d of %s done (%d%%)", done, plural(total, "task", "tasks"), percent(done, total)))))
}
func (c *kanban) step(r *rand.Rand) (string, any, any) {
	if c.putDown || c.dragging != "" && r.IntN(5) == 0 { // put down (or the drag cancelled)
		old := c.dragging
		c.dragging, c.putDown = "", false
		return "dragging", old, ""
	}
	if c.dragging == "" { // pick up a card
		ids := slices.Concat(c.board.Todo, c.board.Doing, c.board.Done)
		c.dragging = ids[r.IntN(len(ids))]
		return "dragging", "", c.dragging
	}
	old := js(c.board)
	from := c.colOf(c.dragging)
	to := (from + 1 + r.IntN(2)) % 3
	if from < 2 && r.IntN(3) > 0 {
		to = from + 1 // most cards move on
	}
	src, dst := c.board.cols()[from], c.board.cols()[to]
	*src = slices.DeleteFunc(slices.Clone(*src), func(s string) bool { return s == c.dragging })
	at := len(*dst)
	if r.IntN(3) == 0 {
		at = r.IntN(len(*dst) + 1)
	}
	*dst = slices.Insert(slices.Clone(*dst), at, c.dragging)
	c.putDown = true
	return "board", old, js(c.board)
}
