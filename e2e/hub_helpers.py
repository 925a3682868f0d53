"""Helpers of the JupyterHub test (test_hub.py): local accounts, a real hub,
its REST API, a kernel's websocket, and what other accounts can see.

Everything here is real: accounts made with useradd, JupyterHub 6.1.1 from
.venv-hub (scripts/venv.sh --hub) with LocalProcessSpawner and
configurable-http-proxy from .node (scripts/npm.sh), single-user servers
running as the accounts, the Go kernel they start from the kernelspec the
test harness installed.
"""

from __future__ import annotations

import json
import os
import re
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
import websocket

REPO = Path(__file__).resolve().parent.parent
HUB_VENV = REPO / ".venv-hub"
HUB_PYTHON = HUB_VENV / "bin" / "python"
CHP = REPO / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
# The PATH of a hub run as a system service: no Go toolchain on it, so the
# kernel must find the one its install recorded.
SERVICE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the hub binds it a moment later)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Account:
    """A local account made for one run: name, uid, home."""

    name: str
    uid: int
    home: Path


def create_account(prefix: str = "gkstu") -> Account:
    """useradd -m a new account with a name unique to this run."""
    name = prefix + secrets.token_hex(4)
    subprocess.run(["useradd", "-m", "-s", "/bin/bash", "-c", "gokernel e2e test account (userdel -r)", name],
                   check=True, capture_output=True)
    pw = pwd.getpwnam(name)
    return Account(name=name, uid=pw.pw_uid, home=Path(pw.pw_dir))


def remove_account(acct: Account) -> None:
    """Kill the account's processes, then userdel -r it; never raises."""
    for sig in ("TERM", "KILL"):
        subprocess.run(["pkill", f"-{sig}", "-u", str(acct.uid)], capture_output=True)
        for _ in range(20):
            if subprocess.run(["pgrep", "-u", str(acct.uid)], capture_output=True).returncode != 0:
                break
            time.sleep(0.1)
    subprocess.run(["userdel", "-r", acct.name], capture_output=True)
    if acct.home.exists() and acct.home.stat().st_uid == acct.uid:
        shutil.rmtree(acct.home, ignore_errors=True)


def unreachable_paths(acct: Account, paths: list[Path]) -> list[str]:
    """The paths the account cannot read (files) or enter (folders), checked as that account."""
    bad = []
    for p in paths:
        flag = "-x" if p.is_dir() else "-r"
        r = subprocess.run(["runuser", "-u", acct.name, "--", "test", flag, str(p)], capture_output=True)
        if r.returncode != 0:
            bad.append(str(p))
    return bad


def processes_of(uid: int) -> list[str]:
    """'pid command' of every process the uid runs."""
    r = subprocess.run(["ps", "-o", "pid=,args=", "-u", str(uid)], capture_output=True, text=True)
    return [line.strip() for line in r.stdout.splitlines() if line.strip()]


def owned_under(root: Path, uids: set[int]) -> list[str]:
    """Every file or folder under root (not following links) owned by one of uids."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: None):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            try:
                if os.lstat(p).st_uid in uids:
                    found.append(p)
            except OSError:
                pass
    return found


def disk_usage(path: Path) -> str:
    """du -sh of path's children, one 'size name' a line."""
    if not path.exists():
        return f"{path}: absent"
    kids = sorted(str(p) for p in path.iterdir())
    if not kids:
        return f"{path}: empty"
    r = subprocess.run(["du", "-sh", *kids], capture_output=True, text=True)
    return r.stdout.strip()


HUB_CONFIG = """\
# Written by e2e/test_hub.py for one run.
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.JupyterHub.authenticator_class = "null"
c.JupyterHub.spawner_class = "localprocess"
c.JupyterHub.allow_named_servers = True
c.JupyterHub.services = [{{"name": "e2e", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "e2e-admin",
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"],
    "services": ["e2e"],
}}]
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.notebook_dir = "~"
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
c.Spawner.environment = {environment!r}


def _plain(spawner):
    # The named server "plain" runs its kernels without transport
    # encryption: the neighbour test's control, which must be readable.
    if spawner.name == "plain":
        spawner.args = [a for a in spawner.args if "transport_encryption" not in a]


c.Spawner.pre_spawn_hook = _plain
"""


