package accuracy

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// A component is a small render function of its state, as a server-side
// React component is: render returns the tree for the current state, and
// step performs one user action, changing one state key, and says which.
type component interface {
	kind() string
	id() string
	render() *node
	step(r *rand.Rand) (key string, oldV, newV any)
	// state is the component's whole state, every key (what a host would
	// pass as allState): the render is a function of it.
	state() map[string]any
}

// Kinds lists the corpus's component kinds, in the report's order.
var Kinds = []string{"counter", "toggle", "greeting", "cart", "progress", "tabs", "modal",
	"todos", "pagination", "like", "clock", "sortable", "accordion", "rating", "search"}

// newCorpus returns one instance of every kind.
func newCorpus() []component {
	return []component{
		&counter{cid: "counter-1"},
		&toggle{cid: "settings-dark-mode"},
		&greeting{cid: "greeting-1"},
		&cart{cid: "cart-coffee"},
		&progress{cid: "upload-progress"},
		&tabs{cid: "product-tabs", active: "overview"},
		&modal{cid: "confirm-dialog"},
		newTodos("todo-app"),
		&pagination{cid: "results-pager", page: 1},
		&like{cid: "post-42-like"},
		&clock{cid: "header-clock", secs: 9*3600 + 59*60 + 30},
		newSortable("price-table"),
		&accordion{cid: "faq", open: -1},
		&rating{cid: "review-stars", stars: 3},
		&search{cid: "fruit-search"},
	}
}

// counter: a count with increment, decrement (disabled at zero) and reset.
type counter struct {
	cid   string
	count int
}

func (c *counter) kind() string          { return "counter" }
func (c *counter) id() string            { return c.cid }
func (c *counter) state() map[string]any { return map[string]any{"count": c.count} }
func (c *counter) render() *node {
	dis := ""
	if c.count == 0 {
		dis = "disabled"
	}
	return el("div", p("class", "counter-card"),
		el("header", p("class", "card-header"),
			el("h2", nil, txt("Counter")),
			el("span", p("class", "subtitle"), txt("Click the buttons"))),
		el("p", p("class", "count"), txt(fmt.Sprintf("Count: %d", c.count))),
		el("p", p("class", "double"), txt(fmt.Sprintf("Double: %d", 2*c.count))),
		el("div", p("class", "buttons"),
			el("button", p("class", "dec", "disabled?", dis), txt("−")),
			el("button", p("class", "reset"), txt("Reset")),
			el("button", p("class", "inc"), txt("+"))),
		el("footer", nil, el("small", nil, txt("Counts are kept per session"))))
}
func (c *counter) step(r *rand.Rand) (string, any, any) {
	old := c.count
	switch x := r.IntN(100); {
	case x < 62:
		c.count++
	case x < 92 && c.count > 0:
		c.count--
	case x < 96:
		c.count = 0
	default:
		c.count += 10
	}
	return "count", old, c.count
}

// toggle: a switch.
type toggle struct {
	cid string
	on  bool
}

func (c *toggle) kind() string          { return "toggle" }
func (c *toggle) id() string            { return c.cid }
func (c *toggle) state() map[string]any { return map[string]any{"on": c.on} }
func (c *toggle) render() *node {
	cls, pressed, label := "switch off", "false", "Off"
	if c.on {
		cls, pressed, label = "switch on", "true", "On"
	}
	return el("div", p("class", "setting"),
		el("label", p("for", "dark"), txt("Dark mode")),
		el("button", p("id", "dark", "class", cls, "aria-pressed", pressed), el("span", p("class", "knob"))),
		el("span", p("class", "state"), txt(label)))
}
func (c *toggle) step(r *rand.Rand) (string, any, any) {
	c.on = !c.on
	return "on", !c.on, c.on
}

// greeting: a text input echoed in a greeting, with a character count.
type greeting struct {
	cid    string
	name   string
	target int
}

var names = []string{"alice", "bob", "chandra", "dmitri", "eve", "fatima", "gus", "hiroshi", "ines", "jonas"}

