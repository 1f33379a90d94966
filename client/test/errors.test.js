import { test } from 'node:test'
import assert from 'node:assert/strict'
import { applyPatches, mount, PatchError } from '../index.js'
import { dom, el, keyed, txt, frag, show } from './dom.js'

// A tree and a patch that is fine, to put before and after the bad one.
const tree = () => el('div', null, txt('t'), el('ul', null, keyed('a', 'li'), keyed('b', 'li'), keyed('d', 'li'), keyed('d', 'li')), el('p'))
const good = { type: 'UpdateProps', path: [2], props: { class: 'applied' } }
const after = { type: 'UpdateProps', path: [2], props: { class: 'after' } }

// Each bad patch with the reason it is reported with.
const cases = [
  ['a patch that is not an object', null, 'InvalidVNode'],
  ['a patch that is an array', [], 'InvalidVNode'],
  ['an unknown type', { type: 'Move', path: [0] }, 'InvalidVNode'],
  ['no type', { path: [0] }, 'InvalidVNode'],
  ['no path', { type: 'Remove' }, 'InvalidVNode'],
  ['a negative index', { type: 'Remove', path: [-1] }, 'InvalidVNode'],
  ['a fractional index', { type: 'Remove', path: [0.5] }, 'InvalidVNode'],
  ['a string index', { type: 'Remove', path: ['0'] }, 'InvalidVNode'],
  ['an index out of range', { type: 'Remove', path: [3] }, 'InvalidPath'],
  ['an index out of range deeper', { type: 'UpdateText', path: [1, 9], content: 'x' }, 'InvalidPath'],
  ['a path through a text node', { type: 'UpdateText', path: [0, 0], content: 'x' }, 'InvalidPath'],
  ['Create past the child count', { type: 'Create', path: [4], node: el('i') }, 'InvalidPath'],
  ['Create under a text node', { type: 'Create', path: [0, 0], node: el('i') }, 'PatchTypeMismatch'],
  ['Create without a node', { type: 'Create', path: [0] }, 'InvalidVNode'],
  ['Create with a bad node', { type: 'Create', path: [0], node: { type: 'Element' } }, 'InvalidVNode'],
  ['Create of a Fragment below the root', { type: 'Create', path: [0], node: frag(el('i')) }, 'PatchTypeMismatch'],
  ['Replace without a node', { type: 'Replace', path: [2], node: 'p' }, 'InvalidVNode'],
  ['Replace with a Fragment below the root', { type: 'Replace', path: [2], node: frag() }, 'PatchTypeMismatch'],
  ['Replace with a bad child', { type: 'Replace', path: [2], node: el('p', null, { type: 'Nope' }) }, 'InvalidVNode'],
  ['Remove of the root', { type: 'Remove', path: [] }, 'InvalidPath'],
  ['UpdateText without content', { type: 'UpdateText', path: [0] }, 'InvalidVNode'],
  ['UpdateText with a number', { type: 'UpdateText', path: [0], content: 5 }, 'InvalidVNode'],
  ['UpdateProps on a text node', { type: 'UpdateProps', path: [0], props: {} }, 'PatchTypeMismatch'],
  ['UpdateProps with an array', { type: 'UpdateProps', path: [2], props: ['class'] }, 'InvalidVNode'],
  ['UpdateProps with a string', { type: 'UpdateProps', path: [2], props: 'class' }, 'InvalidVNode'],
  ['ReorderChildren on a text node', { type: 'ReorderChildren', path: [0], order: [] }, 'PatchTypeMismatch'],
  ['ReorderChildren without order', { type: 'ReorderChildren', path: [1] }, 'InvalidVNode'],
  ['ReorderChildren with a non-string key', { type: 'ReorderChildren', path: [1], order: [1] }, 'InvalidVNode'],
  ['ReorderChildren with an unknown key', { type: 'ReorderChildren', path: [1], order: ['b', 'zz'] }, 'KeyNotFound'],
  ['ReorderChildren with a key of an unkeyed element', { type: 'ReorderChildren', path: [], order: ['t'] }, 'KeyNotFound'],
  ['ReorderChildren with a duplicate key', { type: 'ReorderChildren', path: [1], order: ['d'] }, 'KeyNotFound'],
  ['ReorderChildren naming more keys than children', { type: 'ReorderChildren', path: [1], order: ['a', 'a', 'a', 'a', 'a'] }, 'KeyNotFound'],
  ['an attribute name the DOM refuses', { type: 'UpdateProps', path: [2], props: { 'a b': 'x' } }, 'DomError']
]

