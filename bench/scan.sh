#!/usr/bin/env bash
# Scan throughput, side by side in one run on the same files: snakepit scan (all rules + all metrics)
# vs bandit -r, radon cc+hal+mi, and ruff check --select S,C901. Wall time and peak RSS per tool.
# Usage: bench/scan.sh [CORPUS_DIR]   (build one with bench/corpus.sh; needs bandit, radon, ruff on PATH
#        or RUFF=/path/to/ruff; runs `npm run build` first). Results: bench/results/scan-<date>.md
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-${TMPDIR:-/tmp}/snakepit-corpus/src}
ruff=${RUFF:-$(command -v ruff || true)}
[[ -d "$corpus" ]] || { echo "no corpus at $corpus: run bench/corpus.sh first" >&2; exit 2; }
npm run --silent build >/dev/null
mkdir -p bench/results
out="bench/results/scan-$(date +%Y%m%d-%H%M%S).md"
files=$(find "$corpus" -name '*.py' | wc -l)
lines=$(find "$corpus" -name '*.py' -exec cat {} + | wc -l)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" || true
  read -r seconds kb < <(tail -1 "$tmp/time")
  printf '| %s | %.2f | %.0f | %.0f |\n' "$name" "$seconds" "$(echo "$lines / $seconds" | bc -l)" "$((kb / 1024))" | tee -a "$out"
  echo "$seconds" > "$tmp/$name.s"
}

{
  echo "# Scan throughput on $files files, $lines lines ($(nproc) cores), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo '| tool | seconds | lines/s | peak RSS MiB |'
  echo '|---|---|---|---|'
} | tee "$out"
measure snakepit node dist/cli.js scan --no-cache -f json -o "$tmp/snakepit.json" "$corpus"
measure snakepit-no-metrics node dist/cli.js scan --no-cache --no-metrics -f json -o "$tmp/snakepit2.json" "$corpus"
measure bandit bandit -q -r -f json -o "$tmp/bandit.json" "$corpus"
measure radon-cc-hal sh -c "radon cc -j '$corpus' >/dev/null && radon hal -j '$corpus' >/dev/null"
# radon mi's raw-metrics tokenizer is quadratic in a statement's length: on some corpora it runs for hours.
measure radon-mi timeout "${RADON_MI_TIMEOUT:-600}" radon mi -j "$corpus"
[[ -n "$ruff" ]] && measure ruff-S-C901 "$ruff" check --no-cache --select S,C901 --exit-zero --output-format json "$corpus"
sp=$(cat "$tmp/snakepit.s")
{
  echo
  echo "snakepit vs bandit: $(echo "$(cat "$tmp/bandit.s") / $sp" | bc -l | xargs printf '%.1f')× the throughput"
  echo "snakepit vs radon cc+hal: $(echo "$(cat "$tmp/radon-cc-hal.s") / $sp" | bc -l | xargs printf '%.1f')× (radon mi: $(cat "$tmp/radon-mi.s") s, with a ${RADON_MI_TIMEOUT:-600} s timeout)"
  [[ -f "$tmp/ruff-S-C901.s" ]] && echo "snakepit vs ruff --select S,C901: $(echo "$(cat "$tmp/ruff-S-C901.s") / $sp" | bc -l | xargs printf '%.2f')×"
} | tee -a "$out"
echo "written to $out"
