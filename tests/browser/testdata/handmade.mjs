// Writes the hand-made fixtures handmade-html.json and handmade-nodes.json
// (format: ../README.md). Every tree, patch list and expected HTML below is
// written by hand; this script only spares the JSON syntax of VNodes.
// Regenerate after an edit: node tests/browser/testdata/handmade.mjs
import { writeFileSync } from 'node:fs'

const E = (tag, props, ...children) => ({ type: 'Element', tag, props: props || {}, children })
const K = (key, tag, props, ...children) => ({ ...E(tag, props, ...children), key })
const T = (content) => ({ type: 'Text', content })
const F = (...children) => ({ type: 'Fragment', children })
const R = (html) => ({ type: 'RawHtml', html })
const step = (patches, tree, html, more) => ({ patches, tree, html, ...more })

const list0 = E('ul', null, K('a', 'li', null, T('A')), K('b', 'li', null, T('B')), K('c', 'li', null, T('C')))
const root0 = E('div', { id: 'r', class: 'a' }, E('h1', null, T('Title')), list0, E('p', null, T('text')))

const everyKind = {
  name: 'every patch kind',
  tree: root0,
  html: '<div id="r" class="a"><h1>Title</h1><ul><li data-key="a">A</li><li data-key="b">B</li><li data-key="c">C</li></ul><p>text</p></div>',
  steps: [
    step([{ type: 'UpdateText', path: [0, 0], content: 'Title 2' }],
      E('div', { id: 'r', class: 'a' }, E('h1', null, T('Title 2')), list0, E('p', null, T('text'))),
      '<div id="r" class="a"><h1>Title 2</h1><ul><li data-key="a">A</li><li data-key="b">B</li><li data-key="c">C</li></ul><p>text</p></div>'),
    step([{ type: 'UpdateProps', path: [], props: { class: 'b', 'data-x': '1' } }],
      E('div', { class: 'b', 'data-x': '1' }, E('h1', null, T('Title 2')), list0, E('p', null, T('text'))),
      '<div class="b" data-x="1"><h1>Title 2</h1><ul><li data-key="a">A</li><li data-key="b">B</li><li data-key="c">C</li></ul><p>text</p></div>'),
    step([
      { type: 'Create', path: [1, 3], node: K('d', 'li', null, T('D')) },
      { type: 'Create', path: [1, 0], node: E('li', { class: 'new' }, T('Z')) }
    ],
    E('div', { class: 'b', 'data-x': '1' }, E('h1', null, T('Title 2')),
      E('ul', null, E('li', { class: 'new' }, T('Z')), K('a', 'li', null, T('A')), K('b', 'li', null, T('B')), K('c', 'li', null, T('C')), K('d', 'li', null, T('D'))),
      E('p', null, T('text'))),
    '<div class="b" data-x="1"><h1>Title 2</h1><ul><li class="new">Z</li><li data-key="a">A</li><li data-key="b">B</li><li data-key="c">C</li><li data-key="d">D</li></ul><p>text</p></div>'),
    step([{ type: 'Remove', path: [1, 0] }, { type: 'Remove', path: [1, 3] }],
      E('div', { class: 'b', 'data-x': '1' }, E('h1', null, T('Title 2')), list0, E('p', null, T('text'))),
      '<div class="b" data-x="1"><h1>Title 2</h1><ul><li data-key="a">A</li><li data-key="b">B</li><li data-key="c">C</li></ul><p>text</p></div>'),
    step([{ type: 'ReorderChildren', path: [1], order: ['c', 'a', 'b'] }],
      E('div', { class: 'b', 'data-x': '1' }, E('h1', null, T('Title 2')),
        E('ul', null, K('c', 'li', null, T('C')), K('a', 'li', null, T('A')), K('b', 'li', null, T('B'))), E('p', null, T('text'))),
      '<div class="b" data-x="1"><h1>Title 2</h1><ul><li data-key="c">C</li><li data-key="a">A</li><li data-key="b">B</li></ul><p>text</p></div>'),
    step([{ type: 'Replace', path: [2], node: E('section', null, E('b', null, T('bold')), T(' tail')) }],
      E('div', { class: 'b', 'data-x': '1' }, E('h1', null, T('Title 2')),
        E('ul', null, K('c', 'li', null, T('C')), K('a', 'li', null, T('A')), K('b', 'li', null, T('B'))),
        E('section', null, E('b', null, T('bold')), T(' tail'))),
      '<div class="b" data-x="1"><h1>Title 2</h1><ul><li data-key="c">C</li><li data-key="a">A</li><li data-key="b">B</li></ul><section><b>bold</b> tail</section></div>'),
    step([{ type: 'UpdateText', path: [2], content: '' }, { type: 'UpdateText', path: [1], content: 'plain' }],
      E('div', { class: 'b', 'data-x': '1' }, E('h1', null, T('Title 2')), E('ul', null, T('plain')), E('section')),
      '<div class="b" data-x="1"><h1>Title 2</h1><ul>plain</ul><section></section></div>'),
    step([
      { type: 'Create', path: [3], node: E('footer') },
      { type: 'UpdateProps', path: [3], props: { class: 'f' } },
      { type: 'UpdateText', path: [2], content: 'filled' },
      { type: 'Remove', path: [1] }
    ],
    E('div', { class: 'b', 'data-x': '1' }, E('h1', null, T('Title 2')), E('section', null, T('filled')), E('footer', { class: 'f' })),
    '<div class="b" data-x="1"><h1>Title 2</h1><section>filled</section><footer class="f"></footer></div>')
  ]
}

