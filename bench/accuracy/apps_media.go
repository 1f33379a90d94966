package accuracy

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// The app kinds about time and media: an activity feed with relative
// times (feed), a chat (chat), an audio player (player), a countdown timer
// (timer), file uploads (uploads).

// feed: posts with relative times ("5 min ago", "yesterday", "Feb 21") as
// the clock (now, minutes) ticks, likes ("Like", "1 like", "1,204 likes"),
// new posts on top.
type post struct {
	ID     int    `json:"id"`
	Author string `json:"author"`
	Text   string `json:"text"`
	At     int    `json:"at"` // minutes since the apps' base time
	Likes  int    `json:"likes"`
	Liked  bool   `json:"liked"`
}

type feed struct {
	now    int
	posts  []post
	nextID int
}

var postTexts = []string{"Shipped the new onboarding flow 🎉", "Anyone up for lunch?", "The build is green again.",
	"Reading group moves to Thursday.", "New blog post: how we cut our bill in half", "Welcome Priya to the team!",
	"Reminder: the office is closed Monday.", "Slides from today's talk are up.", "Who took my stapler?"}

func newFeed(i int, r *rand.Rand) app {
	c := &feed{now: r.IntN(600), nextID: 1}
	for j := 0; j < 3+r.IntN(4); j++ {
		age := []int{0, 3, 40, 90, 300, 1500, 4000, 12000}[r.IntN(8)] + r.IntN(30)
		c.posts = append(c.posts, post{ID: c.nextID, Author: people[r.IntN(len(people))], Text: postTexts[r.IntN(len(postTexts))], At: c.now - age, Likes: []int{0, 1, 3, 12, 980, 1203}[r.IntN(6)]})
		c.nextID++
	}
	slices.SortStableFunc(c.posts, func(a, b post) int { return b.At - a.At })
	return c
}

func (c *feed) kind() string { return "feed" }
func (c *feed) state() map[string]any {
	return map[string]any{"now": c.now, "posts": slices.Clone(c.posts)}
}
func (c *feed) render() *node {
	var lis []*node
	for _, ps := range c.posts {
		likes := "Like"
		if ps.Likes > 0 {
			likes = plural(ps.Likes, "like", "likes")
		}
		lis = append(lis, el("li", p("class", "post"),
			el("header", nil,
				el("strong", nil, txt(ps.Author)),
				el("time", p("datetime", at(ps.At).Format(time.RFC3339)), txt(relTime(ps.At, c.now)))),
			el("p", nil, txt(ps.Text)),
			el("button", p("class", classes("like", when(ps.Liked, "liked")), "aria-pressed", fmt.Sprint(ps.Liked)), txt(likes))).WithKey(fmt.Sprintf("post-%d", ps.ID)))
	}
	return el("section", p("class", "feed"),
		el("header", nil, el("h2", nil, txt("Activity")), el("span", p("class", "updated"), txt("Updated "+at(c.now).Format("3:04 PM")))),
		el("ul", nil, lis...))
}
func (c *feed) step(r *rand.Rand) (string, any, any) {
	x := r.IntN(100)
	if x < 60 { // the clock: a minute, or back after a while
		old := c.now
		c.now++
		if x < 6 {
			c.now += 20 + r.IntN(600)
		}
		return "now", old, c.now
	}
	old := js(c.posts)
	i := r.IntN(len(c.posts))
	switch {
	case x < 75:
		c.posts[i].Liked = !c.posts[i].Liked
		if c.posts[i].Liked {
			c.posts[i].Likes++
		} else {
			c.posts[i].Likes--
		}
	case x < 88:
		c.posts[i].Likes += 1 + r.IntN(3)
	default:
		c.posts = append([]post{{ID: c.nextID, Author: people[r.IntN(len(people))], Text: postTexts[r.IntN(len(postTexts))], At: c.now}}, c.posts...)
		c.nextID++
		if len(c.posts) > 8 {
			c.posts = c.posts[:8]
		}
	}
	return "posts", old, js(c.posts)
}

