# The browser client (client/) and its tests in a real browser (issue 9).
# Included by the top-level Makefile.
#
#   make test-client   the client's unit tests: node's test runner over client/test
#                      (happy-dom as the DOM), the size budget included
#   make test-browser  tests/browser/run.mjs: client/ in Debian's headless Chromium,
#                      driven by puppeteer-core, on the fixture files in
#                      tests/browser/testdata (or BROWSER_FIXTURES="a.json b.json")
#   make client-size   the client's minified and gzip size
#   make browser-deps  what the two need: Debian's chromium, installed with apt-get
#                      when $(CHROMIUM) is missing, and the pinned npm
#                      devDependencies (npm ci from the committed package-lock.json)
#                      of client/ and tests/browser/ when missing or out of date

NODE     ?= node
NPM      ?= npm
CHROMIUM ?= /usr/bin/chromium
BROWSER_FIXTURES ?=
BROWSER_SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# npm ci writes node_modules/.package-lock.json; it stands for the whole install.
CLIENT_MODULES  := client/node_modules/.package-lock.json
HARNESS_MODULES := tests/browser/node_modules/.package-lock.json

.PHONY: browser-deps chromium-deps test-client test-browser client-size

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

test-browser: chromium-deps $(HARNESS_MODULES)
	$(NODE) tests/browser/run.mjs --chromium $(CHROMIUM) $(BROWSER_FIXTURES)

client-size: $(CLIENT_MODULES)
	cd client && $(NODE) scripts/size.mjs
