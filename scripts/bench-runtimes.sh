#!/usr/bin/env bash
# Benchmarks the machine's Node and Node 24 LTS side by side on one corpus, alternating:
#   scripts/bench-runtimes.sh [--quotes N] [--rounds R] [--suites LIST] [--out DIR] [-- BENCH_ARGS...]
# Defaults: 1,000,000 quotes, 2 rounds, suites search,http,verify (in-process search and verify, HTTP).
# The corpus is built once; every run gets a fresh copy of it (a server start writes the verify index),
# and the order flips each round (20, 24 | 24, 20 | …) so a drift in the machine's load hits both.
# Node 24 runs from its own copy of this tree, installed with `npm ci` under it (scripts/with-node.sh);
# this checkout's node_modules must be the machine Node's (`npm ci` as usual). Run on an idle machine.
# Results: one Markdown file per run in DIR (default bench-results/runtimes-<UTC time>, gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

quotes=1000000 rounds=2 suites=search,http,verify out=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --quotes) quotes="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --suites) suites="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: scripts/bench-runtimes.sh [--quotes N] [--rounds R] [--suites LIST] [--out DIR] [-- BENCH_ARGS...]" >&2; exit 64 ;;
  esac
done
out="${out:-$repo/bench-results/runtimes-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"

work="$(mktemp -d "${TMPDIR:-/tmp}/whosaid-bench-runtimes.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log() { printf '== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)" >&2; }

log "Node 24: installing a copy of this tree in $work/node24"
scripts/copy-tree.sh "$work/node24"
(cd "$work/node24" && "$repo/scripts/with-node.sh" 24 npm ci --no-audit --no-fund --loglevel=error >&2)

log "corpus: $quotes quotes (machine Node $(node --version))"
npm run --silent bench:corpus -- --quotes "$quotes" --db "$work/corpus.db" >&2

# Runs one benchmark with the named runtime on a fresh copy of the corpus (and its sidecar files).
bench() {
  local runtime="$1" round="$2" file="$out/round$2-node$1.md"
  shift 2
  rm -f "$work"/run.db*
  for f in "$work"/corpus.db*; do cp "$f" "$work/run.db${f#"$work"/corpus.db}"; done
  sync
  log "round $round: Node $runtime -> $file"
  if [ "$runtime" = 20 ]; then
    npm run --silent bench -- --db "$work/run.db" --suites "$suites" "$@" >"$file"
  else
    (cd "$work/node24" && "$repo/scripts/with-node.sh" 24 npm run --silent bench -- --db "$work/run.db" --suites "$suites" "$@") >"$file"
  fi
}

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order="20 24"; else order="24 20"; fi
  for runtime in $order; do bench "$runtime" "$round" "$@"; done
done
log "done: results in $out"
ls -1 "$out"
