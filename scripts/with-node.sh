#!/usr/bin/env bash
# Runs a command with another Node.js major version first on PATH:
#   scripts/with-node.sh 24 npm ci
#   scripts/with-node.sh 24 npm run bench -- --quick
# The runtime comes from the npm registry's node-<os>-<arch> package (the official binary plus its
# headers), installed once into a cache folder; npm_config_nodedir points native builds such as
# better-sqlite3 at those headers, so they compile offline for that runtime.
# A native module must be built by the runtime that loads it: run `npm ci` this way in its own
# checkout (CI and scripts/bench-runtimes.sh use a separate copy of the tree).
set -euo pipefail

major="${1:?usage: scripts/with-node.sh MAJOR COMMAND [ARGS...]}"
shift
[ "$#" -gt 0 ] || { echo "usage: scripts/with-node.sh MAJOR COMMAND [ARGS...]" >&2; exit 64; }

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "with-node.sh: no Node package for $(uname -s)" >&2; exit 69 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "with-node.sh: no Node package for $(uname -m)" >&2; exit 69 ;;
esac

package="node-$os-$arch"
home="${WHOSAID_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/whosaid}/node-$major"
dir="$home/node_modules/$package"
if [ ! -x "$dir/bin/node" ]; then
  echo "with-node.sh: installing $package@$major from the npm registry into $home" >&2
  npm install --prefix "$home" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$package@$major" >&2
fi

export PATH="$dir/bin:$PATH"
export npm_config_nodedir="$dir"
exec "$@"
