# The two commands a newcomer needs (README.md):
#   make demo   the main job: build the C library and run the C# demo through it
#   make test   every test: gofmt, vet and staticcheck; the generated-code check; Go
#               (unit, property, golden), again under -race where state is shared;
#               every fuzz target for a bounded budget; the C ABI tests; the metrics
#               exposition through promtool and a short load test; the C# tests
#               under Mono
#
# Everything else is a step of those two.

GO       ?= go
# empty: each fuzz target its own count of inputs (fuzz/run.sh); or any
# -fuzztime value for all of them (30s, 10000x)
FUZZTIME ?=

.PHONY: test generate check-generate vet test-go fuzz bench demo-cli

# The ABI targets (lib, demo, test-c, test-csharp, bench-abi) live in mk/abi.mk,
# test-ops (promtool, the load test) and load-test in mk/ops.mk,
# test-race and staticcheck in mk/checks.mk.
-include mk/*.mk

test: vet staticcheck check-generate test-go test-race fuzz test-c test-ops test-csharp test-client test-browser
	@echo "all tests passed"

generate:
	$(GO) generate ./...

# The generated files must be what the generator makes from the committed schema.
# (gen's TestGeneratedUpToDate checks the same inside `go test`.)
check-generate:
	$(GO) generate ./...
	@if [ -d .git ] && [ -n "$$(git status --porcelain -- generated docs/abi.md)" ]; then \
		echo "go generate changed checked-in files; run 'make generate' and commit:"; \
		git status --porcelain -- generated docs/abi.md; exit 1; fi

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test-go:
	$(GO) test -count=1 ./...

fuzz:
	bash fuzz/run.sh $(FUZZTIME)

bench:
	bash bench/run.sh 6

# The Go-only walkthrough (no C# needed).
demo-cli:
	$(GO) run ./cmd/minimact demo
