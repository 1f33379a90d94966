import { test } from 'node:test'
import assert from 'node:assert/strict'
import { applyPatches, mount, render, fragmentRoot } from '../index.js'
import { dom, el, keyed, txt, frag, raw, show } from './dom.js'

// page mounts vnode in a fresh container and returns [root, container].
function page (vnode, view) {
  const { container } = dom()
  return [mount(container, vnode, { view }), container]
}

const list = () => el('ul', { class: 'l' }, keyed('a', 'li', null, txt('A')), keyed('b', 'li', null, txt('B')), keyed('c', 'li', null, txt('C')))

test('Create inserts at the index, appends at the child count', () => {
  const [root, c] = page(el('ul', null, el('li', { id: '1' }), el('li', { id: '3' })))
  const r = applyPatches(root, [
    { type: 'Create', path: [1], node: el('li', { id: '2' }) },
    { type: 'Create', path: [3], node: el('li', { id: '4' }) },
    { type: 'Create', path: [0], node: txt('t') },
    { type: 'Create', path: [2, 0], node: raw('<b>r</b>') }
  ])
  assert.equal(r, root)
  assert.equal(show(c.childNodes), '<ul>"t"<li id="1"></li><li id="2"><div><b>"r"</b></div></li><li id="3"></li><li id="4"></li></ul>')
})

test('Create at [] replaces the root, or makes one in options.container when the tree is empty', () => {
  const [root, c] = page(el('p'))
  const r = applyPatches(root, [{ type: 'Create', path: [], node: el('div', null, txt('x')) }, { type: 'UpdateText', path: [0], content: 'y' }])
  assert.equal(show(c.childNodes), '<div>"y"</div>')
  assert.equal(r, c.firstChild)
  const { container, document } = dom()
  const r2 = applyPatches(null, [{ type: 'Create', path: [], node: el('main') }], { container })
  assert.equal(r2, container.firstChild)
  assert.equal(show(container.childNodes), '<main></main>')
  const r3 = applyPatches(null, [{ type: 'Create', path: [], node: el('main') }], { document })
  assert.equal(show(r3), '<main></main>', 'without a container the new root is returned detached')
})

test('Remove removes the node at the path', () => {
  const [root, c] = page(el('div', null, txt('a'), el('b'), el('i', null, txt('x'), txt('y')), txt('c')), 'nodes')
  applyPatches(root, [{ type: 'Remove', path: [1] }, { type: 'Remove', path: [1, 0] }, { type: 'Remove', path: [2] }])
  assert.equal(show(c.childNodes), '<div>"a"<i>"y"</i></div>')
})

test('Replace puts the node where the old one was', () => {
  const [root, c] = page(el('div', null, txt('a'), el('b'), txt('c')))
  applyPatches(root, [{ type: 'Replace', path: [1], node: el('i', { id: 'n' }) }, { type: 'Replace', path: [0], node: el('s') }])
  assert.equal(show(c.childNodes), '<div><s></s><i id="n"></i>"c"</div>')
})

test('Replace [] : the returned root follows, and later patches resolve against the new root', () => {
  const [root, c] = page(el('div', { id: 'old' }, el('span', null, txt('old'))))
  const r = applyPatches(root, [
    { type: 'Replace', path: [], node: el('section', null, el('h1', null, txt('t')), el('p')) },
    { type: 'UpdateText', path: [0, 0], content: 'new' },
    { type: 'UpdateProps', path: [1], props: { class: 'x' } },
    { type: 'Create', path: [2], node: el('footer') }
  ])
  assert.notEqual(r, root)
  assert.equal(r, c.firstChild)
  assert.equal(show(c.childNodes), '<section><h1>"new"</h1><p class="x"></p><footer></footer></section>')
  assert.equal(show(root), '<div id="old"><span>"old"</span></div>', 'the old root is detached and untouched')
  assert.equal(root.parentNode, null)
  // the root can be replaced twice in one list, and a text root too
  const r2 = applyPatches(r, [{ type: 'Replace', path: [], node: txt('a') }, { type: 'UpdateText', path: [], content: 'b' }, { type: 'Replace', path: [], node: el('i') }])
  assert.equal(show(c.childNodes), '<i></i>')
  assert.equal(r2, c.firstChild)
})

