#!/usr/bin/env bash
# Runs the engine's Go benchmarks COUNT times (default 6) and prints a markdown
# table of the medians, with the goals and whether they are met.
#
# Usage: bench/run.sh [COUNT] [BENCH-REGEXP]
#
#   bench/run.sh 6                      every benchmark, 6 runs
#   bench/run.sh 10 'Reconcile/table'   a subset (go test -bench syntax:
#   bench/run.sh 6 '/table-one-cell'    '/' separates levels)
#   README=1 bench/run.sh 6             also write the table into bench/README.md
#
# The raw `go test` output is kept in $RAW (default: a temporary file, named on
# stderr) for benchstat or a second look.
set -euo pipefail

count=${1:-6}
pattern=${2:-.}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/minimact-bench.XXXXXX")
raw=${RAW:-$tmp/raw.txt}

# Build the table printer first, so a broken build fails before the long run.
go build -o "$tmp/benchtable" ./bench/cmd/benchtable
trap 'rm -f "$tmp/benchtable"' EXIT

cmd="go test ./bench -run '^\$' -bench '$pattern' -benchmem -count $count"
echo "\$ $cmd" >&2
go test ./bench -run '^$' -bench "$pattern" -benchmem -count "$count" -timeout 60m | tee "$raw" >&2
echo "raw output: $raw" >&2

shown="bench/run.sh $*"
[ $# -eq 0 ] && shown="bench/run.sh"
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && rev="$rev + uncommitted changes"
env="$(go env GOVERSION), GOMAXPROCS=${GOMAXPROCS:-$(nproc)}, tree $rev, $(date -u +%Y-%m-%d)"
"$tmp/benchtable" -cmd "$shown  # $cmd" -env "$env" < "$raw"
if [ "${README:-}" = 1 ]; then
	"$tmp/benchtable" -cmd "$shown  # $cmd" -env "$env" -readme bench/README.md < "$raw"
	echo "table written into bench/README.md" >&2
fi
