"""The editor's results panel beyond the single case: the overview of project alternatives
(method.md §13) and the assurance checklist, as the editor shows them after each edit."""

from __future__ import annotations

import re

from rendement.texts import money
from rendement.usecases.alternatives import compare
from rendement.usecases.analysis import analyse_document
from web.conftest import World, example


def _panel(world: World, document: dict) -> str:  # type: ignore[type-arg]
    world.sign_in("editor")
    answer = world.client.post(
        "/cases/evaluate", json={"document": document}, headers={"x-csrf-token": world.csrf()}
    )
    assert answer.status_code == 200 and answer.json()["ok"], answer.text
    html: str = answer.json()["html"]
    return html


def test_a_case_with_alternatives_shows_each_option_beside_doing_nothing(
    sqlite_world: World,
) -> None:
    document = example("buurtcoaches-varianten.yaml")
    html = _panel(sqlite_world, document)
    overview = compare(analyse_document(document).structure).overview
    for option in overview.options:  # the NPV of every option, as the engine has it
        cell = re.search(rf'data-option="{option.id}">([^<]+)<', html)
        assert cell is not None and cell.group(1) == money(option.evaluation.npv, "nl")
    assert html.count('<details class="option"') == len(overview.options) == 3
    assert "Nulalternatief" in html


def test_a_case_without_alternatives_has_no_overview(sqlite_world: World) -> None:
    html = _panel(sqlite_world, example("buurtcoaches-ouderen.yaml"))
    assert 'id="alternatives"' not in html


def test_the_assurance_checklist_says_what_to_do(sqlite_world: World) -> None:
    document = example("buurtcoaches-ouderen.yaml")
    for outcome in document["outcomes"]:
        if outcome.get("id") == "minder-huisartsbezoek":
            outcome.pop("deadweight", None)  # missing, not 0: the check must say so
    html = _panel(sqlite_world, document)
    item = re.search(
        r'<li class="(\w+)" data-check="deadweight-attribution">(.*?)</li>', html, re.S
    )
    assert item is not None and item.group(1) == "open"
    assert "minder-huisartsbezoek" in item.group(2)
    assert len(re.findall(r'data-check="', html)) == 7


def test_the_compensating_proposal_leaves_nobody_below_zero(sqlite_world: World) -> None:
    document = example("buurtcoaches-ouderen.yaml")
    html = _panel(sqlite_world, document)
    rows = re.search(r'id="compensating-table">(.*?)</table>', html, re.S)
    assert rows is not None
    proposal = analyse_document(document).evaluation.cofinancing.compensating
    assert proposal is not None and proposal.rows
    for r in proposal.rows:  # every party's net after the proposal, as the engine has it
        assert money(r.net_after, "nl") in rows.group(1)
        assert r.net_after >= -1e-6


def test_the_simulation_page_gives_each_options_chance_to_be_best(sqlite_world: World) -> None:
    from rendement.texts import percent

    world = sqlite_world
    document = example("buurtcoaches-varianten.yaml")
    world.sign_in("editor")
    made = world.client.post(
        "/cases/create",
        json={"document": document, "org": "noord"},
        headers={"x-csrf-token": world.csrf()},
    )
    assert made.status_code == 200, made.text
    page = world.client.get(f"{made.json()['url']}/simulation", params={"draws": 2000})
    table = re.search(r'id="p-best-table">(.*?)</table>', page.text, re.S)
    assert table is not None
    choice = compare(analyse_document(document).structure, None, 2000, 0).choice
    assert choice is not None and abs(sum(p for _, p in choice.p_best) - 1) < 1e-12
    for option, p in choice.p_best:  # the same common draws, seed 0
        row = re.search(
            rf'<tr data-option="{option}">.*?<td class="num">([^<]+)</td>', table.group(1)
        )
        assert row is not None and row.group(1) == percent(p, "nl")
