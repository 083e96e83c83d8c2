"""Every malformed case file in tests/data/bad/ gives exactly the errors it announces.

Each file opens with comment lines ``# expect: {file}:LINE PATH: MESSAGE``, one per error,
in the order ``rendement check`` prints them (by line). ``{file}`` stands for the path the
test passes, ``{dir}`` for its folder (a portfolio names the errors of its member files
there). JSON has no comments, so a JSON file's lines sit beside it in ``NAME.json.expect``.
A folder stands for ``rendement check FOLDER``: the errors of its files in file order, and
``PATH: ok`` on stdout for each file that announces none.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).parents[1] / "data" / "bad"
CASE_SUFFIXES = (".yaml", ".yml", ".json")
EXPECT = "# expect: "


def _corpus() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if p.is_dir() or p.suffix in CASE_SUFFIXES)


def _expected_lines(case_file: Path) -> list[str]:
    sidecar = case_file.with_name(case_file.name + ".expect")
    source = sidecar if sidecar.exists() else case_file
    out = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(EXPECT):
            expected = line[len(EXPECT) :].replace("{file}", str(case_file))
            out.append(expected.replace("{dir}", str(case_file.parent)))
    return out


def _run_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from rendement.cli.main import main; main()", "check", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_corpus_is_large_enough() -> None:
    assert len(_corpus()) >= 35


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_bad_file_gives_its_expected_errors(path: Path) -> None:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in CASE_SUFFIXES)
        expected_err = [line for f in files for line in _expected_lines(f)]
        expected_out = [f"{f}: ok" for f in files if not _expected_lines(f)]
    else:
        expected_err = _expected_lines(path)
        expected_out = []
    assert expected_err, f"{path.name} announces no '# expect:' line"

    result = _run_check(path)

    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == expected_err
    assert result.stdout.splitlines() == expected_out
    assert result.returncode == 2
