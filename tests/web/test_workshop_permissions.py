"""Every workshop route × who is asking: anonymous, an editor of another organisation, a
viewer of the case's organisation (who has not joined), a participant who joined, and the
facilitator (an editor of the case's organisation). Someone who is not at the table finds
nothing (404); a participant may read and do what the permission allows, not facilitate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from web.conftest import PASSWORD, PEOPLE, World

WHO = ("anonymous", "other", "viewer", "participant", "facilitator")
PARAMETER = "outcomes.minder-huisartsbezoek.quantity"


@dataclass(frozen=True)
class Route:
    name: str
    call: Callable[[TestClient, str, str], Any]  # client, code, csrf → response
    expected: dict[str, int]


def _get(path: str) -> Callable[[TestClient, str, str], Any]:
    return lambda c, code, csrf: c.get(path.format(code=code), follow_redirects=False)


def _post(path: str, body: dict[str, Any]) -> Callable[[TestClient, str, str], Any]:
    return lambda c, code, csrf: c.post(
        path.format(code=code), json=body, headers={"x-csrf-token": csrf}
    )


# the join page is open to anyone with the code; everything else only to who is at the table
OUTSIDE = {"anonymous": 404, "other": 404, "viewer": 404}
READ = OUTSIDE | {"participant": 200, "facilitator": 200}
FACILITATE = OUTSIDE | {"participant": 403, "facilitator": 200}
TAKE_PART = OUTSIDE | {"participant": 200, "facilitator": 200}

ROUTES = [
    Route("page", _get("/w/{code}"), READ | {"anonymous": 200, "other": 200, "viewer": 200}),
    Route("state", _get("/w/{code}/state"), READ),
    Route("projector", _get("/w/{code}/projector"), READ),
    Route("arena", _get("/w/{code}/arena"), READ),
    Route("yaml", _get("/w/{code}/case.yaml"), READ),
    Route("report", _get("/w/{code}/report.html"), READ),
    Route("qr", _get("/w/{code}/qr.svg"), FACILITATE),
    Route("estimate", _post("/w/{code}/estimate", {"low": 1, "value": 2, "high": 3}), TAKE_PART),
    Route("comment", _post("/w/{code}/comment", {"target": PARAMETER, "body": "ja"}), TAKE_PART),
    Route(
        "signoff", _post("/w/{code}/signoff", {"agreed": True}), TAKE_PART | {"facilitator": 403}
    ),
    Route("adopt", _post("/w/{code}/adopt", {"value": 700}), FACILITATE),
    Route("table", _post("/w/{code}/table", {"parameter": PARAMETER}), FACILITATE),
    Route("permission", _post("/w/{code}/permission", {"permission": "view"}), FACILITATE),
    Route("decision", _post("/w/{code}/decision", {"body": "besloten"}), FACILITATE),
    Route("remove", _post("/w/{code}/remove", {"participant": 1}), FACILITATE),
    Route("close", _post("/w/{code}/close", {}), FACILITATE),
]


def _signed_in(world: World, who: str) -> tuple[TestClient, str]:
    client = TestClient(world.client.app, base_url="http://127.0.0.1")
    page = client.get("/login")
    token = page.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]
    client.post(
        "/login",
        data={"email": PEOPLE[who][0], "password": PASSWORD, "login_token": token, "next": "/"},
    )
    csrf = client.get("/").text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    return client, csrf


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_cell_of_the_workshop_matrix(sqlite_world: World, route: Route) -> None:
    world = sqlite_world
    facilitator, f_csrf = _signed_in(world, "editor")
    opened = facilitator.post(
        "/cases/noord/buurtcoaches/workshop",
        data={"csrf": f_csrf, "permission": "estimate"},
        follow_redirects=False,
    )
    code = opened.headers["location"].rsplit("/", 1)[1]
    page = facilitator.get(f"/w/{code}").text
    f_ws = page.split('"csrf": "', 1)[1].split('"', 1)[0]
    facilitator.post(
        f"/w/{code}/table", json={"parameter": PARAMETER}, headers={"x-csrf-token": f_ws}
    )
    participant = TestClient(world.client.app, base_url="http://127.0.0.1")
    form = participant.get(f"/w/{code}").text
    token = form.split('name="join_token" value="', 1)[1].split('"', 1)[0]
    participant.post(
        f"/w/{code}/join", data={"name": "Pia", "stakeholder": "gemeente", "join_token": token}
    )
    p_csrf = participant.get(f"/w/{code}").text.split('"csrf": "', 1)[1].split('"', 1)[0]
    clients = {
        "anonymous": (TestClient(world.client.app, base_url="http://127.0.0.1"), ""),
        "other": _signed_in(world, "other"),
        "viewer": _signed_in(world, "viewer"),
        "participant": (participant, p_csrf),
        "facilitator": (facilitator, f_ws),
    }
    got = {who: route.call(clients[who][0], code, clients[who][1]).status_code for who in WHO}
    assert got == route.expected
