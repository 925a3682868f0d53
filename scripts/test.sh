#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests
# need (Go modules, the pinned Python venv, Debian's chromium), checks the
# Go code, runs the Go tests with the race detector, installs the kernelspec
# into the venv and runs the Python end-to-end tests against real Jupyter
# clients. Usage: scripts/test.sh   (or: make test)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n== %s\n' "$*"; }

step "Go modules"
go mod download

step "gofmt and go vet"
unformatted="$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.venv/*'))"
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted"; exit 1; fi
go vet ./...

step "Go tests (race detector)"
export GOKERNEL_SOAK=1 # the kernel's soak test (about a minute)
go test -race -count=1 -timeout 15m ./...

step "engine tests whose cells run goroutines (skipped under -race: yaegi's own races)"
go test -count=1 -timeout 10m ./kernel/engine/...

step "Python venv (pinned) and Debian packages"
scripts/venv.sh
scripts/venv.sh --hub # JupyterHub test: a venv the test's local accounts can run
scripts/npm.sh        # JupyterHub test: configurable-http-proxy (pinned, npm ci)
scripts/apt.sh

step "kernelspec into the venv"
go run ./install --prefix "$ROOT/.venv"
# The JupyterHub test's kernel, installed as an administrator does: into the
# hub's venv, which every account can reach.
go run ./install --prefix "$(readlink -f "$ROOT/.venv-hub")"
export JUPYTER_PATH="$ROOT/.venv/share/jupyter"

step "end-to-end tests (jupyter_kernel_test, jupyter_client, nbclient)"
"$ROOT/.venv/bin/python" -m pytest e2e -q
