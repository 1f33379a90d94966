#!/usr/bin/env node
// The real-browser harness (README.md): serves client/ and page/ on a loopback
// port, starts Debian's Chromium headless once, and runs every case of every
// fixture file given (default: testdata/*.json) in one page. Exit status: 0
// when every step of every chain is right, 1 when one is not, 2 when the
// harness itself could not run.
//
//   node run.mjs [--chromium PATH] [--max-failures N] [FIXTURE.json ...]

import { createServer } from 'node:http'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import puppeteer from 'puppeteer-core'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '..', '..')
const roots = { '/client/': join(repo, 'client'), '/page/': join(here, 'page') }
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' }

const LAUNCH_TIMEOUT = 180_000 // a loaded 2-core machine can be slow to start a browser
const PROTOCOL_TIMEOUT = 600_000 // one case of a long chain may take a while

function usage (msg) {
  console.error('run.mjs: ' + msg + '\nusage: node run.mjs [--chromium PATH] [--max-failures N] [FIXTURE.json ...]')
  process.exit(2)
}

function parseArgs (argv) {
  const o = { chromium: process.env.CHROMIUM || '/usr/bin/chromium', maxFailures: 20, files: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--chromium') o.chromium = argv[++i]
    else if (a === '--max-failures') o.maxFailures = Number(argv[++i])
    else if (a.startsWith('-')) usage('unknown flag ' + a)
    else o.files.push(a)
  }
  if (!o.chromium) usage('--chromium needs a path')
  if (!Number.isInteger(o.maxFailures) || o.maxFailures < 0) usage('--max-failures needs a count')
  if (o.files.length === 0) {
    const dir = join(here, 'testdata')
    o.files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f))
  }
  return o
}

// serve answers GET for the files under roots, nothing else.
function serve () {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1')
    const prefix = Object.keys(roots).find((p) => url.pathname.startsWith(p))
    const file = prefix && resolve(roots[prefix], '.' + sep + decodeURIComponent(url.pathname.slice(prefix.length)))
    let ok = req.method === 'GET' && file && file.startsWith(roots[prefix] + sep) && types[extname(file)]
    try {
      ok = ok && statSync(file).isFile()
    } catch {
      ok = false
    }
    if (!ok) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)], 'Cache-Control': 'no-store' }).end(readFileSync(file))
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

function loadFixture (file) {
  let f
  try {
    f = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new Error(file + ': ' + e.message)
  }
  if (f === null || typeof f !== 'object' || (f.view !== 'html' && f.view !== 'nodes') || !Array.isArray(f.cases)) {
    throw new Error(file + ': a fixture is {"view":"html"|"nodes","cases":[…]}')
  }
  return f
}

async function main () {
  const o = parseArgs(process.argv.slice(2))
  const fixtures = o.files.map((file) => ({ file, ...loadFixture(file) }))
  const started = Date.now()
  const server = await serve()
  const origin = 'http://127.0.0.1:' + server.address().port
  const profile = mkdtempSync(join(tmpdir(), 'minimact-chromium-'))
  let browser
  let pageErrors = []
  const total = { steps: 0, stepsRight: 0, chains: 0, chainsRight: 0 }
  try {
    browser = await puppeteer.launch({
      executablePath: o.chromium,
      headless: true,
      pipe: true,
      userDataDir: profile,
      timeout: LAUNCH_TIMEOUT,
      protocolTimeout: PROTOCOL_TIMEOUT,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'
      ]
    })
    const version = await browser.version()
    const page = await browser.newPage()
    page.setDefaultTimeout(PROTOCOL_TIMEOUT)
    page.on('pageerror', (e) => pageErrors.push(String(e)))
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push('console: ' + m.text()) })
    page.on('requestfailed', (r) => pageErrors.push('request failed: ' + r.url()))
    page.on('response', (r) => { if (r.status() >= 400) pageErrors.push('HTTP ' + r.status() + ' for ' + r.url()) })
    await page.goto(origin + '/page/index.html', { waitUntil: 'load', timeout: LAUNCH_TIMEOUT })
    // Module scripts run before 'load'; this only waits out a slow machine.
    const deadline = Date.now() + LAUNCH_TIMEOUT
    while (!(await page.evaluate(() => window.harnessReady === true))) {
      if (pageErrors.length) throw new Error('the page failed to load: ' + pageErrors.join('; '))
      if (Date.now() > deadline) throw new Error('the page was not ready after ' + LAUNCH_TIMEOUT + ' ms')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    if (pageErrors.length) throw new Error('the page failed to load: ' + pageErrors.join('; '))
    console.log('browser: ' + version + ' (' + o.chromium + '), client from ' + origin + '/client/index.js, ready after ' +
      ((Date.now() - started) / 1000).toFixed(1) + ' s')
    const casesStarted = Date.now()

    let printed = 0
    for (const f of fixtures) {
      const rel = relative(process.cwd(), f.file)
      const name = rel && !rel.startsWith('..') ? rel : f.file
      const sum = { steps: 0, stepsRight: 0, chains: 0, chainsRight: 0 }
      for (const c of f.cases) {
        const r = await page.evaluate((view, c) => window.harness.runCase(view, c), f.view, c)
        if (pageErrors.length) {
          r.failures = (r.failures || []).concat(pageErrors.map((e) => ({ step: -1, message: 'page error: ' + e })))
          pageErrors = []
        }
        if (r.fatal) throw new Error(name + ': case ' + JSON.stringify(c.name) + ': ' + r.fatal)
        sum.chains++
        sum.steps += r.steps
        sum.stepsRight += r.right
        if (r.failures.length === 0) sum.chainsRight++
        for (const x of r.failures) {
          if (printed++ < o.maxFailures) {
            console.log('FAIL ' + name + ' (' + f.view + ') case ' + JSON.stringify(r.name) + (x.step >= 0 ? ' step ' + x.step : '') + ': ' + x.message)
          }
        }
      }
      console.log(name + ' (' + f.view + '): ' + sum.stepsRight + '/' + sum.steps + ' steps right, ' + sum.chainsRight + '/' + sum.chains + ' chains right')
      for (const k in total) total[k] += sum[k]
    }
    if (printed > o.maxFailures) console.log('(' + (printed - o.maxFailures) + ' more failures not shown)')
    console.log('cases run in ' + ((Date.now() - casesStarted) / 1000).toFixed(1) + ' s')
  } finally {
    if (browser) await browser.close()
    server.close()
    rmSync(profile, { recursive: true, force: true })
  }
  console.log('steps: ' + total.stepsRight + ' passed, ' + (total.steps - total.stepsRight) + ' failed')
  console.log('browser: ' + total.chainsRight + ' passed, ' + (total.chains - total.chainsRight) + ' failed')
  return total.chainsRight === total.chains && total.stepsRight === total.steps ? 0 : 1
}

main().then((code) => process.exit(code), (e) => {
  console.error('run.mjs: ' + (e && e.stack ? e.stack : e))
  process.exit(2)
})
