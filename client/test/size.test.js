import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sizes } from '../scripts/size.mjs'

// A budget, not a timing: the client stays small (README.md, "Size").
test('size: minified under 8 KiB, minified+gzip under 3.5 KiB', (t) => {
  const s = sizes()
  t.diagnostic(`client/index.js: minified ${s.minified} bytes, minified+gzip ${s.gzip} bytes`)
  assert.ok(s.minified <= 8192, `minified ${s.minified} bytes`)
  assert.ok(s.gzip <= 3584, `gzip ${s.gzip} bytes`)
})