const keptKeys = {
  name: 'UpdateProps keeps data-key, so ReorderChildren after it finds the elements',
  tree: E('ul', { class: 'list' }, K('a', 'li', { class: 'x', title: 'ta' }, T('A')), K('b', 'li', { class: 'y' }, T('B')), K('c', 'li', null, T('C'))),
  html: '<ul class="list"><li data-key="a" class="x" title="ta">A</li><li data-key="b" class="y">B</li><li data-key="c">C</li></ul>',
  steps: [
    step([
      { type: 'UpdateProps', path: [0], props: {} },
      { type: 'UpdateProps', path: [1], props: { class: 'z' } },
      { type: 'ReorderChildren', path: [], order: ['c', 'b', 'a'] }
    ],
    E('ul', { class: 'list' }, K('c', 'li', null, T('C')), K('b', 'li', { class: 'z' }, T('B')), K('a', 'li', null, T('A'))),
    '<ul class="list"><li data-key="c">C</li><li data-key="b" class="z">B</li><li data-key="a">A</li></ul>'),
    step([
      { type: 'UpdateProps', path: [2], props: { class: 'back' } },
      { type: 'ReorderChildren', path: [], order: ['a'] },
      { type: 'UpdateText', path: [0, 0], content: 'A!' }
    ],
    E('ul', { class: 'list' }, K('a', 'li', { class: 'back' }, T('A!')), K('c', 'li', null, T('C')), K('b', 'li', { class: 'z' }, T('B'))),
    '<ul class="list"><li data-key="a" class="back">A!</li><li data-key="c">C</li><li data-key="b" class="z">B</li></ul>')
  ]
}

