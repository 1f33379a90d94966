import { test } from 'node:test'
import assert from 'node:assert/strict'
import { render, mount, fragmentRoot, PatchError } from '../index.js'
import { dom, el, keyed, txt, frag, raw, show } from './dom.js'

const { document } = dom()
const r = (v, view) => show(render(v, { document, view }))

test('render: an element with props, a key and children', () => {
  assert.equal(
    r(keyed('k1', 'li', { className: 'a', id: 'x' }, txt('hi'), el('b', null, txt('!')))),
    '<li class="a" data-key="k1" id="x">"hi"<b>"!"</b></li>')
})

test('render: Fragments stand for their children, nulls take no place', () => {
  const v = el('ul', null, null, frag(el('li'), frag(el('li', { id: 'b' }), null)), null, el('li', { id: 'c' }))
  assert.equal(r(v), '<ul><li></li><li id="b"></li><li id="c"></li></ul>')
  assert.equal(r(v, 'nodes'), r(v))
})

test('render: html view merges adjacent texts (across Fragments and nulls) and drops empty ones', () => {
  const v = el('p', null, txt('a'), null, frag(txt('b'), txt('')), txt('c'), el('i'), txt(''), txt(''), frag(), txt('d'))
  assert.equal(r(v), '<p>"abc"<i></i>"d"</p>')
  assert.equal(r(v, 'html'), r(v))
  assert.equal(r(el('p', null, txt(''))), '<p></p>')
})

test('render: nodes view makes one text node per Text, empty ones too', () => {
  const v = el('p', null, txt('a'), null, frag(txt('b'), txt('')), txt('c'), el('i'), txt(''))
  assert.equal(r(v, 'nodes'), '<p>"a""b""""c"<i></i>""</p>')
})

test('render: RawHtml is one div whose innerHTML is the html', () => {
  assert.equal(r(el('p', null, raw('<b>x</b>y'), txt('z'))), '<p><div><b>"x"</b>"y"</div>"z"</p>')
  assert.equal(r(raw('')), '<div></div>')
})

test('render: what each kind of VNode returns', () => {
  assert.equal(render(el('div'), { document }).nodeType, 1)
  assert.equal(render(txt('t'), { document }).nodeType, 3)
  assert.equal(render(raw('<i></i>'), { document }).localName, 'div')
  const f = render(frag(txt('a'), txt('b')), { document })
  assert.equal(f.nodeType, 11)
  assert.equal(show(f), '#fragment("ab")')
  assert.equal(show(render(frag(el('i')), { document })), '#fragment(<i></i>)')
  assert.equal(show(render(null, { document })), '#fragment()')
  assert.equal(show(render(txt(''), { document })), '#fragment()')
  assert.equal(show(render(txt(''), { document, view: 'nodes' })), '""')
})

test('render: props are mapped as README.md says', () => {
  const v = el('input', { className: 'c', htmlFor: 'f', onClick: 'h1', disabled: true, hidden: false, title: null, tabIndex: 3, 'data-o': { a: [1, 'x'] }, style: 'color: red' })
  assert.equal(r(v), '<input class="c" data-o="{\\"a\\":[1,\\"x\\"]}" data-onclick="h1" disabled="" for="f" style="color: red" tabindex="3"></input>')
})

test('render: svg and math children are in their namespace, foreignObject children are HTML', () => {
  const v = el('div', null, el('svg', { viewBox: '0 0 1 1' }, el('path', { d: 'M0' }), el('foreignObject', null, el('p'))), el('math', null, el('mi')))
  assert.equal(r(v), '<div><svg:svg viewBox="0 0 1 1"><svg:path d="M0"></path><svg:foreignObject><p></p></foreignObject></svg><MathML:math><MathML:mi></mi></math></div>')
})

test('render: HTML tag and attribute names are lowercased, as the HTML parser does', () => {
  assert.equal(r(el('DIV', { ID: 'x', 'Data-Y': 'y' })), '<div data-y="y" id="x"></div>')
})

test('render: bad VNodes throw a PatchError with reason InvalidVNode', () => {
  for (const bad of [
    { type: 'Comment' }, 5, 'text', [], { type: 'Element' }, { type: 'Element', tag: '' },
    { type: 'Element', tag: 'p', children: {} }, { type: 'Element', tag: 'p', props: [] },
    { type: 'Element', tag: 'p', key: 1 }, { type: 'Text', content: 1 }, { type: 'RawHtml', html: {} },
    { type: 'Fragment', children: 'x' }, el('p', null, 7)
  ]) {
    assert.throws(() => render(bad, { document }), (e) => e instanceof PatchError && e.reason === 'InvalidVNode', JSON.stringify(bad))
  }
})

test('render: deep trees do not recurse', () => {
  let v = txt('leaf')
  for (let i = 0; i < 20000; i++) v = el('b', null, v)
  let n = render(v, { document })
  let depth = 0
  while (n.firstChild) { n = n.firstChild; depth++ }
  assert.equal(depth, 20000)
  assert.equal(n.data, 'leaf')
})

test('mount: the root for applyPatches', () => {
  const { container } = dom()
  const root = mount(container, el('p', null, txt('x')))
  assert.equal(root, container.firstChild)
  assert.equal(show(container.childNodes), '<p>"x"</p>')
  const fr = mount(container, frag(el('a'), txt('b')))
  assert.deepEqual(fr, fragmentRoot(container))
  assert.equal(show(fr), '{<a></a>"b"}')
  assert.equal(mount(container, null), null)
  assert.equal(container.childNodes.length, 0)
})
