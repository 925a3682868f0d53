"""Helpers for the browser UI test (test_ui.py): a real JupyterLab server and
Debian's headless chromium driven by Playwright.

Nothing here downloads a browser: Playwright launches /usr/bin/chromium
(installed by scripts/apt.sh). Never run ``playwright install``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_executable() -> Path:
    """The venv's jupyter (the one next to the running Python), else the repo's .venv."""
    for cand in (Path(sys.executable).parent / "jupyter", REPO / ".venv" / "bin" / "jupyter"):
        if cand.is_file() and os.access(cand, os.X_OK):
            return cand
    raise AssertionError(
        f"no jupyter executable next to {sys.executable} or in {REPO / '.venv'}: run scripts/venv.sh"
    )


def require_chromium() -> str:
    """Path of Debian's chromium, or AssertionError (the UI test fails, never skips)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        raise AssertionError(f"{CHROMIUM} is missing: install it with scripts/apt.sh")
    return CHROMIUM


@dataclass
class LabServer:
    """A running ``jupyter lab`` process in its own process group."""

    proc: subprocess.Popen
    port: int
    token: str
    root_dir: Path
    log_path: Path
    _log_file: object = field(repr=False, default=None)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def api(self, method: str, path: str, timeout: float = 5.0):
        req = urllib.request.Request(
            self.base_url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
            return json.loads(body) if body else None

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "<no server log>"
        return "\n".join(lines[-n:])

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"jupyter lab exited with code {self.proc.returncode}:\n{self.log_tail()}"
                )
            try:
                info = self.api("GET", "/api", timeout=2)
                if info and "version" in info:
                    return
            except (urllib.error.URLError, OSError, ValueError) as exc:
                last = exc
            time.sleep(0.25)
        raise AssertionError(
            f"jupyter lab did not answer /api within {timeout:.0f}s ({last!r}):\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """Shut down kernels, then end the server's process group; then any kernel left over."""
        # Every process the server started (kernels run in sessions of their own,
        # so killing the server's group does not reach them).
        descendants = []
        try:
            import psutil

            descendants = psutil.Process(self.proc.pid).children(recursive=True)
        except Exception:
            pass
        if self.proc.poll() is None:
            try:
                for k in self.api("GET", "/api/kernels", timeout=3) or []:
                    try:
                        self.api("DELETE", f"/api/kernels/{k['id']}", timeout=10)
                    except Exception:
                        pass
            except Exception:
                pass
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        for p in descendants:
            try:
                if p.is_running():
                    p.kill()
            except Exception:
                pass
        if self._log_file is not None:
            self._log_file.close()


def start_lab(work: Path, notebooks: list[Path]) -> LabServer:
    """Start ``jupyter lab`` serving a fresh root dir under ``work`` holding copies of ``notebooks``.

    Jupyter's config, runtime and lab settings/workspaces dirs are also fresh
    (under ``work``) so nothing from the machine's own setup leaks in; the
    kernelspec is found through JUPYTER_PATH, taken from the environment.
    """
    root = work / "root"
    root.mkdir(parents=True)
    for nb in notebooks:
        shutil.copy(nb, root / nb.name)
    env = dict(os.environ)
    for name, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces"),
    ):
        (work / sub).mkdir()
        env[name] = str(work / sub)
    # No "get notified about Jupyter news?" toast over the page.
    notif = work / "lab-settings" / "@jupyterlab" / "apputils-extension"
    notif.mkdir(parents=True)
    (notif / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    port = free_port()
    token = secrets.token_hex(24)
    log_path = work / "jupyter-lab.log"
    log = open(log_path, "wb")
    cmd = [
        str(jupyter_executable()),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
        "--ServerApp.allow_root=True",
        # No extension manager listing from PyPI, no news/update checks.
        "--LabApp.news_url=",
        "--LabApp.extension_manager=readonly",
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = LabServer(proc=proc, port=port, token=token, root_dir=root, log_path=log_path, _log_file=log)
    try:
        server.wait_ready()
    except BaseException:
        server.stop()
        raise
    return server


def launch_chromium(playwright, profile_dir: Path):
    """A headless Debian chromium with a fresh profile; returns (context, page)."""
    ctx = playwright.chromium.launch_persistent_context(
        str(profile_dir),
        executable_path=require_chromium(),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1400, "height": 900},
    )
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    return ctx, page


# Selectors (JupyterLab 4 DOM).
ACTIVE_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
CELL = ".jp-Notebook .jp-Cell"
KERNEL_NAME_BUTTON = ".jp-KernelName .jp-ToolbarButtonComponent-label"
EXEC_INDICATOR = ".jp-Notebook-ExecutionIndicator"

# State of one cell, read in the page in a single step so that output, prompt
# and kernel status are one consistent snapshot.
CELL_STATE_JS = """
(cell) => {
  const panel = cell.closest('.jp-NotebookPanel');
  const ind = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompt = cell.querySelector('.jp-InputArea-prompt');
  return {
    output: [...cell.querySelectorAll('.jp-OutputArea-output')].map(e => e.innerText).join('\\n'),
    prompt: prompt ? prompt.innerText.trim() : '',
    status: ind ? (ind.getAttribute('data-status') || '') : '',
    t: performance.now(),
  };
}
"""