// chat: a conversation. The user types a draft a letter at a time (the
// Send button enabled, a counter "12/200"), sends it (messages grows, then
// the draft clears); the other side starts typing ("Ana is typing…", a
// conditional item after the keyed messages) and replies. Three keys:
// draft, messages, typing.
type message struct {
	ID   int    `json:"id"`
	Mine bool   `json:"mine"`
	Text string `json:"text"`
	At   int    `json:"at"`
}

type chat struct {
	peer     string
	draft    string
	messages []message
	typing   bool
	nextID   int
	clock    int
	target   string   // the message being typed
	script   []string // what happens next: "clear", "reply", "stop"
}

var phrases = []string{"hi!", "see you at 5", "sounds good", "can you send the file?", "on my way",
	"thanks a lot", "what time works?", "ok", "let me check", "great news"}

func newChat(i int, r *rand.Rand) app {
	c := &chat{peer: people[r.IntN(len(people))], nextID: 1, clock: 9*60 + r.IntN(600), messages: []message{}}
	for j := r.IntN(4); j > 0; j-- {
		c.messages = append(c.messages, message{ID: c.nextID, Mine: r.IntN(2) == 0, Text: phrases[r.IntN(len(phrases))], At: c.clock})
		c.nextID++
	}
	return c
}

func (c *chat) kind() string { return "chat" }
func (c *chat) state() map[string]any {
	return map[string]any{"draft": c.draft, "messages": slices.Clone(c.messages), "typing": c.typing}
}
func (c *chat) render() *node {
	first, _, _ := strings.Cut(c.peer, " ")
	status := "online"
	if c.typing {
		status = "typing…"
	}
	var lis []*node
	for _, m := range c.messages {
		lis = append(lis, el("li", p("class", classes("msg", when(m.Mine, "mine"), when(!m.Mine, "theirs"))),
			el("p", nil, txt(m.Text)),
			el("time", nil, txt(fmt.Sprintf("%02d:%02d", m.At/60%24, m.At%60)))).WithKey(fmt.Sprintf("msg-%d", m.ID)))
	}
	if c.typing {
		lis = append(lis, el("li", p("class", "typing-indicator"), txt(first+" is typing…")))
	}
	var empty, counter *node
	if len(c.messages) == 0 {
		empty = el("p", p("class", "empty"), txt("Say hi to "+first+" 👋"))
	}
	if c.draft != "" {
		counter = el("span", p("class", "counter"), txt(fmt.Sprintf("%d/200", len(c.draft))))
	}
	return el("div", p("class", "chat"),
		el("header", nil, el("h3", nil, txt(c.peer)), el("span", p("class", "status"), txt(status))),
		empty,
		el("ul", p("class", "messages"), lis...),
		el("form", p("class", "composer"),
			el("input", p("name", "message", "value", c.draft, "placeholder", "Message "+first)),
			counter,
			el("button", p("type", "submit", "disabled?", when(strings.TrimSpace(c.draft) == "", "disabled")), txt("Send"))))
}
func (c *chat) add(mine bool, text string) {
	c.clock += 1 + len(text)/10
	c.messages = append(c.messages, message{ID: c.nextID, Mine: mine, Text: text, At: c.clock})
	c.nextID++
	if len(c.messages) > 12 {
		c.messages = slices.Clone(c.messages[1:])
	}
}
func (c *chat) step(r *rand.Rand) (string, any, any) {
	if len(c.script) > 0 {
		s := c.script[0]
		c.script = c.script[1:]
		switch s {
		case "clear":
			old := c.draft
			c.draft = ""
			return "draft", old, ""
		case "start":
			c.typing = true
			return "typing", false, true
		case "stop":
			c.typing = false
			return "typing", true, false
		default: // "reply"
			old := js(c.messages)
			c.add(false, phrases[r.IntN(len(phrases))])
			return "messages", old, js(c.messages)
		}
	}
	if c.target == "" {
		if r.IntN(3) == 0 { // the other side writes
			c.script = []string{"reply", "stop"}
			c.typing = true
			return "typing", false, true
		}
		c.target = phrases[r.IntN(len(phrases))]
	}
	if c.draft == c.target { // sent
		old := js(c.messages)
		c.add(true, c.draft)
		c.target = ""
		c.script = []string{"clear"}
		if r.IntN(2) == 0 {
			c.script = append(c.script, "start", "reply", "stop")
		}
		return "messages", old, js(c.messages)
	}
	old := c.draft
	c.draft = typeStep(r, c.draft, c.target, 9)
	return "draft", old, c.draft
}

