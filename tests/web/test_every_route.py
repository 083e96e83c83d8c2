"""Every route of the web app, found by walking its routers (so a route added later is covered
without being listed here), given hostile values in each query parameter, path segment, form
field and JSON field, by a signed-in editor who may use it: each answer is a page or an error
naming the problem, never a server error.

The API's bodies are fuzzed from its OpenAPI by schemathesis (``test_api_fuzz.py``); the
uploads by the corpus in ``test_upload_corpus.py``. This covers the rest, pages included.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import params
from fastapi.routing import APIRoute

from rendement.web.routes import api, auth, cases, catalogue, portfolios, registry, workshop
from web.conftest import World
from web.test_workshop import open_workshop

HOSTILE: list[Any] = [
    "",
    "x",
    "-1",
    "0",
    "99999999999999999999",  # beyond every database integer
    "1e309",  # beyond every float
    "nan",
    "<script>alert(1)</script>",
    "a" * 5000,
    "\x00",
    "1.5",
]
# a path segment the router still matches, each meant to reach a lookup
HOSTILE_SEGMENTS = ["%00", "..", "x" * 3000, "%2e%2e", "99999999999999999999", "-1", "%ff"]
# JSON values of every shape for a JSON field
HOSTILE_JSON: list[Any] = [
    None,
    [],
    {},
    -1,
    10**20,
    1.5,
    1e308,
    "x" * 5000,
    "\x00",
    {"rendement": 1},
    [[[[[[]]]]]],
]
CHANGES = {"POST", "PUT", "DELETE", "PATCH"}
# a live stream that never ends when it is found; reached only with segments that are not
STREAMS = {"/w/{code}/events"}
SKIPPED = {"/logout"}  # signing out ends the session every other request needs


def _routes() -> list[APIRoute]:
    found = []
    for module in (auth, cases, registry, catalogue, workshop, portfolios, api):
        found += [r for r in module.router.routes if isinstance(r, APIRoute)]
    return [r for r in found if r.path not in SKIPPED]


def _name(route: APIRoute) -> str:
    return f"{'/'.join(sorted(route.methods))} {route.path}"


def _fill(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value).replace("{" + name + ":path}", value)
    return path


def _is_form(field: Any) -> bool:
    return isinstance(field.field_info, (params.Form, params.File))


@pytest.mark.parametrize("route", _routes(), ids=_name)
def test_hostile_values_in_every_part_of_a_request_never_make_a_server_error(
    world: World, route: APIRoute
) -> None:
    code = open_workshop(world, "edit")  # signs in the editor, who facilitates it
    csrf = world.csrf()
    good = {
        "org": "noord",
        "cid": "buurtcoaches",
        "pid": "fonds",
        "code": code,
        "kind": "html",
        "lang": "en",
    }
    method = sorted(route.methods & CHANGES)[0] if route.methods & CHANGES else "GET"
    headers: dict[str, str] = {"accept": "application/json", "x-csrf-token": csrf}
    if route.path.startswith("/api"):
        headers = world.bearer("editor")
    segments = [p.name for p in route.dependant.path_params]
    query = [p.alias for p in route.dependant.query_params]
    body = route.dependant.body_params
    form = [p.alias for p in body if _is_form(p) and p.alias != "csrf"]
    json_fields = [p.alias for p in body if not _is_form(p)]
    failures: list[str] = []

    def send(url: str, **kwargs: Any) -> None:
        answer = world.client.request(
            method, url, headers=headers, follow_redirects=False, **kwargs
        )
        if answer.status_code >= 500 or "Traceback" in answer.text:
            shown = {k: str(v)[:40] for k, v in kwargs.items()}
            failures.append(f"{method} {url[:80]} {shown}: {answer.status_code}")

    url = _fill(route.path, good)
    for name in query:
        for value in HOSTILE:
            if route.path not in STREAMS:
                send(url, params={name: value})
    for name in segments:
        for value in HOSTILE_SEGMENTS:
            send(_fill(route.path, good | {name: value}))
    for name in form:
        for value in HOSTILE:
            fields = {f: "1" for f in form} | {"csrf": csrf, name: value}
            send(url, data=fields)
            send(url, data={"csrf": csrf}, files={name: ("f.yaml", str(value).encode())})
    if len(json_fields) == 1 and route.path.startswith("/api"):
        json_fields = []  # one body model, fuzzed from the OpenAPI by schemathesis
    for name in json_fields:
        for value in HOSTILE_JSON:
            send(url, json={f: "1" for f in json_fields} | {name: value})
    assert failures == [], failures


def test_a_control_character_is_refused_at_its_field_and_a_path_holding_one_is_not_found(
    world: World,
) -> None:
    """PostgreSQL refuses U+0000 in a text, SQLite keeps it: both answer alike, before a lookup."""
    from web.conftest import example

    world.sign_in("editor")
    created = world.client.post(
        "/cases/create",
        json={"document": example("samenoud.yaml", "nul"), "org": "no\x00ord"},
        headers={"x-csrf-token": world.csrf(), "accept": "application/json"},
    )
    assert created.status_code == 422, created.text
    assert created.json()["errors"] == [
        {"path": "org", "message": "contains a control character (U+0000) at position 3"}
    ]
    assert world.client.get("/cases/no%00ord/buurtcoaches/history").status_code == 404
    api = world.client.get("/api/v1/cases/%00/buurtcoaches", headers=world.bearer("editor"))
    assert api.status_code == 404 and api.json()["errors"][0]["message"]
    # a line break typed in a textarea arrives as CR LF and passes
    code = open_workshop(world)
    page = world.client.get(f"/w/{code}")
    csrf = page.text.split('"csrf": "', 1)[1].split('"', 1)[0]
    said = world.client.post(
        f"/w/{code}/decision", json={"body": "eerst\r\ndan"}, headers={"x-csrf-token": csrf}
    )
    assert said.status_code == 200, said.text
