#!/usr/bin/env bash
# Create or update the Python venv of the e2e test harness at <repo>/.venv.
#
# Installs the fully pinned e2e/requirements.txt. Idempotent: a stamp file in
# the venv records the hash of requirements.txt (and the Python version), so a
# second run with unchanged requirements returns at once without touching pip.
# pip itself is not upgraded. Playwright's browser download is never run; the
# UI tests use Debian's /usr/bin/chromium (see scripts/apt.sh).
#
# Usage: scripts/venv.sh          (PYTHON=python3.11 scripts/venv.sh to pick the interpreter)
#
# scripts/venv.sh --hub makes the JupyterHub test's venv instead, <repo>/.venv-hub,
# from e2e/requirements-hub.txt, with a Python every local account can run
# (HUB_PYTHON, default Debian's /usr/bin/python3): its single-user servers run
# as the test's new accounts, which cannot enter /root (pyenv's Python).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQ="$ROOT/e2e/requirements.txt"
PYTHON="${PYTHON:-python3}"
IMPORTS='import jupyter_client, jupyter_kernel_test, nbclient, nbformat, nbgrader, playwright, pytest'
if [ "${1:-}" = "--hub" ]; then
    # Every local account must reach it: beside the checkout when every
    # folder above it is open to others, else in /opt (a CI clone in a 0700
    # folder), with .venv-hub a link to it either way.
    VENV="$ROOT/.venv-hub"
    open_path=1
    d="$ROOT"
    while [ "$d" != "/" ]; do
        [ "$(( 0$(stat -c %a "$d") & 1 ))" -eq 1 ] || open_path=0
        d="$(dirname "$d")"
    done
    if [ "$open_path" -eq 0 ]; then
        VENV="${HUB_VENV_DIR:-/opt/gokernel-e2e/$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)/venv-hub}"
        mkdir -p "$VENV"
        chmod 0755 "$(dirname "$(dirname "$VENV")")" "$(dirname "$VENV")" "$VENV"
        [ -L "$ROOT/.venv-hub" ] || rm -rf "$ROOT/.venv-hub"
        ln -sfn "$VENV" "$ROOT/.venv-hub"
        printf "venv.sh: the checkout is closed to other accounts: the hub's venv is %s (linked from .venv-hub)\n" "$VENV"
    fi
    REQ="$ROOT/e2e/requirements-hub.txt"
    PYTHON="${HUB_PYTHON:-/usr/bin/python3}"
    IMPORTS='import jupyterhub, jupyter_server, jupyter_client, zmq'
fi
STAMP="$VENV/.requirements.stamp"

log() { printf 'venv.sh: %s\n' "$*"; }
die() { printf 'venv.sh: error: %s\n' "$*" >&2; exit 1; }

[ -f "$REQ" ] || die "requirements file not found: $REQ"
command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found on PATH (need Python 3.11; set PYTHON=...)"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found (coreutils)"

py_version="$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')" \
    || die "'$PYTHON' does not run"
want="$(sha256sum "$REQ" | cut -d' ' -f1) python-$py_version"

# Fast path: venv exists, its interpreter runs, and the stamp matches.
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && "$VENV/bin/python" -c '' >/dev/null 2>&1; then
    log "$VENV is up to date (requirements unchanged)"
    exit 0
fi

# A venv made by another Python version (or a broken one) is rebuilt from scratch.
if [ -d "$VENV" ]; then
    have_py="$("$VENV/bin/python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || true)"
    if [ "$have_py" != "$py_version" ]; then
        log "removing $VENV (its Python is '${have_py:-broken}', want $py_version)"
        rm -rf "$VENV"
    fi
fi

if [ ! -x "$VENV/bin/python" ]; then
    log "creating venv $VENV with $PYTHON ($py_version)"
    "$PYTHON" -m venv "$VENV" \
        || die "'$PYTHON -m venv' failed (on Debian: apt-get install python3-venv)"
fi

rm -f "$STAMP"   # no stamp while the install is partial
log "installing pinned packages from ${REQ#"$ROOT"/}"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$REQ" \
    || die "pip install -r $REQ failed (see pip output above)"
"$VENV/bin/python" -c "$IMPORTS" \
    || die "installed packages do not import"
[ -f "$VENV/.gitignore" ] || printf '*\n' > "$VENV/.gitignore"   # .venv-hub is not in the top .gitignore

printf '%s\n' "$want" > "$STAMP"
log "done: $VENV ($("$VENV/bin/python" -m pip list --disable-pip-version-check --format=freeze 2>/dev/null | wc -l) packages)"