for (const [name, bad, reason] of cases) {
  test('reported, and applying stops: ' + name, () => {
    const { container } = dom()
    const root = mount(container, tree())
    const before = show(container.childNodes)
    const errors = []
    const r = applyPatches(root, [good, bad, after], { onError: (e) => errors.push(e) })
    assert.equal(errors.length, 1)
    const e = errors[0]
    assert.ok(e instanceof PatchError && e instanceof Error)
    assert.equal(e.reason, reason, e.message)
    assert.equal(e.index, 1)
    assert.equal(e.patch, bad)
    assert.equal(e.root, root)
    assert.equal(r, root)
    assert.equal(typeof e.message, 'string')
    assert.ok(e.message.length > 0)
    const want = before.replace('<p></p>', '<p class="applied"></p>')
    if (reason !== 'DomError') assert.equal(show(container.childNodes), want, 'the good patch is applied, nothing else')
    assert.ok(!show(container.childNodes).includes('after'), 'nothing after the bad patch is applied')

    // without onError it is thrown, with the same facts
    const root2 = mount(container, tree())
    assert.throws(() => applyPatches(root2, [good, bad, after]), (t) => t instanceof PatchError && t.reason === reason && t.index === 1 && t.patch === bad && t.root === root2)
    assert.ok(!show(container.childNodes).includes('after'))
  })
}

test('the first patch of a list fails: index 0', () => {
  const { container } = dom()
  const root = mount(container, tree())
  let e
  applyPatches(root, [{ type: 'Remove', path: [7] }, good], { onError: (x) => { e = x } })
  assert.equal(e.index, 0)
  assert.ok(!show(container.childNodes).includes('applied'))
})

test('patches that are not an array: index -1', () => {
  const { container } = dom()
  const root = mount(container, tree())
  for (const bad of [null, {}, 'x']) {
    let e
    assert.equal(applyPatches(root, bad, { onError: (x) => { e = x } }), root)
    assert.equal(e.reason, 'InvalidVNode')
    assert.equal(e.index, -1)
    assert.equal(e.patch, undefined)
  }
})

test('an error after Replace [] reports the new root, and returns it', () => {
  const { container } = dom()
  const root = mount(container, el('p'))
  let e
  const r = applyPatches(root, [{ type: 'Replace', path: [], node: el('div', null, el('b')) }, { type: 'UpdateText', path: [0, 0], content: 'x' }], { onError: (x) => { e = x } })
  assert.equal(e.index, 1)
  assert.equal(e.reason, 'InvalidPath')
  assert.equal(r, container.firstChild)
  assert.equal(e.root, r)
  assert.equal(r.localName, 'div')
})

test('an empty tree: every patch but Create [] is an InvalidPath', () => {
  const { container } = dom()
  for (const p of [{ type: 'Replace', path: [], node: el('p') }, { type: 'UpdateText', path: [], content: 'x' }, { type: 'Create', path: [0], node: el('p') }]) {
    let e
    assert.equal(applyPatches(null, [p], { container, onError: (x) => { e = x } }), null)
    assert.equal(e.reason, 'InvalidPath')
    assert.equal(container.childNodes.length, 0)
  }
})

test('on a Fragment root: UpdateText and UpdateProps at [] are type mismatches', () => {
  const { container } = dom()
  const root = mount(container, frag(el('a')))
  for (const p of [{ type: 'UpdateText', path: [], content: 'x' }, { type: 'UpdateProps', path: [], props: {} }]) {
    let e
    applyPatches(root, [p], { onError: (x) => { e = x } })
    assert.equal(e.reason, 'PatchTypeMismatch')
  }
  assert.equal(show(container.childNodes), '<a></a>')
})
