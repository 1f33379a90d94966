// Command minimact runs the engine from the command line: reconcile two VNode
// trees, apply a patch list, validate a tree against the limits, or watch a
// short walkthrough of what the engine does.
//
//	minimact diff OLD.json NEW.json        the patch list that turns OLD into NEW
//	minimact apply TREE.json PATCHES.json  the tree the patches give
//	minimact validate TREE.json            "ok", or the error with its code
//	minimact html TREE.json                the tree's HTML (the server's first page)
//	minimact demo                          a counter and a todo list, step by step
//
// A file name of - reads standard input. Flags may come before or after the
// command:
//
//	-max-depth, -max-nodes, -max-children, -max-prop-key, -max-prop-value,
//	-max-text, -max-json, -max-props   the decoder's limits (0: the default)
//	-view      the DOM view the patch paths index: html (the default) or nodes
//	-pretty    indent JSON output
//	-explain   diff: also describe each patch in words
//
// Exit status: 0 success, 1 an input was rejected (the error is printed with
// its code name and number), 2 a usage error.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/minimact/engine/generated/vdom"
	"github.com/minimact/engine/runtime/patch"
	"github.com/minimact/engine/runtime/reconcile"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK       = 0
	exitRejected = 1
	exitUsage    = 2
)

const usage = `usage: minimact [flags] COMMAND [flags] ARGS

commands:
  diff OLD.json NEW.json        print the patch list that turns OLD into NEW
  apply TREE.json PATCHES.json  print the tree the patches give
  validate TREE.json            print "ok", or the error with its code (exit 1)
  html TREE.json                print the tree's HTML: the first page, whose DOM the
                                patch paths of the html view index
  demo                          a short walkthrough: a counter and a keyed todo list

A file name of - reads standard input.

flags:
`

// options are the flags every command accepts.
type options struct {
	limits  vdom.Limits
	pretty  bool
	explain bool
}

func (o *options) register(fs *flag.FlagSet) {
	d := vdom.DefaultLimits()
	intFlag := func(p *int, name, what string, def int) {
		fs.IntVar(p, name, *p, what+" (0: default "+strconv.Itoa(def)+")")
	}
	intFlag(&o.limits.MaxTreeDepth, "max-depth", "deepest VNode nesting; the root is depth 0", d.MaxTreeDepth)
	intFlag(&o.limits.MaxNodeCount, "max-nodes", "most VNodes in a document", d.MaxNodeCount)
	intFlag(&o.limits.MaxChildrenPerNode, "max-children", "most children of one node", d.MaxChildrenPerNode)
	intFlag(&o.limits.MaxPropKeyLength, "max-prop-key", "longest prop name or tag, in bytes", d.MaxPropKeyLength)
	intFlag(&o.limits.MaxPropValueLength, "max-prop-value", "longest prop value or key, in bytes", d.MaxPropValueLength)
	intFlag(&o.limits.MaxTextLength, "max-text", "longest text or raw HTML, in bytes", d.MaxTextLength)
	intFlag(&o.limits.MaxJSONBytes, "max-json", "largest JSON document, in bytes", d.MaxJSONBytes)
	intFlag(&o.limits.MaxPropsPerNode, "max-props", "most props on one element", d.MaxPropsPerNode)
	fs.Func("view", "the DOM view patch paths index: html (the default: the DOM parsed from the tree's HTML) or nodes (one DOM node per VNode)", func(s string) error {
		v, ok := vdom.ParseView(s)
		if !ok {
			return errors.New("want html or nodes")
		}
		o.limits.DOMView = v
		return nil
	})
	fs.BoolVar(&o.pretty, "pretty", o.pretty, "indent JSON output")
	fs.BoolVar(&o.explain, "explain", o.explain, "diff: describe each patch in words too")
}

