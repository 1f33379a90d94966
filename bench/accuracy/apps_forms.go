package accuracy

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// The app kinds of input: a star rating with hover and selection (stars),
// a notifications bell (notifications), a wizard (wizard), a sign-up form
// with validation (signup), a date picker (datepicker).

// stars: five stars with a hover preview. Two keys in turn: hover (the
// star under the pointer, 0 when it leaves) and selected (the star
// clicked); the stars show hover while it is not 0, else selected.
type stars struct {
	hover, selected int
}

var starWords = []string{"", "Poor", "Fair", "Good", "Very good", "Excellent"}

func newStars(i int, r *rand.Rand) app { return &stars{selected: []int{0, 0, 3, 5}[i%4]} }

func (c *stars) kind() string { return "stars" }
func (c *stars) state() map[string]any {
	return map[string]any{"hover": c.hover, "selected": c.selected}
}
func (c *stars) render() *node {
	shown := c.hover
	if shown == 0 {
		shown = c.selected
	}
	var btns []*node
	for i := 1; i <= 5; i++ {
		btns = append(btns, el("button", p("class", classes("star", when(i <= shown, "filled"), when(i <= c.hover, "preview")),
			"role", "radio", "aria-checked", fmt.Sprint(i == c.selected), "aria-label", plural(i, "star", "stars")), txt("★")))
	}
	label := "Click to rate"
	switch {
	case c.hover > 0:
		label = starWords[c.hover]
	case c.selected > 0:
		label = "You rated this " + plural(c.selected, "star", "stars")
	}
	var clear, thanks *node
	if c.selected > 0 {
		clear = el("button", p("class", "clear"), txt("Clear rating"))
		thanks = el("p", p("class", "thanks"), txt("Thanks for your feedback!"))
	}
	return el("div", p("class", "star-rating"),
		el("h4", nil, txt("How was your order?")),
		el("div", p("class", "stars", "role", "radiogroup"), btns...),
		el("span", p("class", "label"), txt(label)),
		clear,
		thanks)
}
func (c *stars) step(r *rand.Rand) (string, any, any) {
	x := r.IntN(100)
	if c.hover == 0 {
		if x < 90 || c.selected == 0 { // the pointer enters
			c.hover = 1 + r.IntN(5)
			return "hover", 0, c.hover
		}
		old := c.selected
		c.selected = 0
		return "selected", old, 0
	}
	switch {
	case x < 30 || x < 75 && c.selected == c.hover: // the pointer moves to a neighbour
		old := c.hover
		switch {
		case c.hover == 1:
			c.hover = 2
		case c.hover == 5 || r.IntN(2) == 0:
			c.hover--
		default:
			c.hover++
		}
		return "hover", old, c.hover
	case x < 75: // a click
		old := c.selected
		c.selected = c.hover
		return "selected", old, c.selected
	}
	old := c.hover // the pointer leaves
	c.hover = 0
	return "hover", old, 0
}

// notifications: a bell with an unread count (a badge, absent at 0,
// capped at "99+"), a dropdown that opens and closes, whose texts change
// while it is open ("3 new notifications", "You're all caught up"). Two
// keys: unread (pushed by the server, read one by one or all) and open.
type notifications struct {
	unread int
	open   bool
	items  []string
}

var notes = []string{"Ana commented on your post", "Your export is ready", "Ben invited you to “Q3 plan”",
	"Build #1284 passed", "Chen mentioned you", "Your subscription renews soon", "Dana liked your photo", "New sign-in from Firefox"}

func newNotifications(i int, r *rand.Rand) app {
	return &notifications{unread: r.IntN(4), items: pick(r, notes, 5)}
}

