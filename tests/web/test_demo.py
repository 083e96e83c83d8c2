"""`rendement serve --demo --demo-cases examples` (what `make run` starts): the demo login holds
the bundled cases as its own, so a newcomer can edit one and open a workshop on it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(database: str, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, "serve", "--demo", "--demo-cases", str(ROOT / "examples"), "--port", str(port)],
        env={**os.environ, "RENDEMENT_DATABASE_URL": database},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _lines_until_served(process: subprocess.Popen[str]) -> list[str]:
    lines = []
    assert process.stdout is not None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line.strip())
        if "Ctrl-C" in line or process.poll() is not None:
            break
    return lines


def test_the_demo_organisation_holds_the_examples_once(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    port = _port()
    first = _serve(database, port)
    try:
        lines = _lines_until_served(first)
        made = next(x for x in lines if x.startswith("rendement: demo cases"))
        assert "demo/buurtcoaches-ouderen" in made and "demo/samenoud" in made
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                page = client.get("/login")
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        token = page.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]
        client.post(
            "/login",
            data={
                "email": "demo@rendement.example",
                "password": "rendement-demo",
                "login_token": token,
                "next": "/",
            },
        )
        assert client.get("/cases/demo/buurtcoaches-ouderen").status_code == 200
        # the bundled fund, its member files named as the demo organisation's cases
        assert "rendement: demo funds demo/preventiefonds-voorbeeldstad" in lines
        fund = client.get("/portfolios/demo/preventiefonds-voorbeeldstad")
        assert fund.status_code == 200 and "demo/buurtcoaches-ouderen" in fund.text
        assert 'id="fund-parties"' in fund.text
    finally:
        first.terminate()
        first.wait(timeout=20)
    second = _serve(database, _port())  # make run again: nothing doubled, nothing refused
    try:
        lines = _lines_until_served(second)
        assert not any(x.startswith("rendement: demo cases") for x in lines), lines
        assert not any(x.startswith("rendement: demo funds") for x in lines), lines
        assert any("Ctrl-C" in x for x in lines)
    finally:
        second.terminate()
        second.wait(timeout=20)