const events = {
  name: 'event handlers, className, booleans, numbers and JSON values across UpdateProps',
  tree: E('button', { className: 'btn', onClick: 'h1', disabled: true, type: 'button' }, T('Go')),
  html: '<button class="btn" data-onclick="h1" disabled="" type="button">Go</button>',
  steps: [
    step([{ type: 'UpdateProps', path: [], props: { className: 'btn', onClick: 'h2', onMouseOver: 'h3', disabled: false, type: 'button', tabIndex: 3 } }],
      E('button', { className: 'btn', onClick: 'h2', onMouseOver: 'h3', disabled: false, type: 'button', tabIndex: 3 }, T('Go')),
      '<button class="btn" data-onclick="h2" data-onmouseover="h3" type="button" tabindex="3">Go</button>'),
    step([{ type: 'UpdateProps', path: [], props: { onClick: null, hidden: true, 'data-n': 1.5, 'data-o': { a: [1, 'x'] }, style: 'color: red' } }],
      E('button', { onClick: null, hidden: true, 'data-n': 1.5, 'data-o': { a: [1, 'x'] }, style: 'color: red' }, T('Go')),
      '<button hidden="" data-n="1.5" data-o="{&quot;a&quot;:[1,&quot;x&quot;]}" style="color: red">Go</button>'),
    step([{ type: 'UpdateProps', path: [], props: {} }], E('button', null, T('Go')), '<button>Go</button>')
  ]
}

const propsTable = {
  name: 'the props table of client/README.md: names, collisions, the key\'s data-key, values',
  tree: K('k', 'div', { className: 'c', class: 'wins', htmlFor: 'f', ID: 'upper wins', id: 'lower', onclick: 'lower-case event', 'data-key': 'dropped', title: 0, 'data-arr': [1, 2], 'aria-hidden': true, hidden: null, Lang: 'en' }),
  html: '<div data-key="k" class="wins" for="f" id="upper wins" data-onclick="lower-case event" title="0" data-arr="[1,2]" aria-hidden="" lang="en"></div>',
  steps: [
    step([{ type: 'UpdateProps', path: [], props: { className: 'alias', onClick: 'h', 'data-onclick': 'exact wins', 'DATA-KEY': 'dropped too', n: -0, big: 1e21, small: 1e-7, s: 'quote " amp & lt <' } }],
      K('k', 'div', { className: 'alias', onClick: 'h', 'data-onclick': 'exact wins', 'DATA-KEY': 'dropped too', n: -0, big: 1e21, small: 1e-7, s: 'quote " amp & lt <' }),
      '<div data-key="k" class="alias" data-onclick="exact wins" n="0" big="1e+21" small="1e-7" s="quote &quot; amp &amp; lt <"></div>')
  ]
}

const rootReplace = {
  name: 'Replace [] and Create [], then more patches against the new root',
  tree: E('div', { id: 'old' }, E('span', null, T('old'))),
  html: '<div id="old"><span>old</span></div>',
  steps: [
    step([
      { type: 'Replace', path: [], node: E('section', { class: 'new' }, E('h2', null, T('t')), E('p')) },
      { type: 'UpdateText', path: [0, 0], content: 'new title' },
      { type: 'Create', path: [1, 0], node: T('para') },
      { type: 'Create', path: [2], node: E('footer', null, T('f')) }
    ],
    E('section', { class: 'new' }, E('h2', null, T('new title')), E('p', null, T('para')), E('footer', null, T('f'))),
    '<section class="new"><h2>new title</h2><p>para</p><footer>f</footer></section>'),
    step([{ type: 'Replace', path: [], node: T('just text') }, { type: 'UpdateText', path: [], content: 'text root' }],
      T('text root'), 'text root'),
    step([{ type: 'Replace', path: [], node: E('main', null, T('m')) }, { type: 'UpdateProps', path: [], props: { id: 'm' } }],
      E('main', { id: 'm' }, T('m')), '<main id="m">m</main>'),
    step([{ type: 'Create', path: [], node: E('article', null, E('p', null, T('via Create'))) }, { type: 'UpdateText', path: [0, 0], content: 'via Create []' }],
      E('article', null, E('p', null, T('via Create []'))), '<article><p>via Create []</p></article>')
  ]
}

