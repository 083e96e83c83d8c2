"""User text reaches the terminal as text: Rich markup is printed as it stands, and control,
escape and bidi characters are shown by name, so a case file cannot colour, link, clear or
reorder what the person reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rendement.cli.tables import user
from rendement.io.yamlio import load_case

ROOT = Path(__file__).parents[2]
MAIN = "from rendement.cli.main import main; main()"

TITLE = "[link=https://x.example]Klik[/link] [red]rood[/] hier"
NAME = "Gemeenten \u202eexe.fdp\u202c [bold]"
PM = "Welzijn [bold]rood[/bold] \u2066x\u2069 [/]"


def _case(tmp_path: Path) -> Path:
    data = json.loads(json.dumps(load_case(ROOT / "examples" / "samenoud.yaml").data))
    data["case"]["title"] = TITLE
    data["stakeholders"][0]["name"] = NAME
    data["outcomes"][2]["description"] = PM
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


def test_calc_prints_markup_literally_and_names_control_characters(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", MAIN, "calc", str(_case(tmp_path))],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm-256color"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    lines = out.splitlines()
    # the title is the table's first line, markup and all (control characters never get this
    # far: the model refuses them, see test_calc_refuses_a_control_character_without_echoing_it)
    assert lines[0].strip() == "[link=https://x.example]Klik[/link] [red]rood[/] hier"
    assert any("│ Gemeenten U+202Eexe.fdpU+202C [bold] │" in line for line in lines)
    assert "  • Welzijn [bold]rood[/bold] U+2066xU+2069 [/] (positief, groot)" in lines
    # nothing that steers the terminal got through
    steering = [c for c in out if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
    assert steering == []
    assert not any(c in out for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_calc_refuses_a_control_character_without_echoing_it(tmp_path: Path) -> None:
    data = json.loads(json.dumps(load_case(ROOT / "examples" / "samenoud.yaml").data))
    data["case"]["title"] = "Klik \x1b]8;;https://evil.example\x07hier"
    path = tmp_path / "escape.json"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", MAIN, "calc", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{path}:1 case.title: contains a control character (U+001B) at position 6"
    ]


def test_user_text_is_never_parsed_as_markup() -> None:
    shown = user("[red]x[/red] \u2067y\u2069 \x00")
    assert shown.plain == "[red]x[/red] U+2067yU+2069 \\x00"
    assert shown.spans == []  # no style taken from the text