class Hub:
    """A JupyterHub process in its own folder, and a client of its REST API."""

    def __init__(self, workdir: Path, encryption: str, jupyter_path: str):
        self.workdir = workdir
        self.port = free_port()
        self.hub_port = free_port()
        self.proxy_api_port = free_port()
        self.token = secrets.token_hex(32)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "jupyterhub.log"
        args = [f"--KernelManager.transport_encryption={encryption}"] if encryption != "disabled" else []
        config = HUB_CONFIG.format(
            port=self.port,
            hub_port=self.hub_port,
            proxy_api_port=self.proxy_api_port,
            chp=str(CHP),
            token=self.token,
            singleuser=str(HUB_VENV / "bin" / "jupyterhub-singleuser"),
            args=args,
            environment={"JUPYTER_PATH": jupyter_path},
        )
        (workdir / "jupyterhub_config.py").write_text(config)
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        env = {"PATH": SERVICE_PATH, "LANG": os.environ.get("LANG", "C.UTF-8")}
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [str(HUB_VENV / "bin" / "jupyterhub"), "-f", "jupyterhub_config.py"],
                cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"jupyterhub exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                if requests.get(self.url + "/hub/api/", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise AssertionError(f"jupyterhub did not answer within {timeout} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, 15)  # its own session: the hub and its proxy
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait(10)

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "<no log>"

    def log_lines(self, pattern: str = r"Error|error:|Traceback", n: int = 4) -> str:
        """The last n lines of the hub's log (the servers' and kernels' too) that match pattern."""
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return " | ".join([line for line in lines if re.search(pattern, line)][-n:])

    def api(self, method: str, path: str, token: str | None = None, **kw) -> requests.Response:
        """A request to url+path with token (the hub's admin token by default)."""
        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, self.url + path, headers=headers, timeout=60, **kw)

    def add_user(self, name: str) -> None:
        r = self.api("POST", f"/hub/api/users/{name}")
        assert r.status_code in (201, 409), f"creating hub user {name}: {r.status_code} {r.text}"

    def user_token(self, name: str) -> str:
        """A token of the user's own, as a student's browser session has."""
        r = self.api("POST", f"/hub/api/users/{name}/tokens",
                     json={"scopes": [f"access:servers!user={name}"], "note": "e2e"})
        assert r.status_code in (200, 201), f"token for {name}: {r.status_code} {r.text}"
        return r.json()["token"]

    def start_server(self, name: str, server: str = "") -> None:
        path = f"/hub/api/users/{name}/server" + (f"s/{server}" if server else "")
        r = self.api("POST", path)
        assert r.status_code in (201, 202, 400), f"starting {name}/{server}: {r.status_code} {r.text}"

    def wait_ready(self, name: str, server: str = "", timeout: float = 90) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"/hub/api/users/{name}").json()
            s = model.get("servers", {}).get(server)
            if s and s.get("ready"):
                return s
            time.sleep(0.3)
        raise AssertionError(f"server {name}/{server} not ready in {timeout} s:\n{self.log_tail()}")

    def stop_server(self, name: str, server: str = "", timeout: float = 60) -> None:
        path = f"/hub/api/users/{name}/server" + (f"s/{server}" if server else "")
        self.api("DELETE", path)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"/hub/api/users/{name}").json()
            if server not in model.get("servers", {}):
                return
            time.sleep(0.3)
        raise AssertionError(f"server {name}/{server} did not stop in {timeout} s")


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


def log(msg: str) -> None:
    """Print a line of the test's report (pytest -s shows it; -rA keeps it)."""
    print(f"[hub] {msg}", file=sys.stdout, flush=True)