const fragmentRoot = {
  name: 'a Fragment root, replaced by an element and back',
  tree: F(E('h1', null, T('T')), K('x', 'p', null, T('x')), K('y', 'p', null, T('y'))),
  html: '<h1>T</h1><p data-key="x">x</p><p data-key="y">y</p>',
  steps: [
    // the unkeyed h1 takes no part in the order: the keyed children move to 0 and 1
    step([
      { type: 'ReorderChildren', path: [], order: ['y', 'x'] },
      { type: 'Create', path: [3], node: E('hr') },
      { type: 'UpdateText', path: [2, 0], content: 'T2' }
    ],
    F(K('y', 'p', null, T('y')), K('x', 'p', null, T('x')), E('h1', null, T('T2')), E('hr')),
    '<p data-key="y">y</p><p data-key="x">x</p><h1>T2</h1><hr>'),
    step([{ type: 'Replace', path: [], node: E('div', null, T('one')) }], E('div', null, T('one')), '<div>one</div>'),
    step([{ type: 'Replace', path: [], node: F(E('a', { href: '#' }, T('l')), T('tail')) }],
      F(E('a', { href: '#' }, T('l')), T('tail')), '<a href="#">l</a>tail'),
    step([{ type: 'Remove', path: [1] }, { type: 'Create', path: [0], node: T('head ') }],
      F(T('head '), E('a', { href: '#' }, T('l'))), 'head <a href="#">l</a>')
  ]
}

const rawHtml = {
  name: 'RawHtml is one div',
  tree: E('div', null, R('<b>raw</b> text'), E('span', null, T('s'))),
  html: '<div><div><b>raw</b> text</div><span>s</span></div>',
  steps: [
    step([
      { type: 'Replace', path: [0], node: R('<i>new</i><!--c-->') },
      { type: 'Create', path: [2], node: R('<ul><li>1</li><li>2</li></ul>') }
    ],
    E('div', null, R('<i>new</i><!--c-->'), E('span', null, T('s')), R('<ul><li>1</li><li>2</li></ul>')),
    '<div><div><i>new</i><!--c--></div><span>s</span><div><ul><li>1</li><li>2</li></ul></div></div>'),
    step([{ type: 'Remove', path: [0] }, { type: 'Replace', path: [], node: R('<p>root raw</p>') }],
      R('<p>root raw</p>'), '<div><p>root raw</p></div>'),
    step([{ type: 'Replace', path: [], node: E('span', null, R(''), T('after')) }],
      E('span', null, R(''), T('after')), '<span><div></div>after</span>')
  ]
}

const nulls = {
  name: 'nulls and Fragments take no place in the paths',
  tree: E('ul', null, null, F(K('a', 'li', null, T('A')), null, F(K('b', 'li', null, T('B')))), null, E('li', null, T('C'))),
  html: '<ul><li data-key="a">A</li><li data-key="b">B</li><li>C</li></ul>',
  steps: [
    step([{ type: 'Create', path: [1], node: E('li', null, null, T('new'), F(E('b', null, T('!'))), null) }],
      E('ul', null, null, F(K('a', 'li', null, T('A')), E('li', null, null, T('new'), F(E('b', null, T('!'))), null), null, F(K('b', 'li', null, T('B')))), null, E('li', null, T('C'))),
      '<ul><li data-key="a">A</li><li>new<b>!</b></li><li data-key="b">B</li><li>C</li></ul>'),
    step([{ type: 'Remove', path: [3] }, { type: 'ReorderChildren', path: [], order: ['b', 'a'] }],
      E('ul', null, F(K('b', 'li', null, T('B'))), null, K('a', 'li', null, T('A')), E('li', null, T('new'), E('b', null, T('!')))),
      '<ul><li data-key="b">B</li><li data-key="a">A</li><li>new<b>!</b></li></ul>')
  ]
}

