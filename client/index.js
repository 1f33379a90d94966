// Minimact's browser client: renders VNodes and applies the engine's patch
// lists to the live DOM, exactly as shared/PATCHES.md says (see README.md).
// No dependencies, no globals touched, no recursion.

const HTML = 'http://www.w3.org/1999/xhtml'
const SVG = 'http://www.w3.org/2000/svg'
const MATHML = 'http://www.w3.org/1998/Math/MathML'
const KEY = 'data-key'

/** A patch that cannot be applied; see README.md for the reasons. */
export class PatchError extends Error {
  constructor (reason, message) {
    super(message)
    this.name = 'PatchError'
    this.reason = reason
    this.index = -1
    this.patch = undefined
    this.root = null
  }
}

const fail = (reason, message) => new PatchError(reason, message)
const invalid = (message) => fail('InvalidVNode', message)
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const lower = (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase())

// mapProps is the one props → attributes mapping (README.md, "Props and
// attributes"). It returns attribute name → value, with null for a prop that
// is present but gives no attribute (false, null).
function mapProps (props, html) {
  const out = new Map()
  if (props == null) return out
  if (!isObject(props)) throw invalid('props must be an object')
  const from = new Map()
  for (const name of Object.keys(props)) {
    let a = name === 'className'
      ? 'class'
      : name === 'htmlFor'
        ? 'for'
        : name.length > 2 && lower(name.slice(0, 2)) === 'on' ? 'data-' + lower(name) : name
    if (html) a = lower(a)
    if (a === KEY || from.get(a) < name) continue
    from.set(a, name)
    const v = props[name]
    out.set(a, typeof v === 'string'
      ? v
      : v === true ? '' : v == null || v === false ? null : typeof v === 'number' ? String(v) : JSON.stringify(v))
  }
  return out
}

/** The attributes an element gets from props (README.md): name → value. */
export function attributes (props, html = true) {
  const out = new Map()
  for (const [a, v] of mapProps(props, html)) if (v !== null) out.set(a, v)
  return out
}

// sync sets the DOM properties that attributes do not control once the user
// has interacted: value, checked, selected — only for props that are present.
function sync (el, m) {
  if (el.namespaceURI !== HTML) return
  const t = el.localName
  if (m.get('value') != null && (t === 'input' || t === 'textarea' || t === 'select')) el.value = m.get('value')
  if (m.has('checked') && t === 'input') el.checked = m.get('checked') !== null
  if (m.has('selected') && t === 'option') el.selected = m.get('selected') !== null
}

function setProps (el, props) {
  const m = mapProps(props, el.namespaceURI === HTML)
  for (const a of [...el.attributes]) {
    if (a.name !== KEY && m.get(a.name) == null) el.removeAttribute(a.name)
  }
  for (const [a, v] of m) if (v !== null && el.getAttribute(a) !== v) el.setAttribute(a, v)
  return m
}

const str = (v, what) => {
  if (v == null) return ''
  if (typeof v !== 'string') throw invalid(what + ' must be a string')
  return v
}

// kids flattens a children list: Fragments stand for their children, nulls
// take no place; Text becomes a string. In the html view adjacent texts are
// one string and empty text is none.
function kids (list, view) {
  const out = []
  if (list == null) return out
  if (!Array.isArray(list)) throw invalid('children must be an array')
  const stack = [[list, 0]]
  while (stack.length) {
    const f = stack[stack.length - 1]
    if (f[1] === f[0].length) {
      stack.pop()
      continue
    }
    const c = f[0][f[1]++]
    if (c == null) continue
    if (!isObject(c)) throw invalid('a child must be a VNode object or null')
    if (c.type === 'Fragment') {
      if (c.children != null && !Array.isArray(c.children)) throw invalid('children must be an array')
      if (c.children) stack.push([c.children, 0])
    } else if (c.type === 'Text') {
      const s = str(c.content, 'content')
      if (view === 'nodes') out.push(s)
      else if (s !== '') {
        if (typeof out[out.length - 1] === 'string') out[out.length - 1] += s
        else out.push(s)
      }
    } else out.push(c)
  }
  return out
}

// childNS is the namespace of the children of a DOM parent.
function childNS (parent) {
  const ns = parent && parent.namespaceURI
  return (ns === SVG && parent.localName !== 'foreignObject') || ns === MATHML ? ns : HTML
}

