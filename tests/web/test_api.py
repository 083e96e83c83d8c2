"""The JSON API: the same keys as the CLI, errors with their places, tokens, versions."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from web.conftest import EXAMPLES, World, example


def cli_json(*args: str) -> dict:  # type: ignore[type-arg]
    out = subprocess.run(
        [sys.executable, "-c", "from rendement.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout)


def test_evaluate_gives_the_body_of_calc_json(sqlite_world: World) -> None:
    answer = sqlite_world.client.post(
        "/api/v1/evaluate", json=example("samenoud.yaml"), headers=sqlite_world.bearer("viewer")
    )
    assert answer.status_code == 200
    assert answer.json() == cli_json("calc", str(EXAMPLES / "samenoud.yaml"), "--json")


def test_evaluate_with_draws_adds_the_simulation_of_the_cli(sqlite_world: World) -> None:
    answer = sqlite_world.client.post(
        "/api/v1/evaluate?draws=500&seed=3",
        json=example("buurtcoaches-ouderen.yaml"),
        headers=sqlite_world.bearer("viewer"),
    )
    assert answer.status_code == 200
    expected = cli_json(
        "calc",
        str(EXAMPLES / "buurtcoaches-ouderen.yaml"),
        "--json",
        "--draws",
        "500",
        "--seed",
        "3",
    )
    assert answer.json()["simulation"] == expected["simulation"]


def test_an_invalid_document_is_422_with_each_place(sqlite_world: World) -> None:
    document = example("samenoud.yaml")
    document["outcomes"][0]["deadweight"] = 1.5
    del document["case"]["title"]
    answer = sqlite_world.client.post(
        "/api/v1/evaluate", json=document, headers=sqlite_world.bearer("viewer")
    )
    assert answer.status_code == 422
    assert {"path": "outcomes[0].deadweight", "message": "must be between 0 and 1 (got 1.5)"} in (
        answer.json()["errors"]
    )
    assert {"path": "case.title", "message": "required, but missing"} in answer.json()["errors"]


def test_a_body_that_is_not_json_says_where(sqlite_world: World) -> None:
    answer = sqlite_world.client.post(
        "/api/v1/evaluate",
        content=b'{"rendement": ',
        headers={**sqlite_world.bearer("viewer"), "content-type": "application/json"},
    )
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["path"] is None
    assert error["message"].startswith("the body is not valid JSON (at character 14")


@pytest.mark.parametrize("draws", ["0", "200001", "many"])
def test_draws_out_of_bounds_are_refused_with_the_limit(sqlite_world: World, draws: str) -> None:
    answer = sqlite_world.client.post(
        f"/api/v1/evaluate?draws={draws}",
        json=example("samenoud.yaml"),
        headers=sqlite_world.bearer("viewer"),
    )
    assert answer.status_code == 422
    message = answer.json()["errors"][0]["message"]
    if draws == "many":
        assert answer.json()["errors"][0]["path"] == "query.draws"
    elif draws == "0":
        assert message == "draws: at least 1 (got 0)"
    else:
        assert message == "draws: at most 200,000 (got 200,001)"


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer rdm_not-a-token", "Basic dXNlcjpwYXNz"],
)
def test_no_valid_token_is_401(sqlite_world: World, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    answer = sqlite_world.client.get("/api/v1/cases", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert answer.json()["errors"][0]["path"] is None


def test_a_revoked_token_is_401(sqlite_world: World) -> None:
    accounts = sqlite_world.client.app.state.accounts  # type: ignore[attr-defined]
    user = accounts.user_by_email("vera@noord.nl")
    assert accounts.revoke_tokens(user.id) == 1
    answer = sqlite_world.client.get("/api/v1/cases", headers=sqlite_world.bearer("viewer"))
    assert answer.status_code == 401


def test_case_list_holds_own_shared_and_common_cases_only(world: World) -> None:
    answer = world.client.get("/api/v1/cases", headers=world.bearer("viewer"))
    ids = sorted(c["id"] for c in answer.json()["cases"])
    assert ids == ["noord/buurtcoaches", "seo-teentalk", "zuid/gedeeld"]


def test_create_read_update_and_versions(world: World) -> None:
    headers = world.bearer("editor")
    document = example("mentorproject-den-haag.yaml", "mentor")
    created = world.client.post(
        "/api/v1/cases", json={"organisation": "noord", "document": document}, headers=headers
    )
    assert created.status_code == 201
    assert created.json() == {"id": "noord/mentor", "version": 1}
    got = world.client.get("/api/v1/cases/noord/mentor", headers=headers).json()
    assert got["version"] == 1 and got["document"] == document and got["author"] == "eddy@noord.nl"
    changed = json.loads(json.dumps(document))
    changed["case"]["title"] = "Mentorproject, tweede lezing"
    put = world.client.put(
        "/api/v1/cases/noord/mentor",
        json={"document": changed, "base_version": 1, "message": "titel"},
        headers=headers,
    )
    assert put.status_code == 200 and put.json()["version"] == 2
    versions = world.client.get("/api/v1/cases/noord/mentor/versions", headers=headers).json()
    assert [(v["version"], v["message"]) for v in versions["versions"]] == [
        (1, "created"),
        (2, "titel"),
    ]


def test_a_stale_put_is_409_with_the_current_version_and_saves_nothing(world: World) -> None:
    headers = world.bearer("editor")
    base = world.client.get("/api/v1/cases/noord/buurtcoaches", headers=headers).json()
    first = json.loads(json.dumps(base["document"]))
    first["case"]["title"] = "Eerste"
    second = json.loads(json.dumps(base["document"]))
    second["case"]["title"] = "Tweede"
    ok = world.client.put(
        "/api/v1/cases/noord/buurtcoaches",
        json={"document": first, "base_version": 1},
        headers=headers,
    )
    assert ok.status_code == 200
    stale = world.client.put(
        "/api/v1/cases/noord/buurtcoaches",
        json={"document": second, "base_version": 1},
        headers=headers,
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2
    assert body["both_changed"] == ["case.title"]
    now = world.client.get("/api/v1/cases/noord/buurtcoaches", headers=headers).json()
    assert now["version"] == 2 and now["document"]["case"]["title"] == "Eerste"


def test_another_organisations_private_case_is_404_and_shared_is_readable(world: World) -> None:
    headers = world.bearer("editor")
    assert world.client.get("/api/v1/cases/zuid/schuldhulp", headers=headers).status_code == 404
    assert world.client.get("/api/v1/cases/zuid/niet-er", headers=headers).status_code == 404
    shared = world.client.get("/api/v1/cases/zuid/gedeeld", headers=headers)
    assert shared.status_code == 200
    put = world.client.put(
        "/api/v1/cases/zuid/gedeeld",
        json={"document": shared.json()["document"], "base_version": 1},
        headers=headers,
    )
    assert put.status_code == 403


def test_a_viewer_cannot_write(world: World) -> None:
    answer = world.client.post(
        "/api/v1/cases",
        json={"organisation": "noord", "document": example("samenoud.yaml", "nieuw")},
        headers=world.bearer("viewer"),
    )
    assert answer.status_code == 403
    ids = [
        c["id"]
        for c in world.client.get("/api/v1/cases", headers=world.bearer("viewer")).json()["cases"]
    ]
    assert "noord/nieuw" not in ids


def test_meta_over_what_the_token_may_see(world: World) -> None:
    answer = world.client.get("/api/v1/meta", headers=world.bearer("viewer"))
    assert answer.status_code == 200
    # own buurtcoaches (longlist), shared gedeeld and the common teentalk summary (both
    # included); zuid/schuldhulp is private to zuid
    funnel = answer.json()["funnel"]
    assert (funnel["longlist"], funnel["included"]) == (3, 2)
    bad = world.client.get("/api/v1/meta?status=maybe", headers=world.bearer("viewer"))
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["message"] == (
        "status 'maybe': choose from longlist, included, excluded"
    )


def test_catalogue_reprices(sqlite_world: World) -> None:
    headers = sqlite_world.bearer("viewer")
    rows = sqlite_world.client.get("/api/v1/catalogue?q=huisarts", headers=headers).json()
    gp = next(r for r in rows["entries"] if r["id"] == "care/gp-consult")
    again = sqlite_world.client.get(
        "/api/v1/catalogue?q=huisarts&price_year=2024", headers=headers
    ).json()
    gp24 = next(r for r in again["entries"] if r["id"] == "care/gp-consult")
    assert gp24["price_year"] == 2024 and gp24["source_value"] == gp["value"]
    # method.md §1: v × CPI[2024] / CPI[2022] = v × 130.31 / 121.43
    assert gp24["value"] == pytest.approx(gp["value"] * 130.31 / 121.43, rel=1e-9)


def test_openapi_documents_the_api(sqlite_world: World) -> None:
    spec = sqlite_world.client.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/v1/evaluate",
        "/api/v1/sensitivity",
        "/api/v1/cases",
        "/api/v1/cases/{org}/{cid}",
        "/api/v1/cases/{org}/{cid}/versions",
        "/api/v1/meta",
        "/api/v1/catalogue",
    } <= paths
    assert not any(p.startswith("/cases") for p in paths)  # pages are not in the API


def test_a_version_no_database_holds_is_refused_by_name_and_a_large_one_not_found(
    world: World,
) -> None:
    headers = world.bearer("editor")
    too_large = world.client.get(
        "/api/v1/cases/noord/buurtcoaches", params={"version": 10**20}, headers=headers
    )
    assert too_large.status_code == 422, too_large.text
    assert too_large.json()["errors"][0]["path"] == "query.version"
    largest = world.client.get(
        "/api/v1/cases/noord/buurtcoaches", params={"version": 2**31 - 1}, headers=headers
    )
    assert largest.status_code == 404, largest.text
    assert "no version 2147483647" in largest.json()["errors"][0]["message"]
