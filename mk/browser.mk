# The browser client (client/) and its tests in a real browser (issue 9).
# Included by the top-level Makefile.
#
#   make test-client   the client's unit tests: node's test runner over client/test
#                      (happy-dom as the DOM), the size budget included
#   make test-browser  tests/browser/run.mjs: client/ in Debian's headless Chromium,
#                      driven by puppeteer-core, on the hand-made fixture files in
#                      tests/browser/testdata and the random chains below (or on
#                      BROWSER_FIXTURES="a.json b.json")
#   make browser-fixtures  the random chains from the engine, one file per DOM view:
#                      tests/browser/chains (Go, fixed seeds) writes $(BROWSER_CHAINS)
#                      chains of $(BROWSER_STEPS) steps, and tests/browser/fixtures.c,
#                      built against build/libminimact.so, gets each first page and
#                      step's HTML (minimact_render_html) and patches
#                      (minimact_reconcile, or _with_limits {"dom_view":"nodes"})
#                      through the C ABI into build/browser/chains-{html,nodes}.json
#   make client-size   the client's minified and gzip size
#   make browser-deps  what the two need: Debian's chromium, installed with apt-get
#                      when $(CHROMIUM) is missing, and the pinned npm
#                      devDependencies (npm ci from the committed package-lock.json)
#                      of client/ and tests/browser/ when missing or out of date

NODE     ?= node
NPM      ?= npm
CHROMIUM ?= /usr/bin/chromium
BROWSER_CHAINS ?= 500
BROWSER_STEPS  ?= 15
BROWSER_GEN    := $(BUILD)/browser
CHAIN_FIXTURES := $(BROWSER_GEN)/chains-html.json $(BROWSER_GEN)/chains-nodes.json
BROWSER_FIXTURES ?= $(sort $(wildcard tests/browser/testdata/*.json)) $(CHAIN_FIXTURES)
CHAINS_GO := $(shell find tests/browser/chains internal/treegen -name '*.go' ! -name '*_test.go' 2>/dev/null)
BROWSER_SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# npm ci writes node_modules/.package-lock.json; it stands for the whole install.
CLIENT_MODULES  := client/node_modules/.package-lock.json
HARNESS_MODULES := tests/browser/node_modules/.package-lock.json

.PHONY: browser-deps chromium-deps test-client test-browser client-size browser-fixtures

chromium-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "installing Debian's chromium with apt-get"; \
		$(BROWSER_SUDO) apt-get update && \
		$(BROWSER_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

$(CLIENT_MODULES): client/package.json client/package-lock.json
	cd client && $(NPM) ci --no-audit --no-fund
	@touch $@

$(HARNESS_MODULES): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && $(NPM) ci --no-audit --no-fund
	@touch $@

browser-deps: chromium-deps $(CLIENT_MODULES) $(HARNESS_MODULES)

test-client: $(CLIENT_MODULES)
	cd client && $(NODE) --test test/*.test.js

$(BROWSER_GEN)/fixtures: tests/browser/fixtures.c $(BUILD)/libminimact.so $(BUILD)/minimact.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ABI) -o $@ $< $(LDFLAGS_ABI)

$(BROWSER_GEN)/chains-%.txt: $(CHAINS_GO) go.mod
	@mkdir -p $(@D)
	$(GO) run ./tests/browser/chains -view $* -chains $(BROWSER_CHAINS) -steps $(BROWSER_STEPS) > $@.tmp
	@mv $@.tmp $@

$(BROWSER_GEN)/chains-%.json: $(BROWSER_GEN)/chains-%.txt $(BROWSER_GEN)/fixtures
	$(BROWSER_GEN)/fixtures < $< > $@.tmp
	@mv $@.tmp $@

browser-fixtures: $(CHAIN_FIXTURES)

# keep the chains: make would delete them as intermediate files
.SECONDARY: $(CHAIN_FIXTURES:.json=.txt)

test-browser: chromium-deps $(HARNESS_MODULES) $(CHAIN_FIXTURES)
	$(NODE) tests/browser/run.mjs --chromium $(CHROMIUM) $(BROWSER_FIXTURES)

client-size: $(CLIENT_MODULES)
	cd client && $(NODE) scripts/size.mjs