function build (doc, vnode, into, ns, view) {
  const stack = [[kids([vnode], view), 0, into, ns, null]]
  while (stack.length) {
    const f = stack[stack.length - 1]
    if (f[1] === f[0].length) {
      stack.pop()
      if (f[4]) sync(f[2], f[4])
      continue
    }
    const v = f[0][f[1]++]
    if (typeof v === 'string') {
      f[2].appendChild(doc.createTextNode(v))
    } else if (v.type === 'RawHtml') {
      const d = doc.createElementNS(HTML, 'div')
      d.innerHTML = str(v.html, 'html')
      f[2].appendChild(d)
    } else if (v.type === 'Element') {
      const tag = v.tag
      if (typeof tag !== 'string' || tag === '') throw invalid('an Element needs a tag')
      const t = lower(tag)
      const e = t === 'svg' ? SVG : t === 'math' ? MATHML : f[3]
      const el = e === HTML ? doc.createElement(tag) : doc.createElementNS(e, tag)
      const m = setProps(el, v.props)
      if (v.key != null) el.setAttribute(KEY, str(v.key, 'key'))
      f[2].appendChild(el)
      stack.push([kids(v.children, view), 0, el, childNS(el), m])
    } else {
      throw invalid('unknown VNode type ' + JSON.stringify(v.type))
    }
  }
}

/**
 * render builds the DOM of a VNode: the node for an Element, Text or RawHtml,
 * a DocumentFragment for a Fragment or null (and for an empty Text in the
 * "html" view). Throws a PatchError (reason InvalidVNode) for a bad VNode.
 */
export function render (vnode, options = {}) {
  const doc = options.document || globalThis.document
  const frag = doc.createDocumentFragment()
  build(doc, vnode, frag, options.namespace || HTML, options.view === 'nodes' ? 'nodes' : 'html')
  return vnode && vnode.type !== 'Fragment' && frag.firstChild ? frag.firstChild : frag
}

/** A tree whose root is a Fragment: its children are all of container's child nodes. */
export function fragmentRoot (container) {
  return { container }
}

const isFrag = (r) => r != null && r.nodeType === undefined

/**
 * mount renders vnode as the whole content of container and returns the
 * tree's root for applyPatches.
 */
export function mount (container, vnode, options = {}) {
  const dom = render(vnode, { ...options, document: container.ownerDocument, namespace: childNS(container) })
  container.replaceChildren(dom)
  return vnode && vnode.type === 'Fragment' ? fragmentRoot(container) : dom.nodeType === 11 ? null : dom
}

const childList = (n) => (isFrag(n) ? n.container : n).childNodes
const hasKids = (n) => isFrag(n) || n.nodeType === 1

function at (root, path, n) {
  if (root == null) throw fail('InvalidPath', 'the tree is empty')
  let node = root
  for (let d = 0; d < n; d++) {
    const list = childList(node)
    if (path[d] >= list.length) {
      throw fail('InvalidPath', 'index ' + path[d] + ' at depth ' + d + ' is out of range: the node has ' + list.length + ' children')
    }
    node = list[path[d]]
  }
  return node
}

function keyed (parent, order) {
  if (!Array.isArray(order) || order.some((k) => typeof k !== 'string')) throw invalid('order must be an array of keys')
  const list = childList(parent)
  if (order.length > list.length) {
    throw fail('KeyNotFound', 'order names ' + order.length + ' keys for ' + list.length + ' children')
  }
  const byKey = new Map()
  for (const c of list) {
    if (c.nodeType === 1 && c.hasAttribute(KEY)) {
      const k = c.getAttribute(KEY)
      byKey.set(k, byKey.has(k) ? null : c)
    }
  }
  return order.map((k) => {
    const c = byKey.get(k)
    if (c == null) throw fail('KeyNotFound', 'key ' + JSON.stringify(k) + ' names ' + (c === null ? 'more than one child' : 'no child'))
    return c
  })
}

