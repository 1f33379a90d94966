package accuracy

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// The app kinds about money: a shopping cart with line items and a coupon
// (checkout), a pricing calculator of seats and billing period (pricing),
// a store's live figures (dashboard).

// checkout: line items (an array of objects: quantity, line total), a
// subtotal with thousands separators, a coupon typed letter by letter (its
// messages come and go), shipping free above $50, tax, total.
type lineItem struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Price int    `json:"price"` // cents
	Qty   int    `json:"qty"`
}

type checkout struct {
	items  []lineItem
	coupon string
	target string // the code being typed
}

var catalog = []lineItem{{"mug", "Ceramic mug", 1450, 1}, {"beans", "Coffee beans, 1 kg", 2890, 1},
	{"grinder", "Burr grinder", 12900, 1}, {"espresso", "Espresso machine", 64900, 1},
	{"stand", "Laptop stand", 4999, 1}, {"kettle", "Gooseneck kettle", 8950, 1},
	{"scale", "Coffee scale", 2499, 1}, {"filters", "Paper filters (100)", 699, 1}}
var couponCodes = []string{"SAVE10", "FREESHIP", "WINTER24", "SAVE20"}

func newCheckout(i int, r *rand.Rand) app {
	c := &checkout{}
	for _, it := range pick(r, catalog, 1+r.IntN(3)) {
		it.Qty = 1 + r.IntN(2)
		c.items = append(c.items, it)
	}
	return c
}

func (c *checkout) kind() string { return "checkout" }
func (c *checkout) state() map[string]any {
	return map[string]any{"items": slices.Clone(c.items), "coupon": c.coupon}
}
func (c *checkout) render() *node {
	if len(c.items) == 0 {
		return el("div", p("class", "checkout"),
			el("h2", nil, txt("Your cart")),
			el("div", p("class", "empty"), el("p", nil, txt("Your cart is empty")), el("a", p("href", "/shop"), txt("Continue shopping"))))
	}
	var lis []*node
	sub, count := 0, 0
	for _, it := range c.items {
		sub += it.Price * it.Qty
		count += it.Qty
		lis = append(lis, el("li", p("class", "line"),
			el("span", p("class", "name"), txt(it.Name)),
			el("span", p("class", "unit"), txt(money(it.Price)+" each")),
			el("div", p("class", "qty"),
				el("button", p("class", "minus", "aria-label", "One less", "disabled?", when(it.Qty == 1, "disabled")), txt("−")),
				el("input", p("type", "number", "value", itoa(it.Qty), "min", "1", "max", "10")),
				el("button", p("class", "plus", "aria-label", "One more", "disabled?", when(it.Qty == 10, "disabled")), txt("+"))),
			el("span", p("class", "line-total"), txt(money(it.Price*it.Qty))),
			el("button", p("class", "remove", "aria-label", "Remove "+it.Name), txt("×"))).WithKey(it.ID))
	}
	discount, freeShip := 0, false
	var msg, discRow *node
	switch {
	case c.coupon == "SAVE10" || c.coupon == "SAVE20":
		rate := map[string]int{"SAVE10": 10, "SAVE20": 20}[c.coupon]
		discount = (sub*rate + 50) / 100
		msg = el("p", p("class", "coupon-msg ok"), txt(fmt.Sprintf("%s applied: %d%% off", c.coupon, rate)))
		discRow = el("div", p("class", "row discount"), el("dt", nil, txt("Discount ("+c.coupon+")")), el("dd", nil, txt(money(-discount))))
	case c.coupon == "FREESHIP":
		freeShip = true
		msg = el("p", p("class", "coupon-msg ok"), txt("FREESHIP applied: free shipping"))
	case len(c.coupon) >= 6:
		msg = el("p", p("class", "coupon-msg error"), txt(fmt.Sprintf("“%s” is not a valid code", c.coupon)))
	}
	after := sub - discount
	ship, shipText := 499, "$4.99"
	var hint *node
	if freeShip || after >= 5000 {
		ship, shipText = 0, "Free"
	} else {
		hint = el("p", p("class", "hint"), txt("Add "+money(5000-after)+" more for free shipping"))
	}
	tax := (after*8 + 50) / 100
	total := after + ship + tax
	return el("div", p("class", "checkout"),
		el("h2", nil, txt("Your cart")),
		el("ul", p("class", "lines"), lis...),
		el("div", p("class", "coupon"),
			el("input", p("name", "coupon", "value", c.coupon, "placeholder", "Discount code")),
			el("button", p("class", "apply", "disabled?", when(c.coupon == "", "disabled")), txt("Apply")),
			msg),
		el("dl", p("class", "summary"),
			el("div", p("class", "row"), el("dt", nil, txt("Subtotal ("+plural(count, "item", "items")+")")), el("dd", nil, txt(money(sub)))),
			discRow,
			el("div", p("class", "row"), el("dt", nil, txt("Shipping")), el("dd", nil, txt(shipText))),
			el("div", p("class", "row"), el("dt", nil, txt("Tax (8%)")), el("dd", nil, txt(money(tax)))),
			el("div", p("class", "row total"), el("dt", nil, txt("Total")), el("dd", nil, txt(money(total))))),
		hint,
		el("button", p("class", "checkout-btn primary"), txt("Check out · "+money(total))))
}
func (c *checkout) step(r *rand.Rand) (string, any, any) {
	if c.target != "" && c.coupon != c.target { // typing the code
		old := c.coupon
		c.coupon = typeStep(r, c.coupon, c.target, 12)
		return "coupon", old, c.coupon
	}
	c.target = ""
	x := r.IntN(100)
	if x >= 88 {
		old := c.coupon
		if c.coupon != "" { // the field cleared
			c.coupon = ""
			return "coupon", old, ""
		}
		c.target = couponCodes[r.IntN(len(couponCodes))]
		c.coupon = c.target[:1]
		return "coupon", old, c.coupon
	}
	old := js(c.items)
	i := -1
	if len(c.items) > 0 {
		i = r.IntN(len(c.items))
	}
	switch {
	case i >= 0 && x < 40 && c.items[i].Qty < 10:
		c.items[i].Qty++
	case i >= 0 && x < 60 && c.items[i].Qty > 1:
		c.items[i].Qty--
	case i >= 0 && x < 70 && len(c.items) > 1 || i >= 0 && len(c.items) >= 5:
		c.items = slices.Delete(c.items, i, i+1)
	default: // a product added from the shop
		for {
			it := catalog[r.IntN(len(catalog))]
			if !slices.ContainsFunc(c.items, func(l lineItem) bool { return l.ID == it.ID }) {
				c.items = append(c.items, it)
				break
			}
		}
	}
	return "items", old, js(c.items)
}

