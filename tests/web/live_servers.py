"""Real servers for the workshop tests: uvicorn processes on 127.0.0.1 over one database
holding the test world (tests/web/conftest.py), and the few HTTP steps a person takes."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from web.conftest import PASSWORD, PEOPLE

CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]
CASE = "noord/buurtcoaches"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Servers:
    """uvicorn processes serving one database, each on its own port."""

    def __init__(self, url: str, count: int, settings: dict[str, str] | None = None) -> None:
        self.url = url
        self.settings = settings or {}
        self.processes: list[subprocess.Popen[bytes]] = []
        self.bases: list[str] = []
        env = {**os.environ, "RENDEMENT_DATABASE_URL": url, **self.settings}
        for _ in range(count):
            port = _free_port()
            self.processes.append(
                subprocess.Popen(
                    [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            )
            self.bases.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        for process, base in zip(self.processes, self.bases, strict=True):
            while True:
                try:
                    if httpx.get(base + "/login", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"a server did not start: {process.stderr.read()!r}")  # type: ignore[union-attr]
                time.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def sign_in(base: str, who: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=10)
    page = client.get("/login")
    token = page.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]
    answer = client.post(
        "/login",
        data={"email": PEOPLE[who][0], "password": PASSWORD, "login_token": token, "next": "/"},
    )
    assert answer.status_code in (200, 303)
    csrf = client.get("/").text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    return client, csrf


def open_workshop(base: str) -> tuple[httpx.Client, str, str]:
    client, csrf = sign_in(base, "editor")
    answer = client.post(f"/cases/{CASE}/workshop", data={"csrf": csrf, "permission": "estimate"})
    code = answer.headers["location"].rsplit("/", 1)[1]
    page = client.get(f"/w/{code}")
    return client, code, page.text.split('"csrf": "', 1)[1].split('"', 1)[0]


def join(base: str, code: str, name: str, stakeholder: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=10)
    form = client.get(f"/w/{code}")
    token = form.text.split('name="join_token" value="', 1)[1].split('"', 1)[0]
    answer = client.post(
        f"/w/{code}/join", data={"name": name, "stakeholder": stakeholder, "join_token": token}
    )
    assert answer.status_code == 303, answer.text
    page = client.get(f"/w/{code}")
    return client, page.text.split('"csrf": "', 1)[1].split('"', 1)[0]


CHROMIUM = "/usr/bin/chromium"


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright, headless (no sandbox when run as root)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for the browser tests (scripts/system-deps)")
    with sync_playwright() as p:
        args = ["--disable-background-networking"]
        if os.geteuid() == 0:
            args.insert(0, "--no-sandbox")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield browser
        browser.close()