const mixedKeys = {
  name: 'keyed and unkeyed children mixed, duplicate keys, a keyed child turning unkeyed',
  tree: E('ul', null, K('a', 'li', null, T('a1')), E('li', null, T('u1')), K('d', 'li', null, T('d1')), K('d', 'li', null, T('d2')), K('b', 'li', null, T('b')), T('text')),
  html: '<ul><li data-key="a">a1</li><li>u1</li><li data-key="d">d1</li><li data-key="d">d2</li><li data-key="b">b</li>text</ul>',
  steps: [
    step([{ type: 'ReorderChildren', path: [], order: ['b', 'a'] }],
      E('ul', null, K('b', 'li', null, T('b')), K('a', 'li', null, T('a1')), E('li', null, T('u1')), K('d', 'li', null, T('d1')), K('d', 'li', null, T('d2')), T('text')),
      '<ul><li data-key="b">b</li><li data-key="a">a1</li><li>u1</li><li data-key="d">d1</li><li data-key="d">d2</li>text</ul>'),
    step([{ type: 'Remove', path: [4] }, { type: 'ReorderChildren', path: [], order: ['d', 'b'] }],
      E('ul', null, K('d', 'li', null, T('d1')), K('b', 'li', null, T('b')), K('a', 'li', null, T('a1')), E('li', null, T('u1')), T('text')),
      '<ul><li data-key="d">d1</li><li data-key="b">b</li><li data-key="a">a1</li><li>u1</li>text</ul>'),
    // a key named twice moves forward the second time, to exactly index i
    step([{ type: 'ReorderChildren', path: [], order: ['a', 'b', 'a'] }],
      E('ul', null, K('b', 'li', null, T('b')), K('d', 'li', null, T('d1')), K('a', 'li', null, T('a1')), E('li', null, T('u1')), T('text')),
      '<ul><li data-key="b">b</li><li data-key="d">d1</li><li data-key="a">a1</li><li>u1</li>text</ul>'),
    step([{ type: 'Replace', path: [1], node: E('li', null, T('d1')) }],
      E('ul', null, K('b', 'li', null, T('b')), E('li', null, T('d1')), K('a', 'li', null, T('a1')), E('li', null, T('u1')), T('text')),
      '<ul><li data-key="b">b</li><li>d1</li><li data-key="a">a1</li><li>u1</li>text</ul>')
  ]
}

const adjacentTexts = {
  name: 'adjacent texts are one DOM text node, empty text none',
  tree: E('p', null, T('a'), T('b'), null, E('i', null, T('')), T(''), F(T('c'), T('d'))),
  html: '<p>ab<i></i>cd</p>',
  steps: [
    step([{ type: 'UpdateText', path: [0], content: 'AB' }, { type: 'UpdateText', path: [2], content: 'CD' }],
      E('p', null, T('A'), T('B'), null, E('i', null, T('')), T(''), F(T('C'), T('D'))),
      '<p>AB<i></i>CD</p>'),
    step([{ type: 'Create', path: [1], node: E('b', null, T('x'), T(''), T('y')) }],
      E('p', null, T('A'), T('B'), E('b', null, T('x'), T(''), T('y')), null, E('i', null, T('')), T(''), F(T('C'), T('D'))),
      '<p>AB<b>xy</b><i></i>CD</p>')
  ]
}