function applyOne (st, p, o) {
  if (!isObject(p)) throw invalid('a patch must be an object')
  const { type, path } = p
  if (!['Create', 'Remove', 'Replace', 'UpdateText', 'UpdateProps', 'ReorderChildren'].includes(type)) {
    throw invalid('unknown patch type ' + JSON.stringify(type))
  }
  if (!Array.isArray(path) || !path.every((i) => Number.isInteger(i) && i >= 0)) {
    throw invalid('path must be an array of child indices')
  }
  const view = o.view === 'nodes' ? 'nodes' : 'html'
  const doc = o.document || ((isFrag(st.root) ? st.root.container : st.root || st.container) || {}).ownerDocument ||
    globalThis.document
  const n = path.length
  const mk = (parent) => {
    if (!isObject(p.node)) throw invalid(type + ' without a node')
    if (n > 0 && p.node.type === 'Fragment') throw fail('PatchTypeMismatch', 'a Fragment can only stand at the root')
    return render(p.node, { document: doc, view, namespace: childNS(parent) })
  }

  if (type === 'Create' && n > 0) {
    const parent = at(st.root, path, n - 1)
    if (!hasKids(parent)) throw fail('PatchTypeMismatch', 'Create under a node that has no children')
    const list = childList(parent)
    if (path[n - 1] > list.length) {
      throw fail('InvalidPath', 'Create at index ' + path[n - 1] + ' of a node with ' + list.length + ' children')
    }
    const pd = isFrag(parent) ? parent.container : parent
    pd.insertBefore(mk(pd), list[path[n - 1]] || null)
    return
  }
  if (n === 0 && (type === 'Create' || (type === 'Replace' && st.root != null))) {
    // The root is replaced: later patches resolve against the new root.
    const old = st.root
    const parent = old == null ? st.container : isFrag(old) ? old.container : old.parentNode
    const dom = mk(parent)
    const next = old == null || isFrag(old) ? null : old.nextSibling
    if (isFrag(old)) old.container.replaceChildren()
    else if (old && parent) parent.removeChild(old)
    if (p.node.type === 'Fragment') {
      const c = parent || doc.createDocumentFragment()
      c.insertBefore(dom, next)
      st.root = isFrag(old) ? old : fragmentRoot(c)
    } else {
      if (parent) parent.insertBefore(dom, next)
      st.root = dom.nodeType === 11 ? null : dom
    }
    st.container = parent
    return
  }

  const node = at(st.root, path, n)
  switch (type) {
    case 'Remove':
      if (n === 0) throw fail('InvalidPath', 'Remove of the root; use Replace')
      node.parentNode.removeChild(node)
      break
    case 'Replace': {
      const dom = mk(node.parentNode)
      node.parentNode.replaceChild(dom, node)
      break
    }
    case 'UpdateText':
      if (typeof p.content !== 'string') throw invalid('UpdateText without content')
      if (isFrag(node) || (node.nodeType !== 3 && node.nodeType !== 1)) {
        throw fail('PatchTypeMismatch', 'UpdateText on a node that is neither text nor an element')
      }
      if (node.nodeType === 3) node.data = p.content
      else node.textContent = p.content
      break
    case 'UpdateProps':
      if (isFrag(node) || node.nodeType !== 1) throw fail('PatchTypeMismatch', 'UpdateProps on a node that is not an element')
      sync(node, setProps(node, p.props))
      break
    default: { // ReorderChildren
      if (!hasKids(node)) throw fail('PatchTypeMismatch', 'ReorderChildren on a node that has no children')
      const moves = keyed(node, p.order)
      const pd = isFrag(node) ? node.container : node
      const list = pd.childNodes
      moves.forEach((c, i) => {
        if (list[i] !== c) {
          pd.removeChild(c)
          pd.insertBefore(c, list[i] || null)
        }
      })
    }
  }
}

/**
 * applyPatches applies patches in order to the tree whose root is root and
 * returns the root afterwards. The first patch that cannot be applied is
 * reported to options.onError (or thrown, without onError) as a PatchError,
 * and nothing after it is applied.
 */
export function applyPatches (root, patches, options = {}) {
  const st = { root, container: options.container }
  let i = 0
  try {
    if (!Array.isArray(patches)) {
      i = -1
      throw invalid('patches must be an array')
    }
    for (; i < patches.length; i++) applyOne(st, patches[i], options)
  } catch (e) {
    const err = e instanceof PatchError ? e : fail('DomError', String((e && e.message) || e))
    if (err !== e) err.cause = e
    err.index = i
    err.patch = i >= 0 ? patches[i] : undefined
    err.root = st.root
    if (!options.onError) throw err
    options.onError(err)
  }
  return st.root
}