func (c *notifications) kind() string { return "notifications" }
func (c *notifications) state() map[string]any {
	return map[string]any{"unread": c.unread, "open": c.open}
}
func (c *notifications) render() *node {
	aria := "Notifications"
	var badge, menu *node
	if c.unread > 0 {
		aria = fmt.Sprintf("Notifications (%d unread)", c.unread)
		badge = el("span", p("class", classes("badge", when(c.unread > 9, "wide"))), txt(capped(c.unread, 99)))
	}
	if c.open {
		summary := "You're all caught up"
		var markAll *node
		if c.unread > 0 {
			summary = plural(c.unread, "new notification", "new notifications")
			markAll = el("button", p("class", "mark-all"), txt("Mark all as read"))
		}
		var lis []*node
		for i, t := range c.items {
			lis = append(lis, el("li", p("class", classes("item", when(i < c.unread, "unread"))), txt(t)))
		}
		all := "View all"
		if c.unread > len(c.items) {
			all += " (" + capped(c.unread, 99) + ")"
		}
		menu = el("div", p("class", "dropdown", "role", "menu"),
			el("header", nil, el("strong", nil, txt("Notifications")), el("span", p("class", "summary"), txt(summary)), markAll),
			el("ul", nil, lis...),
			el("footer", nil, el("a", p("href", "/notifications"), txt(all))))
	}
	return el("div", p("class", classes("notifications", when(c.open, "open"))),
		el("button", p("class", "bell", "aria-label", aria, "aria-expanded", fmt.Sprint(c.open)), el("span", p("class", "icon"), txt("🔔")), badge),
		menu)
}
func (c *notifications) step(r *rand.Rand) (string, any, any) {
	x := r.IntN(100)
	switch {
	case x < 30:
		c.open = !c.open
		return "open", !c.open, c.open
	case x < 50 && c.open && c.unread > 0: // one read
		c.unread--
		return "unread", c.unread + 1, c.unread
	case x < 56 && c.open && c.unread > 0: // all read
		old := c.unread
		c.unread = 0
		return "unread", old, 0
	}
	old := c.unread // pushed by the server, now and then many at once
	c.unread++
	if r.IntN(5) == 0 {
		c.unread += r.IntN(60)
	}
	return "unread", old, c.unread
}

// wizard: a three-step sign-up wizard (details, plan, review) and a done
// page. Two keys: step (1–4) and form, an object (name, email, plan,
// agree) typed and clicked into; the stepper's classes and ✓, "Step 2 of
// 3", a progress bar, validation messages, a panel per step.
type wizardForm struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Plan  string `json:"plan"`
	Agree bool   `json:"agree"`
}

type wizard struct {
	stage         int
	form          wizardForm
	nameT, emailT string
}

var wizardSteps = []string{"Details", "Plan", "Review"}

func newWizard(i int, r *rand.Rand) app {
	c := &wizard{stage: 1}
	c.targets(r)
	return c
}

func (c *wizard) targets(r *rand.Rand) {
	c.nameT = people[r.IntN(len(people))]
	first, last, _ := strings.Cut(strings.ToLower(c.nameT), " ")
	c.emailT = first + "." + last + "@example.com"
}

func validEmail(s string) bool {
	user, dom, ok := strings.Cut(s, "@")
	i := strings.LastIndex(dom, ".")
	return ok && user != "" && i > 0 && i < len(dom)-1
}

