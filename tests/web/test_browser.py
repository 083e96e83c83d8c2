"""What a person does, in a real browser (Debian's Chromium driven by Playwright) against a
real server (uvicorn on 127.0.0.1): sign in with the demo login, build a case from a
substitution template, watch the ratio move, meet an error at its field, save, see the history,
restore, download the PDF, filter the registry, open the meta page, switch to English.

A screenshot of each page is kept under tests/artifacts/browser/ (git-ignored).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rendement.cli.web import DEMO_EMAIL, DEMO_PASSWORD
from web.live_servers import chromium

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "artifacts" / "browser"
CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    env = {**os.environ, "RENDEMENT_DATABASE_URL": f"sqlite:///{folder / 'registry.sqlite3'}"}
    subprocess.run(
        [*CLI, "registry", "import", str(ROOT / "examples")],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    port = _free_port()
    process = subprocess.Popen(
        [*CLI, "serve", "--demo", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"the server stopped: {output}") from None
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("the server did not start within 90 s")
    yield base
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_newcomer_builds_saves_and_downloads_a_case(
    server: str, browser: object, tmp_path: Path
) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    expect = playwright.expect

    # sign in with the demo login (an anonymous visitor is sent to the sign-in page)
    page.goto(server + "/")
    expect(page).to_have_url(server + "/login?next=%2F")
    shot(page, "01-login")
    page.get_by_label("E-mailadres").fill(DEMO_EMAIL)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Business cases")).to_be_visible()
    shot(page, "02-home")

    # a case from a substitution template: its empty quantities are errors at their fields
    page.get_by_label("Beginnen met").select_option("sociaal-makelen")
    page.get_by_role("button", name="Openen in de editor").click()
    expect(page.locator('.field-error[data-error-path="outcomes[0].quantity"]')).to_contain_text(
        "left empty"
    )
    for i, q in enumerate(["300", "120", "80", "2", "3"]):
        page.locator(f'input[data-path="outcomes[{i}].quantity"]').fill(q)
    sroi = page.locator("#r-sroi")
    expect(sroi).to_have_text("0,10")
    expect(page.locator(".field-error")).to_have_count(0)
    shot(page, "03-editor-template")

    # a stakeholder and an outcome with a catalogue proxy: the payer becomes its stakeholder
    page.get_by_role("button", name="+ Belanghebbende").click()
    page.locator('input[data-path="stakeholders[5].name"]').fill("Woningcorporatie Noord")
    page.locator('select[data-path="stakeholders[5].kind"]').select_option("housing-corporation")
    page.get_by_role("button", name="+ Effect").click()
    page.locator('select[data-path="outcomes[6].proxy.ref"]').select_option("care/gp-consult")
    expect(page.locator('select[data-path="outcomes[6].stakeholder"]')).to_have_value(
        "zorgverzekeraar"
    )
    details = page.locator('fieldset[data-path="outcomes[6].proxy"] .proxy-details')
    expect(details).to_contain_text("2022")
    page.locator('input[data-path="outcomes[6].quantity"]').fill("2000")
    expect(sroi).not_to_have_text("0,10")
    moved = sroi.inner_text()
    shot(page, "04-editor-outcome")

    # an impossible share: the model's message at that field, the results marked stale
    share = page.locator('input[data-path="outcomes[6].deadweight"]')
    share.fill("1,5")
    error = page.locator('.field-error[data-error-path="outcomes[6].deadweight"]')
    expect(error).to_have_text("must be between 0 and 1 (got 1.5)")
    expect(share).to_have_attribute("aria-invalid", "true")
    shot(page, "05-editor-error")
    share.fill("0,25")
    expect(error).to_have_count(0)
    expect(sroi).not_to_have_text(moved)

    # save: the case gets its address and version 1; a second save is version 2
    page.get_by_label("Wat is er veranderd?").fill("eerste versie met partners")
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(server + "/cases/demo/sociaal-makelen")
    expect(page.locator(".version")).to_contain_text("Versie 1")
    page.locator('input[data-path="case.title"]').fill("Sociaal makelen Noord")
    page.get_by_label("Wat is er veranderd?").fill("titel")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#save-status")).to_have_text("Opgeslagen als versie 2")
    shot(page, "06-editor-saved")

    # history: two versions; restoring the first makes a third
    page.get_by_role("link", name="Versies").click()
    rows = page.locator("#history-table tbody tr")
    expect(rows).to_have_count(2)
    shot(page, "07-history")
    page.get_by_role("button", name="Versie 1 terugzetten").click()
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("restored version 1")
    page.get_by_role("link", name="Verschil met de vorige").first.click()
    expect(page.locator("#diff-inputs")).to_contain_text("case.title")
    shot(page, "08-diff")

    # the PDF report downloads and opens
    page.goto(server + "/cases/demo/sociaal-makelen")
    with page.expect_download() as info:
        page.locator("#download-pdf").click()
    pdf = tmp_path / "case.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60)
    assert text.returncode == 0 and "Sociaal makelen" in text.stdout

    # the registry, filtered by quadrant
    page.get_by_role("link", name="Register").click()
    total = page.locator("#registry-table tbody tr").count()
    page.get_by_label("Kwadrant").select_option("preventive/single")
    page.get_by_role("button", name="Filteren").click()
    filtered = page.locator("#registry-table tbody tr")
    assert 0 < filtered.count() < total
    for cell in filtered.locator("td:nth-child(2)").all_inner_texts():
        assert cell == "preventive/single"
    shot(page, "09-registry")

    # the meta-analysis, then everything in English
    page.get_by_role("link", name="Meta-analyse").click()
    expect(page.locator("#meta-stats")).to_contain_text("n")
    shot(page, "10-meta")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("link", name="Meta-analysis")).to_be_visible()
    page.goto(server + "/cases/demo/sociaal-makelen")
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    shot(page, "11-editor-english")

    assert problems == []
    context.close()


def test_signing_in_and_reaching_the_editor_works_by_keyboard_alone(
    server: str, browser: object
) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    expect = playwright.expect
    page.goto(server + "/login")
    # the first Tab shows the skip link, then the language switch, then the form
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.locator("#email").focus()
    page.keyboard.type(DEMO_EMAIL)
    page.keyboard.press("Tab")
    expect(page.locator("#password")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Business cases")).to_be_visible()
    # every form field of the editor has a label a screen reader can read
    page.goto(server + "/cases/new?template=buurtcoaching")
    expect(page.locator('input[data-path="case.title"]')).to_be_visible()
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('#editor input, #editor select, #editor textarea')]
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
              .map(el => el.dataset.path || el.id)"""
    )
    assert unlabelled == []
    shot(page, "12-editor-keyboard")
    context.close()


