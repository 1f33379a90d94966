# The C ABI and the C# binding (issue 3). Included by the top-level Makefile.
#
#   make lib          build/libminimact.so and build/minimact.h
#   make test-c       the C test (every export, bad input, 8 threads with racing
#                     destroys, injected panics), the header check, and a soak
#                     of 1,000,000 calls with resident memory checked
#   make test-csharp  the C# tests under Mono, over the generated binding, and the
#                     drop-in program written like existing hosts
#   make demo         the C# demo (examples/): a counter and a todo list
#   make bench-abi    the C benchmark through the ABI (bench/ABI.md)
#
# Mono (mcs, mono) is installed with apt-get when it is missing.

GO      ?= go
CC      ?= gcc
BUILD   ?= build
SOAK    ?= 1000000
LIBDIR  := $(abspath $(BUILD))
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ABI_GO  := $(shell find ffi runtime generated schema -name '*.go' ! -name '*_test.go' 2>/dev/null) go.mod go.sum
CFLAGS_ABI := -O2 -g -Wall -Wextra -std=c11 -D_GNU_SOURCE -I$(BUILD)
LDFLAGS_ABI := -L$(BUILD) -lminimact -Wl,-rpath,$(LIBDIR) -lpthread

.PHONY: lib test-c test-csharp demo bench-abi mono-deps

lib: $(BUILD)/libminimact.so $(BUILD)/minimact.h

# cgo writes build/libminimact.h beside the library: its own header, used only
# by the header check. Hosts include build/minimact.h.
$(BUILD)/libminimact.so: $(ABI_GO) generated/c/minimact.h
	@mkdir -p $(BUILD)
	$(GO) build -buildmode=c-shared -trimpath -o $@ ./ffi

$(BUILD)/minimact.h: generated/c/minimact.h
	@mkdir -p $(BUILD)
	cp $< $@

$(BUILD)/abi_test: tests/c/abi_test.c lib
	$(CC) $(CFLAGS_ABI) -o $@ $< $(LDFLAGS_ABI)

$(BUILD)/tree_test: tests/c/tree_test.c lib
	$(CC) $(CFLAGS_ABI) -o $@ $< $(LDFLAGS_ABI)

$(BUILD)/soak: tests/c/soak.c lib
	$(CC) $(CFLAGS_ABI) -o $@ $< $(LDFLAGS_ABI)

# bench_abi is only built (a compile check), never run here
test-c: $(BUILD)/abi_test $(BUILD)/tree_test $(BUILD)/soak $(BUILD)/bench_abi
	$(CC) $(CFLAGS_ABI) -fsyntax-only tests/c/header_check.c
	$(BUILD)/abi_test
	$(BUILD)/tree_test
	$(BUILD)/soak $(SOAK)

mono-deps:
	@if ! command -v mcs >/dev/null 2>&1 || ! command -v mono >/dev/null 2>&1; then \
		echo "installing Mono (mono-mcs, mono-runtime) with apt-get"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y mono-mcs mono-runtime; \
	fi

MCS := mcs -langversion:7.2 -warnaserror+ -nologo

$(BUILD)/csharp/tests.exe: generated/csharp/Minimact.cs $(wildcard tests/csharp/Tests*.cs) | mono-deps
	@mkdir -p $(BUILD)/csharp
	$(MCS) -out:$@ generated/csharp/Minimact.cs $(filter tests/csharp/Tests%.cs,$^)

$(BUILD)/csharp/dropin.exe: tests/csharp/DropIn.cs | mono-deps
	@mkdir -p $(BUILD)/csharp
	$(MCS) -out:$@ $<

$(BUILD)/csharp/demo.exe: generated/csharp/Minimact.cs $(wildcard examples/*.cs) | mono-deps
	@mkdir -p $(BUILD)/csharp
	$(MCS) -out:$@ generated/csharp/Minimact.cs $(filter examples/%.cs,$^)

test-csharp: lib mono-deps $(BUILD)/csharp/tests.exe $(BUILD)/csharp/dropin.exe
	LD_LIBRARY_PATH=$(LIBDIR) mono --debug $(BUILD)/csharp/tests.exe
	LD_LIBRARY_PATH=$(LIBDIR) mono --debug $(BUILD)/csharp/dropin.exe
	@# the C# host benchmark is compiled (not run) when its serializer is installed (make bench-host installs it)
	@if [ -f $(WEBEXT) ]; then $(MAKE) --no-print-directory $(BUILD)/csharp/hostbench.exe; else echo "skipping the compile check of bench/host: $(WEBEXT) is missing (make bench-host installs it)"; fi

demo: lib mono-deps $(BUILD)/csharp/demo.exe
	@LD_LIBRARY_PATH=$(LIBDIR) mono $(BUILD)/csharp/demo.exe

$(BUILD)/bench_abi: bench/abi/bench_abi.c lib
	$(CC) $(CFLAGS_ABI) -O3 -o $@ $< $(LDFLAGS_ABI) -lm

# RUNS=9 by default; CASE=<name> for one case (bench/abi/bench_abi.c)
bench-abi: $(BUILD)/bench_abi
	$(GO) run ./bench/cmd/writeinputs $(BUILD)/bench-inputs >/dev/null
	$(GO) run ./bench/abi/bininputs $(BUILD)/bench-inputs
	$(BUILD)/bench_abi $(BUILD)/bench-inputs $(or $(RUNS),9) $(CASE)
