// Test helpers: a happy-dom document, VNode builders, and show(), which
// writes a DOM as a string that tells every node apart (adjacent text nodes
// too) with attributes sorted.
import { Window } from 'happy-dom'

export function dom () {
  const window = new Window()
  const document = window.document
  const container = document.createElement('div')
  document.body.appendChild(container)
  return { window, document, container }
}

export const el = (tag, props, ...children) => ({ type: 'Element', tag, props: props || {}, children })
export const keyed = (key, tag, props, ...children) => ({ ...el(tag, props, ...children), key })
export const txt = (content) => ({ type: 'Text', content })
export const frag = (...children) => ({ type: 'Fragment', children })
export const raw = (html) => ({ type: 'RawHtml', html })

export function show (n) {
  if (n == null) return 'null'
  if (n.container) return '{' + show(n.container.childNodes) + '}' // a fragment root
  if (n.length !== undefined && n.nodeType === undefined) return [...n].map(show).join('')
  switch (n.nodeType) {
    case 3: return JSON.stringify(n.data)
    case 8: return '<!--' + n.data + '-->'
    case 11: return '#fragment(' + show(n.childNodes) + ')'
    case 1: {
      const attrs = [...n.attributes].map((a) => ' ' + a.name + '=' + JSON.stringify(a.value)).sort().join('')
      const ns = n.namespaceURI === 'http://www.w3.org/1999/xhtml' ? '' : n.namespaceURI.split('/').pop() + ':'
      return '<' + ns + n.localName + attrs + '>' + show(n.childNodes) + '</' + n.localName + '>'
    }
  }
  throw new Error('unexpected node type ' + n.nodeType)
}
