"""Fixtures of the web tests: the app on a fresh SQLite file and on a fresh PostgreSQL schema,
with two organisations, their people (one per role) and their cases.

The world, the same on both databases::

    noord  viewer  vera@noord.nl      zuid  editor  zoe@zuid.nl
           editor  eddy@noord.nl
           admin   ada@noord.nl
    cases  noord/buurtcoaches (private)   zuid/schuldhulp (private)
           zuid/gedeeld (shared)          seo-teentalk (common registry, no owner)
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from registry.conftest import make_database, postgres_admin  # noqa: F401  (fixtures)
from rendement.io.yamlio import load_document
from rendement.settings import Settings
from rendement.usecases.accounts import add_user, create_token
from rendement.usecases.registry import import_paths
from rendement.web import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PASSWORD = "een-lang-wachtwoord"

PEOPLE = {
    "viewer": ("vera@noord.nl", "noord"),
    "editor": ("eddy@noord.nl", "noord"),
    "admin": ("ada@noord.nl", "noord"),
    "other": ("zoe@zuid.nl", "zuid"),
}
ROLES = {"viewer": "viewer", "editor": "editor", "admin": "admin", "other": "editor"}


def example(name: str, case_id: str | None = None, title: str | None = None) -> dict[str, Any]:
    data = copy.deepcopy(load_document(EXAMPLES / name).data)
    data = json.loads(json.dumps(data))
    if case_id:
        data["case"]["id"] = case_id
    if title:
        data["case"]["title"] = title
    return data


def import_rows(text: str) -> list[tuple[str, str]]:
    """The rows of an import report page: each file's action (its row's class) and its row."""
    body = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = body.split("<tr")[1:]
    return [(r.split('class="', 1)[1].split('"', 1)[0], r) for r in rows]


@dataclass
class World:
    client: TestClient
    tokens: dict[str, str]
    database: str

    def sign_in(self, who: str) -> TestClient:
        """The client signed in as one of PEOPLE (cookies kept on the client)."""
        self.client.cookies.clear()
        page = self.client.get("/login")
        token = page.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]
        answer = self.client.post(
            "/login",
            data={"email": PEOPLE[who][0], "password": PASSWORD, "login_token": token, "next": "/"},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        return self.client

    def csrf(self) -> str:
        page = self.client.get("/")
        return page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]

    def bearer(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def build_world(url: str) -> World:
    app = create_app(Settings(database_url=url))
    accounts = app.state.accounts
    registry = app.state.registry
    tokens = {}
    for who, (email, org) in PEOPLE.items():
        add_user(accounts, email, PASSWORD, org, ROLES[who])
        tokens[who] = create_token(accounts, email, "tests")
    client = TestClient(app, base_url="http://127.0.0.1")
    world = World(client, tokens, url)
    from rendement.usecases import cases as uc
    from rendement.usecases.accounts import token_principal

    eddy = token_principal(accounts, tokens["editor"])
    zoe = token_principal(accounts, tokens["other"])
    assert eddy is not None and zoe is not None
    uc.create_case(
        registry, accounts, eddy, "noord", example("buurtcoaches-ouderen.yaml", "buurtcoaches")
    )
    uc.create_case(
        registry, accounts, zoe, "zuid", example("schuldhulp-vroegsignalering.yaml", "schuldhulp")
    )
    uc.create_case(registry, accounts, zoe, "zuid", example("samenoud.yaml", "gedeeld"))
    uc.share(registry, accounts, zoe, "zuid/gedeeld", True)
    import_paths(registry, [EXAMPLES / "registry" / "seo-teentalk.yaml"], "tests")
    return world


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, make_database: Callable[[str], str]) -> Iterator[World]:  # noqa: F811
    url = make_database(request.param)
    built = build_world(url)
    with built.client:
        yield built
    built.client.app.state.registry.close()  # type: ignore[attr-defined]


@pytest.fixture
def sqlite_world(make_database: Callable[[str], str]) -> Iterator[World]:  # noqa: F811
    built = build_world(make_database("sqlite"))
    with built.client:
        yield built
    built.client.app.state.registry.close()  # type: ignore[attr-defined]


@pytest.fixture
def servers(
    make_database: Callable[[str], str],  # noqa: F811
) -> Iterator[Callable[[str, int], Any]]:
    """Start uvicorn processes over a fresh database holding the world: ``servers(kind, n)``."""
    from web.live_servers import Servers

    started: list[Servers] = []

    class Start:
        def __call__(
            self, kind: str, count: int, settings: dict[str, str] | None = None
        ) -> Servers:
            url = make_database(kind)
            world = build_world(url)  # people and cases, then the app's connections go
            world.client.app.state.registry.close()  # type: ignore[attr-defined]
            found = Servers(url, count, settings)
            started.append(found)
            return found

        def restart(self, old: Servers) -> Servers:
            """New server processes over the same database (after the old ones died)."""
            found = Servers(old.url, len(old.processes), old.settings)
            started.append(found)
            return found

    yield Start()
    for s in started:
        s.stop()