// player: an audio player. position ticks each second while playing
// (m:ss, or h:mm:ss for a long podcast; the remaining time; the progress
// as a rounded percentage; aria-valuetext "1 minute 5 seconds of …"),
// playing toggles, seeks jump, volume steps and mutes.
type player struct {
	title, artist string
	dur           int
	pos           int
	playing       bool
	volume        int
	unmuted       int // the volume to restore
}

var tracks = []struct {
	title, artist string
	dur           int
}{{"Blue in Green", "Miles Davis", 337}, {"Clair de lune", "Debussy", 302}, {"Episode 112: Shipping it", "The Build Podcast", 4350},
	{"So What", "Miles Davis", 562}, {"Intro", "The xx", 128}}

func newPlayer(i int, r *rand.Rand) app {
	t := tracks[(i+r.IntN(2))%len(tracks)]
	return &player{title: t.title, artist: t.artist, dur: t.dur, volume: 80, unmuted: 80}
}

func (c *player) kind() string { return "player" }
func (c *player) state() map[string]any {
	return map[string]any{"position": c.pos, "playing": c.playing, "volume": c.volume}
}
func (c *player) render() *node {
	long := c.dur >= 3600
	label, icon := "Play", "▶"
	if c.playing {
		label, icon = "Pause", "⏸"
	}
	vol := "🔊"
	switch {
	case c.volume == 0:
		vol = "🔇"
	case c.volume < 34:
		vol = "🔈"
	case c.volume < 67:
		vol = "🔉"
	}
	var muted *node
	if c.volume == 0 {
		muted = el("span", p("class", "muted"), txt("Muted"))
	}
	return el("div", p("class", classes("player", when(c.playing, "playing"))),
		el("div", p("class", "meta"), el("strong", nil, txt(c.title)), el("span", nil, txt(c.artist))),
		el("button", p("class", "play", "aria-label", label), txt(icon)),
		el("div", p("class", "time"),
			el("span", p("class", "elapsed"), txt(clockTime(c.pos, long))),
			el("span", p("class", "duration"), txt(clockTime(c.dur, long)))),
		el("div", p("class", "progress", "role", "slider", "aria-valuemin", "0", "aria-valuemax", itoa(c.dur), "aria-valuenow", itoa(c.pos),
			"aria-valuetext", spokenDuration(c.pos)+" of "+spokenDuration(c.dur)),
			el("div", p("class", "fill", "style", fmt.Sprintf("width: %d%%", percent(c.pos, c.dur))))),
		el("span", p("class", "remaining"), txt("-"+clockTime(c.dur-c.pos, long))),
		el("div", p("class", "volume"),
			el("button", p("class", "mute", "aria-label", map[bool]string{true: "Unmute", false: "Mute"}[c.volume == 0]), txt(vol)),
			el("input", p("type", "range", "min", "0", "max", "100", "value", itoa(c.volume))),
			muted))
}
func (c *player) step(r *rand.Rand) (string, any, any) {
	x := r.IntN(100)
	switch {
	case c.playing && c.pos == c.dur: // the end: it stops
		c.playing = false
		return "playing", true, false
	case c.playing && x < 88 || !c.playing && c.pos < c.dur && x < 40:
		if !c.playing {
			c.playing = true
			return "playing", false, true
		}
		old := c.pos
		c.pos = min(c.dur, c.pos+1+r.IntN(20)/19) // now and then a tick comes late
		return "position", old, c.pos
	case c.playing && x < 91 || !c.playing && x < 50 && c.pos < c.dur:
		c.playing = !c.playing
		return "playing", !c.playing, c.playing
	case x < 96 || c.pos == c.dur: // a seek (from the end: back to the start)
		old := c.pos
		switch {
		case c.pos == c.dur:
			c.pos = 0
		case r.IntN(2) == 0:
			c.pos = max(0, c.pos-10) // back 10 s
		default:
			c.pos = r.IntN(c.dur)
		}
		if c.pos == old {
			c.pos = (old + 30) % c.dur
		}
		return "position", old, c.pos
	}
	old := c.volume
	switch {
	case c.volume == 0:
		c.volume = c.unmuted
	case r.IntN(3) == 0:
		c.unmuted, c.volume = c.volume, 0
	case c.volume <= 10 || c.volume < 100 && r.IntN(2) == 0:
		c.volume += 10
	default:
		c.volume -= 10
	}
	return "volume", old, c.volume
}

