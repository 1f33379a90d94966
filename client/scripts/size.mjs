// Prints the client's size: source, minified (esbuild, pinned in
// package.json) and minified + gzip (level 9). `npm run size`.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { transformSync } from 'esbuild'

export function sizes () {
  const src = readFileSync(fileURLToPath(new URL('../index.js', import.meta.url)), 'utf8')
  const min = transformSync(src, { minify: true, format: 'esm', target: 'es2020' }).code
  return { source: Buffer.byteLength(src), minified: Buffer.byteLength(min), gzip: gzipSync(min, { level: 9 }).length }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = sizes()
  console.log(`client/index.js: ${s.source} bytes, minified ${s.minified} bytes, minified+gzip ${s.gzip} bytes`)
}