func (c *greeting) kind() string          { return "greeting" }
func (c *greeting) id() string            { return c.cid }
func (c *greeting) state() map[string]any { return map[string]any{"name": c.name} }
func (c *greeting) render() *node {
	hello := "Hello, stranger!"
	if c.name != "" {
		hello = "Hello, " + c.name + "!"
	}
	return el("div", p("class", "greeting"),
		el("label", p("for", "name"), txt("Your name")),
		el("input", p("id", "name", "type", "text", "value", c.name, "placeholder", "Type your name")),
		el("p", p("class", "hello"), txt(hello)),
		el("small", p("class", "chars"), txt(fmt.Sprintf("%d/20", len([]rune(c.name))))))
}
func (c *greeting) step(r *rand.Rand) (string, any, any) {
	old := c.name
	t := names[c.target%len(names)]
	switch {
	case c.name == t:
		c.name, c.target = "", c.target+1 // submitted: the field clears
	case r.IntN(10) == 0 && c.name != "":
		c.name = c.name[:len(c.name)-1] // a backspace
	default:
		c.name = t[:len(c.name)+1]
		if !strings.HasPrefix(t, c.name) {
			c.name = t[:1]
		}
	}
	return "name", old, c.name
}

// cart: one product line with a quantity, a subtotal and an item count.
type cart struct {
	cid string
	qty int
}

func (c *cart) kind() string          { return "cart" }
func (c *cart) id() string            { return c.cid }
func (c *cart) state() map[string]any { return map[string]any{"quantity": c.qty} }
func (c *cart) render() *node {
	items := fmt.Sprintf("%d items", c.qty)
	switch c.qty {
	case 0:
		items = "Your cart is empty"
	case 1:
		items = "1 item"
	}
	dis := ""
	if c.qty == 0 {
		dis = "disabled"
	}
	return el("div", p("class", "cart-line"),
		el("h3", nil, txt("Coffee beans, 1 kg")),
		el("span", p("class", "price"), txt("$12.50 each")),
		el("div", p("class", "qty"),
			el("button", p("class", "minus", "disabled?", dis), txt("-")),
			el("span", p("class", "value"), txt(itoa(c.qty))),
			el("button", p("class", "plus"), txt("+"))),
		el("p", p("class", "subtotal"), txt(fmt.Sprintf("Subtotal: $%.2f", 12.5*float64(c.qty)))),
		el("p", p("class", "items"), txt(items)))
}
func (c *cart) step(r *rand.Rand) (string, any, any) {
	old := c.qty
	switch x := r.IntN(100); {
	case x < 60:
		c.qty++
	case x < 95 && c.qty > 0:
		c.qty--
	default:
		c.qty = 0
	}
	return "quantity", old, c.qty
}

// progress: an upload progress bar.
type progress struct {
	cid string
	pct int
}

func (c *progress) kind() string          { return "progress" }
func (c *progress) id() string            { return c.cid }
func (c *progress) state() map[string]any { return map[string]any{"percent": c.pct} }
func (c *progress) render() *node {
	cls, label := "bar", fmt.Sprintf("%d%% complete", c.pct)
	if c.pct == 100 {
		cls, label = "bar complete", "Done!"
	}
	return el("div", p("class", "progress-wrap"),
		el("div", p("class", "progress", "role", "progressbar", "aria-valuenow", itoa(c.pct), "aria-valuemax", "100"),
			el("div", p("class", cls, "style", fmt.Sprintf("width: %d%%", c.pct)))),
		el("span", p("class", "label"), txt(label)))
}
func (c *progress) step(r *rand.Rand) (string, any, any) {
	old := c.pct
	if c.pct == 100 {
		c.pct = 0
	} else {
		c.pct = min(100, c.pct+1+r.IntN(8))
	}
	return "percent", old, c.pct
}

// tabs: three tabs, each with a panel of its own shape.
type tabs struct {
	cid    string
	active string
}

var tabNames = []string{"overview", "specs", "reviews"}