// cli is one run of the command.
type cli struct {
	opt         options
	stdin       io.Reader
	out, errOut io.Writer
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, out: stdout, errOut: stderr}
	top := flag.NewFlagSet("minimact", flag.ContinueOnError)
	top.SetOutput(stderr)
	c.opt.register(top)
	top.Usage = func() {
		fmt.Fprint(stderr, usage)
		top.PrintDefaults()
	}
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if top.NArg() == 0 {
		top.Usage()
		return exitUsage
	}
	cmd := top.Arg(0)
	// The command's own flags, which may follow it, land in the same options.
	sub := flag.NewFlagSet("minimact "+cmd, flag.ContinueOnError)
	sub.SetOutput(stderr)
	c.opt.register(sub)
	sub.Usage = top.Usage
	if err := sub.Parse(top.Args()[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	args = sub.Args()
	want := map[string]int{"diff": 2, "apply": 2, "validate": 1, "html": 1, "demo": 0}
	n, ok := want[cmd]
	if !ok {
		fmt.Fprintf(stderr, "minimact: unknown command %q\n", cmd)
		top.Usage()
		return exitUsage
	}
	if len(args) != n {
		fmt.Fprintf(stderr, "minimact %s: want %d file arguments, got %d\n", cmd, n, len(args))
		top.Usage()
		return exitUsage
	}
	stdins := 0
	for _, a := range args {
		if a == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		fmt.Fprintf(stderr, "minimact %s: standard input (-) can be read only once\n", cmd)
		return exitUsage
	}
	switch cmd {
	case "diff":
		return c.diff(args[0], args[1])
	case "apply":
		return c.apply(args[0], args[1])
	case "validate":
		return c.validate(args[0])
	case "html":
		return c.html(args[0])
	default:
		return demo(stdout)
	}
}

// read returns the bytes of the named file, or of standard input for "-",
// reading no more than the JSON limit allows (so a huge input costs no more
// memory than the limit).
func (c *cli) read(name string) ([]byte, error) {
	max := vdom.NewDecoder(c.opt.limits).Limits().MaxJSONBytes
	var r io.Reader
	if name == "-" {
		r = c.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > max {
		e := vdom.Errorf(vdom.JsonTooLarge, "the document is larger than the limit of "+strconv.Itoa(max)+" bytes")
		e.Offset = 0
		return nil, e
	}
	return b, nil
}

// describeError formats err as "CodeName (number): message (where)", with
// the line and column of a byte offset in src.
func describeError(err error, src []byte) string {
	var e *vdom.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	s := fmt.Sprintf("%s (%d): %s", e.Code, int(e.Code), strings.TrimPrefix(e.Error(), e.Code.String()+": "))
	if e.Offset >= 0 && src != nil && e.Offset <= len(src) {
		line := bytes.Count(src[:e.Offset], []byte("\n")) + 1
		col := e.Offset - (bytes.LastIndexByte(src[:e.Offset], '\n') + 1) + 1
		s += fmt.Sprintf(" (line %d, column %d)", line, col)
	}
	return s
}

// fail prints an error about the named input and returns the exit status.
func (c *cli) fail(name string, err error, src []byte) int {
	if name == "-" {
		name = "<stdin>"
	}
	fmt.Fprintf(c.errOut, "minimact: %s: %s\n", name, describeError(err, src))
	return exitRejected
}

// write prints JSON, indented with -pretty, and a newline.
func (c *cli) write(js []byte) {
	if c.opt.pretty {
		var b bytes.Buffer
		if json.Indent(&b, js, "", "  ") == nil {
			js = b.Bytes()
		}
	}
	c.out.Write(js)
	io.WriteString(c.out, "\n")
}

func (c *cli) decodeTree(name string) (*vdom.Tree, []byte, int) {
	src, err := c.read(name)
	if err != nil {
		return nil, nil, c.fail(name, err, nil)
	}
	t := &vdom.Tree{}
	if err := vdom.NewDecoder(c.opt.limits).DecodeTree(src, t); err != nil {
		return nil, nil, c.fail(name, err, src)
	}
	return t, src, exitOK
}

func (c *cli) diff(oldName, newName string) int {
	old, _, st := c.decodeTree(oldName)
	if st != exitOK {
		return st
	}
	new, _, st := c.decodeTree(newName)
	if st != exitOK {
		return st
	}
	var list vdom.PatchList
	reconcile.New(c.opt.limits).Diff(old, new, &list)
	var e vdom.Encoder
	c.write(e.AppendPatches(nil, &list))
	if c.opt.explain {
		lines, err := explain(old, &list)
		for _, s := range lines {
			fmt.Fprintln(c.out, "  "+s)
		}
		if err != nil {
			fmt.Fprintln(c.errOut, "minimact: internal error: the patch list does not apply:", err)
			return exitRejected
		}
	}
	return exitOK
}

func (c *cli) apply(treeName, patchName string) int {
	t, _, st := c.decodeTree(treeName)
	if st != exitOK {
		return st
	}
	src, err := c.read(patchName)
	if err != nil {
		return c.fail(patchName, err, nil)
	}
	var l vdom.PatchList
	if err := vdom.NewDecoder(c.opt.limits).DecodePatches(src, &l); err != nil {
		return c.fail(patchName, err, src)
	}
	got, err := patch.Apply(t, &l)
	if err != nil {
		return c.fail(patchName, err, nil)
	}
	var e vdom.Encoder
	c.write(e.AppendTree(nil, got, got.Root))
	return exitOK
}

func (c *cli) validate(name string) int {
	src, err := c.read(name)
	if err == nil {
		err = vdom.NewDecoder(c.opt.limits).DecodeTree(src, &vdom.Tree{})
	}
	if err != nil {
		fmt.Fprintln(c.out, describeError(err, src))
		return exitRejected
	}
	fmt.Fprintln(c.out, "ok")
	return exitOK
}

func (c *cli) html(name string) int {
	t, _, st := c.decodeTree(name)
	if st != exitOK {
		return st
	}
	var w vdom.HTMLWriter
	out, err := w.AppendHTML(nil, t, t.Root)
	if err != nil {
		return c.fail(name, err, nil)
	}
	c.out.Write(out)
	io.WriteString(c.out, "\n")
	return exitOK
}
