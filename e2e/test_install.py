"""`go run ./install` makes a kernelspec that needs nothing of its checkout:
installed from a temporary copy of the checkout, which is then deleted, the
kernel started by jupyter_client for a new account (empty home) whose PATH
has no go (a service's PATH) compiles a func that uses poolkit, and its log
names the toolchain install recorded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

ROOT = Path(__file__).resolve().parent.parent
SERVICE_PATH = "/usr/bin:/bin"
CELL = """func work(n int) int {
\tp := poolkit.NewPool(2)
\tdefer p.Close()
\treturn n + len(poolkit.Map(p, func(x int) int { return x * x }, []int{1, 2, 3}))
}
work(1)"""


def copy_checkout(dst: Path) -> None:
    """Copy the checkout's tracked files (as they are in the work tree)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for rel in files.decode().split("\0"):
        src = ROOT / rel
        if rel and src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)


def execute(kc, code: str, timeout: float = 60) -> dict:
    """Run code; return its execute_reply content."""
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def test_install_self_contained(tmp_path: Path) -> None:
    checkout, prefix, home = tmp_path / "checkout", tmp_path / "prefix", tmp_path / "home"
    checkout.mkdir()
    home.mkdir()
    copy_checkout(checkout)
    go = shutil.which("go")
    assert go, "the test needs the go command on its PATH (install builds the kernel)"
    subprocess.run([go, "run", "./install", "--prefix", str(prefix)], cwd=checkout, check=True, timeout=900)
    shutil.rmtree(checkout)

    kernels = prefix / "share" / "jupyter" / "kernels"
    spec = json.loads((kernels / "go" / "kernel.json").read_text())
    tool = spec["env"]["GOKERNEL_GO"]
    assert os.path.isabs(tool), spec["env"]
    assert spec["env"]["GOKERNEL_SOURCE"] == str(kernels / "go" / "src"), spec["env"]

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GO", "XDG_"))}
    env.update(PATH=SERVICE_PATH, HOME=str(home))
    log_path = tmp_path / "kernel.log"
    km = KernelManager(kernel_name="go", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    with open(log_path, "w") as log:
        km.start_kernel(env=env, stderr=log)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=60)
            reply = execute(kc, CELL)
            assert reply["status"] == "ok", reply
            status = ""
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                insp = kc.inspect("work", 4, reply=True, timeout=30)["content"]
                status = insp.get("data", {}).get("text/plain", "")
                if "Runs compiled." in status or "compile failed" in status:
                    break
                time.sleep(1)
            assert "Runs compiled." in status, status
            assert execute(kc, "work(2)")["status"] == "ok"
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    text = log_path.read_text()
    assert f"go: {tool} (go" in text and "from GOKERNEL_GO" in text, text