func (c *tabs) kind() string          { return "tabs" }
func (c *tabs) id() string            { return c.cid }
func (c *tabs) state() map[string]any { return map[string]any{"activeTab": c.active} }
func (c *tabs) render() *node {
	var lis []*node
	for _, t := range tabNames {
		cls, sel := "tab", "false"
		if t == c.active {
			cls, sel = "tab active", "true"
		}
		lis = append(lis, el("li", p("class", cls, "aria-selected", sel), el("a", p("href", "#"+t), txt(strings.ToUpper(t[:1])+t[1:]))))
	}
	var panel []*node
	switch c.active {
	case "overview":
		panel = []*node{el("p", nil, txt("A quiet, compact grinder for every morning.")), el("p", nil, txt("Ships in two days."))}
	case "specs":
		panel = []*node{el("ul", p("class", "specs"), el("li", nil, txt("Weight: 1.2 kg")), el("li", nil, txt("Burrs: conical steel")), el("li", nil, txt("Power: 150 W")))}
	default:
		panel = []*node{
			el("div", p("class", "review"), el("strong", nil, txt("Ana")), el("p", nil, txt("Love it."))),
			el("div", p("class", "review"), el("strong", nil, txt("Ben")), el("p", nil, txt("A bit loud.")))}
	}
	return el("div", p("class", "tabs"), el("ul", p("class", "tab-list", "role", "tablist"), lis...), el("div", p("class", "panel", "role", "tabpanel"), panel...))
}
func (c *tabs) step(r *rand.Rand) (string, any, any) {
	old := c.active
	for c.active == old {
		c.active = tabNames[r.IntN(len(tabNames))]
	}
	return "activeTab", old, c.active
}

// modal: a confirmation dialog opened and closed.
type modal struct {
	cid  string
	open bool
}

func (c *modal) kind() string          { return "modal" }
func (c *modal) id() string            { return c.cid }
func (c *modal) state() map[string]any { return map[string]any{"isOpen": c.open} }
func (c *modal) render() *node {
	var dlg *node
	if c.open {
		dlg = el("div", p("class", "backdrop"),
			el("div", p("class", "modal", "role", "dialog"),
				el("h3", nil, txt("Delete this file?")),
				el("p", nil, txt("This cannot be undone.")),
				el("div", p("class", "actions"), el("button", p("class", "cancel"), txt("Cancel")), el("button", p("class", "danger"), txt("Delete")))))
	}
	cls := "page"
	if c.open {
		cls = "page modal-open"
	}
	return el("div", p("class", cls),
		el("h1", nil, txt("report-2024.pdf")),
		el("button", p("class", "open"), txt("Delete…")),
		dlg)
}
func (c *modal) step(r *rand.Rand) (string, any, any) {
	c.open = !c.open
	return "isOpen", !c.open, c.open
}

// todos: a todo list: add, toggle, remove, clear completed.
type todo struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
	Done bool   `json:"done"`
}

type todos struct {
	cid    string
	items  []todo
	nextID int
	filter string // all, active, completed
}

var todoTexts = []string{"Buy milk", "Call mom", "Write report", "Fix the bike", "Book flights", "Water plants",
	"Pay rent", "Read a chapter", "Clean desk", "Plan the week", "Renew passport", "Bake bread"}

func newTodos(id string) *todos {
	return &todos{cid: id, items: []todo{{1, "Buy milk", false}, {2, "Call mom", true}}, nextID: 3, filter: "all"}
}

