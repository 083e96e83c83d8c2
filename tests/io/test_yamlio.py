"""Reading case files: the line of every key and list item, and one-line errors for files
that cannot be read at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rendement.io.yamlio import (
    SourceMap,
    iter_case_files,
    load_case,
    load_case_text,
    read_document,
)
from rendement.model import CaseError

CASE = """\
rendement: 1
case:
  id: buurtcoaches
  title: Buurtcoaches Noord
  price_year: 2024
stakeholders:
  - {id: gemeente, name: Gemeente, kind: municipality}
  - {id: zvw, name: Zorgverzekeraar, kind: health-insurer}
investments:
  - id: coaches
    stakeholder: gemeente
    schedule: [100000,
      80000]
outcomes:
  - id: minder-huisartsbezoek
    stakeholder: zvw
    quantity: 200
    proxy: {ref: care/gp-consult}
  - id: welbevinden
    stakeholder: gemeente
    pm: positive
"""


@pytest.fixture
def source() -> SourceMap:
    _, source = read_document(CASE, "case.yaml")
    return source


def test_line_of_nested_key(source: SourceMap) -> None:
    assert source.line_of(("case", "price_year")) == 5
    assert source.line_of(("outcomes", 0, "quantity")) == 17


def test_line_of_list_items_block_and_flow(source: SourceMap) -> None:
    assert source.line_of(("stakeholders", 1)) == 8
    assert source.line_of(("outcomes", 1)) == 19


def test_line_of_key_inside_a_flow_mapping(source: SourceMap) -> None:
    assert source.line_of(("stakeholders", 1, "kind")) == 8
    assert source.line_of(("outcomes", 0, "proxy", "ref")) == 18


def test_line_of_flow_sequence_item_on_its_own_line(source: SourceMap) -> None:
    assert source.line_of(("investments", 0, "schedule", 0)) == 12
    assert source.line_of(("investments", 0, "schedule", 1)) == 13


def test_missing_key_falls_back_to_nearest_ancestor(source: SourceMap) -> None:
    # outcomes[1] has no deadweight: its own line (19) is the nearest that exists
    assert source.line_of(("outcomes", 1, "deadweight")) == 19
    assert source.line_of(("outcomes", 7, "quantity")) == 14  # no outcomes[7]: the list's key
    assert source.line_of(("case", "evidence", "design")) == 2


def test_unknown_top_level_path_falls_back_to_the_document(source: SourceMap) -> None:
    assert source.line_of(("scenarios",)) == 1
    assert source.line_of(()) == 1


def test_read_document_gives_plain_data() -> None:
    data, _ = read_document(CASE, "case.yaml")
    assert type(data) is dict
    assert type(data["stakeholders"]) is list
    assert data["investments"][0]["schedule"] == [100000, 80000]


def test_json_file_loads_with_lines(tmp_path: Path) -> None:
    data, _ = read_document(CASE, "case.yaml")
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    text = path.read_text(encoding="utf-8").splitlines()

    loaded = load_case(path)

    assert loaded.case.case.id == "buurtcoaches"
    price_line = next(n for n, line in enumerate(text, 1) if '"price_year"' in line)
    assert loaded.source.line_of(("case", "price_year")) == price_line
    second_outcome = next(n for n, line in enumerate(text, 1) if '"id": "welbevinden"' in line)
    # json.dumps(indent=2) puts the "{" of an object one line above its first key
    assert loaded.source.line_of(("outcomes", 1)) == second_outcome - 1


def test_json_error_is_located_by_line(tmp_path: Path) -> None:
    data, _ = read_document(CASE, "case.yaml")
    data["outcomes"][0]["deadweight"] = 1.5
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    line = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if '"deadweight"' in text
    )

    with pytest.raises(CaseError) as caught:
        load_case(path)

    assert [str(i) for i in caught.value.issues] == [
        f"{path}:{line} outcomes[0].deadweight: must be between 0 and 1 (got 1.5)"
    ]


def test_load_case_text_locates_every_problem() -> None:
    text = CASE.replace("price_year: 2024", "price_year: 1800").replace(
        "quantity: 200", "quantity: 200\n    deadweight: 2"
    )
    with pytest.raises(CaseError) as caught:
        load_case_text(text, "c.yaml")
    assert [str(i) for i in caught.value.issues] == [
        "c.yaml:5 case.price_year: must be at least 1900 (got 1800)",
        "c.yaml:18 outcomes[0].deadweight: must be between 0 and 1 (got 2)",
    ]


def _one_line_error(path: Path) -> str:
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert len(caught.value.issues) == 1
    message = str(caught.value.issues[0])
    assert "\n" not in message
    return message


def test_missing_file_gives_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert _one_line_error(path) == f"{path}: no such file"


def test_folder_gives_one_line_error(tmp_path: Path) -> None:
    assert _one_line_error(tmp_path) == f"{tmp_path}: is a folder, not a case file"


def test_non_utf8_file_gives_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("rendement: 1\ncase: {title: Café}\n".encode("latin-1"))
    # "é" in Latin-1 is the single byte 0xe9, on the second line
    assert _one_line_error(path) == f"{path}:2: not a UTF-8 text file (byte 0xe9)"


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_text("\ufeff" + CASE, encoding="utf-8")
    assert load_case(path).source.line_of(("case", "price_year")) == 5


def test_iter_case_files_lists_case_files_of_a_folder_in_order(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.json", "sub/c.yml", "notes.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    single = tmp_path / "notes.txt"
    found = list(iter_case_files([tmp_path, single]))
    assert found == [tmp_path / "a.json", tmp_path / "b.yaml", tmp_path / "sub" / "c.yml", single]
