"""Real servers for the benchmarks: ``rendement serve`` on a free port of 127.0.0.1, waited
for until it answers, over a given database."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import IO

import httpx

CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(
    url: str, workers: int, log: IO[bytes] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """The server process and its base address, once it answers (within a minute); what it
    writes goes to ``log`` (a benchmark shows it when a request failed)."""
    port = free_port()
    process = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, "RENDEMENT_DATABASE_URL": url},
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
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


POSTGRES = (
    os.environ.get("RENDEMENT_TEST_POSTGRES_URL")
    or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema on the PostgreSQL server for one benchmark; the URL that reaches it.
    The schema is dropped afterwards, whatever happens."""
    import psycopg

    schema = f"bench_{secrets.token_hex(6)}"
    admin = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
