"""What the commands do with files that are not ordinary case files: pipes, devices, files
over the size limit, folders holding odd entries, a summary entry given to ``calc``, and
``new`` writing JSON. Run as processes through ``main()``, with a timeout: a command that
reads a pipe or /dev/zero forever fails the test instead of hanging it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_process import run_main

from rendement.io.yamlio import load_case

ROOT = Path(__file__).parents[2]
MENTOR = ROOT / "examples" / "mentorproject-den-haag.yaml"
NOT_REGULAR = "not a regular file (a pipe, device or socket); give a case file"
SUMMARY = """\
rendement: 1
summary:
  id: preventieve-huisbezoeken
  title: Preventieve huisbezoeken ouderen
  ratio: {value: 1.4, low: 1.1, high: 1.9}
  typology: {approach: preventive, problems: single}
  method: mkba
  timing: ex-ante
  year: 2011
  source: "Berden & Kok (2011)"
  evidence: {design: literature, control_group: false}
"""


def test_check_refuses_dev_zero_without_reading_it() -> None:
    result = run_main("check", "/dev/zero")
    assert result.stderr.splitlines() == [f"/dev/zero: {NOT_REGULAR}"]
    assert result.returncode == 2


def test_check_refuses_a_fifo_nobody_writes_to(tmp_path: Path) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    result = run_main("check", str(fifo))
    assert result.stderr.splitlines() == [f"{fifo}: {NOT_REGULAR}"]
    assert result.returncode == 2


@pytest.mark.parametrize("command", ["calc", "sensitivity"])
def test_calc_and_sensitivity_refuse_a_fifo(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    result = run_main(command, str(fifo))
    assert result.stderr.splitlines() == [f"{fifo}: {NOT_REGULAR}"]
    assert result.returncode == 2


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(MENTOR.read_bytes())
    size = path.stat().st_size
    result = run_main("check", str(path), env={"RENDEMENT_MAX_FILE_BYTES": str(size - 1)})
    assert result.stderr.splitlines() == [
        f"{path}: larger than the limit of {size - 1} bytes "
        "(set RENDEMENT_MAX_FILE_BYTES to allow more)"
    ]
    assert result.returncode == 2


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(MENTOR.read_bytes())
    size = path.stat().st_size
    result = run_main("check", str(path), env={"RENDEMENT_MAX_FILE_BYTES": str(size)})
    assert result.stdout == f"{path}: ok\n"
    assert result.returncode == 0


def test_default_limit_is_ten_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"rendement: 1\n" + b"#" * 10_000_000)
    result = run_main("check", str(path))
    assert result.stderr.splitlines() == [
        f"{path}: larger than the limit of 10000000 bytes "
        "(set RENDEMENT_MAX_FILE_BYTES to allow more)"
    ]


def test_a_bad_size_limit_names_the_setting() -> None:
    result = run_main("check", str(MENTOR), env={"RENDEMENT_MAX_FILE_BYTES": "10MB"})
    assert result.stderr.splitlines() == [
        "RENDEMENT_MAX_FILE_BYTES: must be a whole number of bytes, at least 1 (got '10MB')"
    ]
    assert result.returncode == 2


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("THREADS", "many", "Input should be a valid integer"),
        ("THREADS", "0", "Input should be greater than or equal to 1"),
        ("TRUSTED_PROXIES", "", "String should have at least 1 character"),
        ("SECURE_COOKIES", "perhaps", "Input should be a valid boolean"),
    ],
)
def test_a_bad_service_setting_names_the_setting_before_serving(
    name: str, value: str, problem: str
) -> None:
    result = run_main("serve", "--port", "1", env={f"RENDEMENT_{name}": value})
    assert result.returncode == 2
    line = result.stderr.strip()
    assert line.startswith(f"RENDEMENT_{name}: {problem}"), line
    assert line.endswith(f"(got {value!r})")


def test_check_folder_reports_each_odd_file_and_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a-good.yaml").write_bytes(MENTOR.read_bytes())
    (folder / "b-empty.yaml").write_bytes(b"")
    os.mkfifo(folder / "c-pipe.yaml")
    (folder / "d-folder.yaml").mkdir()
    (folder / "e-latin1.yaml").write_bytes(
        "rendement: 1\ncase: {title: Caf\xe9}\n".encode("latin-1")
    )
    (folder / "f-good.yaml").write_bytes(MENTOR.read_bytes())

    result = run_main("check", str(folder))

    assert result.stderr.splitlines() == [
        f"{folder / 'b-empty.yaml'}:1: the file is empty",
        f"{folder / 'c-pipe.yaml'}: {NOT_REGULAR}",
        f"{folder / 'd-folder.yaml'}: is a folder, not a case file",
        # "é" in Latin-1 is the single byte 0xe9, on line 2
        f"{folder / 'e-latin1.yaml'}:2: not a UTF-8 text file (byte 0xe9)",
    ]
    assert result.stdout.splitlines() == [
        f"{folder / 'a-good.yaml'}: ok",
        f"{folder / 'f-good.yaml'}: ok",
    ]
    assert result.returncode == 2


@pytest.mark.parametrize("command", ["calc", "sensitivity"])
def test_calc_on_a_summary_entry_points_to_registry_import(tmp_path: Path, command: str) -> None:
    path = tmp_path / "huisbezoeken.yaml"
    path.write_text(SUMMARY, encoding="utf-8")
    result = run_main(command, str(path))
    assert result.stderr.splitlines() == [
        f"{path}: this is a registry summary entry, not a case; "
        f"use `rendement registry import {path}`"
    ]
    assert result.returncode == 2


def test_report_on_a_summary_entry_points_to_registry_import(tmp_path: Path) -> None:
    path = tmp_path / "huisbezoeken.yaml"
    path.write_text(SUMMARY, encoding="utf-8")
    result = run_main("report", str(path), "-o", str(tmp_path / "out.html"))
    assert result.stderr.splitlines() == [
        f"{path}: this is a registry summary entry, not a case; "
        f"use `rendement registry import {path}`"
    ]
    assert result.returncode == 2
    assert not (tmp_path / "out.html").exists()


def test_check_still_accepts_a_summary_entry(tmp_path: Path) -> None:
    path = tmp_path / "huisbezoeken.yaml"
    path.write_text(SUMMARY, encoding="utf-8")
    result = run_main("check", str(path))
    assert result.stdout == f"{path}: ok\n"


def test_new_json_writes_the_starter_as_json_that_check_accepts(tmp_path: Path) -> None:
    path = tmp_path / "mijn-case.json"
    result = run_main("new", str(path))
    assert result.returncode == 0, result.stderr
    document = json.loads(path.read_text(encoding="utf-8"))
    yaml_path = tmp_path / "mijn-case.yaml"
    run_main("new", str(yaml_path))
    # the same content as the YAML starter, read back by both
    assert document == load_case(yaml_path).data
    assert document["case"]["id"] == "my-case"
    check = run_main("check", str(path))
    assert check.stdout == f"{path}: ok\n"
    assert check.returncode == 0


def test_new_json_with_a_template_is_json(tmp_path: Path) -> None:
    path = tmp_path / "makelen.json"
    result = run_main("new", str(path), "--template", "sociaal-makelen")
    assert result.returncode == 0, result.stderr
    assert json.loads(path.read_text(encoding="utf-8"))["rendement"] == 1


def test_new_refuses_other_suffixes(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    result = run_main("new", str(path))
    assert result.stderr.splitlines() == [
        f"{path}: a case file ends in .yaml, .yml, .json or .xlsx"
    ]
    assert result.returncode == 2
    assert not path.exists()


def test_new_xlsx_writes_a_case_workbook_that_check_calc_and_import_read(tmp_path: Path) -> None:
    book = tmp_path / "mijn-case.xlsx"
    assert run_main("new", str(book)).returncode == 0
    yaml_path = tmp_path / "mijn-case.yaml"
    run_main("new", str(yaml_path))
    assert load_case(book).data == load_case(yaml_path).data
    assert run_main("check", str(book)).stdout == f"{book}: ok\n"
    from_book = json.loads(run_main("calc", str(book), "--json").stdout)
    from_yaml = json.loads(run_main("calc", str(yaml_path), "--json").stdout)
    assert from_book == from_yaml
    database = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    imported = run_main("registry", "import", str(book), "--database", database)
    assert imported.returncode == 0, imported.stderr
    listed = run_main("registry", "list", "--database", database, "--json")
    assert [e["id"] for e in json.loads(listed.stdout)] == ["my-case"]


def test_a_wrong_value_in_a_workbook_is_named_at_its_cell(tmp_path: Path) -> None:
    import openpyxl

    book = tmp_path / "case.xlsx"
    run_main("new", str(book))
    wb = openpyxl.load_workbook(book)
    ws = wb["outcomes"]
    column = next(c.column_letter for c in ws[1] if c.value == "deadweight")
    ws[f"{column}2"] = 1.5
    ws["A3"] = "=A2"
    wb.save(book)
    result = run_main("check", str(book))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{book}: outcomes!A3: a formula (=A2); the import reads values, not formulas: "
        "paste the value itself (Paste Special, Values)"
    ]
    ws["A3"] = "minder-zorg"
    wb.save(book)
    assert run_main("check", str(book)).stderr.splitlines() == [
        f"{book} outcomes!{column}2 outcomes[0].deadweight: must be between 0 and 1 (got 1.5)"
    ]


def test_new_help_says_json_loses_the_comments() -> None:
    result = run_main("new", "--help")
    assert "comments" in " ".join(result.stdout.split())
    assert "JSON" in result.stdout


def test_check_accepts_a_json_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    document = load_case(MENTOR).data
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(document, ensure_ascii=False).encode("utf-8"))
    result = run_main("check", str(path))
    assert result.stdout == f"{path}: ok\n"
    assert result.returncode == 0