test('Replace [] keeps the root in place among its siblings', () => {
  const { document, container } = dom()
  container.append(document.createTextNode('before'), document.createElement('x-root'), document.createTextNode('after'))
  const r = applyPatches(container.childNodes[1], [{ type: 'Replace', path: [], node: el('y-root') }])
  assert.equal(show(container.childNodes), '"before"<y-root></y-root>"after"')
  assert.equal(r, container.childNodes[1])
})

test('a Fragment root: its children are the container\'s children', () => {
  const [root, c] = page(frag(el('a'), txt('t'), keyed('k', 'b')))
  assert.deepEqual(root, fragmentRoot(c))
  let r = applyPatches(root, [
    { type: 'Create', path: [1], node: el('i') },
    { type: 'UpdateText', path: [2], content: 'u' },
    { type: 'ReorderChildren', path: [], order: ['k'] },
    { type: 'Remove', path: [1] }
  ])
  assert.equal(r, root)
  assert.equal(show(c.childNodes), '<b data-key="k"></b><i></i>"u"')
  // Fragment → element → Fragment
  r = applyPatches(r, [{ type: 'Replace', path: [], node: el('p', null, txt('x')) }, { type: 'UpdateText', path: [0], content: 'y' }])
  assert.equal(r, c.firstChild)
  assert.equal(show(c.childNodes), '<p>"y"</p>')
  r = applyPatches(r, [{ type: 'Replace', path: [], node: frag(el('q'), el('r')) }, { type: 'Remove', path: [0] }])
  assert.deepEqual(r, fragmentRoot(c))
  assert.equal(show(c.childNodes), '<r></r>')
  r = applyPatches(r, [{ type: 'Create', path: [], node: frag(txt('a'), txt('b')) }])
  assert.equal(show(c.childNodes), '"ab"')
  r = applyPatches(r, [{ type: 'Create', path: [], node: frag(txt('a'), txt('b')) }], { view: 'nodes' })
  assert.equal(show(c.childNodes), '"a""b"')
})

test('UpdateText: a text node gets the content; an element gets textContent ("" leaves no child)', () => {
  const [root, c] = page(el('div', null, txt('a'), el('p', null, el('b'), txt('x')), el('p', null, txt('y'))))
  applyPatches(root, [
    { type: 'UpdateText', path: [0], content: 'A' },
    { type: 'UpdateText', path: [1], content: 'P' },
    { type: 'UpdateText', path: [2], content: '' }
  ])
  assert.equal(show(c.childNodes), '<div>"A"<p>"P"</p><p></p></div>')
})

test('UpdateProps: exactly the given props; data-key stays; event, class and boolean props mapped', () => {
  const [root, c] = page(el('ul', null, keyed('a', 'li', { class: 'x', id: 'i', onClick: 'h1', hidden: true, title: 't' })))
  applyPatches(root, [{ type: 'UpdateProps', path: [0], props: { className: 'y', onClick: 'h2', onInput: 'h3', hidden: false, n: 4 } }])
  assert.equal(show(c.childNodes), '<ul><li class="y" data-key="a" data-onclick="h2" data-oninput="h3" n="4"></li></ul>')
  applyPatches(root, [{ type: 'UpdateProps', path: [0], props: {} }])
  assert.equal(show(c.childNodes), '<ul><li data-key="a"></li></ul>')
  applyPatches(root, [{ type: 'UpdateProps', path: [], props: { 'data-x': '1' } }, { type: 'UpdateProps', path: [], props: null }])
  assert.equal(show(c.childNodes), '<ul><li data-key="a"></li></ul>', 'null props are no props')
})

test('ReorderChildren moves each keyed child to index i in turn', () => {
  const [root, c] = page(list())
  applyPatches(root, [{ type: 'ReorderChildren', path: [], order: ['c', 'a', 'b'] }])
  assert.equal(show(c.firstChild.childNodes), '<li data-key="c">"C"</li><li data-key="a">"A"</li><li data-key="b">"B"</li>')
  applyPatches(root, [{ type: 'ReorderChildren', path: [], order: ['b'] }])
  assert.equal(show(c.firstChild.childNodes), '<li data-key="b">"B"</li><li data-key="c">"C"</li><li data-key="a">"A"</li>')
  applyPatches(root, [{ type: 'ReorderChildren', path: [], order: ['c', 'a'] }])
  assert.equal(show(c.firstChild.childNodes), '<li data-key="c">"C"</li><li data-key="a">"A"</li><li data-key="b">"B"</li>')
  // a key named twice: the second time it moves forward, and ends exactly at index i
  applyPatches(root, [{ type: 'ReorderChildren', path: [], order: ['c', 'c', 'c'] }])
  assert.equal(show(c.firstChild.childNodes), '<li data-key="a">"A"</li><li data-key="b">"B"</li><li data-key="c">"C"</li>')
  applyPatches(root, [{ type: 'ReorderChildren', path: [], order: ['b', 'a', 'b'] }])
  assert.equal(show(c.firstChild.childNodes), '<li data-key="a">"A"</li><li data-key="c">"C"</li><li data-key="b">"B"</li>')
})

