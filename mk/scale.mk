# The predictor at scale (issue 8). Included by the top-level Makefile.
#
#   make bench-scale   predictions through the C ABI on one and two threads,
#                      on separate predictors and one shared (bench/abi/bench_scale.c)
#   make scale-table   learn and predict latency and resident memory at 1,000
#                      to 1,000,000 keys (go run ./bench/cmd/scale)

.PHONY: bench-scale scale-table

$(BUILD)/bench_scale: bench/abi/bench_scale.c lib
	$(CC) $(CFLAGS_ABI) -O3 -o $@ $< $(LDFLAGS_ABI)

bench-scale: $(BUILD)/bench_scale
	$(BUILD)/bench_scale $(SCALE_SECONDS) $(SCALE_RUNS)

scale-table:
	$(GO) run ./bench/cmd/scale
