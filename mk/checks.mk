# The checks beyond `go test` (issue 7). Included by the top-level Makefile;
# `make test` runs both.
#
#   make test-race    go test -race (-short) on the packages with shared
#                     state: the predictor (RWMutex, atomics, pools), the
#                     reconciler's tree cache, diag's logger and metrics, and
#                     the cgo library (its registry, workers, racing destroys)
#   make staticcheck  staticcheck (honnef.co/go/tools, pinned below) on the
#                     whole module; built once into build/tools/

GO    ?= go
BUILD ?= build

RACE_PKGS           ?= ./runtime/predict ./runtime/reconcile ./runtime/diag ./ffi
STATICCHECK_VERSION ?= v0.8.2
STATICCHECK         := $(BUILD)/tools/staticcheck-$(STATICCHECK_VERSION)

.PHONY: test-race staticcheck

test-race:
	$(GO) test -race -short -count=1 $(RACE_PKGS)

# go install from the module proxy: the tool is not a dependency of the
# module (its go.mod is untouched).
$(STATICCHECK):
	@mkdir -p $(BUILD)/tools
	GOBIN=$(abspath $(BUILD)/tools) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv $(BUILD)/tools/staticcheck $@

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...
