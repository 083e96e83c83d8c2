"""`rendement meta` speaks the chosen language like `calc` beside it: Dutch by default,
English with ``--lang en``, labels from the message catalogue and numbers from Babel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rendement.registry import Registry
from rendement.usecases import registry as service

ROOT = Path(__file__).parents[2]
CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('registry') / 'registry.db'}"
    registry = Registry.open(url)
    try:
        service.import_paths(registry, [ROOT / "examples"], author="setup")
    finally:
        registry.close()
    return url


def _meta(database: str, *args: str) -> list[str]:
    env = {**os.environ, "RENDEMENT_DATABASE_URL": database, "COLUMNS": "200"}
    done = subprocess.run(
        [*CLI, "meta", "--resamples", "1000", *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _cells(lines: list[str], first: str) -> list[str]:
    row = next(line for line in lines if line.startswith(f"│ {first} "))
    return [c.strip() for c in row.strip("│").split("│")]


def _header(lines: list[str]) -> list[str]:
    row = next(line for line in lines if line.startswith("┃"))  # the first table's header
    return [c.strip() for c in row.strip("┃").split("┃")]


def test_meta_tables_are_dutch_by_default(database: str) -> None:
    lines = _meta(database)
    assert lines[0] == "Trechter: longlist 15 → opgenomen 11 → kwantitatief 11 (uitgesloten 0)"
    assert "Rendement van de opgenomen, gemonetariseerde cases" in [x.strip() for x in lines]
    header = _header(lines)
    assert header[2:5] == ["Gemiddelde", "95% (bootstrap)", "Mediaan"]
    # (1.96 + 1.64 + 2.97 + 1.84) / 4 = 2.1025 from the printed ratios; unrounded 2.104
    row = _cells(lines, "alle cases")
    assert row[1:3] == ["4", "2,10"]
    assert row[7].replace("\xa0", " ") in ("100%", "100 %")  # all four above 1
    assert lines[-1].startswith("Ter vergelijking: SEOR (2020)")


def test_meta_tables_are_english_with_lang_en(database: str) -> None:
    lines = _meta(database, "--lang", "en")
    assert lines[0] == "Funnel: longlist 15 → included 11 → quantitative 11 (excluded 0)"
    assert _cells(lines, "all cases")[1:3] == ["4", "2.10"]
    assert _header(lines)[2:5] == ["Mean", "95% (bootstrap)", "Median"]
    assert lines[-1].startswith("For comparison: SEOR (2020)")
