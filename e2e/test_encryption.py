"""CurveZMQ transport encryption with a real jupyter_client and libzmq.

jupyter_client's KernelManager(transport_encryption="required") writes a
Curve key pair into the connection file (the kernelspec declares
supported_encryption ["curve"]); the kernel's five sockets are then CURVE
servers. These tests check that a real client works through it (execute,
output, kernel_info, interrupt, shutdown), that a client without the keys or
with a wrong server key gets nothing, and that hostile raw TCP clients
(truncated HELLO, garbage, a replayed handshake, a corrupted MESSAGE box)
only lose their own connection.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
import time

import pytest
import zmq
from jupyter_client import KernelManager
from jupyter_client.session import Session

pytestmark = pytest.mark.skipif(not zmq.has("curve"), reason="pyzmq without CURVE")

# A CURVE client's ZMTP 3.0 greeting (mechanism CURVE, as-server 0).
CLIENT_GREETING = b"\xff" + b"\x00" * 8 + b"\x7f\x03\x00" + b"CURVE".ljust(20, b"\x00") + b"\x00" * 32


@pytest.fixture(scope="module")
def kernel(go_kernel_name):
    km = KernelManager(kernel_name=go_kernel_name, transport_encryption="required")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        yield km, kc
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


def run(kc, code: str, timeout: float = 30):
    """Execute code; return the reply and the iopub messages of the request."""
    msg_id = kc.execute(code)
    outputs = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        outputs.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    return reply, outputs


def stdout(outputs) -> str:
    return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")


def info(km) -> dict:
    with open(km.connection_file) as f:
        return json.load(f)


def assert_alive(kc) -> None:
    """The genuine client still gets a kernel_info_reply."""
    reply = kc.kernel_info(reply=True, timeout=20)
    assert reply["content"]["status"] == "ok"


def test_connection_file_has_keys(kernel):
    km, _ = kernel
    ci = info(km)
    assert len(ci["curve_publickey"]) == 40 and len(ci["curve_secretkey"]) == 40
    assert stat.S_IMODE(os.stat(km.connection_file).st_mode) == 0o600
    assert zmq.curve_public(ci["curve_secretkey"].encode()) == ci["curve_publickey"].encode()


def test_execute_through_curve(kernel):
    km, kc = kernel
    reply, outputs = run(kc, "1 + 1")
    assert reply["content"]["status"] == "ok"
    results = [m for m in outputs if m["msg_type"] == "execute_result"]
    assert results and results[0]["content"]["data"]["text/plain"] == "2"
    reply, outputs = run(kc, 'import "fmt"\nfmt.Println("through curve")')
    assert reply["content"]["status"] == "ok"
    assert stdout(outputs) == "through curve\n"
    assert_alive(kc)
    assert kc.is_alive()  # the heartbeat (REP) answers through CURVE too


def test_interrupt_through_curve(kernel):
    km, kc = kernel
    msg_id = kc.execute('import "time"\ntime.Sleep(time.Hour)')
    time.sleep(1)
    km.interrupt_kernel()  # interrupt_mode message: control, through CURVE
    reply = kc.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert_alive(kc)


def test_plain_subscriber_reads_nothing(kernel):
    km, kc = kernel
    ci = info(km)
    ctx = zmq.Context.instance()
    sub = ctx.socket(zmq.SUB)
    sub.linger = 0
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(f"tcp://{ci['ip']}:{ci['iopub_port']}")
    try:
        time.sleep(0.5)
        secret = "the-secret-%d" % os.getpid()
        _, outputs = run(kc, f'fmt.Println("{secret}")')
        assert secret in stdout(outputs), "the genuine client must see it"
        assert sub.poll(2000) == 0, "a subscriber without the keys received iopub traffic"
    finally:
        sub.close()


def test_wrong_server_key_gets_nothing(kernel):
    km, kc = kernel
    ci = info(km)
    ctx = zmq.Context.instance()
    dealer = ctx.socket(zmq.DEALER)
    dealer.linger = 0
    pub, sec = zmq.curve_keypair()
    dealer.curve_publickey, dealer.curve_secretkey = pub, sec
    dealer.curve_serverkey = zmq.curve_keypair()[0]  # not the kernel's
    # The refused handshake may drop the DEALER's pipe: a send must not block.
    dealer.sndtimeo = 2000
    dealer.connect(f"tcp://{ci['ip']}:{ci['shell_port']}")
    try:
        session = Session(key=ci["key"].encode(), signature_scheme=ci["signature_scheme"])
        try:
            session.send(dealer, "kernel_info_request", {})
        except zmq.Again:
            pass
        assert dealer.poll(2000) == 0, "a client with a wrong server key got a reply"
    finally:
        dealer.close()
    assert_alive(kc)


class Proxy:
    """A TCP relay to the kernel's shell port that records what the client
    sends, and can flip a byte of the first frame after the handshake."""

    def __init__(self, port: int, corrupt: bool = False):
        self.target = ("127.0.0.1", port)
        self.corrupt = corrupt
        self.sent = bytearray()
        self.ln = socket.create_server(("127.0.0.1", 0))
        self.port = self.ln.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        try:
            client, _ = self.ln.accept()
        except OSError:
            return
        server = socket.create_connection(self.target)
        threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()
        self._pump(client, server, True)

    def _pump(self, src, dst, record):
        try:
            while data := src.recv(65536):
                if record:
                    start = len(self.sent)
                    self.sent += data
                    if self.corrupt:
                        data = self._flip(start, data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _flip(self, start: int, data: bytes) -> bytes:
        """Flip the last byte of the first frame after HELLO and INITIATE."""
        i, frames = 64, 0
        while True:
            if i + 2 > len(self.sent):
                return data
            flags = self.sent[i]
            hl = 9 if flags & 2 else 2
            if i + hl > len(self.sent):
                return data
            size = int.from_bytes(self.sent[i + 1 : i + hl], "big") if hl == 9 else self.sent[i + 1]
            end = i + hl + size
            if frames == 2:
                if start <= end - 1 < start + len(data):
                    data = bytearray(data)
                    data[end - 1 - start] ^= 1
                    self.corrupt = False
                return bytes(data)
            frames, i = frames + 1, end

    def close(self):
        self.ln.close()


def curve_dealer(ci: dict, port: int) -> zmq.Socket:
    ctx = zmq.Context.instance()
    d = ctx.socket(zmq.DEALER)
    d.linger = 0
    d.sndtimeo = 5000
    d.curve_publickey = ci["curve_publickey"].encode()
    d.curve_secretkey = ci["curve_secretkey"].encode()
    d.curve_serverkey = ci["curve_publickey"].encode()
    d.connect(f"tcp://127.0.0.1:{port}")
    return d


def raw(port: int, data: bytes) -> bytes:
    """Send data on a raw TCP connection, close our side, and return all the
    kernel sends back until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        got = bytearray()
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            while chunk := s.recv(65536):
                got += chunk
        except (ConnectionResetError, BrokenPipeError, OSError) as e:
            if isinstance(e, TimeoutError):
                raise
            # The kernel closed with our bytes unread: a reset.
        return bytes(got)


