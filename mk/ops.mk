# Operations (issue 8): the Prometheus exposition checked by Prometheus's own
# promtool, the log callback from C, and the C load test. Included by the
# top-level Makefile; `make test` runs test-ops.
#
#   make test-ops         test-prometheus, then the load test for LOAD_SECS
#                         (default 5) seconds
#   make test-prometheus  the C test of the operations exports (tests/c/ops_test.c),
#                         which writes the exposition after real work to
#                         build/metrics.prom; then `promtool check metrics` on it
#   make load-test        the full load test: 8 threads for 30 s over 100
#                         predictors (LOAD_FULL_SECS, LOAD_THREADS,
#                         LOAD_PREDICTORS); bench/README.md has its table
#   make promtool-deps    installs Debian's prometheus package (for promtool)
#                         with apt-get when promtool is missing
#
# BUILD, CC, SUDO and the C flags are mk/abi.mk's.

LOAD_SECS       ?= 5
LOAD_FULL_SECS  ?= 30
LOAD_THREADS    ?= 8
LOAD_PREDICTORS ?= 100
PROMTOOL        ?= promtool

.PHONY: test-ops test-prometheus load-test promtool-deps

promtool-deps:
	@if ! command -v $(PROMTOOL) >/dev/null 2>&1; then \
		echo "installing promtool (Debian's prometheus package) with apt-get"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus; \
	fi

$(BUILD)/ops_test: tests/c/ops_test.c lib
	$(CC) $(CFLAGS_ABI) -o $@ $< $(LDFLAGS_ABI)

$(BUILD)/load: tests/load/load.c lib
	$(CC) $(CFLAGS_ABI) -o $@ $< $(LDFLAGS_ABI)

test-prometheus: $(BUILD)/ops_test promtool-deps
	$(BUILD)/ops_test $(BUILD)/metrics.prom
	$(PROMTOOL) check metrics < $(BUILD)/metrics.prom
	@echo "promtool check metrics: $(BUILD)/metrics.prom, $$(grep -c '^# TYPE' $(BUILD)/metrics.prom) families, no problems"

test-ops: test-prometheus $(BUILD)/load
	$(BUILD)/load $(LOAD_SECS) $(LOAD_THREADS) $(LOAD_PREDICTORS)

load-test: $(BUILD)/load
	$(BUILD)/load $(LOAD_FULL_SECS) $(LOAD_THREADS) $(LOAD_PREDICTORS)