// pricing: a per-seat plan: seats (stepped with − and +, or typed) and
// billing (monthly or yearly, 20% off), in turn; a volume discount from 50
// seats, "Contact sales" above 250, the yearly saving.
type pricing struct {
	plan  string
	price int // cents per seat per month
	seats int
	bill  string
}

var plans = []struct {
	name  string
	price int
}{{"Starter", 800}, {"Team", 1200}, {"Business", 2450}, {"Enterprise", 4900}}
var seatPresets = []int{1, 5, 10, 20, 25, 50, 75, 100, 150, 250, 300, 500}

func newPricing(i int, r *rand.Rand) app {
	pl := plans[i%len(plans)]
	return &pricing{plan: pl.name, price: pl.price, seats: 1 + r.IntN(10), bill: "monthly"}
}

func (c *pricing) kind() string { return "pricing" }
func (c *pricing) state() map[string]any {
	return map[string]any{"seats": c.seats, "billing": c.bill}
}
func (c *pricing) render() *node {
	yearly := c.bill == "yearly"
	perSeat := c.price
	if yearly {
		perSeat = (c.price*80 + 50) / 100
	}
	volume := c.seats >= 50
	month := perSeat * c.seats
	if volume {
		month = (month*90 + 50) / 100
	}
	var badge, volRow, saving, total *node
	if !yearly {
		badge = el("span", p("class", "save-badge"), txt("Save 20% with yearly billing"))
	}
	if volume {
		volRow = el("p", p("class", "volume"), txt("Volume discount (50+ seats): −10%"))
	}
	cta := "Start free trial"
	switch {
	case c.seats > 250:
		total = el("div", p("class", "contact"), txt("Over 250 seats? Talk to sales for custom pricing."))
		cta = "Contact sales"
	case yearly:
		full := c.price * c.seats * 12
		if volume {
			full = (full*90 + 50) / 100
		}
		total = el("p", p("class", "total"), el("strong", nil, txt(money(month*12))), txt(" billed yearly"))
		saving = el("p", p("class", "saving"), txt("You save "+money(full-month*12)+" a year"))
	default:
		total = el("p", p("class", "total"), el("strong", nil, txt(money(month))), txt(" / month"))
	}
	return el("div", p("class", "pricing-card"),
		el("h3", nil, txt(c.plan)),
		el("div", p("class", "billing", "role", "group"),
			el("button", p("class", classes("period", when(!yearly, "active")), "aria-pressed", fmt.Sprint(!yearly)), txt("Monthly")),
			el("button", p("class", classes("period", when(yearly, "active")), "aria-pressed", fmt.Sprint(yearly)), txt("Yearly")),
			badge),
		el("div", p("class", "seats"),
			el("button", p("class", "minus", "disabled?", when(c.seats == 1, "disabled")), txt("−")),
			el("input", p("type", "number", "value", itoa(c.seats), "min", "1")),
			el("button", p("class", "plus"), txt("+")),
			el("span", nil, txt(plural(c.seats, "seat", "seats")))),
		el("p", p("class", "per-seat"), txt(money(perSeat)+" per seat / month")),
		volRow,
		total,
		saving,
		el("button", p("class", "primary"), txt(cta)))
}
func (c *pricing) step(r *rand.Rand) (string, any, any) {
	x := r.IntN(100)
	if x < 18 {
		old := c.bill
		c.bill = map[string]string{"monthly": "yearly", "yearly": "monthly"}[c.bill]
		return "billing", old, c.bill
	}
	old := c.seats
	switch {
	case x < 60:
		c.seats++
	case x < 82 && c.seats > 1:
		c.seats--
	default: // typed
		for c.seats == old {
			c.seats = seatPresets[r.IntN(len(seatPresets))]
		}
	}
	return "seats", old, c.seats
}