// timer: a countdown timer (a pomodoro, a tea timer, a bread timer over an
// hour): remaining seconds tick down while running (m:ss or h:mm:ss, the
// spoken time, the elapsed share), "Ending soon" in the last minute,
// "Time's up!" at zero, +1 min, reset.
type timer struct {
	label     string
	preset    int
	remaining int
	running   bool
}

var presets = []struct {
	label string
	secs  int
}{{"Pomodoro", 25 * 60}, {"Tea", 3 * 60}, {"Bread proofing", 90 * 60}, {"Plank", 75}}

func newTimer(i int, r *rand.Rand) app {
	ps := presets[i%len(presets)]
	return &timer{label: ps.label, preset: ps.secs, remaining: ps.secs}
}

func (c *timer) kind() string { return "timer" }
func (c *timer) state() map[string]any {
	return map[string]any{"remaining": c.remaining, "running": c.running}
}
func (c *timer) render() *node {
	long := c.preset >= 3600
	var face, soon *node
	if c.remaining > 0 {
		face = el("div", p("class", "face"),
			el("time", p("datetime", fmt.Sprintf("PT%dM%dS", c.remaining/60, c.remaining%60)), txt(clockTime(c.remaining, long))),
			el("p", p("class", "sr-only", "aria-live", "polite"), txt(spokenDuration(c.remaining)+" remaining")),
			el("div", p("class", "ring", "style", fmt.Sprintf("--elapsed: %d%%", percent(c.preset-min(c.preset, c.remaining), c.preset)))))
	} else {
		face = el("div", p("class", "face done"), el("p", nil, txt("Time's up!")))
	}
	if c.remaining > 0 && c.remaining <= 60 {
		soon = el("span", p("class", "soon"), txt("Ending soon"))
	}
	start := "Start"
	if c.running {
		start = "Pause"
	}
	return el("div", p("class", classes("timer", when(c.running, "running"), when(c.remaining > 0 && c.remaining <= 60, "urgent"))),
		el("h3", nil, txt(c.label)),
		face,
		soon,
		el("div", p("class", "controls"),
			el("button", p("class", "start", "disabled?", when(c.remaining == 0, "disabled")), txt(start)),
			el("button", p("class", "add"), txt("+1 min")),
			el("button", p("class", "reset", "disabled?", when(c.remaining == c.preset && !c.running, "disabled")), txt("Reset"))))
}
func (c *timer) step(r *rand.Rand) (string, any, any) {
	x := r.IntN(100)
	switch {
	case c.running && c.remaining == 0:
		c.running = false
		return "running", true, false
	case c.running && x < 93:
		old := c.remaining
		c.remaining = max(0, c.remaining-1-r.IntN(20)/19)
		return "remaining", old, c.remaining
	case c.running && x < 97, !c.running && c.remaining > 0 && x < 60:
		c.running = !c.running
		return "running", !c.running, c.running
	case x < 99 && c.remaining != c.preset || c.remaining == 0: // reset
		old := c.remaining
		c.remaining = c.preset
		return "remaining", old, c.remaining
	}
	old := c.remaining
	c.remaining += 60
	return "remaining", old, c.remaining
}

// uploads: files uploading (an array of objects): "3.4 MB of 12.0 MB", a
// rounded percentage and bar per file, the total, "Uploading 2 files",
// pause and resume, cancel, "Clear completed" while any is done.
type upload struct {
	ID     int    `json:"id"`
	Name   string `json:"name"`
	Size   int    `json:"size"`
	Loaded int    `json:"loaded"`
	Paused bool   `json:"paused"`
}

type uploads struct {
	files  []upload
	nextID int
}

var uploadNames = []string{"holiday.mp4", "report-q3.pdf", "backup.zip", "logo.png", "dataset.csv", "talk.mov", "invoice.pdf", "song.flac"}

