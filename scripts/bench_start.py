#!/usr/bin/env python3
"""Kernel start and execute round trip over raw ZeroMQ, for several kernels.

For each kernel (a kernelspec name, found as jupyter_client finds it:
JUPYTER_PATH, the venv, the user's folder), in one run, the kernels taking
turns so that they share the machine's noise:

- start: from starting the kernel process (the kernelspec's argv, its env,
  a fresh connection file) to the first kernel_info_reply on the shell
  socket. The client's sockets are made and connected before the process
  starts (reconnect interval 1 ms), and kernel_info_request is sent again
  every 50 ms until a reply comes. The kernel gets SIGTERM after, then its group SIGKILL.
- round trip: on one more started kernel, after WARMUP executions of the
  code, the median of N: from sending execute_request to having both its
  execute_reply (shell) and its status idle (iopub).

The code is `1 + 1` for every kernel (Go and Python both read it).
Prints one line per figure, for scripts/bench.sh:

    start go: median 21.3 ms, min 19.0, max 25.2 (5 runs)
    roundtrip go: median 1.47 ms, p10 1.30, p90 1.90 (50 runs after 10)

Usage: .venv/bin/python scripts/bench_start.py [--runs 5] [--rt 50]
       [--warmup 10] [--code '1 + 1'] [--log DIR] [KERNEL ...]
(default kernels: go python3).
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.session import Session

ctx = zmq.Context.instance()


def kernel_cmd(name, conn):
    """The argv and environment that start kernel name on conn."""
    spec = KernelSpecManager().get_kernel_spec(name)
    argv = [a.replace("{connection_file}", conn) for a in spec.argv]
    if argv[0] in ("python", "python3"):
        argv[0] = sys.executable  # as jupyter_client does
    env = dict(os.environ)
    env.update(spec.env or {})
    env["JPY_PARENT_PID"] = str(os.getpid())
    return argv, env


def socket(kind, cfg, port, ident=None):
    s = ctx.socket(kind)
    s.linger = 0
    s.setsockopt(zmq.RECONNECT_IVL, 1)
    if ident is not None:
        s.identity = ident
    if kind == zmq.SUB:
        s.setsockopt(zmq.SUBSCRIBE, b"")
    s.connect(f"tcp://{cfg['ip']}:{cfg[port]}")
    return s


def header(frames):
    """The header and parent header of a received message, parsed."""
    i = frames.index(b"<IDS|MSG>")
    return json.loads(frames[i + 2]), json.loads(frames[i + 3])


class Kernel:
    """A kernel process and a client's raw sockets on it."""

    def __init__(self, name, log):
        fd, conn = tempfile.mkstemp(suffix=".json", prefix="bench-start-")
        os.close(fd)
        key = str(uuid.uuid4())
        _, self.cfg = write_connection_file(conn, ip="127.0.0.1", key=key.encode())
        self.conn = conn
        self.argv, self.env = kernel_cmd(name, conn)
        self.session = Session(key=key.encode())
        self.shell = socket(zmq.DEALER, self.cfg, "shell_port", self.session.bsession)
        self.iopub = None
        self.log = log
        self.proc = None

    def start(self):
        """Starts the process; returns ms to the first kernel_info_reply."""
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=out, start_new_session=True)
        sent = 0.0
        while True:
            now = time.perf_counter()
            if now - sent > 0.05:
                self.session.send(self.shell, "kernel_info_request", {})
                sent = now
            if self.shell.poll(5):
                h, _ = header(self.shell.recv_multipart())
                if h["msg_type"] == "kernel_info_reply":
                    ms = (time.perf_counter() - t0) * 1000
                    break
            if now - t0 > 60:
                raise SystemExit(f"{self.argv[0]}: no kernel_info_reply in 60 s")
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.argv}: ended at start ({self.proc.returncode})")
        if out is not subprocess.DEVNULL:
            out.close()
        return ms

    def drain(self, sock, wait_ms):
        while sock.poll(wait_ms):
            sock.recv_multipart()

    def ready_iopub(self):
        """Connects iopub and waits until it gets messages (the SUB is joined)."""
        self.iopub = socket(zmq.SUB, self.cfg, "iopub_port")
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            self.session.send(self.shell, "kernel_info_request", {})
            if self.iopub.poll(100):
                break
        else:
            raise SystemExit("iopub: no message in 30 s")
        time.sleep(0.2)
        self.drain(self.shell, 50)
        self.drain(self.iopub, 50)

    def execute(self, code):
        """ms from execute_request to its execute_reply and status idle."""
        t0 = time.perf_counter()
        msg = self.session.send(self.shell, "execute_request",
                                {"code": code, "silent": False, "store_history": True,
                                 "user_expressions": {}, "allow_stdin": False,
                                 "stop_on_error": True})
        mid = msg["header"]["msg_id"]
        reply = idle = False
        poller = zmq.Poller()
        poller.register(self.shell, zmq.POLLIN)
        poller.register(self.iopub, zmq.POLLIN)
        while not (reply and idle):
            events = dict(poller.poll(30000))
            if not events:
                raise SystemExit(f"{self.argv[0]}: no execute_reply or idle in 30 s")
            if self.shell in events:
                h, p = header(self.shell.recv_multipart())
                reply = reply or (h["msg_type"] == "execute_reply" and p.get("msg_id") == mid)
            if self.iopub in events:
                frames = self.iopub.recv_multipart()
                h, p = header(frames)
                if h["msg_type"] == "status" and p.get("msg_id") == mid:
                    i = frames.index(b"<IDS|MSG>")
                    idle = idle or json.loads(frames[i + 5])["execution_state"] == "idle"
        return (time.perf_counter() - t0) * 1000

    def stop(self):
        # SIGTERM lets a kernel remove its files (gokernel: its work
        # folder, its engine); SIGKILL what is left after 5 s.
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        for s in (self.shell, self.iopub):
            if s is not None:
                s.close()
        os.unlink(self.conn)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kernels", nargs="*", default=["go", "python3"])
    ap.add_argument("--runs", type=int, default=5, help="starts per kernel")
    ap.add_argument("--rt", type=int, default=50, help="timed executions")
    ap.add_argument("--warmup", type=int, default=10, help="executions before timing")
    ap.add_argument("--code", default="1 + 1")
    ap.add_argument("--log", help="folder for the kernels' stdout and stderr")
    a = ap.parse_args()
    if a.log:
        os.makedirs(a.log, exist_ok=True)

    def logfile(name):
        return os.path.join(a.log, f"{name}.log") if a.log else None

    starts = {n: [] for n in a.kernels}
    for _ in range(a.runs):
        for n in a.kernels:
            k = Kernel(n, logfile(n))
            try:
                starts[n].append(k.start())
            finally:
                k.stop()
    for n in a.kernels:
        s = starts[n]
        print(f"start {n}: median {statistics.median(s):.1f} ms, min {min(s):.1f}, "
              f"max {max(s):.1f} ({len(s)} runs)", flush=True)
    for n in a.kernels:
        k = Kernel(n, logfile(n))
        try:
            k.start()
            k.ready_iopub()
            for _ in range(a.warmup):
                k.execute(a.code)
            t = sorted(k.execute(a.code) for _ in range(a.rt))
            q = statistics.quantiles(t, n=10)
            print(f"roundtrip {n}: median {statistics.median(t):.2f} ms, p10 {q[0]:.2f}, "
                  f"p90 {q[-1]:.2f} ({len(t)} runs after {a.warmup})", flush=True)
        finally:
            k.stop()


if __name__ == "__main__":
    main()