// dashboard: a store's live figures, an object pushed by the server
// (visitors, orders, revenue in cents, refunds: several members change at
// once, refunds rarely), and the range shown (today, 7 or 30 days):
// thousands separators, money, a conversion rate to one decimal, an
// average order value, "No refunds" / "1 refund".
type metrics struct {
	Visitors int `json:"visitors"`
	Orders   int `json:"orders"`
	Revenue  int `json:"revenue"`
	Refunds  int `json:"refunds"`
}

type dashboard struct {
	m       metrics
	rng     string
	refetch bool // the range changed: the next step brings its figures
}

var ranges = []string{"today", "7d", "30d"}
var rangeLabels = map[string]string{"today": "Today", "7d": "Last 7 days", "30d": "Last 30 days"}
var rangeDays = map[string]int{"today": 1, "7d": 7, "30d": 30}

func newDashboard(i int, r *rand.Rand) app {
	c := &dashboard{rng: "today"}
	c.m = c.fetch(r)
	return c
}

func (c *dashboard) fetch(r *rand.Rand) metrics {
	d := rangeDays[c.rng]
	v := d * (300 + r.IntN(2500))
	o := v * (10 + r.IntN(30)) / 1000
	m := metrics{Visitors: v, Orders: o, Revenue: o * (2500 + r.IntN(6000)), Refunds: 0}
	if d > 1 {
		m.Refunds = r.IntN(d / 2)
	}
	return m
}

func (c *dashboard) kind() string { return "dashboard" }
func (c *dashboard) state() map[string]any {
	return map[string]any{"metrics": c.m, "range": c.rng}
}
func (c *dashboard) render() *node {
	card := func(label, value string, extra ...string) *node {
		return el("div", p("class", classes(append([]string{"card"}, extra...)...)),
			el("span", p("class", "label"), txt(label)),
			el("strong", p("class", "value"), txt(value)))
	}
	conv, aov := "—", "—"
	if c.m.Visitors > 0 {
		conv = fmt.Sprintf("%.1f%%", 100*float64(c.m.Orders)/float64(c.m.Visitors))
	}
	if c.m.Orders > 0 {
		aov = money((c.m.Revenue + c.m.Orders/2) / c.m.Orders)
	}
	refunds := "No refunds"
	if c.m.Refunds > 0 {
		refunds = plural(c.m.Refunds, "refund", "refunds")
	}
	var opts []*node
	for _, rg := range ranges {
		opts = append(opts, el("option", p("value", rg, "selected?", when(rg == c.rng, "selected")), txt(rangeLabels[rg])))
	}
	return el("div", p("class", "dashboard"),
		el("header", nil, el("h2", nil, txt("Store overview")), el("select", p("name", "range"), opts...)),
		el("p", p("class", "range"), txt(rangeLabels[c.rng])),
		el("div", p("class", "cards"),
			card("Visitors", thousands(c.m.Visitors)),
			card("Orders", thousands(c.m.Orders)),
			card("Revenue", money(c.m.Revenue)),
			card("Conversion", conv),
			card("Avg. order", aov),
			card("Refunds", refunds, when(c.m.Refunds > 0, "warn"))))
}
func (c *dashboard) step(r *rand.Rand) (string, any, any) {
	if c.refetch {
		c.refetch = false
		old := c.m
		c.m = c.fetch(r)
		return "metrics", old, c.m
	}
	if r.IntN(100) < 8 {
		old := c.rng
		for c.rng == old {
			c.rng = ranges[r.IntN(len(ranges))]
		}
		c.refetch = true
		return "range", old, c.rng
	}
	old := c.m // a live update
	c.m.Visitors += 1 + r.IntN(25)
	if r.IntN(3) == 0 {
		c.m.Orders++
		c.m.Revenue += 1500 + r.IntN(20000)
	}
	if r.IntN(40) == 0 {
		c.m.Refunds++
	}
	return "metrics", old, c.m
}