func (c *wizard) kind() string { return "wizard" }
func (c *wizard) state() map[string]any {
	return map[string]any{"step": c.stage, "form": c.form}
}
func (c *wizard) planOf(name string) (string, int) {
	for _, pl := range plans {
		if pl.name == name {
			return pl.name, pl.price
		}
	}
	return "", 0
}
func (c *wizard) render() *node {
	var lis []*node
	for i, s := range wizardSteps {
		n := i + 1
		num := itoa(n)
		if n < c.stage {
			num = "✓"
		}
		lis = append(lis, el("li", p("class", classes("step", when(n < c.stage, "done"), when(n == c.stage, "current")), "aria-current?", when(n == c.stage, "step")),
			el("span", p("class", "num"), txt(num)), el("span", p("class", "label"), txt(s))))
	}
	progress := "All done"
	if c.stage <= 3 {
		progress = fmt.Sprintf("Step %d of 3", c.stage)
	}
	f := c.form
	back := el("button", p("class", "back"), txt("Back"))
	var panel *node
	switch c.stage {
	case 1:
		nameBad := f.Name != "" && !strings.Contains(strings.TrimSpace(f.Name), " ")
		mailBad := f.Email != "" && !validEmail(f.Email)
		var nameErr, mailErr *node
		if nameBad {
			nameErr = el("p", p("class", "error"), txt("Please enter your first and last name"))
		}
		if mailBad {
			mailErr = el("p", p("class", "error"), txt("Enter an email like name@example.com"))
		}
		ok := f.Name != "" && !nameBad && validEmail(f.Email)
		panel = el("div", p("class", "panel"),
			el("div", p("class", "field"), el("label", nil, txt("Full name")),
				el("input", p("name", "name", "value", f.Name, "class", classes("input", when(nameBad, "invalid")), "aria-invalid", fmt.Sprint(nameBad))), nameErr),
			el("div", p("class", "field"), el("label", nil, txt("Email")),
				el("input", p("name", "email", "type", "email", "value", f.Email, "class", classes("input", when(mailBad, "invalid")), "aria-invalid", fmt.Sprint(mailBad))), mailErr),
			el("footer", nil, el("button", p("class", "next primary", "disabled?", when(!ok, "disabled")), txt("Next"))))
	case 2:
		var opts []*node
		for _, pl := range plans {
			sel := pl.name == f.Plan
			opts = append(opts, el("label", p("class", classes("plan", when(sel, "selected"))),
				el("input", p("type", "radio", "name", "plan", "value", pl.name, "checked?", when(sel, "checked"))),
				el("span", p("class", "name"), txt(pl.name)),
				el("span", p("class", "price"), txt(money(pl.price)+"/month"))))
		}
		panel = el("div", p("class", "panel"),
			el("fieldset", nil, append([]*node{el("legend", nil, txt("Choose a plan"))}, opts...)...),
			el("footer", nil, back, el("button", p("class", "next primary", "disabled?", when(f.Plan == "", "disabled")), txt("Next"))))
	case 3:
		name, price := c.planOf(f.Plan)
		panel = el("div", p("class", "panel"),
			el("dl", nil,
				el("dt", nil, txt("Name")), el("dd", nil, txt(f.Name)),
				el("dt", nil, txt("Email")), el("dd", nil, txt(f.Email)),
				el("dt", nil, txt("Plan")), el("dd", nil, txt(name+" · "+money(price)+"/month"))),
			el("label", p("class", "agree"), el("input", p("type", "checkbox", "checked?", when(f.Agree, "checked"))), txt("I agree to the terms")),
			el("footer", nil, back, el("button", p("class", "finish primary", "disabled?", when(!f.Agree, "disabled")), txt("Finish"))))
	default:
		first, _, _ := strings.Cut(f.Name, " ")
		panel = el("div", p("class", "panel success"),
			el("h3", nil, txt("Welcome, "+first+"!")),
			el("p", nil, txt("We sent a confirmation to "+f.Email+".")),
			el("button", p("class", "edit"), txt("Edit details")))
	}
	return el("div", p("class", "wizard"),
		el("ol", p("class", "stepper"), lis...),
		el("p", p("class", "progress-text"), txt(progress)),
		el("div", p("class", "bar"), el("div", p("class", "fill", "style", fmt.Sprintf("width: %d%%", percent(c.stage-1, 3))))),
		panel)
}
func (c *wizard) step(r *rand.Rand) (string, any, any) {
	x := r.IntN(100)
	go2 := func(n int) (string, any, any) {
		old := c.stage
		c.stage = n
		return "step", old, n
	}
	old := c.form
	switch c.stage {
	case 1:
		switch {
		case c.form.Name != c.nameT:
			c.form.Name = typeStep(r, c.form.Name, c.nameT, 10)
		case c.form.Email != c.emailT:
			c.form.Email = typeStep(r, c.form.Email, c.emailT, 10)
		default:
			return go2(2)
		}
	case 2:
		switch {
		case x < 12:
			return go2(1)
		case c.form.Plan == "" || x < 40:
			was := c.form.Plan
			for c.form.Plan == was {
				c.form.Plan = plans[r.IntN(len(plans))].name
			}
		default:
			return go2(3)
		}
	case 3:
		switch {
		case x < 12:
			return go2(2)
		case c.form.Agree && x < 75:
			return go2(4)
		default:
			c.form.Agree = !c.form.Agree
		}
	default: // edit the details: another name
		c.targets(r)
		return go2(1)
	}
	return "form", old, c.form
}

// signup: a sign-up form with validation, its state an object (email,
// password, confirm) typed a letter at a time: an error per field that
// comes and goes, a strength meter, "5 more characters needed",
// "Passwords do not match" / "✓ Passwords match", the submit button
// enabled when all is valid; submitted replaces the form with a message.
type signupForm struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Confirm  string `json:"confirm"`
}

