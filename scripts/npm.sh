#!/usr/bin/env bash
# Install the pinned npm tools of the e2e tests into <repo>/.node/node_modules.
#
# Today that is configurable-http-proxy, the proxy JupyterHub starts
# (e2e/test_hub.py). The versions are those of .node/package-lock.json,
# installed with 'npm ci' from the npm registry. Idempotent: a stamp in
# node_modules records the hash of the lock file (and node's version), so a
# second run with an unchanged lock returns at once.
#
# Usage: scripts/npm.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/.node"
LOCK="$DIR/package-lock.json"
STAMP="$DIR/node_modules/.lock.stamp"

log() { printf 'npm.sh: %s\n' "$*"; }
die() { printf 'npm.sh: error: %s\n' "$*" >&2; exit 1; }

[ -f "$LOCK" ] || die "lock file not found: $LOCK"
command -v node >/dev/null 2>&1 || die "node not found on PATH (on Debian: apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || die "npm not found on PATH (on Debian: apt-get install npm)"

want="$(sha256sum "$LOCK" | cut -d' ' -f1) node-$(node --version)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    log "$DIR/node_modules is up to date (lock unchanged)"
    exit 0
fi

log "installing pinned packages from ${LOCK#"$ROOT"/}"
(cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in $DIR failed (see npm output above)"
"$DIR/node_modules/.bin/configurable-http-proxy" --version >/dev/null \
    || die "configurable-http-proxy does not run"

printf '%s\n' "$want" > "$STAMP"
log "done: configurable-http-proxy $("$DIR/node_modules/.bin/configurable-http-proxy" --version)"
