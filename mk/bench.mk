# The C# host benchmark (issue 11). Included by the top-level Makefile.
#
#   make bench-host   the end-to-end cost of a re-render in one Mono process,
#                     from VNode objects to the patch string (bench/host,
#                     bench/README.md "The C# host"); RUNS=7 by default
#
# The reflection serializer standing in for Newtonsoft.Json is Mono's
# JavaScriptSerializer (System.Web.Extensions), installed with apt-get when
# it is missing.

WEBEXT := /usr/lib/mono/4.5/System.Web.Extensions.dll

.PHONY: bench-host webext-deps

webext-deps: | mono-deps
	@if [ ! -f $(WEBEXT) ]; then \
		echo "installing Mono's System.Web.Extensions (libmono-system-web-extensions4.0-cil) with apt-get"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y libmono-system-web-extensions4.0-cil; \
	fi

$(BUILD)/csharp/hostbench.exe: generated/csharp/Minimact.cs examples/VNodeAdapter.cs $(wildcard bench/host/*.cs) | webext-deps
	@mkdir -p $(BUILD)/csharp
	$(MCS) -r:System.Web.Extensions.dll -out:$@ generated/csharp/Minimact.cs examples/VNodeAdapter.cs bench/host/*.cs

bench-host: lib $(BUILD)/csharp/hostbench.exe
	LD_LIBRARY_PATH=$(LIBDIR) mono $(BUILD)/csharp/hostbench.exe $(or $(RUNS),7)