const list2 = E('ul', null, K('a', 'li', null, T('A')), K('b', 'li', null, T('B')))
const errors = {
  name: 'a patch that cannot apply is reported, and the full render follows',
  tree: list2,
  html: '<ul><li data-key="a">A</li><li data-key="b">B</li></ul>',
  steps: [
    step([{ type: 'UpdateText', path: [0, 0], content: 'A2' }, { type: 'UpdateText', path: [5, 0], content: 'x' }],
      E('ul', null, K('a', 'li', null, T('A2')), K('b', 'li', null, T('B'))),
      '<ul><li data-key="a">A2</li><li data-key="b">B</li></ul>', { error: { reason: 'InvalidPath', index: 1 } }),
    step([{ type: 'ReorderChildren', path: [], order: ['b', 'zz'] }],
      E('ul', null, K('b', 'li', null, T('B')), K('a', 'li', null, T('A2'))),
      '<ul><li data-key="b">B</li><li data-key="a">A2</li></ul>', { error: { reason: 'KeyNotFound', index: 0 } }),
    step([{ type: 'Create', path: [0], node: E('bad tag') }],
      E('ul', null, K('b', 'li', null, T('B')), K('a', 'li', null, T('A2'))),
      '<ul><li data-key="b">B</li><li data-key="a">A2</li></ul>', { error: { reason: 'DomError', index: 0 } }),
    step([{ type: 'UpdateProps', path: [0, 0], props: { class: 'x' } }],
      E('ul', null, K('b', 'li', { class: 'x' }, T('B')), K('a', 'li', null, T('A2'))),
      '<ul><li data-key="b" class="x">B</li><li data-key="a">A2</li></ul>', { error: { reason: 'PatchTypeMismatch', index: 0 } }),
    step([{ type: 'Move', path: [0] }], list2, '<ul><li data-key="a">A</li><li data-key="b">B</li></ul>', { error: true }),
    step([{ type: 'UpdateText', path: [1, 0], content: 'fine again' }],
      E('ul', null, K('a', 'li', null, T('A')), K('b', 'li', null, T('fine again'))),
      '<ul><li data-key="a">A</li><li data-key="b">fine again</li></ul>')
  ]
}

const svg = {
  name: 'inline svg: elements in the SVG namespace, attribute case kept',
  tree: E('div', null, E('svg', { viewBox: '0 0 10 10', width: '10' }, E('circle', { cx: '5', cy: '5', r: '4' }))),
  html: '<div><svg viewBox="0 0 10 10" width="10"><circle cx="5" cy="5" r="4"></circle></svg></div>',
  steps: [
    step([
      { type: 'UpdateProps', path: [0], props: { viewBox: '0 0 20 20' } },
      { type: 'Create', path: [0, 1], node: E('rect', { width: '2', height: '2' }) },
      { type: 'UpdateProps', path: [0, 0], props: { cx: '6', cy: '5', r: '4', className: 'dot' } }
    ],
    E('div', null, E('svg', { viewBox: '0 0 20 20' }, E('circle', { cx: '6', cy: '5', r: '4', className: 'dot' }), E('rect', { width: '2', height: '2' }))),
    '<div><svg viewBox="0 0 20 20"><circle cx="6" cy="5" r="4" class="dot"></circle><rect width="2" height="2"></rect></svg></div>')
  ]
}

const forms = {
  name: 'form controls: value, checked and selected set the DOM property too',
  tree: E('form', null, E('input', { type: 'text', value: 'v1' }), E('input', { type: 'checkbox', checked: true }),
    E('select', { value: 'b' }, E('option', { value: 'a' }, T('A')), E('option', { value: 'b', selected: true }, T('B')))),
  html: '<form><input type="text" value="v1"><input type="checkbox" checked=""><select value="b"><option value="a">A</option><option value="b" selected="">B</option></select></form>',
  steps: [
    step([
      { type: 'UpdateProps', path: [0], props: { type: 'text', value: 'v2' } },
      { type: 'UpdateProps', path: [1], props: { type: 'checkbox', checked: false } },
      { type: 'UpdateProps', path: [2, 1], props: { value: 'b' } },
      { type: 'UpdateProps', path: [2, 0], props: { value: 'a', selected: true } },
      { type: 'UpdateProps', path: [2], props: { value: 'a' } }
    ],
    E('form', null, E('input', { type: 'text', value: 'v2' }), E('input', { type: 'checkbox', checked: false }),
      E('select', { value: 'a' }, E('option', { value: 'a', selected: true }, T('A')), E('option', { value: 'b' }, T('B')))),
    '<form><input type="text" value="v2"><input type="checkbox"><select value="a"><option value="a" selected="">A</option><option value="b">B</option></select></form>',
    { properties: [{ path: [0, 0], name: 'value', value: 'v2' }, { path: [0, 1], name: 'checked', value: false }, { path: [0, 2], name: 'value', value: 'a' }] })
  ]
}