type signup struct {
	form                 signupForm
	submitted            bool
	emailT, passT, confT string // what the user is typing
}

var passwords = []string{"hunter2", "correcthorse9", "Sunny-day-42", "passw0rd", "Tr0ub4dor&3", "letmein", "BlueWhale77"}

func newSignup(i int, r *rand.Rand) app {
	c := &signup{}
	c.targets(r)
	return c
}

func (c *signup) targets(r *rand.Rand) {
	first, last, _ := strings.Cut(strings.ToLower(people[r.IntN(len(people))]), " ")
	c.emailT = []string{first + "@example.com", first + "." + last + "@mail.org", first[:1] + last + "@work.io"}[r.IntN(3)]
	c.passT = passwords[r.IntN(len(passwords))]
	c.confT = c.passT
	if r.IntN(3) == 0 { // a typo in the confirmation, fixed later
		c.confT = c.passT[:len(c.passT)-1] + "x"
	}
}

func strength(pw string) (string, int) {
	score := 0
	if len(pw) >= 8 {
		score++
	}
	if len(pw) >= 12 {
		score++
	}
	if strings.ContainsAny(pw, "0123456789") {
		score++
	}
	if strings.ContainsAny(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ!&-_#") {
		score++
	}
	switch {
	case score <= 1:
		return "weak", 33
	case score == 2:
		return "fair", 67
	}
	return "strong", 100
}

func (c *signup) kind() string { return "signup" }
func (c *signup) state() map[string]any {
	return map[string]any{"form": c.form, "submitted": c.submitted}
}
func (c *signup) render() *node {
	f := c.form
	if c.submitted {
		return el("div", p("class", "signup done"),
			el("h3", nil, txt("Check your inbox")),
			el("p", nil, txt("We sent a link to "+f.Email+".")),
			el("button", p("class", "again"), txt("Sign up another account")))
	}
	mailBad := f.Email != "" && !validEmail(f.Email)
	var mailErr, meter, hint, match *node
	if mailBad {
		mailErr = el("p", p("class", "error", "id", "email-error"), txt("Enter a valid email address"))
	}
	if f.Password != "" {
		level, width := strength(f.Password)
		meter = el("div", p("class", "strength "+level), el("div", p("class", "fill", "style", fmt.Sprintf("width: %d%%", width))), el("span", nil, txt(title(level))))
		if n := len(f.Password); n < 8 {
			hint = el("p", p("class", "hint"), txt(plural(8-n, "more character", "more characters")+" needed"))
		}
	}
	mismatch := f.Confirm != "" && f.Confirm != f.Password
	if f.Confirm != "" {
		if mismatch {
			match = el("p", p("class", "error"), txt("Passwords do not match"))
		} else {
			match = el("p", p("class", "ok"), txt("✓ Passwords match"))
		}
	}
	ok := validEmail(f.Email) && len(f.Password) >= 8 && f.Confirm == f.Password
	return el("form", p("class", "signup"),
		el("h3", nil, txt("Create your account")),
		el("div", p("class", "field"), el("label", p("for", "email"), txt("Email")),
			el("input", p("id", "email", "type", "email", "value", f.Email, "aria-invalid", fmt.Sprint(mailBad))), mailErr),
		el("div", p("class", "field"), el("label", p("for", "pw"), txt("Password")),
			el("input", p("id", "pw", "type", "password", "value", f.Password)), meter, hint),
		el("div", p("class", "field"), el("label", p("for", "pw2"), txt("Confirm password")),
			el("input", p("id", "pw2", "type", "password", "value", f.Confirm, "aria-invalid", fmt.Sprint(mismatch))), match),
		el("button", p("type", "submit", "class", "primary", "disabled?", when(!ok, "disabled")), txt("Sign up")))
}
func (c *signup) step(r *rand.Rand) (string, any, any) {
	old := c.form
	f := &c.form
	switch {
	case c.submitted && *f != (signupForm{}): // "Sign up another account": the form cleared…
		*f = signupForm{}
		c.targets(r)
	case c.submitted: // …and shown
		c.submitted = false
		return "submitted", true, false
	case f.Email != c.emailT:
		f.Email = typeStep(r, f.Email, c.emailT, 10)
	case f.Password != c.passT:
		f.Password = typeStep(r, f.Password, c.passT, 12)
	case len(f.Password) < 8: // too short: made longer
		c.passT += "2024"
		c.confT = c.passT
		f.Password = typeStep(r, f.Password, c.passT, 0)
	case f.Confirm != c.confT:
		f.Confirm = typeStep(r, f.Confirm, c.confT, 12)
	case f.Confirm != f.Password: // the typo seen: fixed
		c.confT = c.passT
		f.Confirm = typeStep(r, f.Confirm, c.confT, 0)
	default:
		c.submitted = true
		return "submitted", false, true
	}
	return "form", old, c.form
}

