"""Every page and API endpoint × (anonymous, viewer, editor, admin) × (own case, another
organisation's private case, another organisation's shared case): the status of each cell.

Pages answer an anonymous visitor with a redirect to the sign-in page (303), a JSON request of
a page without a session with 401, the API without a token with 401. A private case of another
organisation is not found (404), never forbidden: its existence is not told. A shared case is
readable by every member and changed only by its own organisation's editors (403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from web.conftest import World

WHO = ("anonymous", "viewer", "editor", "admin")
WHOSE = {"own": "noord/buurtcoaches", "other": "zuid/schuldhulp", "shared": "zuid/gedeeld"}

# expected status per (who, whose) for each kind of route
READ_PAGE = (
    {("anonymous", w): 303 for w in WHOSE}
    | {(r, "own"): 200 for r in WHO[1:]}
    | {(r, "other"): 404 for r in WHO[1:]}
    | {(r, "shared"): 200 for r in WHO[1:]}
)
WRITE = (
    {(r, "own"): 200 for r in ("editor", "admin")}
    | {("viewer", "own"): 403}
    | {(r, "other"): 404 for r in WHO[1:]}
    | {(r, "shared"): 403 for r in WHO[1:]}
)
READ_API = (
    {("anonymous", w): 401 for w in WHOSE}
    | {(r, "own"): 200 for r in WHO[1:]}
    | {(r, "other"): 404 for r in WHO[1:]}
    | {(r, "shared"): 200 for r in WHO[1:]}
)


@dataclass(frozen=True)
class Route:
    name: str
    call: Callable[[World, str, dict[str, str]], Any]  # world, case key, headers → response
    expected: dict[tuple[str, str], int]
    api: bool = False


def _current(world: World, key: str) -> tuple[int, dict[str, Any]]:
    """The newest version and document, read behind the app's back (no permission applies)."""
    version = world.client.app.state.registry.get(key)  # type: ignore[attr-defined]
    return version.number, version.data


def _save(world: World, key: str, headers: dict[str, str]) -> Any:
    number, data = _current(world, key)
    return world.client.post(
        f"/cases/{key}/save",
        json={"document": data, "base_version": number},
        headers={**headers, "accept": "application/json"},
        follow_redirects=False,
    )


def _put(world: World, key: str, headers: dict[str, str]) -> Any:
    number, data = _current(world, key)
    return world.client.put(
        f"/api/v1/cases/{key}", json={"document": data, "base_version": number}, headers=headers
    )


def _form(path: str, fields: dict[str, str]) -> Callable[[World, str, dict[str, str]], Any]:
    def call(world: World, key: str, headers: dict[str, str]) -> Any:
        data = {**fields, "csrf": headers.get("x-csrf-token", "")}
        return world.client.post(path.format(key=key), data=data, follow_redirects=False)

    return call


def _get(path: str) -> Callable[[World, str, dict[str, str]], Any]:
    def call(world: World, key: str, headers: dict[str, str]) -> Any:
        return world.client.get(path.format(key=key), headers=headers, follow_redirects=False)

    return call


# a form that succeeds redirects (303) instead of answering 200
FORM_WRITE = {cell: 303 if status == 200 else status for cell, status in WRITE.items()} | {
    ("anonymous", w): 303 for w in WHOSE
}
JSON_WRITE = WRITE | {("anonymous", w): 401 for w in WHOSE}
API_WRITE = WRITE | {("anonymous", w): 401 for w in WHOSE}

ROUTES = [
    Route("editor", _get("/cases/{key}"), READ_PAGE),
    Route("history", _get("/cases/{key}/history"), READ_PAGE),
    Route("diff", _get("/cases/{key}/diff?old=1&new=1"), READ_PAGE),
    Route("yaml", _get("/cases/{key}/case.yaml"), READ_PAGE),
    Route("report-html", _get("/cases/{key}/report.html"), READ_PAGE),
    Route("sensitivity", _get("/cases/{key}/sensitivity"), READ_PAGE),
    Route("simulation", _get("/cases/{key}/simulation"), READ_PAGE),
    Route("arena", _get("/cases/{key}/arena"), READ_PAGE),
    Route("forecast", _get("/cases/{key}/forecast"), READ_PAGE),
    Route("report-pdf", _get("/cases/{key}/report.pdf"), READ_PAGE),
    Route("open-workshop", _form("/cases/{key}/workshop", {"permission": "view"}), FORM_WRITE),
    Route("save", _save, JSON_WRITE),
    Route("restore", _form("/cases/{key}/restore", {"version": "1"}), FORM_WRITE),
    Route("share", _form("/cases/{key}/share", {"shared": "false"}), FORM_WRITE),
    Route(
        "screen",
        _form("/registry/{key}/screen", {"status": "included", "reason": ""}),
        FORM_WRITE,
    ),
    Route("api-get", _get("/api/v1/cases/{key}"), READ_API, api=True),
    Route("api-versions", _get("/api/v1/cases/{key}/versions"), READ_API, api=True),
    Route("api-put", _put, API_WRITE, api=True),
]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_cell_of_the_matrix(sqlite_world: World, route: Route) -> None:
    world = sqlite_world
    wrong = []
    for who in WHO:
        headers: dict[str, str] = {}
        if who == "anonymous":
            world.client.cookies.clear()
        elif route.api:
            world.client.cookies.clear()
            headers = world.bearer(who)
        else:
            world.sign_in(who)
            headers = {"x-csrf-token": world.csrf()}
        for whose, key in WHOSE.items():
            status = route.call(world, key, headers).status_code
            expected = route.expected[(who, whose)]
            if status != expected:
                wrong.append(f"{who} × {whose}: {status}, expected {expected}")
    assert wrong == []


