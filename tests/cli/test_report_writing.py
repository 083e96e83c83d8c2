"""Writing a report is atomic: a full disk or a folder that cannot be written leaves any report
already at that path as it was, leaves no temporary file, and says so in one line (exit 2)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_process import run_main

from rendement.report.atomic import ReportWriteError, write_atomically

ROOT = Path(__file__).parents[2]
SAMENOUD = ROOT / "examples" / "samenoud.yaml"
OLD = b"the report of last week\n"


def _mount(folder: Path, *options: str) -> bool:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(folder)],
        capture_output=True,
    )
    return done.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True, check=True)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs holding an old report and a filler that takes the rest of the space."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if not _mount(folder, "size=64k"):
        pytest.skip("a tmpfs cannot be mounted here (needs root)")
    try:
        for suffix in ("html", "pdf", "xlsx"):
            (folder / f"report.{suffix}").write_bytes(OLD)
        with open(folder / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 512)
            except OSError:
                pass
        yield folder
    finally:
        _umount(folder)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder holding an old report that nobody may write to (a read-only mount as root)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        for suffix in ("html", "pdf", "xlsx"):
            (folder / f"report.{suffix}").write_bytes(OLD)
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if not _mount(folder, "size=1m"):
        pytest.skip("a tmpfs cannot be mounted here")
    try:
        for suffix in ("html", "pdf", "xlsx"):
            (folder / f"report.{suffix}").write_bytes(OLD)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        _umount(folder)


@pytest.mark.parametrize("suffix", ["html", "pdf", "xlsx"])
def test_a_full_disk_leaves_the_old_report_and_names_the_file(full_disk: Path, suffix: str) -> None:
    target = full_disk / f"report.{suffix}"
    done = run_main("report", str(SAMENOUD), "-o", str(target))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"{target}: cannot write the report (No space left on device); nothing was changed there"
    )
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in full_disk.iterdir()) == [
        "filler",
        "report.html",
        "report.pdf",
        "report.xlsx",
    ]


@pytest.mark.parametrize("suffix", ["html", "xlsx"])
def test_a_read_only_folder_leaves_the_old_report_and_names_the_file(
    read_only: Path, suffix: str
) -> None:
    target = read_only / f"report.{suffix}"
    done = run_main("report", str(SAMENOUD), "-o", str(target))
    assert done.returncode == 2, done.stderr
    reason = "Read-only file system" if os.geteuid() == 0 else "Permission denied"
    assert done.stderr.strip().splitlines() == [
        f"{target}: cannot write the report ({reason}); nothing was changed there"
    ]
    assert target.read_bytes() == OLD


def test_a_failing_writer_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_bytes(OLD)

    def write(path: Path) -> None:
        path.write_bytes(b"half a rep")
        raise OSError(28, "No space left on device")

    with pytest.raises(ReportWriteError) as raised:
        write_atomically(target, write)
    assert raised.value.reason == "No space left on device"
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_written_report_replaces_the_old_one_with_ordinary_modes(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_bytes(OLD)
    write_atomically(target, lambda path: path.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's private 0600
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_registry_report_on_a_full_disk_leaves_the_old_one(
    full_disk: Path, tmp_path: Path
) -> None:
    target = full_disk / "report.html"
    database = f"sqlite:///{tmp_path / 'registry.db'}"
    imported = run_main("registry", "import", str(ROOT / "examples"), "--database", database)
    assert imported.returncode == 0, imported.stderr
    done = run_main("meta", "--database", database, "--resamples", "100", "--report", str(target))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"{target}: cannot write the report (No space left on device); nothing was changed there"
    )
    assert target.read_bytes() == OLD


def test_report_warns_of_characters_that_print_as_boxes(tmp_path: Path) -> None:
    case = tmp_path / "tangut.yaml"
    text = SAMENOUD.read_text(encoding="utf-8")
    case.write_text(text.replace("name: Gemeenten,", "name: Gemeenten \U00017000,"), "utf-8")
    target = tmp_path / "tangut.pdf"
    done = run_main("report", str(case), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{target}: written"
    assert done.stderr.strip().splitlines() == [
        f"{target}: warning: no installed font has a glyph for \U00017000 (U+17000); they print "
        "as empty boxes (install a font that covers them)"
    ]