// datepicker: a month grid (5 or 6 weeks, days of the months around
// greyed), today marked, the selected day, "Selected: Thu, Mar 14, 2024".
// Two keys in turn: month ("2024-03", prev and next) and selected (a date,
// "" when none).
type datepicker struct {
	month    string
	selected string
}

func newDatepicker(i int, r *rand.Rand) app {
	return &datepicker{month: base.AddDate(0, i-1, 0).Format("2006-01")}
}

func (c *datepicker) kind() string { return "datepicker" }
func (c *datepicker) state() map[string]any {
	return map[string]any{"month": c.month, "selected": c.selected}
}
func (c *datepicker) first() time.Time {
	t, err := time.Parse("2006-01", c.month)
	if err != nil {
		panic(err)
	}
	return t
}
func (c *datepicker) render() *node {
	first := c.first()
	offset := (int(first.Weekday()) + 6) % 7 // Monday first
	days := first.AddDate(0, 1, -1).Day()
	today := base.Format("2006-01-02")
	var heads, weeks []*node
	for _, d := range []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"} {
		heads = append(heads, el("th", p("scope", "col"), txt(d)))
	}
	for w := 0; w*7 < offset+days; w++ {
		var tds []*node
		for d := 0; d < 7; d++ {
			day := first.AddDate(0, 0, w*7+d-offset)
			iso := day.Format("2006-01-02")
			sel := iso == c.selected
			tds = append(tds, el("td", nil, el("button", p("class", classes("day", when(day.Month() != first.Month(), "outside"), when(iso == today, "today"), when(sel, "selected")),
				"data-date", iso, "aria-selected?", when(sel, "true")), txt(itoa(day.Day())))))
		}
		weeks = append(weeks, el("tr", nil, tds...))
	}
	sel := "No date selected"
	var clear *node
	if c.selected != "" {
		t, _ := time.Parse("2006-01-02", c.selected)
		sel = "Selected: " + t.Format("Mon, Jan 2, 2006")
		clear = el("button", p("class", "clear"), txt("Clear"))
	}
	return el("div", p("class", "datepicker"),
		el("header", nil,
			el("button", p("class", "prev", "aria-label", "Previous month"), txt("‹")),
			el("h3", p("aria-live", "polite"), txt(first.Format("January 2006"))),
			el("button", p("class", "next", "aria-label", "Next month"), txt("›"))),
		el("table", p("role", "grid"), el("thead", nil, el("tr", nil, heads...)), el("tbody", nil, weeks...)),
		el("footer", nil,
			el("p", p("class", "selected"), txt(sel)),
			clear,
			el("button", p("class", "today", "disabled?", when(c.month == base.Format("2006-01"), "disabled")), txt("Today"))))
}
func (c *datepicker) step(r *rand.Rand) (string, any, any) {
	month := func(n int) (string, any, any) {
		old := c.month
		c.month = c.first().AddDate(0, n, 0).Format("2006-01")
		return "month", old, c.month
	}
	x := r.IntN(100)
	switch {
	case x < 25:
		return month(1)
	case x < 40:
		return month(-1)
	case x < 47 && c.month != base.Format("2006-01"): // Today
		old := c.month
		c.month = base.Format("2006-01")
		return "month", old, c.month
	case x < 94 || c.selected == "":
		first := c.first()
		old := c.selected
		for c.selected == old {
			c.selected = first.AddDate(0, 0, r.IntN(first.AddDate(0, 1, -1).Day())).Format("2006-01-02")
		}
		return "selected", old, c.selected
	}
	old := c.selected
	c.selected = ""
	return "selected", old, ""
}