SITE_PAGES = ["/", "/registry", "/meta", "/catalogue", "/cases/new"]


@pytest.mark.parametrize("path", SITE_PAGES)
def test_site_pages_need_a_sign_in_and_open_for_every_member(
    sqlite_world: World, path: str
) -> None:
    world = sqlite_world
    world.client.cookies.clear()
    anonymous = world.client.get(path, follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")
    for who in ("viewer", "editor", "admin"):
        world.sign_in(who)
        status = world.client.get(path).status_code
        # a viewer edits nothing, so has no new case to open
        assert status == (403 if (path, who) == ("/cases/new", "viewer") else 200), who


API_OPEN = [
    ("get", "/api/v1/cases", None),
    ("get", "/api/v1/meta", None),
    ("get", "/api/v1/catalogue", None),
    ("post", "/api/v1/evaluate", "document"),
    ("post", "/api/v1/sensitivity", "document"),
]


@pytest.mark.parametrize(("method", "path", "body"), API_OPEN)
def test_api_endpoints_need_a_token_and_open_for_every_member(
    sqlite_world: World, method: str, path: str, body: str | None
) -> None:
    from web.conftest import example

    world = sqlite_world
    world.client.cookies.clear()
    payload = example("samenoud.yaml") if body else None
    call = getattr(world.client, method)
    kwargs: dict[str, Any] = {"json": payload} if payload else {}
    assert call(path, **kwargs).status_code == 401
    for who in ("viewer", "editor", "admin", "other"):
        assert call(path, headers=world.bearer(who), **kwargs).status_code == 200, who


def test_a_session_cookie_does_not_open_the_api(sqlite_world: World) -> None:
    sqlite_world.sign_in("editor")
    assert sqlite_world.client.get("/api/v1/cases").status_code == 401


def test_creating_needs_the_editor_role_in_that_organisation(sqlite_world: World) -> None:
    from web.conftest import example

    world = sqlite_world
    for who, org, expected in [
        ("viewer", "noord", 403),
        ("editor", "noord", 200),
        ("editor", "zuid", 404),
        ("admin", "nergens", 404),
    ]:
        world.sign_in(who)
        answer = world.client.post(
            "/cases/create",
            json={"document": example("samenoud.yaml", f"nieuw-{who}"), "org": org},
            headers={"x-csrf-token": world.csrf(), "accept": "application/json"},
        )
        assert answer.status_code == expected, (who, org, answer.text)


def test_site_writes_need_a_session_the_token_and_the_role(sqlite_world: World) -> None:
    """The changes not tied to one case: evaluating a draft, creating, uploading, importing,
    signing out — anonymous (401 for fetches, 303 to sign in for forms), without the CSRF token
    (403), as a viewer (403 where something would be saved), as an editor (done)."""
    import json as json_

    from web.conftest import example

    world = sqlite_world
    document = example("samenoud.yaml", "matrix-nieuw")
    upload = json_.dumps(example("samenoud.yaml", "matrix-upload")).encode()
    imported = json_.dumps(example("samenoud.yaml", "matrix-import")).encode()

    def calls(csrf: str) -> dict[str, Any]:
        fetch = (
            {"x-csrf-token": csrf, "accept": "application/json"}
            if csrf
            else {"accept": "application/json"}
        )
        return {
            "evaluate": lambda: world.client.post(
                "/cases/evaluate", json={"document": document}, headers=fetch
            ),
            "create": lambda: world.client.post(
                "/cases/create", json={"document": document, "org": "noord"}, headers=fetch
            ),
            "upload": lambda: world.client.post(
                "/cases/upload",
                data={"csrf": csrf, "org": "noord"},
                files={"file": ("c.json", upload, "application/json")},
                follow_redirects=False,
            ),
            "import": lambda: world.client.post(
                "/registry/import",
                data={"csrf": csrf, "org": "noord"},
                files=[("files", ("i.json", imported, "application/json"))],
                follow_redirects=False,
            ),
        }

    expected = {
        "anonymous": {"evaluate": 401, "create": 401, "upload": 303, "import": 303},
        "no-token": {"evaluate": 403, "create": 403, "upload": 403, "import": 403},
        "viewer": {"evaluate": 200, "create": 403, "upload": 403, "import": 403},
        "editor": {"evaluate": 200, "create": 200, "upload": 303, "import": 200},
    }
    wrong = []
    for who, cells in expected.items():
        world.client.cookies.clear()
        csrf = ""
        if who in ("viewer", "editor"):
            world.sign_in(who)
            csrf = world.csrf()
        elif who == "no-token":
            world.sign_in("editor")
        for name, call in calls(csrf).items():
            status = call().status_code
            if status != cells[name]:
                wrong.append(f"{who} × {name}: {status}, expected {cells[name]}")
    assert wrong == []
    registry = world.client.app.state.registry  # type: ignore[attr-defined]
    assert [
        registry.current_version(f"noord/matrix-{n}") for n in ("nieuw", "upload", "import")
    ] == [
        1,
        1,
        1,
    ]
    world.sign_in("editor")
    out = world.client.post("/logout", data={}, follow_redirects=False)
    assert out.status_code == 403  # no token: the session stays
    assert world.client.get("/", follow_redirects=False).status_code == 200
