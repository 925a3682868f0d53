#!/usr/bin/env python3
"""Idle memory of a kernel's process tree, after one `1 + 1`.

Starts each kernel with jupyter_client (the installed kernelspecs, as
JUPYTER_PATH finds them), executes `1 + 1`, waits 2 s, then sums over the
kernel process and all its descendants (for gokernel: kernel + engine):

- RSS: VmRSS of /proc/PID/status (shared pages counted in every process);
- PSS: Pss of /proc/PID/smaps_rollup (shared pages split between sharers).

Prints one line per kernel:

    idle go: 41.2 MB RSS, 35.0 MB PSS (2 processes, RSS 12.0 + 29.2)

Usage: .venv/bin/python scripts/bench_idlemem.py [KERNEL ...]
(default: go python3; python3 is ipykernel from the venv).
"""
import os
import sys
import time

from jupyter_client.manager import start_new_kernel


def children(pid):
    """Every descendant of pid, from /proc/*/stat."""
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def field_kb(path, name):
    """The kB value of the line `name:` in a /proc file, or 0."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(name):
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=60)
    try:
        reply = kc.execute_interactive("1 + 1", timeout=60, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise SystemExit(f"{name}: 1 + 1 failed: {reply['content']}")
        time.sleep(float(os.environ.get("IDLE_WAIT", "2")))
        pids = children(km.provisioner.process.pid)
        rss = [field_kb(f"/proc/{p}/status", "VmRSS") / 1024 for p in pids]
        pss = [field_kb(f"/proc/{p}/smaps_rollup", "Pss") / 1024 for p in pids]
        return rss, pss
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    for name in sys.argv[1:] or ["go", "python3"]:
        rss, pss = measure(name)
        each = " + ".join(f"{r:.1f}" for r in rss)
        print(f"idle {name}: {sum(rss):.1f} MB RSS, {sum(pss):.1f} MB PSS"
              f" ({len(rss)} processes, RSS {each})")


if __name__ == "__main__":
    main()