test('ReorderChildren counts DOM child indices: unkeyed children and texts take places', () => {
  const [root, c] = page(el('div', null, txt('t'), keyed('a', 'i'), el('hr'), keyed('b', 'b')))
  applyPatches(root, [{ type: 'ReorderChildren', path: [], order: ['b', 'a'] }])
  assert.equal(show(c.firstChild.childNodes), '<b data-key="b"></b><i data-key="a"></i>"t"<hr></hr>')
})

test('ReorderChildren after UpdateProps finds the elements (data-key kept)', () => {
  const [root, c] = page(list())
  applyPatches(root, [
    { type: 'UpdateProps', path: [0], props: { class: 'first' } },
    { type: 'UpdateProps', path: [2], props: {} },
    { type: 'ReorderChildren', path: [], order: ['c', 'b', 'a'] },
    { type: 'UpdateText', path: [2, 0], content: 'A!' }
  ])
  assert.equal(show(c.firstChild.childNodes), '<li data-key="c">"C"</li><li data-key="b">"B"</li><li class="first" data-key="a">"A!"</li>')
})

test('ReorderChildren: duplicate keys elsewhere in the list do not matter unless named', () => {
  const [root, c] = page(el('ul', null, keyed('d', 'li'), keyed('d', 'li', { id: '2' }), keyed('x', 'li')))
  applyPatches(root, [{ type: 'ReorderChildren', path: [], order: ['x'] }])
  assert.equal(show(c.firstChild.childNodes), '<li data-key="x"></li><li data-key="d"></li><li data-key="d" id="2"></li>')
})

test('Create and Replace render in the view given', () => {
  const [root, c] = page(el('p'))
  applyPatches(root, [{ type: 'Create', path: [0], node: el('b', null, txt('a'), txt(''), txt('b')) }], { view: 'nodes' })
  applyPatches(root, [{ type: 'Create', path: [1], node: el('i', null, txt('a'), txt(''), txt('b')) }])
  assert.equal(show(c.childNodes), '<p><b>"a""""b"</b><i>"ab"</i></p>')
})

test('Create under an svg element makes svg elements', () => {
  const [root] = page(el('svg', null, el('g')))
  applyPatches(root, [{ type: 'Create', path: [0, 0], node: el('circle', { r: '1' }) }, { type: 'Replace', path: [], node: el('div') }])
  const [svg] = page(el('svg'))
  applyPatches(svg, [{ type: 'Create', path: [0], node: el('rect', { viewBox: '0 0 1 1' }) }])
  assert.equal(show(svg), '<svg:svg><svg:rect viewBox="0 0 1 1"></rect></svg>')
})

test('a whole chain: each step equals a fresh render of the new tree', () => {
  const { document } = dom()
  const trees = [
    list(),
    el('ul', { class: 'l' }, keyed('c', 'li', { class: 'hot' }, txt('C')), keyed('a', 'li', null, txt('A')), el('li', null, txt('new'))),
    frag(el('h1', null, txt('title')), el('ul', null, keyed('a', 'li', null, txt('A'))))
  ]
  const steps = [
    [
      { type: 'Remove', path: [1] },
      { type: 'ReorderChildren', path: [], order: ['c', 'a'] },
      { type: 'UpdateProps', path: [0], props: { class: 'hot' } },
      { type: 'Create', path: [2], node: el('li', null, txt('new')) }
    ],
    [{ type: 'Replace', path: [], node: trees[2] }]
  ]
  let [root, c] = page(trees[0])
  for (let i = 0; i < steps.length; i++) {
    root = applyPatches(root, steps[i])
    const want = render(trees[i + 1], { document })
    assert.equal(show(c.childNodes), show(want.nodeType === 11 ? want.childNodes : want))
  }
})