func (c *todos) kind() string { return "todos" }
func (c *todos) id() string   { return c.cid }
func (c *todos) state() map[string]any {
	return map[string]any{"todos": slices.Clone(c.items), "filter": c.filter}
}
func (c *todos) render() *node {
	var lis, filters []*node
	left, done := 0, 0
	for _, t := range c.items {
		cls, chk := "todo", ""
		if t.Done {
			cls, chk = "todo done", "checked"
			done++
		} else {
			left++
		}
		if c.filter == "active" && t.Done || c.filter == "completed" && !t.Done {
			continue
		}
		lis = append(lis, el("li", p("class", cls),
			el("input", p("type", "checkbox", "checked?", chk)),
			el("span", p("class", "text"), txt(t.Text)),
			el("button", p("class", "remove", "aria-label", "Remove"), txt("×"))).WithKey(itoa(t.ID)))
	}
	leftText := fmt.Sprintf("%d items left", left)
	if left == 1 {
		leftText = "1 item left"
	}
	var clear *node
	if done > 0 {
		clear = el("button", p("class", "clear-completed"), txt("Clear completed"))
	}
	for _, f := range todoFilters {
		cls := ""
		if f == c.filter {
			cls = "selected"
		}
		filters = append(filters, el("li", nil, el("a", p("class?", cls, "href", "#/"+f), txt(strings.ToUpper(f[:1])+f[1:]))))
	}
	return el("div", p("class", "todo-app"),
		el("h2", nil, txt("Todos")),
		el("ul", p("class", "todo-list"), lis...),
		el("footer", p("class", "footer"), el("span", p("class", "count"), txt(leftText)), el("ul", p("class", "filters"), filters...), clear))
}

var todoFilters = []string{"all", "active", "completed"}

func (c *todos) step(r *rand.Rand) (string, any, any) {
	if r.IntN(100) < 12 {
		old := c.filter
		for c.filter == old {
			c.filter = todoFilters[r.IntN(len(todoFilters))]
		}
		return "filter", old, c.filter
	}
	old := slices.Clone(c.items)
	switch x := r.IntN(100); {
	case x < 35 && len(c.items) < 12 || len(c.items) == 0:
		c.items = append(c.items, todo{c.nextID, todoTexts[c.nextID%len(todoTexts)], false})
		c.nextID++
	case x < 75:
		i := r.IntN(len(c.items))
		c.items[i].Done = !c.items[i].Done
	case x < 95:
		i := r.IntN(len(c.items))
		c.items = slices.Delete(c.items, i, i+1)
	default:
		c.items = slices.DeleteFunc(c.items, func(t todo) bool { return t.Done })
	}
	return "todos", old, slices.Clone(c.items)
}

// pagination: ten pages of ten results.
type pagination struct {
	cid  string
	page int
}

func (c *pagination) kind() string          { return "pagination" }
func (c *pagination) id() string            { return c.cid }
func (c *pagination) state() map[string]any { return map[string]any{"page": c.page} }
func (c *pagination) render() *node {
	var items, pages []*node
	for i := 0; i < 10; i++ {
		n := (c.page-1)*10 + i + 1
		items = append(items, el("li", p("class", "result"), txt(fmt.Sprintf("Result #%d", n))))
	}
	for i := 1; i <= 10; i++ {
		cls := "page"
		if i == c.page {
			cls = "page active"
		}
		pages = append(pages, el("li", nil, el("a", p("class", cls, "href", fmt.Sprintf("?page=%d", i)), txt(itoa(i)))))
	}
	prev, next := "", ""
	if c.page == 1 {
		prev = "disabled"
	}
	if c.page == 10 {
		next = "disabled"
	}
	return el("div", p("class", "pager"),
		el("p", p("class", "summary"), txt(fmt.Sprintf("Showing %d–%d of 100", (c.page-1)*10+1, c.page*10))),
		el("ul", p("class", "results"), items...),
		el("nav", nil,
			el("button", p("class", "prev", "disabled?", prev), txt("Previous")),
			el("ul", p("class", "pages"), pages...),
			el("button", p("class", "next", "disabled?", next), txt("Next"))))
}
func (c *pagination) step(r *rand.Rand) (string, any, any) {
	old := c.page
	switch x := r.IntN(100); {
	case x < 50 && c.page < 10:
		c.page++
	case x < 80 && c.page > 1:
		c.page--
	default:
		for c.page == old {
			c.page = 1 + r.IntN(10)
		}
	}
	return "page", old, c.page
}

// like: a like button with a count.
type like struct {
	cid   string
	liked bool
}

