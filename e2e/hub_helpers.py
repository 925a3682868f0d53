"""Helpers of the JupyterHub test (test_hub.py): local accounts, what they
can reach and leave behind, a real hub and its REST API (the kernel's
clients are in hub_channels.py).

Everything here is real: accounts made with useradd, JupyterHub 6.1.1 from
.venv-hub (scripts/venv.sh --hub) with LocalProcessSpawner and
configurable-http-proxy from .node (scripts/npm.sh), single-user servers
running as the accounts, the Go kernel they start from the kernelspec the
test harness installed.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
# scripts/venv.sh --hub makes it, or a link to it where the checkout is
# closed to other accounts; the hub and the accounts use its real path.
HUB_VENV = (REPO / ".venv-hub").resolve()
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


def closed_folder(path: Path) -> str:
    """The first folder from / down to path that others cannot enter (no o+x), or ""."""
    p = Path("/")
    for part in path.resolve().parts[1:]:
        if not p.stat().st_mode & 0o001:
            return str(p)
        p = p / part
    return ""


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


def log(msg: str) -> None:
    """Print a line of the test's report (pytest -s shows it; -rA keeps it)."""
    print(f"[hub] {msg}", file=sys.stdout, flush=True)