def test_a_partner_uploads_a_case_workbook_and_meets_a_wrong_cell_at_its_field(
    server: str, browser: object, tmp_path: Path
) -> None:
    """The starter as a workbook, filled in by someone who prefers Excel: one with a share
    above 1 opens as a draft with the cell named at the field; the corrected one is saved."""
    import openpyxl

    from rendement.io.excel import write_workbook
    from rendement.io.yamlio import read_document

    starter = ROOT / "src" / "rendement" / "cli" / "templates" / "starter.yaml"
    document = read_document(starter.read_text("utf-8"), "starter.yaml")[0]
    document["case"]["id"] = "uit-excel"
    document["case"]["title"] = "Uit Excel"
    book = tmp_path / "uit-excel.xlsx"
    book.write_bytes(write_workbook(document))
    wb = openpyxl.load_workbook(book)
    ws = wb["outcomes"]
    column = next(c.column_letter for c in ws[1] if c.value == "deadweight")
    ws[f"{column}2"] = 1.5
    wb.save(book)

    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    expect = playwright.expect
    page.goto(server + "/login")
    page.get_by_label("E-mailadres").fill(DEMO_EMAIL)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Business cases")).to_be_visible()
    page.locator("#up-file").set_input_files(str(book))
    page.get_by_role("button", name="Uploaden").click()
    errors = page.locator("#load-errors")
    expect(errors).to_contain_text(f"outcomes!{column}2: must be between 0 and 1 (got 1.5)")
    shot(page, "13-workbook-wrong-cell")

    ws[f"{column}2"] = 0.25
    wb.save(book)
    page.goto(server + "/")
    page.locator("#up-file").set_input_files(str(book))
    page.get_by_role("button", name="Uploaden").click()
    expect(page).to_have_url(re.compile(r".*/cases/[a-z0-9-]+/uit-excel$"))
    expect(page.get_by_role("heading", name="Uit Excel")).to_be_visible()
    shot(page, "14-workbook-saved")
    context.close()
