"""One bad file in an import (a pipe, unreadable, not UTF-8, invalid) is reported with its path
and its problems; the other files are saved."""

from __future__ import annotations

import os
from pathlib import Path

from rendement.registry import Registry
from rendement.usecases import registry as service

from .documents import summary, write


def test_a_pipe_named_on_the_command_line_is_refused_not_read(
    registry: Registry, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    good = write(tmp_path / "good.yaml", summary("goed"))

    reports = service.import_paths(registry, [pipe, good], author="tester")

    assert [(Path(r.file).name, r.action) for r in reports] == [
        ("pipe.yaml", "rejected"),
        ("good.yaml", "added"),
    ]
    assert reports[0].problems == (f"{pipe}: not a regular file (a pipe or device); not read",)
    assert [e.id for e in registry.entries()] == ["goed"]


def test_a_device_is_refused_not_read(registry: Registry, tmp_path: Path) -> None:
    [report] = service.import_paths(registry, [Path("/dev/zero")], author="tester")

    assert (report.action, report.problems) == (
        "rejected",
        ("/dev/zero: not a regular file (a pipe or device); not read",),
    )


def test_a_file_that_is_not_utf8_is_rejected_and_the_others_saved(
    registry: Registry, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write(folder / "a.yaml", summary("entry-a"))
    (folder / "b.yaml").write_bytes(b"rendement: 1\nsummary:\n  id: b\n  title: caf\xe9\n")
    write(folder / "c.yaml", summary("entry-c"))

    reports = service.import_paths(registry, [folder], author="tester")

    assert [(Path(r.file).name, r.action) for r in reports] == [
        ("a.yaml", "added"),
        ("b.yaml", "rejected"),
        ("c.yaml", "added"),
    ]
    # the é of café is byte 0xe9 on line 4
    assert reports[1].problems == (f"{folder / 'b.yaml'}:4: not a UTF-8 text file (byte 0xe9)",)
    assert [e.id for e in registry.entries()] == ["entry-a", "entry-c"]


def test_a_missing_file_is_rejected_and_the_others_saved(
    registry: Registry, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write(folder / "a.yaml", summary("entry-a"))

    reports = service.import_paths(
        registry, [folder / "a.yaml", folder / "missing.yaml"], author="tester"
    )

    assert [(Path(r.file).name, r.action) for r in reports] == [
        ("a.yaml", "added"),
        ("missing.yaml", "rejected"),
    ]
    assert reports[1].problems == (f"{folder / 'missing.yaml'}: no such file",)


EXTREME = """\
rendement: 1
summary:
  id: extreem
  title: Extreme figures
  status: included
  ratio: {value: 1.0e7, low: 1.0e-9, high: 1.0e12}
  investment: 0
  value: 1.0e14
"""


def test_an_extreme_summary_is_refused_with_its_lines(registry: Registry, tmp_path: Path) -> None:
    # beyond these limits the meta-analysis's sums and exponents overflow (an OverflowError,
    # Infinity in its JSON); an investment of 0 is fine, the pooled ratio skips a zero sum
    path = tmp_path / "extreme.yaml"
    path.write_text(EXTREME, encoding="utf-8")
    good = write(tmp_path / "good.yaml", summary("goed", status="included"))

    reports = service.import_paths(registry, [path, good], author="tester")

    assert [r.action for r in reports] == ["rejected", "added"]
    # (money beyond 1e15, and any number beyond it, the model refuses in every document)
    assert list(reports[0].problems) == [
        f"{path}:6 summary.ratio.high: must be at most 1e+06 (got 1e+12)",
        f"{path}:6 summary.ratio.low: must be at least 1e-06 (got 1e-09)",
        f"{path}:6 summary.ratio.value: must be at most 1e+06 (got 1e+07)",
    ]
    assert [e.id for e in registry.entries()] == ["goed"]


def test_import_honours_the_size_limit_setting(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "in"
    write(folder / "a.yaml", summary("klein"))
    big = summary("groot", source="x" * 5000)
    write(folder / "b.yaml", big)
    env = {
        **os.environ,
        "RENDEMENT_DATABASE_URL": f"sqlite:///{tmp_path / 'r.sqlite3'}",
        "RENDEMENT_MAX_FILE_BYTES": "2000",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from rendement.cli.main import main; main()",
            "registry",
            "import",
            str(folder),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "1 added, 0 updated, 0 unchanged, 1 rejected" in out.stdout
    assert f"{folder / 'b.yaml'}: larger than the limit of 2000 bytes" in out.stderr