// The node-per-VNode view: one DOM text node per Text.
const textNodes = {
  name: 'one DOM text node per Text, empty ones too',
  tree: E('p', null, T('a'), T('b'), T(''), E('i'), T('c')),
  html: '<p>ab<i></i>c</p>',
  steps: [
    step([{ type: 'UpdateText', path: [1], content: 'B' }, { type: 'Remove', path: [2] }, { type: 'Create', path: [3], node: T('new') }],
      E('p', null, T('a'), T('B'), E('i'), T('new'), T('c')), '<p>aB<i></i>newc</p>'),
    step([{ type: 'UpdateText', path: [0], content: '' }, { type: 'Replace', path: [2], node: T('I') }],
      E('p', null, T(''), T('B'), T('I'), T('new'), T('c')), '<p>BInewc</p>'),
    step([{ type: 'Create', path: [5], node: E('b', null, T('x'), T(''), T('y')) }],
      E('p', null, T(''), T('B'), T('I'), T('new'), T('c'), E('b', null, T('x'), T(''), T('y'))), '<p>BInewc<b>xy</b></p>')
  ]
}

const fragmentTexts = {
  name: 'a Fragment root of texts, and back to an element',
  tree: E('div', null, T('x')),
  html: '<div>x</div>',
  steps: [
    step([{ type: 'Replace', path: [], node: F(T('a'), T('b'), E('hr')) }], F(T('a'), T('b'), E('hr')), 'ab<hr>'),
    step([{ type: 'UpdateText', path: [1], content: 'B' }, { type: 'Create', path: [3], node: T('') }],
      F(T('a'), T('B'), E('hr'), T('')), 'aB<hr>'),
    step([{ type: 'Replace', path: [], node: E('div', null, T('y'), T('z')) }], E('div', null, T('y'), T('z')), '<div>yz</div>'),
    step([{ type: 'UpdateText', path: [1], content: 'Z' }], E('div', null, T('y'), T('Z')), '<div>yZ</div>')
  ]
}

const nodesErrors = {
  name: 'a patch that cannot apply is reported, and the full render follows',
  tree: E('p', null, T('a'), T('b')),
  html: '<p>ab</p>',
  steps: [
    step([{ type: 'UpdateText', path: [1], content: 'B' }, { type: 'UpdateText', path: [2], content: 'x' }],
      E('p', null, T('a'), T('B'), T('c')), '<p>aBc</p>', { error: { reason: 'InvalidPath', index: 1 } }),
    step([{ type: 'UpdateText', path: [2], content: 'C' }], E('p', null, T('a'), T('B'), T('C')), '<p>aBC</p>')
  ]
}

// One step a line, so that a diff of the JSON shows which step changed.
function format (f) {
  const { steps, ...head } = f
  return JSON.stringify(head).slice(0, -1) + ',"steps":[\n' + steps.map((s) => JSON.stringify(s)).join(',\n') + '\n]}'
}
const write = (file, f) => writeFileSync(new URL(file, import.meta.url),
  '{"view":' + JSON.stringify(f.view) + ',"cases":[\n' + f.cases.map(format).join(',\n') + '\n]}\n')
write('handmade-html.json', { view: 'html', cases: [everyKind, keptKeys, events, propsTable, rootReplace, fragmentRoot, rawHtml, nulls, mixedKeys, adjacentTexts, errors, svg, forms] })
write('handmade-nodes.json', { view: 'nodes', cases: [textNodes, fragmentTexts, everyKind, keptKeys, rootReplace, fragmentRoot, rawHtml, nulls, mixedKeys, nodesErrors] })
