#!/usr/bin/env bash
# Fuzz each target in turn for a bounded time: bash fuzz/run.sh [DURATION]
# (default 10s; any -fuzztime value: 30s, 5m, 10000x). Exits non-zero when a
# target fails; the go tool has then written the failing input to
# fuzz/testdata/fuzz/<Target>/, where `go test ./fuzz` replays it.
set -uo pipefail
cd "$(dirname "$0")/.."

fuzztime="${1:-10s}"
targets=(FuzzDecode FuzzReconcile FuzzApply)
failed=()

for target in "${targets[@]}"; do
	echo "== $target ($fuzztime)"
	if ! go test ./fuzz -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime"; then
		failed+=("$target")
	fi
done

if ((${#failed[@]} > 0)); then
	echo "fuzz: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "fuzz: all ${#targets[@]} targets passed ($fuzztime each)"
