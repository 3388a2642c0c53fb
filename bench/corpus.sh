#!/usr/bin/env bash
# Builds the benchmark corpus: popular wheels from the configured pip index, unpacked, .py files only.
# Usage: bench/corpus.sh [DIR]   (default: $TMPDIR/snakepit-corpus). Prints the corpus size.
set -euo pipefail
dest=${1:-${TMPDIR:-/tmp}/snakepit-corpus}
packages=(django requests flask werkzeug jinja2 sqlalchemy pygments rich click urllib3 setuptools pip)
mkdir -p "$dest/wheels" "$dest/src"
pip download --quiet --retries 0 --no-deps --only-binary=:all: -d "$dest/wheels" "${packages[@]}" 2> >(grep -v "^WARNING" >&2)
for wheel in "$dest"/wheels/*.whl; do
  name=$(basename "$wheel" .whl)
  [[ -d "$dest/src/$name" ]] || python3 -m zipfile -e "$wheel" "$dest/src/$name"
done
find "$dest/src" -type f ! -name '*.py' -delete
# pip's vendored idna/uts46data.py is one 17,000-line table on which radon's raw-metrics tokenizer
# runs for hours (quadratic in a statement's length): leave it out so every tool sees the same corpus.
find "$dest/src" -name uts46data.py -delete
files=$(find "$dest/src" -name '*.py' | wc -l)
lines=$(find "$dest/src" -name '*.py' -exec cat {} + | wc -l)
echo "$dest/src: $files files, $lines lines from: ${packages[*]}"
