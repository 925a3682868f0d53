#!/usr/bin/env bash
# The main job: JupyterLab on notebooks/ with the Go kernel in the launcher.
# Without Python, falls back to the headless runner on the Portuguese lesson.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if ! command -v python3 >/dev/null 2>&1; then
    echo "lab.sh: no python3: running the lesson headless instead (gokernel run)"
    go build -o "$ROOT/bin/gokernel" ./cmd/gokernel
    exec "$ROOT/bin/gokernel" run notebooks/aula-process-pools-go.ipynb -o "$ROOT/bin/aula-executada.ipynb"
fi
scripts/venv.sh
go run ./install --prefix "$ROOT/.venv"
export JUPYTER_PATH="$ROOT/.venv/share/jupyter"
extra=()
# Jupyter refuses to run as root unless told; containers often run as root.
[ "$(id -u)" = 0 ] && extra+=(--allow-root)
exec "$ROOT/.venv/bin/jupyter" lab --notebook-dir="$ROOT/notebooks" "${extra[@]}" "$@"
