"""Every malformed case file of the test corpus, and some worse, uploaded through the web: each
is answered with its errors (never a server error) and nothing is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from web.conftest import World, import_rows

BAD = Path(__file__).parents[1] / "data" / "bad"
CORPUS = sorted(p for p in BAD.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def _worse() -> list[tuple[str, bytes]]:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    return [
        ("binary.yaml", bytes(range(256)) * 8),
        ("latin1.yaml", "rendement: 1\ncase: {title: 'Café'}\n".encode("latin-1")),
        ("bomb.yaml", bomb.encode()),
        ("deep.json", ("[" * 5000 + "]" * 5000).encode()),
        ("tag.yaml", b"rendement: !!python/object/apply:os.system ['true']\n"),
        ("big.yaml", b"# " + b"x" * 2_100_000 + b"\n"),
        ("empty.yaml", b""),
    ]


def _entries(world: World) -> int:
    return len(world.client.app.state.registry.entries())  # type: ignore[attr-defined]


def _upload_as_editor(world: World, name: str, body: bytes) -> tuple[Any, int]:
    """The answer to an editor uploading ``body`` as ``name``, and the entries before it."""
    world.sign_in("editor")
    before = _entries(world)
    answer = world.client.post(
        "/cases/upload",
        data={"csrf": world.csrf(), "org": "noord"},
        files={"file": (name, body, "application/octet-stream")},
        follow_redirects=False,
    )
    assert "Traceback" not in answer.text
    return answer, before


@pytest.mark.parametrize("name, body", [(p.name, p.read_bytes()) for p in CORPUS] + _worse())
def test_a_bad_upload_is_answered_with_its_errors_and_nothing_is_saved(
    sqlite_world: World, name: str, body: bytes
) -> None:
    answer, before = _upload_as_editor(sqlite_world, name, body)
    assert answer.status_code in (200, 400, 413, 422), (name, answer.status_code, answer.text[:300])
    if answer.status_code == 200:  # a draft in the editor, with its errors listed
        assert 'id="load-errors"' in answer.text
    assert _entries(sqlite_world) == before


def _workbooks() -> list[tuple[str, bytes]]:
    """Workbooks a person or an attacker may upload: each refused with its cell or reason."""
    from workbooks import billion_laughs, book, minimal, replace_part, zip_bomb

    formula = minimal()
    formula["outcomes"][1][2] = "=2*5"
    unknown = minimal() | {"Blad1": [["x"]]}
    wrong = minimal()
    wrong["outcomes"][0].append("deadweight")
    wrong["outcomes"][1].append(1.5)
    return [
        ("bomb.xlsx", zip_bomb()),
        ("laughs.xlsx", billion_laughs()),
        ("formula.xlsx", book(formula)),
        ("unknown-sheet.xlsx", book(unknown)),
        ("deadweight.xlsx", book(wrong)),
        ("truncated.xlsx", book(minimal())[:700]),
        ("damaged.xlsx", replace_part(book(minimal()), "xl/workbook.xml", b"<workbook")),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        ("yaml-inside.xlsx", b"rendement: 1\n"),
    ]


WORKBOOK_ANSWERS = {
    "bomb.xlsx": "zip bomb",
    "laughs.xlsx": "entities or a document type, which are refused",
    "formula.xlsx": "outcomes!C2: a formula (=2*5)",
    "unknown-sheet.xlsx": "sheet &#39;Blad1&#39; is not part of a case workbook",
    "deadweight.xlsx": "outcomes!G2: must be between 0 and 1 (got 1.5)",
    "truncated.xlsx": "a damaged .xlsx",
    "damaged.xlsx": "a damaged .xlsx",
    "old.xls": "an old .xls or a password-protected workbook",
    "yaml-inside.xlsx": "not an Excel workbook (.xlsx)",
}


@pytest.mark.parametrize("name, body", _workbooks(), ids=lambda v: v if isinstance(v, str) else "")
def test_a_bad_workbook_is_answered_with_its_cell_or_reason_and_nothing_is_saved(
    sqlite_world: World, name: str, body: bytes
) -> None:
    answer, before = _upload_as_editor(sqlite_world, name, body)
    assert answer.status_code in (200, 422), (name, answer.status_code, answer.text[:300])
    assert WORKBOOK_ANSWERS[name] in answer.text, answer.text[:2000]
    assert _entries(sqlite_world) == before


def test_a_case_workbook_uploads_as_the_case_its_yaml_makes(sqlite_world: World) -> None:
    from rendement.io.excel import write_workbook
    from rendement.io.yamlio import read_document

    world = sqlite_world
    world.sign_in("editor")
    yaml = Path(__file__).parents[2] / "examples" / "schuldhulp-vroegsignalering.yaml"
    document = read_document(yaml.read_text("utf-8"), yaml.name)[0]
    answer = world.client.post(
        "/cases/upload",
        data={"csrf": world.csrf(), "org": "noord"},
        files={"file": ("schuldhulp.xlsx", write_workbook(document), "application/vnd.ms-excel")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text[:1000]
    key = answer.headers["location"].removeprefix("/cases/")
    stored = world.client.app.state.registry.get(key)  # type: ignore[attr-defined]
    assert {k: stored.data[k] for k in document} == document


def test_the_registry_import_saves_a_good_workbook_and_names_the_cell_of_a_bad_one(
    sqlite_world: World,
) -> None:
    from rendement.io.excel import write_workbook
    from web.conftest import example
    from workbooks import book, minimal

    world = sqlite_world
    world.sign_in("editor")
    before = _entries(world)
    good = write_workbook(example("schuldhulp-vroegsignalering.yaml", "werkboek-goed"))
    wrong = minimal()
    wrong["outcomes"][0].append("deadweight")
    wrong["outcomes"][1].append(1.5)
    text = "rendement: 1\ncase:\n  id: tekst-fout\n  title: Tekst\n  method: sroi\n  years: 1\n"
    answer = world.client.post(
        "/registry/import",
        data={"csrf": world.csrf(), "org": "noord"},
        files=[
            ("files", ("goed.xlsx", good, "application/octet-stream")),
            ("files", ("fout.xlsx", book(wrong), "application/octet-stream")),
            ("files", ("fout.yaml", text.encode(), "application/yaml")),
        ],
    )
    assert answer.status_code == 200, answer.text[:1000]
    actions, rows = zip(*import_rows(answer.text), strict=True)
    assert actions == ("added", "rejected", "rejected")
    assert "noord/werkboek-goed" in rows[0]
    # the deadweight column is the seventh of the outcomes sheet: G, and row 2 is the first outcome
    assert (
        "fout.xlsx outcomes!G2 outcomes[0].deadweight: must be between 0 and 1 (got 1.5)" in rows[1]
    )
    # a case file's problem is named at its line: `years` is on line 6
    assert "fout.yaml:6 case.years" in rows[2], rows[2]
    registry = world.client.app.state.registry  # type: ignore[attr-defined]
    assert registry.current_version("noord/werkboek-goed") == 1
    assert _entries(world) == before + 1
