"""What people wrote reaches the reports as text, never as markup or a formula: a title, a
stakeholder's name and an outcome's description from the editor, a participant's name and a
facilitator's decision from a workshop, through the real routes into the HTML report (escaped),
the PDF (read back with poppler: the characters as typed, no script in the file) and the Excel
workbook (opened with openpyxl: text cells, no formula of anyone's making)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl

from web.conftest import World
from web.test_workshop import CASE, Participant, facilitator_headers, open_workshop

TITLE = "<script>alert('titel')</script>"
STAKEHOLDER = '=HYPERLINK("https://elders.example/","klik")'
DESCRIPTION = "@SUM(1+1) <img src=x onerror=alert('omschrijving')>"
PARTICIPANT = "+<script>alert('naam')</script>"
DECISION = "-2+3 <iframe src=https://elders.example/></iframe>"


def _hostile_case(world: World) -> None:
    world.sign_in("editor")
    registry = world.client.app.state.registry  # type: ignore[attr-defined]
    found = registry.get(CASE)
    document = found.data
    document["case"]["title"] = TITLE
    insurer = next(s for s in document["stakeholders"] if s["id"] == "zorgverzekeraar")
    insurer["name"] = STAKEHOLDER
    document["outcomes"][0]["description"] = DESCRIPTION
    saved = world.client.post(
        f"/cases/{CASE}/save",
        json={"document": document, "base_version": found.number},
        headers={"x-csrf-token": world.csrf()},
    )
    assert saved.status_code == 200, saved.text


def _workshop_with_hostile_words(world: World) -> None:
    code = open_workshop(world)
    person = Participant(world, code, PARTICIPANT, "zorgverzekeraar")
    headers = facilitator_headers(world, code)
    parameter = "outcomes.minder-huisartsbezoek.quantity"
    assert (
        world.client.post(
            f"/w/{code}/table", json={"parameter": parameter}, headers=headers
        ).status_code
        == 200
    )
    assert person.post("estimate", {"low": 100, "value": 200, "high": 300}).status_code == 200
    assert world.client.post(f"/w/{code}/adopt", json={"value": 200}, headers=headers).is_success
    assert world.client.post(
        f"/w/{code}/decision", json={"body": DECISION}, headers=headers
    ).is_success
    assert person.post("signoff", {"agreed": True}).status_code == 200


def _report(world: World, kind: str) -> bytes:
    world.sign_in("editor")
    answer = world.client.get(f"/cases/{CASE}/report.{kind}")
    assert answer.status_code == 200, answer.text[:300]
    return answer.content


def test_the_html_report_shows_every_hostile_word_as_text(sqlite_world: World) -> None:
    world = sqlite_world
    _hostile_case(world)
    _workshop_with_hostile_words(world)
    html = _report(world, "html").decode()
    for tag in ("<script", "<img", "<iframe"):
        assert tag not in html, tag
    assert "&lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(&#39;omschrijving&#39;)&gt;" in html
    assert "&lt;iframe src=https://elders.example/&gt;&lt;/iframe&gt;" in html  # the decision
    assert "+&lt;script&gt;alert(&#39;naam&#39;)&lt;/script&gt;" in html  # who estimated
    assert "=HYPERLINK(&#34;https://elders.example/&#34;,&#34;klik&#34;)" in html


def test_the_pdf_report_prints_the_words_as_typed_and_holds_no_script(
    sqlite_world: World, tmp_path: Path
) -> None:
    world = sqlite_world
    _hostile_case(world)
    _workshop_with_hostile_words(world)
    pdf = _report(world, "pdf")
    assert pdf.startswith(b"%PDF")
    assert b"/JavaScript" not in pdf and b"/JS " not in pdf and b"/Launch" not in pdf
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed (poppler-utils); scripts/system-deps installs it"
    (tmp_path / "report.pdf").write_bytes(pdf)
    printed = subprocess.run(
        [tool, str(tmp_path / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    flat = " ".join(printed.split())
    for words in (TITLE, "onerror=alert('omschrijving')>", "<iframe src=", "alert('naam')"):
        assert words in flat, words


def test_the_workbook_writes_user_text_as_text_cells(sqlite_world: World) -> None:
    world = sqlite_world
    _hostile_case(world)
    _workshop_with_hostile_words(world)
    book = openpyxl.load_workbook(io.BytesIO(_report(world, "xlsx")))
    ours = ("HYPERLINK", "SUM(1+1)", "alert(")
    found: dict[str, int] = dict.fromkeys(ours, 0)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                for word in ours:
                    if word in value:
                        found[word] += 1
                        # a string cell: Excel shows it, never evaluates it
                        assert cell.data_type == "s", (sheet.title, cell.coordinate, value)
    assert all(found.values()), found  # each hostile text is in the workbook, as text
