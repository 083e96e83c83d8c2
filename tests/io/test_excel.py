"""The case workbook (.xlsx): what it holds reads back as the same document, and a hostile or
damaged workbook is refused with the sheet and cell named, before anything in it is computed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rendement.io.excel import SHEETS, WorkbookLayoutError, read_workbook, write_workbook
from rendement.io.yamlio import load_case, read_document
from rendement.model import CaseError
from workbooks import billion_laughs, zip_bomb
from workbooks import book as _book
from workbooks import minimal as _minimal
from workbooks import replace_part as _replace_part

ROOT = Path(__file__).parents[2]
STARTER = ROOT / "src" / "rendement" / "cli" / "templates" / "starter.yaml"


def _document(path: Path) -> Any:
    return read_document(path.read_text(encoding="utf-8"), str(path))[0]


def _messages(raw: bytes, name: str = "case.xlsx") -> list[str]:
    with pytest.raises(CaseError) as caught:
        read_workbook(raw, name)
    return [str(i) for i in caught.value.issues]


# -- what the layout holds reads back as written ------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        STARTER,
        ROOT / "examples" / "buurtcoaches-ouderen.yaml",  # ranges, pooled estimates by partner
        ROOT / "examples" / "schuldhulp-vroegsignalering.yaml",
    ],
    ids=lambda p: p.name,
)
def test_a_case_written_as_a_workbook_reads_back_as_the_same_document(path: Path) -> None:
    document = _document(path)
    back, _ = read_workbook(write_workbook(document), "case.xlsx")
    assert back == document


def test_a_workbook_is_computed_like_its_yaml(tmp_path: Path) -> None:
    from rendement.engine import evaluate

    yaml = ROOT / "examples" / "buurtcoaches-ouderen.yaml"
    book = tmp_path / "buurtcoaches.xlsx"
    book.write_bytes(write_workbook(_document(yaml)))
    assert evaluate(load_case(book).case).npv == evaluate(load_case(yaml).case).npv


def test_parts_the_layout_has_no_sheet_for_are_refused_rather_than_lost() -> None:
    document = _document(ROOT / "examples" / "buurtcoaches-varianten.yaml")
    with pytest.raises(WorkbookLayoutError, match="alternatives"):
        write_workbook(document)


_key = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(lambda k: k != "value")
_leaf = st.one_of(
    st.integers(-(10**9), 10**9),
    # Excel keeps 15 significant digits: numbers with fewer come back exactly
    st.integers(-(10**11), 10**11).filter(lambda n: n % 1000 != 0).map(lambda n: n / 1000),
    st.booleans(),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    ),
)
_tree = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3),
        st.dictionaries(_key, inner, min_size=1, max_size=3),
    ),
    max_leaves=8,
)


@settings(max_examples=40, deadline=None)
@given(
    info=st.dictionaries(_key, _tree, min_size=1, max_size=4),
    items=st.lists(st.dictionaries(_key, _tree, min_size=1, max_size=4), max_size=3),
)
def test_any_tree_of_values_round_trips_through_the_workbook(
    info: dict[str, Any], items: list[dict[str, Any]]
) -> None:
    document = {
        "rendement": 1,
        "case": info,
        "stakeholders": [],
        "investments": [],
        "outcomes": items,
    }
    back, cells = read_workbook(write_workbook(document), "x.xlsx")
    assert back == document
    for i in range(len(items)):  # every item knows its row
        assert cells.cell_of(("outcomes", i, "anything")) == f"outcomes!A{i + 2}"


def test_text_that_looks_like_a_formula_stays_text_both_ways() -> None:
    document = _document(STARTER)
    document["case"]["title"] = '=HYPERLINK("http://example.invalid","klik")'
    document["stakeholders"][0]["name"] = "@SUM(A1)"
    raw = write_workbook(document)
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    kinds = {c.value: c.data_type for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert kinds[document["case"]["title"]] == "s"
    assert kinds["@SUM(A1)"] == "s"
    back, _ = read_workbook(raw, "x.xlsx")
    assert back["case"]["title"] == document["case"]["title"]


# -- what a person gets wrong: named at its cell --------------------------------------------


def test_a_formula_is_named_at_its_cell_and_not_computed() -> None:
    sheets = _minimal()
    sheets["outcomes"][1][2] = "=2*5"
    (message,) = _messages(_book(sheets))
    assert message.startswith("case.xlsx: outcomes!C2: a formula (=2*5)")
    assert "values, not formulas" in message


def test_dates_error_values_and_unknown_sheets_are_named() -> None:
    from datetime import date

    sheets = _minimal()
    sheets["case"].append(["source", date(2024, 3, 12)])
    sheets["case"].append(["region", "#DIV/0!"])  # openpyxl stores it as an error value
    sheets["outcomz"] = [["id"]]
    messages = "\n".join(_messages(_book(sheets)))
    assert "case!B5: a date or time" in messages
    assert "case!B6: an error value (#DIV/0!)" in messages
    assert "sheet 'outcomz' is not part of a case workbook (did you mean outcomes?)" in messages


def test_headers_and_keys_that_are_no_paths_are_named() -> None:
    sheets = _minimal()
    sheets["outcomes"][0][5] = "proxy price"
    sheets["case"].append(["Title!", "x"])
    sheets["stakeholders"][0].append("name")
    messages = "\n".join(_messages(_book(sheets)))
    assert "outcomes!F1: 'proxy price' is not a field name" in messages
    assert "case!A5: 'Title!' is not a key of case" in messages
    assert "stakeholders!D1: the column name twice (also stakeholders!B1)" in messages


def test_a_validation_error_names_the_cell_of_the_wrong_value(tmp_path: Path) -> None:
    sheets = _minimal()
    sheets["outcomes"][0].append("deadweight")
    sheets["outcomes"][1].append(1.5)
    book = tmp_path / "case.xlsx"
    book.write_bytes(_book(sheets))
    with pytest.raises(CaseError) as caught:
        load_case(book)
    assert [str(i) for i in caught.value.issues] == [
        f"{book} outcomes!G2 outcomes[0].deadweight: must be between 0 and 1 (got 1.5)"
    ]


def test_no_case_sheet_is_named() -> None:
    sheets = _minimal()
    del sheets["case"]
    assert _messages(_book(sheets)) == [
        "case.xlsx: no sheet 'case' (the case's id, title and conventions)"
    ]


# -- hostile and damaged files: refused before their XML is trusted -------------------------


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    raw = zip_bomb(60_000_000)
    assert len(raw) < 200_000
    (message,) = _messages(raw)
    assert "unpacks to 60,000," in message and "zip bomb" in message


def test_a_part_compressed_beyond_any_sheet_is_refused() -> None:
    raw = _replace_part(_book(_minimal()), "xl/worksheets/sheet1.xml", b" " * 5_000_000)
    (message,) = _messages(raw)
    assert "xl/worksheets/sheet1.xml is compressed more than 200 times" in message


def test_xml_entities_are_refused() -> None:
    messages = _messages(billion_laughs())
    assert any("entities or a document type, which are refused" in m for m in messages)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"rendement: 1\n", "not an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "an old .xls or a password-protected"),
        (b"PK\x03\x04" + b"\0" * 100, "a damaged .xlsx (its zip container cannot be read)"),
    ],
    ids=["yaml-named-xlsx", "ole", "truncated-zip"],
)
def test_what_is_no_workbook_is_named(raw: bytes, expected: str) -> None:
    (message,) = _messages(raw)
    assert expected in message


def test_a_zip_that_is_no_workbook_and_a_damaged_sheet_are_named() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "a zip file, but not an Excel workbook" in _messages(out.getvalue())[0]
    damaged = _replace_part(_book(_minimal()), "xl/worksheets/sheet1.xml", b"<worksheet><sheetD")
    assert "damaged" in "\n".join(_messages(damaged))


def test_a_sheet_of_too_many_rows_is_refused_at_the_limit() -> None:
    from rendement.io.excel import MAX_ROWS

    sheets = _minimal()
    sheets["stakeholders"].extend([f"s{i}", "S", "other"] for i in range(MAX_ROWS + 10))
    assert f"stakeholders: more than {MAX_ROWS:,} rows" in "\n".join(_messages(_book(sheets)))


def test_every_sheet_name_of_the_layout_is_a_part_of_the_case_format() -> None:
    document = _document(STARTER)
    assert set(SHEETS) - {"case"} <= set(document) | {"scenarios"}
