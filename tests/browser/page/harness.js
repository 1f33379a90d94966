// Runs in the page: applies each case's patch chain to #app with the real
// client and compares the live DOM, node by node, with what this browser
// parses from the expected HTML. run.mjs calls window.harness.runCase.
import { applyPatches, mount, render, fragmentRoot } from '/client/index.js'

const app = document.getElementById('app')

// parse returns the child nodes the browser's HTML parser builds from html.
function parse (html) {
  const t = document.createElement('template')
  t.innerHTML = html
  return t.content.childNodes
}

function snippet (n) {
  const s = n.nodeType === 1 ? n.outerHTML : n.nodeType === 3 ? '#text ' + JSON.stringify(n.data) : n.nodeType === 8 ? '<!--' + n.data + '-->' : '#node type ' + n.nodeType
  return s.length > 200 ? s.slice(0, 200) + '…' : s
}

function listSnippet (list) {
  return '[' + [...list].map(snippet).join(', ') + ']'
}

// diff compares two child lists node by node (node type, namespace and tag,
// attributes as a set with values, text and comment data, order) and returns
// the first difference in words, or null. No recursion.
export function diff (live, want) {
  const stack = [[live, want, []]]
  while (stack.length) {
    const [a, b, path] = stack.pop()
    const at = 'at [' + path.join(',') + ']: '
    if (a.length !== b.length) {
      return at + a.length + ' child nodes, want ' + b.length + ': live ' + listSnippet(a) + ', want ' + listSnippet(b)
    }
    for (let i = 0; i < a.length; i++) {
      const x = a[i]
      const y = b[i]
      const here = 'at [' + path.concat(i).join(',') + ']: '
      if (x.nodeType !== y.nodeType) return here + 'live ' + snippet(x) + ', want ' + snippet(y)
      if (x.nodeType === 1) {
        if (x.namespaceURI !== y.namespaceURI || x.localName !== y.localName) {
          return here + 'element ' + x.namespaceURI + ' ' + x.localName + ', want ' + y.namespaceURI + ' ' + y.localName
        }
        const xa = [...x.attributes].map((t) => t.name + '=' + JSON.stringify(t.value)).sort()
        const ya = [...y.attributes].map((t) => t.name + '=' + JSON.stringify(t.value)).sort()
        if (xa.join(' ') !== ya.join(' ')) return here + '<' + x.localName + '> attributes {' + xa.join(' ') + '}, want {' + ya.join(' ') + '}'
        stack.push([x.childNodes, y.childNodes, path.concat(i)])
      } else if (x.nodeType === 3 || x.nodeType === 8) {
        if (x.data !== y.data) return here + 'live ' + snippet(x) + ', want ' + snippet(y)
      }
    }
  }
  return null
}

const isFragment = (x) => x.fragment === true || (x.tree != null && x.tree.type === 'Fragment')

function treeOf (x, view, what) {
  if (x.tree === undefined) throw new Error(what + ': the "nodes" view needs "tree"')
  return x.tree
}

// rootProblem checks that the root applyPatches returned is the tree's root in #app.
function rootProblem (root, x) {
  if (root != null && root.nodeType === undefined) {
    if (root.container !== app) return 'the returned Fragment root is not over #app'
    return isFragment(x) ? null : 'the returned root is a Fragment root; the tree\'s root is not a Fragment'
  }
  if (isFragment(x)) return 'the tree\'s root is a Fragment; the returned root is ' + (root == null ? 'null' : snippet(root))
  if (root == null) return app.childNodes.length === 0 ? null : 'the returned root is null; #app holds ' + listSnippet(app.childNodes)
  if (root.parentNode !== app || app.childNodes.length !== 1) return 'the returned root ' + snippet(root) + ' is not the one node in #app'
  return null
}

// check compares #app with the expected HTML (and tree, when given).
function check (root, x, view) {
  let live = app
  if (view === 'nodes') {
    live = app.cloneNode(true)
    live.normalize() // what the HTML of a node-per-VNode DOM parses to
  }
  let m = diff(live.childNodes, parse(x.html))
  if (m) return 'live DOM ≠ parsed HTML ' + m
  m = rootProblem(root, x)
  if (m) return m
  if (x.tree !== undefined) {
    const r = render(x.tree, { view })
    const nodes = r.nodeType === 11 ? r.childNodes : [r]
    m = view === 'nodes' ? diff(app.childNodes, nodes) : diff(nodes, parse(x.html))
    if (m) return view === 'nodes' ? 'live DOM ≠ render(tree) ' + m : 'render(tree) ≠ parsed HTML ' + m
  }
  for (const p of x.properties || []) {
    let n = app
    for (const i of p.path) n = n && n.childNodes[i]
    if (!n || n[p.name] !== p.value) return 'property ' + p.name + ' at [' + p.path + '] is ' + JSON.stringify(n && n[p.name]) + ', want ' + JSON.stringify(p.value)
  }
  return null
}

// page sets #app to a tree's DOM, as a full render would, and returns its root.
function page (x, view, what) {
  if (view === 'nodes') return mount(app, treeOf(x, view, what), { view })
  app.innerHTML = x.html
  return isFragment(x) ? fragmentRoot(app) : app.firstChild
}

function runCase (view, c) {
  const res = { name: c.name, steps: 0, right: 0, failures: [] }
  if (typeof c.html !== 'string' || !Array.isArray(c.steps)) throw new Error('case ' + JSON.stringify(c.name) + ': needs "html" and "steps"')
  let root = page(c, view, 'case')
  const first = check(root, c, view)
  if (first) res.failures.push({ step: -1, message: 'first page: ' + first })
  c.steps.forEach((s, i) => {
    if (typeof s.html !== 'string' || !Array.isArray(s.patches)) throw new Error('step ' + i + ': needs "html" and "patches"')
    res.steps++
    let reported = null
    let m = null
    try {
      root = applyPatches(root, s.patches, { view, container: app, onError: (e) => { reported = e } })
    } catch (e) {
      m = 'applyPatches threw: ' + e
    }
    const want = s.error === true ? {} : s.error
    if (m) {
      // reported below
    } else if (want) {
      if (!reported) m = 'expected a reported error ' + JSON.stringify(s.error) + ', none was'
      else if (want.reason != null && reported.reason !== want.reason) m = 'reported ' + reported.reason + ' (' + reported.message + '), want ' + want.reason
      else if (want.index != null && reported.index !== want.index) m = 'reported at patch ' + reported.index + ', want ' + want.index
      root = page(s, view, 'step ' + i) // the full render the client asks for
      if (!m) m = check(root, s, view)
    } else if (reported) {
      m = 'patch ' + reported.index + ' (' + (reported.patch && reported.patch.type) + ') reported ' + reported.reason + ': ' + reported.message
    } else {
      m = check(root, s, view)
    }
    if (m) {
      res.failures.push({ step: i, message: m })
      root = page(s, view, 'step ' + i)
    } else {
      res.right++
    }
  })
  return res
}

window.harness = {
  runCase (view, c) {
    try {
      if (view !== 'html' && view !== 'nodes') throw new Error('view must be "html" or "nodes"')
      return runCase(view, c)
    } catch (e) {
      return { name: c && c.name, fatal: String(e && e.stack ? e.stack : e) }
    }
  }
}
window.harnessReady = true
