"""The JupyterHub test's clients of a student's kernel: its websocket through
the hub's proxy (with the student's token), and a neighbour's plain zmq SUB
sockets on the ports the student listens on.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
import time
import uuid
from dataclasses import dataclass, field

import websocket

from hub_helpers import HUB_PYTHON, Account, Hub


@dataclass
class CellResult:
    """What one execute_request produced."""

    status: str = ""
    stdout: str = ""
    stderr: str = ""
    result: str = ""
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0
    messages: list = field(default_factory=list)

    def text(self) -> str:
        return self.stdout + self.stderr + self.result + self.ename + ": " + self.evalue


class KernelSocket:
    """A kernel's /channels websocket through the proxy, with the user's token."""

    def __init__(self, hub: Hub, user: str, token: str, kernel_id: str, server: str = ""):
        base = hub.url.replace("http://", "ws://")
        prefix = f"/user/{user}/" + (f"{server}/" if server else "")
        self.session = uuid.uuid4().hex
        url = f"{base}{prefix}api/kernels/{kernel_id}/channels?session_id={self.session}"
        self.ws = websocket.create_connection(
            url, header=[f"Authorization: token {token}"], timeout=120, suppress_origin=True)

    def close(self) -> None:
        self.ws.close()

    def request(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "e2e",
                       "session": self.session, "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())},
            "parent_header": {}, "metadata": {}, "content": content,
            "channel": channel, "buffers": [],
        }))
        return msg_id

    def recv_for(self, msg_id: str, timeout: float) -> tuple[dict | None, list[dict]]:
        """Messages answering msg_id until its reply and its idle status: (reply, iopub)."""
        reply, iopub, idle = None, [], False
        deadline = time.monotonic() + timeout
        while not (reply and idle):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self.ws.settimeout(left)
            try:
                msg = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                break
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["channel"] == "shell":
                reply = msg
            elif msg["channel"] == "iopub":
                iopub.append(msg)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
        return reply, iopub

    def execute(self, code: str, timeout: float = 120) -> CellResult:
        t0 = time.monotonic()
        msg_id = self.request("execute_request", {
            "code": code, "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        reply, iopub = self.recv_for(msg_id, timeout)
        res = CellResult(seconds=time.monotonic() - t0, messages=iopub)
        res.status = reply["content"]["status"] if reply else "timeout"
        for m in iopub:
            c = m["content"]
            if m["msg_type"] == "stream":
                if c["name"] == "stdout":
                    res.stdout += c["text"]
                else:
                    res.stderr += c["text"]
            elif m["msg_type"] in ("execute_result", "display_data"):
                res.result += c["data"].get("text/plain", "")
            elif m["msg_type"] == "error":
                res.ename, res.evalue = c["ename"], c["evalue"]
        return res

    def inspect(self, name: str, timeout: float = 30) -> str:
        msg_id = self.request("inspect_request", {"code": name, "cursor_pos": len(name), "detail_level": 0})
        reply, _ = self.recv_for(msg_id, timeout)
        if reply is None or reply["content"].get("status") != "ok":
            return ""
        return reply["content"].get("data", {}).get("text/plain", "")


# Run as the neighbour (another account): every port 127.0.0.1 on which the
# victim's uid listens, from /proc/net/tcp, gets a plain SUB socket (no CURVE
# keys) subscribed to everything; it says "ready", listens for `seconds`,
# then prints what it received as one JSON line.
SNIFFER = textwrap.dedent("""\
    import json, sys, time, zmq
    uid, secret, seconds = int(sys.argv[1]), sys.argv[2].encode(), float(sys.argv[3])
    skip = {int(p) for p in sys.argv[4].split(",") if p}
    ports = []
    with open("/proc/net/tcp") as f:
        for line in f.read().splitlines()[1:]:
            col = line.split()
            ip, port = col[1].split(":")
            if col[3] == "0A" and int(col[7]) == uid and ip == "0100007F" and int(port, 16) not in skip:
                ports.append(int(port, 16))
    ctx = zmq.Context()
    poller = zmq.Poller()
    for p in ports:
        s = ctx.socket(zmq.SUB)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt(zmq.SUBSCRIBE, b"")
        s.connect("tcp://127.0.0.1:%d" % p)
        poller.register(s, zmq.POLLIN)
    print("ready", flush=True)
    got, leaked, end = 0, False, time.monotonic() + seconds
    while time.monotonic() < end:
        for s, _ in poller.poll(100):
            frames = s.recv_multipart()
            got += 1
            leaked = leaked or any(secret in f for f in frames)
    print(json.dumps({"ports": ports, "messages": got, "leaked": leaked}), flush=True)
    """)


class Sniffer:
    """SNIFFER running as `neighbour` against `victim_uid`'s listening ports."""

    def __init__(self, neighbour: Account, victim_uid: int, secret: str, seconds: float, skip_ports: tuple = ()):
        self.proc = subprocess.Popen(
            ["runuser", "-u", neighbour.name, "--", str(HUB_PYTHON), "-c", SNIFFER,
             str(victim_uid), secret, str(seconds), ",".join(map(str, skip_ports))],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd="/")
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            raise AssertionError(f"sniffer did not start: {line!r} {self.proc.stderr.read()}")

    def result(self, timeout: float = 60) -> dict:
        out, err = self.proc.communicate(timeout=timeout)
        try:
            return json.loads(out.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            raise AssertionError(f"sniffer printed {out!r}, stderr {err!r}") from None
