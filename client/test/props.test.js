import { test } from 'node:test'
import assert from 'node:assert/strict'
import { attributes, render, applyPatches } from '../index.js'
import { dom, el, keyed, show } from './dom.js'

const attrs = (props, html) => Object.fromEntries(attributes(props, html))

test('attributes: the normative table', () => {
  assert.deepEqual(attrs({
    className: 'c',
    htmlFor: 'f',
    onClick: 'h1',
    onmouseover: 'h2',
    ONKEYDOWN: 'h3',
    on: 'not an event',
    style: 'color:red',
    s: 'x<y>"&',
    t: true,
    f: false,
    n: null,
    i: 3,
    x: -0.5,
    e: 1e21,
    o: { b: 1, a: [true, null] },
    arr: [1, 'two']
  }), {
    class: 'c',
    for: 'f',
    'data-onclick': 'h1',
    'data-onmouseover': 'h2',
    'data-onkeydown': 'h3',
    on: 'not an event',
    style: 'color:red',
    s: 'x<y>"&',
    t: '',
    i: '3',
    x: '-0.5',
    e: '1e+21',
    o: '{"b":1,"a":[true,null]}',
    arr: '[1,"two"]'
  })
})

test('attributes: names are ASCII-lowercased on HTML elements only', () => {
  assert.deepEqual(attrs({ TabIndex: '1', viewBox: 'v', 'É': 'e' }), { tabindex: '1', viewbox: 'v', 'É': 'e' })
  assert.deepEqual(attrs({ viewBox: 'v', onClick: 'h' }, false), { viewBox: 'v', 'data-onclick': 'h' })
})

test('attributes: the key owns data-key', () => {
  assert.deepEqual(attrs({ 'data-key': 'x', 'DATA-KEY': 'y', id: 'i' }), { id: 'i' })
})

test('attributes: when props collide, the smallest prop name (by code point) wins, whatever the order', () => {
  assert.deepEqual(attrs({ className: 'b', class: 'a' }), { class: 'a' })
  assert.deepEqual(attrs({ class: 'a', className: 'b' }), { class: 'a' })
  assert.deepEqual(attrs({ htmlFor: 'b', for: 'a' }), { for: 'a' })
  assert.deepEqual(attrs({ onClick: 'b', 'data-onclick': 'a' }), { 'data-onclick': 'a' })
  assert.deepEqual(attrs({ id: 'b', ID: 'a' }), { id: 'a' })
  assert.deepEqual(attrs({ class: false, className: 'b' }), {}, 'the winner decides even when it gives no attribute')
})

test('render and UpdateProps give the same attributes for the same props', () => {
  const { document, container } = dom()
  const cases = [
    {},
    { className: 'a', onClick: 'h', disabled: true, hidden: false, n: 2, o: [1] },
    { class: 'z', className: 'y', ID: 'I', id: 'i', 'data-key': 'no' },
    { style: 'x', onChange: null, title: '' }
  ]
  for (const a of cases) {
    for (const b of cases) {
      const root = render(keyed('k', 'p', a), { document })
      container.replaceChildren(root)
      applyPatches(root, [{ type: 'UpdateProps', path: [], props: b }])
      assert.equal(show(root), show(render(keyed('k', 'p', b), { document })), JSON.stringify([a, b]))
    }
  }
})

test('value, checked and selected also set the DOM property when the prop is present', () => {
  const { document, container } = dom()
  const root = render(el('form', null,
    el('input', { value: 'v1' }), el('input', { type: 'checkbox', checked: true }),
    el('select', { value: 'b' }, el('option', { value: 'a' }), el('option', { value: 'b' })),
    el('input', { type: 'checkbox' })), { document })
  container.replaceChildren(root)
  const [text, box, select, other] = root.children
  assert.equal(text.value, 'v1')
  assert.equal(box.checked, true)
  assert.equal(select.value, 'b')
  text.value = 'typed'
  other.checked = true
  applyPatches(root, [
    { type: 'UpdateProps', path: [0], props: { value: 'v2' } },
    { type: 'UpdateProps', path: [1], props: { type: 'checkbox', checked: false } },
    { type: 'UpdateProps', path: [2], props: { value: 'a' } },
    { type: 'UpdateProps', path: [2, 0], props: { value: 'a', selected: false } },
    { type: 'UpdateProps', path: [2, 1], props: { value: 'b', selected: true } },
    { type: 'UpdateProps', path: [3], props: { type: 'checkbox', class: 'x' } }
  ])
  assert.equal(text.value, 'v2')
  assert.equal(text.getAttribute('value'), 'v2')
  assert.equal(box.checked, false)
  assert.equal(box.hasAttribute('checked'), false)
  assert.equal(select.value, 'b')
  assert.equal(other.checked, true, 'a checkbox without a checked prop keeps what the user did')
})
