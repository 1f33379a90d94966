package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/patch"
)

const (
	oldTree = `{"type":"Element","tag":"ul","children":[
  {"type":"Element","tag":"li","key":"a","children":[{"type":"Text","content":"A"}]},
  {"type":"Element","tag":"li","key":"b","children":[{"type":"Text","content":"B"}]}]}`
	newTree = `{"type":"Element","tag":"ul","children":[
  {"type":"Element","tag":"li","key":"b","children":[{"type":"Text","content":"B!"}]},
  {"type":"Element","tag":"li","key":"a","children":[{"type":"Text","content":"A"}]}]}`
	wantPatches = `[{"type":"ReorderChildren","path":[],"order":["b"]},{"type":"UpdateText","path":[0,0],"content":"B!"}]`
)

// runCLI runs the command with stdin and returns its exit status and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDiff(t *testing.T) {
	dir := writeFiles(t, map[string]string{"old.json": oldTree, "new.json": newTree})
	code, out, errOut := runCLI(t, "", "diff", filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json"))
	if code != 0 || out != wantPatches+"\n" || errOut != "" {
		t.Fatalf("exit %d\nout %s\nerr %s", code, out, errOut)
	}
	// stdin, flags before and after the command, -pretty, -explain
	code, out, _ = runCLI(t, newTree, "-pretty", "diff", "-explain", filepath.Join(dir, "old.json"), "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, want := range []string{
		"[\n  {\n    \"type\": \"ReorderChildren\"",
		`ReorderChildren []      move <li key="b"> to the front of <ul>`,
		`UpdateText      [0,0]   the text in <li key="b"> becomes "B!"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// identical trees
	code, out, _ = runCLI(t, oldTree, "diff", "-", filepath.Join(dir, "old.json"))
	if code != 0 || out != "[]\n" {
		t.Fatalf("identical trees: exit %d, %q", code, out)
	}
}

func TestApply(t *testing.T) {
	dir := writeFiles(t, map[string]string{"old.json": oldTree, "patches.json": wantPatches, "bad.json": `[{"type":"Remove","path":[5]}]`})
	code, out, errOut := runCLI(t, "", "apply", filepath.Join(dir, "old.json"), filepath.Join(dir, "patches.json"))
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got, want := &vdom.Tree{}, &vdom.Tree{}
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree([]byte(strings.TrimSpace(out)), got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if err := vdom.NewDecoder(vdom.Limits{}).DecodeTree([]byte(newTree), want); err != nil {
		t.Fatal(err)
	}
	if !patch.Equal(got, want) {
		t.Fatalf("apply gave %s", out)
	}
	// patches from stdin
	code, out2, _ := runCLI(t, wantPatches, "apply", filepath.Join(dir, "old.json"), "-")
	if code != 0 || out2 != out {
		t.Fatalf("stdin: exit %d, %q", code, out2)
	}
	// a patch that does not apply
	code, out, errOut = runCLI(t, "", "apply", filepath.Join(dir, "old.json"), filepath.Join(dir, "bad.json"))
	if code != 1 || out != "" || !strings.Contains(errOut, "bad.json: InvalidPath (2): ") ||
		!strings.Contains(errOut, "(patch 0)") || !strings.Contains(errOut, "(path [5])") {
		t.Fatalf("exit %d\nout %s\nerr %s", code, out, errOut)
	}
}

func TestValidate(t *testing.T) {
	deep := strings.Repeat(`{"type":"Element","tag":"a","children":[`, 3) + strings.Repeat("]}", 3)
	cases := []struct {
		name  string
		args  []string
		stdin string
		code  int
		out   string // a fragment of the output
	}{
		{"ok", []string{"validate", "-"}, oldTree, 0, "ok\n"},
		{"too deep with a flag", []string{"-max-depth", "1", "validate", "-"}, deep, 1, "TreeTooDeep (6): tree depth exceeds the limit of 1 (at byte 80) (line 1, column 81)"},
		{"flag after the command", []string{"validate", "-max-depth=1", "-"}, deep, 1, "TreeTooDeep (6)"},
		{"deep enough", []string{"validate", "-max-depth", "2", "-"}, deep, 0, "ok"},
		{"line and column", []string{"validate", "-"}, "{\n  \"type\": \"Text\",\n  \"content\": 1\n}", 1, "InvalidVNode (1): \"content\" must be a string or null (at byte 3"},
		{"line and column of a duplicate", []string{"validate", "-"}, "{\"type\":\"Text\",\n\"content\":\"a\",\n\"content\":\"b\"}", 1, "(line 3, column 11)"},
		{"too many nodes", []string{"validate", "-max-nodes", "2", "-"}, oldTree, 1, "TreeTooLarge (7)"},
		{"children", []string{"validate", "-max-children", "1", "-"}, oldTree, 1, "TooManyChildren (13)"},
		{"prop key", []string{"validate", "-max-prop-key", "3", "-"}, `{"type":"Element","tag":"abcd"}`, 1, "PropertyTooLong (14)"},
		{"prop value", []string{"validate", "-max-prop-value", "3", "-"}, `{"type":"Element","tag":"a","props":{"a":"abcd"}}`, 1, "PropertyTooLong (14)"},
		{"text", []string{"validate", "-max-text", "3", "-"}, `{"type":"Text","content":"abcd"}`, 1, "TextTooLong (15)"},
		{"props", []string{"validate", "-max-props", "1", "-"}, `{"type":"Element","tag":"a","props":{"a":"1","b":"2"}}`, 1, "TooManyProps (18)"},
		{"json", []string{"validate", "-max-json", "10", "-"}, oldTree, 1, "JsonTooLarge (9): the document is larger than the limit of 10 bytes"},
		{"invalid utf-8", []string{"validate", "-"}, "{\"type\":\"Text\",\"content\":\"\xff\"}", 1, "InvalidUtf8 (11)"},
		{"not json", []string{"validate", "-"}, "hello", 1, "InvalidVNode (1)"},
		{"empty", []string{"validate", "-"}, "", 1, "Serialization (10)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, c.stdin, c.args...)
			if code != c.code || !strings.Contains(out, c.out) || errOut != "" {
				t.Fatalf("exit %d (want %d)\nout %q (want %q)\nerr %s", code, c.code, out, c.out, errOut)
			}
		})
	}
}

// countingReader is an endless stream of '[' that counts what is read.
type countingReader struct{ n int }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '['
	}
	r.n += len(p)
	return len(p), nil
}

// TestHugeInputIsNotReadWhole: an endless input is read only up to the JSON
// limit, then rejected.
func TestHugeInputIsNotReadWhole(t *testing.T) {
	r := &countingReader{}
	var out, errOut bytes.Buffer
	code := run([]string{"validate", "-max-json", "1000", "-"}, r, &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "JsonTooLarge (9)") {
		t.Fatalf("exit %d: %s %s", code, out.String(), errOut.String())
	}
	if r.n > 1<<16 {
		t.Fatalf("read %d bytes of an endless input", r.n)
	}
}

func TestUsage(t *testing.T) {
	dir := writeFiles(t, map[string]string{"t.json": oldTree})
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no command", nil, 2, "usage: minimact"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"too few files", []string{"diff", "a.json"}, 2, "want 2 file arguments, got 1"},
		{"too many files", []string{"validate", "a", "b"}, 2, "want 1 file arguments, got 2"},
		{"stdin twice", []string{"diff", "-", "-"}, 2, "standard input (-) can be read only once"},
		{"bad flag", []string{"-max-depth", "x", "validate", "-"}, 2, "invalid value"},
		{"unknown flag", []string{"validate", "-nope", "-"}, 2, "flag provided but not defined"},
		{"missing file", []string{"diff", filepath.Join(dir, "nope.json"), filepath.Join(dir, "t.json")}, 1, "nope.json"},
		{"invalid old tree", []string{"diff", filepath.Join(dir, "t.json"), "-"}, 1, "<stdin>: InvalidVNode (1)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "[]", c.args...)
			if code != c.code || !strings.Contains(errOut, c.err) {
				t.Fatalf("exit %d (want %d)\nout %s\nerr %s", code, c.code, out, errOut)
			}
		})
	}
	code, _, errOut := runCLI(t, "", "-h")
	if code != 0 || !strings.Contains(errOut, "-max-prop-value") {
		t.Fatalf("-h: exit %d: %s", code, errOut)
	}
}

func TestDemo(t *testing.T) {
	var out bytes.Buffer
	if code := demo(&out); code != 0 {
		t.Fatalf("demo exit %d:\n%s", code, out.String())
	}
	s := out.String()
	if strings.Contains(s, "✗") {
		t.Fatalf("a demo step failed:\n%s", s)
	}
	if n := strings.Count(s, "✓"); n != 9 {
		t.Fatalf("%d checked steps, want 9:\n%s", n, s)
	}
	for _, want := range []string{
		`[{"type":"UpdateText","path":[1,0],"content":"Count: 1"}]`,
		`[{"type":"ReorderChildren","path":[1],"order":["3"]}]`,
		`move <li key="3"> to the front of <ul>`,
		`<li key="1" class="todo done">Buy milk</li>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the demo lacks %q", want)
		}
	}
	// The command runs it too.
	code, out2, _ := runCLI(t, "", "demo")
	if code != 0 || out2 != s {
		t.Fatalf("minimact demo: exit %d", code)
	}
}

func TestHTMLAndView(t *testing.T) {
	tree := `{"type":"Element","tag":"p","props":{"className":"c"},"children":[{"type":"Text","content":"Count: "},{"type":"Text","content":"1"}]}`
	code, out, errOut := runCLI(t, tree, "html", "-")
	if code != 0 || out != `<p class="c">Count: 1</p>`+"\n" || errOut != "" {
		t.Fatalf("html: exit %d\nout %s\nerr %s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, `{"type":"Element","tag":"br","children":[{"type":"Text","content":"x"}]}`, "html", "-")
	if code != 1 || !strings.Contains(errOut, "UnrepresentableHtml (19)") {
		t.Fatalf("html of a br with a child: exit %d: %s", code, errOut)
	}
	dir := writeFiles(t, map[string]string{"old.json": tree, "new.json": strings.Replace(tree, `"1"`, `"2"`, 1)})
	for view, want := range map[string]string{
		"html":  `[{"type":"UpdateText","path":[0],"content":"Count: 2"}]`,
		"nodes": `[{"type":"UpdateText","path":[1],"content":"2"}]`,
	} {
		code, out, errOut := runCLI(t, "", "diff", "-view", view, filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json"))
		if code != 0 || out != want+"\n" {
			t.Errorf("diff -view %s: exit %d\n%s%s", view, code, out, errOut)
		}
	}
	if code, _, _ := runCLI(t, "", "-view", "dom", "validate", "-"); code != 2 {
		t.Errorf("-view dom: exit %d", code)
	}
}