func (c *like) kind() string          { return "like" }
func (c *like) id() string            { return c.cid }
func (c *like) state() map[string]any { return map[string]any{"liked": c.liked} }
func (c *like) render() *node {
	cls, icon, n := "like", "♡", 41
	if c.liked {
		cls, icon, n = "like liked", "♥", 42
	}
	return el("div", p("class", "post-actions"),
		el("button", p("class", cls, "aria-pressed", fmt.Sprint(c.liked)),
			el("span", p("class", "icon"), txt(icon)),
			el("span", p("class", "count"), txt(itoa(n)))),
		el("button", p("class", "share"), txt("Share")))
}
func (c *like) step(r *rand.Rand) (string, any, any) {
	c.liked = !c.liked
	return "liked", !c.liked, c.liked
}

// clock: a clock whose state is the formatted time, ticking each second.
type clock struct {
	cid  string
	secs int
}

func hms(s int) string { return fmt.Sprintf("%02d:%02d:%02d", s/3600%24, s/60%60, s%60) }

func (c *clock) kind() string          { return "clock" }
func (c *clock) id() string            { return c.cid }
func (c *clock) state() map[string]any { return map[string]any{"time": hms(c.secs)} }
func (c *clock) render() *node {
	return el("div", p("class", "clock"),
		el("time", p("datetime", hms(c.secs)), txt(hms(c.secs))),
		el("span", p("class", "zone"), txt("UTC")))
}
func (c *clock) step(r *rand.Rand) (string, any, any) {
	old := hms(c.secs)
	c.secs++
	if r.IntN(20) == 0 {
		c.secs += 1 + r.IntN(5) // a tick came late
	}
	return "time", old, hms(c.secs)
}

// sortable: a table sorted by the clicked column, in either direction.
type row struct {
	id     string
	name   string
	price  float64
	rating int
}

type sortable struct {
	cid  string
	rows []row
	sort string // column-direction
}

func newSortable(id string) *sortable {
	return &sortable{cid: id, sort: "name-asc", rows: []row{
		{"r1", "Aeropress", 39.9, 5}, {"r2", "Chemex", 45, 4}, {"r3", "French press", 29.5, 3},
		{"r4", "Moka pot", 34, 4}, {"r5", "V60", 22, 5}, {"r6", "Siphon", 89, 2}}}
}

var columns = []string{"name", "price", "rating"}

func (c *sortable) kind() string          { return "sortable" }
func (c *sortable) id() string            { return c.cid }
func (c *sortable) state() map[string]any { return map[string]any{"sort": c.sort} }
func (c *sortable) render() *node {
	col, dir, _ := strings.Cut(c.sort, "-")
	rows := slices.Clone(c.rows)
	slices.SortStableFunc(rows, func(a, b row) int {
		x := 0
		switch col {
		case "name":
			x = strings.Compare(a.name, b.name)
		case "price":
			x = cmpF(a.price, b.price)
		default:
			x = a.rating - b.rating
		}
		if dir == "desc" {
			x = -x
		}
		return x
	})
	var ths, trs []*node
	for _, h := range columns {
		cls, aria := "", "none"
		if h == col {
			cls, aria = "sorted "+dir, map[string]string{"asc": "ascending", "desc": "descending"}[dir]
		}
		ths = append(ths, el("th", p("class?", cls, "aria-sort", aria), el("button", nil, txt(strings.ToUpper(h[:1])+h[1:]))))
	}
	for _, r := range rows {
		trs = append(trs, el("tr", nil,
			el("td", nil, txt(r.name)), el("td", nil, txt(fmt.Sprintf("$%.2f", r.price))), el("td", nil, txt(strings.Repeat("★", r.rating)))).WithKey(r.id))
	}
	return el("table", p("class", "products"), el("thead", nil, el("tr", nil, ths...)), el("tbody", nil, trs...))
}
func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
func (c *sortable) step(r *rand.Rand) (string, any, any) {
	old := c.sort
	col, dir, _ := strings.Cut(c.sort, "-")
	h := columns[r.IntN(len(columns))]
	switch {
	case h == col && dir == "asc":
		c.sort = h + "-desc"
	default:
		c.sort = h + "-asc"
	}
	return "sort", old, c.sort
}

