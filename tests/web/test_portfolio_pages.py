"""Fund pages (method.md §16) over HTTP: a portfolio of registry cases computed as it is
typed, saved with versions, private to its organisation; members are registry ids the caller
may see, and never files."""

from __future__ import annotations

import re

from rendement.texts import money
from rendement.usecases.accounts import token_principal
from rendement.usecases.portfolios import evaluate_portfolio
from web.conftest import World

PORTFOLIO = """rendement: 1
portfolio: {id: fonds-noord, title: Fonds Noord, price_year: 2024}
members:
  - {case: noord/buurtcoaches, scale: 2, start: 0}
parties:
  map: {buurtcoaches.gemeente: gemeenten}
fund: {rule: proportional}
"""


def _post(world: World, url: str, body: dict) -> object:  # type: ignore[type-arg]
    return world.client.post(url, json=body, headers={"x-csrf-token": world.csrf()})


def test_the_fund_follows_the_text_and_matches_the_use_case(world: World) -> None:
    world.sign_in("editor")
    answer = _post(world, "/portfolios/evaluate", {"text": PORTFOLIO})
    data = answer.json()  # type: ignore[attr-defined]
    assert data["ok"], data
    from rendement.io.yamlio import read_document

    store = world.client.app.state.store  # type: ignore[attr-defined]
    eddy = token_principal(store.accounts, world.tokens["editor"])
    result = evaluate_portfolio(store, eddy, read_document(PORTFOLIO, "p.yaml")[0])
    gemeenten = next(p for p in result.parties if p.party == "gemeenten")
    row = re.search(r'<tr data-party="gemeenten">(.*?)</tr>', data["html"], re.S)
    assert row is not None and money(gemeenten.contribution, "nl") in row.group(1)
    assert data["html"].count("<tr data-party=") == len(result.parties)


def test_members_are_registry_ids_the_caller_may_see_never_files(world: World) -> None:
    world.sign_in("editor")
    text = PORTFOLIO.replace(
        "  - {case: noord/buurtcoaches, scale: 2, start: 0}",
        "  - {case: noord/buurtcoaches, scale: 2, start: 0}\n"
        "  - {case: zuid/schuldhulp}\n"
        "  - {case: ../../../../etc/passwd}\n"
        "  - {case: zuid/gedeeld}",
    )
    data = _post(world, "/portfolios/evaluate", {"text": text}).json()  # type: ignore[attr-defined]
    assert not data["ok"]
    messages = {e["path"]: e["message"] for e in data["errors"]}
    # another organisation's private case is not found, exactly like one that does not exist
    assert messages["members[1].case"] == "no case 'zuid/schuldhulp' in the registry"
    assert messages["members[2].case"] == "no case '../../../../etc/passwd' in the registry"
    assert "members[3].case" not in messages  # a shared case may be a member


def test_a_fund_is_saved_with_versions_and_private_to_its_organisation(world: World) -> None:
    world.sign_in("editor")
    saved = _post(world, "/portfolios/save", {"text": PORTFOLIO, "org": "noord"})
    assert saved.json() == {  # type: ignore[attr-defined]
        "key": "noord/fonds-noord",
        "version": 1,
        "url": "/portfolios/noord/fonds-noord",
    }
    page = world.client.get("/portfolios/noord/fonds-noord")
    assert page.status_code == 200 and "Fonds Noord" in page.text
    again = _post(world, "/portfolios/save", {"text": PORTFOLIO, "org": "noord", "base_version": 1})
    assert again.json()["version"] == 2  # type: ignore[attr-defined]
    stale = _post(world, "/portfolios/save", {"text": PORTFOLIO, "org": "noord", "base_version": 1})
    assert stale.status_code == 409  # type: ignore[attr-defined]
    twice = _post(world, "/portfolios/save", {"text": PORTFOLIO, "org": "noord"})
    assert twice.status_code == 409  # type: ignore[attr-defined]
    assert "fonds-noord" in world.client.get("/portfolios").text
    world.sign_in("other")
    assert world.client.get("/portfolios/noord/fonds-noord").status_code == 404
    assert "fonds-noord" not in world.client.get("/portfolios").text
    world.sign_in("viewer")
    assert world.client.get("/portfolios/noord/fonds-noord").status_code == 200
    refused = _post(
        world, "/portfolios/save", {"text": PORTFOLIO, "org": "noord", "base_version": 2}
    )
    assert refused.status_code == 403  # type: ignore[attr-defined]


def test_a_change_needs_the_csrf_token(world: World) -> None:
    world.sign_in("editor")
    answer = world.client.post("/portfolios/save", json={"text": PORTFOLIO, "org": "noord"})
    assert answer.status_code == 403
    assert world.client.get("/portfolios").text.count("fonds-noord") == 0


def test_the_page_gives_each_partys_chance_to_come_out_ahead(world: World) -> None:
    world.sign_in("editor")
    data = _post(world, "/portfolios/evaluate", {"text": PORTFOLIO}).json()  # type: ignore[attr-defined]
    from rendement.io.yamlio import read_document

    store = world.client.app.state.store  # type: ignore[attr-defined]
    eddy = token_principal(store.accounts, world.tokens["editor"])
    result = evaluate_portfolio(store, eddy, read_document(PORTFOLIO, "p.yaml")[0], 2000, 0)
    assert result.simulation is not None and 'id="fund-simulated"' in data["html"]
    from rendement.texts import percent

    for party in result.parties:  # the same joint draws as the use case's, seed 0
        row = re.search(
            rf'<tr data-party="{re.escape(party.party)}">(.*?)</tr>', data["html"], re.S
        )
        assert row is not None
        assert f'<td class="num p-net">{percent(party.p_net_nonnegative, "nl")}</td>' in row.group(
            1
        )
