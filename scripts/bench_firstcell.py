"""Time a new account's first cell: from starting the installed kernel to
the execute_reply of `1 + 1`, with an empty home (no Go build cache, no
GOCACHE, GOPATH or XDG_CACHE_HOME), as jupyter_client starts it.

    python scripts/bench_firstcell.py --jupyter-path PREFIX/share/jupyter [--path /usr/bin:/bin] [--runs 3] [--user NAME]

Prints "first cell: N ms" (the median of the runs, each in a new home) and
the kernel's log lines about the toolchain and the compiled tier. With
--user (as root) the kernel runs as that account (runuser), the way a
spawner starts it: the kernelspec must be readable by it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time

from jupyter_client import KernelManager

# Variables that would point the go command at an existing cache.
CLEARED = ("GOCACHE", "GOPATH", "GOMODCACHE", "GOFLAGS", "GOENV", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
           "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR")


class UserKernelManager(KernelManager):
    """Starts the kernel as another account: its connection file must be readable by it."""

    user = ""

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        if self.user:
            shutil.chown(self.connection_file, user=self.user)


def first_cell(home: str, path: str | None, user: str) -> tuple[float, float, str]:
    """Start the kernel with home as HOME; return ms to kernel_info, ms to the first cell's reply, and its log."""
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env["HOME"] = home
    if path is not None:
        env["PATH"] = path
    log_path = os.path.join(home, "kernel.log")
    with open(log_path, "w") as log:
        km = UserKernelManager(kernel_name="go")
        if user:
            km.user = user
            km.connection_file = os.path.join(home, "kernel.json")
            shutil.chown(home, user=user)
            # runuser sets HOME to the account's: env sets it back.
            km.kernel_spec.argv = [shutil.which("runuser") or "runuser", "-u", user, "--", "env", "HOME=" + home] + km.kernel_spec.argv
        start = time.perf_counter()
        km.start_kernel(env=env, stderr=log)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            ready = time.perf_counter()
            msg_id = kc.execute("1 + 1")
            while True:
                reply = kc.get_shell_msg(timeout=120)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            done = time.perf_counter()
            if reply["content"]["status"] != "ok":
                raise SystemExit(f"first cell failed: {reply['content']}")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    with open(log_path) as f:
        text = f.read()
    return (ready - start) * 1000, (done - start) * 1000, text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jupyter-path", help="directory holding kernels/go (JUPYTER_PATH)")
    ap.add_argument("--path", help="PATH for the kernel (e.g. /usr/bin:/bin, a service's)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--user", default="", help="run the kernel as this account (needs root)")
    args = ap.parse_args()
    if args.jupyter_path:
        os.environ["JUPYTER_PATH"] = args.jupyter_path
    infos, cells, log = [], [], ""
    for _ in range(args.runs):
        home = tempfile.mkdtemp(prefix="gokernel-home-")
        try:
            info, cell, log = first_cell(home, args.path, args.user)
        finally:
            shutil.rmtree(home, ignore_errors=True)
        infos.append(info)
        cells.append(cell)
    for line in log.splitlines():
        if "toolchain" in line or "compiled tier" in line or "type" in line:
            print("kernel log:", line.strip())
    print(f"kernel_info: {statistics.median(infos):.0f} ms")
    print(f"first cell: {statistics.median(cells):.0f} ms ({', '.join(f'{c:.0f}' for c in cells)})")


if __name__ == "__main__":
    main()