// accordion: FAQ sections, one open at a time (-1: none).
type accordion struct {
	cid  string
	open int
}

var faq = [][2]string{{"How long does shipping take?", "Two to four days."}, {"Can I return it?", "Within 30 days."},
	{"Is there a warranty?", "Two years, parts and labour."}, {"Do you ship abroad?", "To the EU and the UK."}}

func (c *accordion) kind() string          { return "accordion" }
func (c *accordion) id() string            { return c.cid }
func (c *accordion) state() map[string]any { return map[string]any{"openIndex": c.open} }
func (c *accordion) render() *node {
	var secs []*node
	for i, q := range faq {
		exp := "false"
		var body *node
		if i == c.open {
			exp = "true"
			body = el("div", p("class", "answer"), el("p", nil, txt(q[1])))
		}
		secs = append(secs, el("section", p("class", "faq-item"),
			el("button", p("class", "question", "aria-expanded", exp), txt(q[0])), body))
	}
	return el("div", p("class", "accordion"), secs...)
}
func (c *accordion) step(r *rand.Rand) (string, any, any) {
	old := c.open
	i := r.IntN(len(faq))
	if i == c.open {
		c.open = -1 // clicking the open one closes it
	} else {
		c.open = i
	}
	return "openIndex", old, c.open
}

// rating: five stars.
type rating struct {
	cid   string
	stars int
}

func (c *rating) kind() string          { return "rating" }
func (c *rating) id() string            { return c.cid }
func (c *rating) state() map[string]any { return map[string]any{"stars": c.stars} }
func (c *rating) render() *node {
	var stars []*node
	for i := 1; i <= 5; i++ {
		cls := "star"
		if i <= c.stars {
			cls = "star filled"
		}
		stars = append(stars, el("span", p("class", cls, "data-value", itoa(i)), txt("★")))
	}
	return el("div", p("class", "rating"),
		el("div", p("class", "stars"), stars...),
		el("span", p("class", "label"), txt(fmt.Sprintf("%d of 5", c.stars))))
}
func (c *rating) step(r *rand.Rand) (string, any, any) {
	old := c.stars
	for c.stars == old {
		c.stars = 1 + r.IntN(5)
	}
	return "stars", old, c.stars
}

// search: a list of fruits filtered by what is typed.
type search struct {
	cid    string
	query  string
	target string
}

var fruits = []string{"apple", "apricot", "banana", "blackberry", "blueberry", "cherry", "grape",
	"grapefruit", "lemon", "mango", "orange", "peach", "pear", "pineapple", "strawberry"}

func (c *search) kind() string          { return "search" }
func (c *search) id() string            { return c.cid }
func (c *search) state() map[string]any { return map[string]any{"query": c.query} }
func (c *search) render() *node {
	var lis []*node
	for _, f := range fruits {
		if strings.Contains(f, c.query) {
			lis = append(lis, el("li", p("class", "result"), txt(f)).WithKey(f))
		}
	}
	count := fmt.Sprintf("%d results", len(lis))
	switch len(lis) {
	case 0:
		count = "No results"
	case 1:
		count = "1 result"
	}
	return el("div", p("class", "search"),
		el("input", p("type", "search", "value", c.query, "placeholder", "Search fruit")),
		el("p", p("class", "count"), txt(count)),
		el("ul", p("class", "results"), lis...))
}
func (c *search) step(r *rand.Rand) (string, any, any) {
	old := c.query
	if c.target == "" {
		// what the user looks for: a piece of a fruit's name
		f := fruits[r.IntN(len(fruits))]
		i := r.IntN(len(f) - 1)
		c.target = f[i : i+min(len(f)-i, 2+r.IntN(4))]
	}
	t := c.target
	switch {
	case c.query == t:
		c.query, c.target = "", ""
	case r.IntN(8) == 0 && c.query != "":
		c.query = c.query[:len(c.query)-1]
	default:
		c.query = t[:len(c.query)+1]
		if !strings.HasPrefix(t, c.query) {
			c.query = t[:1]
		}
	}
	return "query", old, c.query
}
