"""Real servers for the benchmarks: ``rendement serve`` on a free port of 127.0.0.1, waited
for until it answers, over a given database."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time

import httpx

CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """The server process and its base address, once it answers (within a minute)."""
    port = free_port()
    process = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, "RENDEMENT_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return process, base
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")