def frames_end(stream: bytes, n: int) -> int:
    """The offset just past the first n ZMTP frames after the greeting."""
    i = 64
    for _ in range(n):
        long = stream[i] & 2
        size = int.from_bytes(stream[i + 1 : i + 9], "big") if long else stream[i + 1]
        i += (9 if long else 2) + size
    return i


def test_hostile_raw_clients(kernel):
    km, kc = kernel
    ci = info(km)
    session = Session(key=ci["key"].encode(), signature_scheme=ci["signature_scheme"])
    port = ci["shell_port"]

    # A real handshake and request, recorded through the relay.
    proxy = Proxy(port)
    d = curve_dealer(ci, proxy.port)
    session.send(d, "kernel_info_request", {})
    assert d.poll(20000), "no reply through the recording relay"
    d.recv_multipart()
    d.close()
    proxy.close()
    recorded = bytes(proxy.sent)
    assert recorded.startswith(b"\xff") and recorded[12:17] == b"CURVE"

    hello = recorded[64 : frames_end(recorded, 1)]
    assert hello[2:8] == b"\x05HELLO"
    cases = {
        "truncated HELLO": CLIENT_GREETING + hello[:120],
        "garbage after the greeting": CLIENT_GREETING + os.urandom(500),
        # Greeting, HELLO and INITIATE of the recorded connection: the old
        # HELLO is welcomed (spec 26: a replayed HELLO has no effect), the
        # old INITIATE's cookie is refused with an ERROR.
        "replayed handshake": recorded[: frames_end(recorded, 2)],
    }
    for name, data in cases.items():
        got = raw(port, data)
        if name == "replayed handshake":
            assert got[:64].startswith(b"\xff") and got[12:17] == b"CURVE", got
            rest = got[frames_end(got, 1) :]
            assert rest == b"\x04\x17\x05ERROR\x10INITIATE refused", rest
        assert_alive(kc)

    # A corrupted MESSAGE box: the kernel closes that connection (libzmq
    # reconnects, through the relay, unharmed) and never answers it.
    proxy = Proxy(port, corrupt=True)
    d = curve_dealer(ci, proxy.port)
    session.send(d, "kernel_info_request", {})
    assert d.poll(2000) == 0, "a corrupted MESSAGE got a reply"
    assert not proxy.corrupt, "the relay flipped no byte"
    d.close()
    proxy.close()
    assert_alive(kc)


def test_shutdown_through_curve(kernel):
    km, kc = kernel
    km.shutdown_kernel(now=False)
    assert not km.is_alive()
