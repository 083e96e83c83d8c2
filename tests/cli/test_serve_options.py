"""`rendement serve` with a mistyped option: one line naming the option, exit status 2, before
the registry is opened and before any server starts (a value it took would serve until stopped,
so each run here has a time limit and a hang fails the test).

An empty ``--host`` served on every interface of the machine; a host name too long for a
resolver was an internal error; an unknown host, an address of another machine or a port in
use were uvicorn's log line and exit status 3; ``--demo-cases`` naming no folder, or given
without ``--demo``, was passed over in silence."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_process import run_main


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port: int = listener.getsockname()[1]
        yield port


def _serve(tmp_path: Path, *args: str) -> tuple[int, list[str], bool]:
    registry = tmp_path / "registry.sqlite3"
    done = run_main(
        "serve", *args, env={"RENDEMENT_DATABASE_URL": f"sqlite:///{registry}"}, timeout=60
    )
    return done.returncode, done.stderr.splitlines(), registry.exists()


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--host", ""], "--host '': give the address to listen on (127.0.0.1: this machine only)"),
        (["--host", " "], "--host ' ': give the address to listen on"),
        (["--host", "nonexistent.invalid"], "--host nonexistent.invalid: not an address to listen"),
        (["--host", "x" * 300], "--host " + "x" * 77 + "...: not an address to listen on"),
        (["--host", "192.0.2.1"], "--host 192.0.2.1: cannot listen there"),
        (["--demo-cases", "examples"], "--demo-cases: only with --demo"),
        (["--demo", "--demo-cases", "/proc/version"], "--demo-cases /proc/version: not a folder"),
        (["--demo", "--demo-cases", "missing"], "--demo-cases missing: not a folder"),
    ],
)
def test_a_mistyped_option_is_one_line_before_anything_starts(
    tmp_path: Path, args: list[str], line: str
) -> None:
    status, lines, opened = _serve(tmp_path, "--port", "8791", *args)
    assert status == 2
    assert len(lines) == 1 and lines[0].startswith(line), lines
    assert not opened


def test_a_port_in_use_is_named(tmp_path: Path, taken_port: int) -> None:
    status, lines, opened = _serve(tmp_path, "--port", str(taken_port))
    assert status == 2
    assert lines == [f"--port {taken_port}: in use already on 127.0.0.1; give another port"]
    assert not opened


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--port", "0"], "'--port'"),
        (["--port", "65536"], "'--port'"),
        (["--port", "abc"], "'--port'"),
        (["--workers", "0"], "'--workers'"),
        (["--workers", "65"], "'--workers'"),
        (["--workers", "2"], "--workers: more than 1 needs PostgreSQL"),
    ],
)
def test_a_number_out_of_range_is_refused_by_its_option(
    tmp_path: Path, args: list[str], says: str
) -> None:
    status, lines, opened = _serve(tmp_path, *args)
    assert status == 2
    assert any(says in line for line in lines), lines
    assert not opened