func newUploads(i int, r *rand.Rand) app {
	c := &uploads{nextID: 1}
	for j := r.IntN(3); j > 0; j-- {
		c.add(r)
	}
	return c
}

func (c *uploads) add(r *rand.Rand) {
	size := 1 << (16 + r.IntN(15))
	size += r.IntN(size)
	c.files = append(c.files, upload{ID: c.nextID, Name: uploadNames[r.IntN(len(uploadNames))], Size: size})
	c.nextID++
}

func (c *uploads) kind() string { return "uploads" }
func (c *uploads) state() map[string]any {
	return map[string]any{"files": slices.Clone(c.files)}
}
func (c *uploads) render() *node {
	var lis []*node
	active, done, loaded, size := 0, 0, 0, 0
	for _, f := range c.files {
		loaded += f.Loaded
		size += f.Size
		isDone := f.Loaded == f.Size
		var status *node
		sz := fileSize(f.Loaded) + " of " + fileSize(f.Size)
		switch {
		case isDone:
			done++
			sz = fileSize(f.Size)
			status = el("span", p("class", "ok"), txt("✓ Done"))
		case f.Paused:
			active++
			status = el("button", p("class", "resume"), txt("Resume"))
		default:
			active++
			status = el("button", p("class", "pause"), txt("Pause"))
		}
		lis = append(lis, el("li", p("class", classes("file", when(isDone, "done"), when(f.Paused && !isDone, "paused"))),
			el("span", p("class", "name"), txt(f.Name)),
			el("span", p("class", "size"), txt(sz)),
			el("div", p("class", "bar"), el("div", p("class", "fill", "style", fmt.Sprintf("width: %d%%", percent(f.Loaded, f.Size))))),
			el("span", p("class", "pct"), txt(fmt.Sprintf("%d%%", percent(f.Loaded, f.Size)))),
			status,
			el("button", p("class", "cancel", "aria-label", "Cancel "+f.Name), txt("×"))).WithKey(fmt.Sprintf("up-%d", f.ID)))
	}
	head := "No uploads"
	switch {
	case active > 0:
		head = "Uploading " + plural(active, "file", "files")
	case done > 0:
		head = "All uploads complete"
	}
	var total, clear *node
	if len(c.files) > 0 {
		total = el("p", p("class", "total"), txt(fmt.Sprintf("%s of %s · %d%%", fileSize(loaded), fileSize(size), percent(loaded, size))))
	}
	if done > 0 {
		clear = el("button", p("class", "clear"), txt("Clear completed"))
	}
	return el("div", p("class", "uploads"),
		el("h3", nil, txt(head)),
		total,
		el("ul", nil, lis...),
		el("footer", nil, clear, el("button", p("class", "add"), txt("Add files"))))
}
func (c *uploads) step(r *rand.Rand) (string, any, any) {
	old := js(c.files)
	var going, notDone []int
	anyDone := false
	for i, f := range c.files {
		switch {
		case f.Loaded == f.Size:
			anyDone = true
		case !f.Paused:
			going = append(going, i)
			notDone = append(notDone, i)
		default:
			notDone = append(notDone, i)
		}
	}
	x := r.IntN(100)
	switch {
	case len(c.files) == 0 || x >= 93 && len(c.files) < 6: // files added
		c.add(r)
	case x >= 81 && x < 84: // one cancelled
		i := r.IntN(len(c.files))
		c.files = slices.Delete(c.files, i, i+1)
	case x >= 75 && x < 81 && len(notDone) > 0: // paused or resumed
		f := &c.files[notDone[r.IntN(len(notDone))]]
		f.Paused = !f.Paused
	case x >= 84 && anyDone:
		c.files = slices.DeleteFunc(c.files, func(f upload) bool { return f.Loaded == f.Size })
	case len(going) > 0: // progress
		f := &c.files[going[r.IntN(len(going))]]
		f.Loaded = min(f.Size, f.Loaded+f.Size/(4+r.IntN(12))+r.IntN(4096))
	case len(notDone) > 0: // all paused: one resumed
		c.files[notDone[0]].Paused = false
	default: // all done
		c.files = slices.DeleteFunc(c.files, func(f upload) bool { return f.Loaded == f.Size })
	}
	return "files", old, js(c.files)
}
