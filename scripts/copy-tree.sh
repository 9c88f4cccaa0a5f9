#!/usr/bin/env bash
# Copies this checkout's files into DEST as a clean tree: what git tracks plus new files it does not
# ignore, with the working tree's edits, and nothing ignored (no node_modules, data or test output).
# Used to give a second Node.js runtime its own install (.ci/run, scripts/bench-runtimes.sh).
set -euo pipefail
dest="${1:?usage: scripts/copy-tree.sh DEST}"
cd "$(dirname "$0")/.."
mkdir -p "$dest"
# Files deleted in the working tree are still listed by git; skip them.
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null --files-from=- -cf - \
  | tar -xf - -C "$dest"
