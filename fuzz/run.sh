#!/usr/bin/env bash
# Fuzz every fuzz target of the module in turn, each for a bounded budget:
#
#   bash fuzz/run.sh            each target its own count of inputs (below)
#   bash fuzz/run.sh 30s        every target for any -fuzztime value: 30s, 5m, 10000x
#
# The targets are found with `go test -list '^Fuzz'` in every package, so a
# new one is fuzzed without being named here (with the default budget).
#
# Budgets are counts of inputs, not durations: each target takes seconds on
# a 2-core machine, and a count does not race the fuzzing coordinator's
# deadline (a time-based -fuzztime can end in "context deadline exceeded"
# with no failing input; that case, and only when no new failing input was
# written, is a pass). Exits non-zero when a target fails; the go tool has
# then written the failing input to <package>/testdata/fuzz/<Target>/, where
# `go test <package>` replays it.
set -uo pipefail
cd "$(dirname "$0")/.."

override="${1:-}"

# inputs per target: about 5-15 s each here (exec rates differ 10x)
declare -A budget=(
	[FuzzScan]=100000x
	[FuzzDecode]=200000x
	[FuzzReconcile]=200000x
	[FuzzApply]=100000x
	[FuzzHTML]=100000x
	[FuzzExports]=100000x
	[FuzzPredictor]=100000x
	[FuzzDeserialize]=50000x
	[FuzzLoad]=10000x
)
default_budget=20000x

# package<TAB>target, for every fuzz target of the module
list=$(go test -list '^Fuzz' ./... 2>&1 | awk '
	/^Fuzz/ { names[n++] = $1; next }
	/^ok / { for (i = 0; i < n; i++) print $2 "\t" names[i]; n = 0; next }
	/^(FAIL|---|panic|#)/ { print "error\t" $0 }')
if [[ -z "$list" ]] || grep -q '^error' <<<"$list"; then
	echo "fuzz: could not list the fuzz targets:" >&2
	go test -list '^Fuzz' ./... >&2
	exit 1
fi

failed=()
count=0
start=$SECONDS
while IFS=$'\t' read -r pkg target; do
	count=$((count + 1))
	fuzztime="${override:-${budget[$target]:-$default_budget}}"
	dir="$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$target"
	before=$(ls "$dir" 2>/dev/null | sort)
	echo "== $target ($pkg, $fuzztime)"
	t0=$SECONDS
	out=$(go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" 2>&1 </dev/null)
	rc=$?
	echo "$out" | tail -n 3
	if ((rc != 0)); then
		after=$(ls "$dir" 2>/dev/null | sort)
		if [[ "$after" == "$before" ]] && grep -q 'context deadline exceeded' <<<"$out"; then
			echo "   (the coordinator's deadline, no failing input: a pass)"
		else
			echo "$out" | tail -n 40 >&2
			failed+=("$target")
		fi
	fi
	echo "   $((SECONDS - t0))s"
done <<<"$list"

if ((${#failed[@]} > 0)); then
	echo "fuzz: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "fuzz: all $count targets passed in $((SECONDS - start))s"
