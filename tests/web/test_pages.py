"""Pages as a browser sees them: sign-in and sessions, CSRF, headers, escaping, language,
upload, and the downloaded YAML read back by the CLI to the same result."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rendement.web.security import CSP
from web.conftest import PASSWORD, PEOPLE, World, example, import_rows

SESSION = "rdm_session"


def _login_token(world: World) -> str:
    page = world.client.get("/login")
    return page.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]


def test_a_wrong_password_is_refused_with_one_message_for_any_reason(sqlite_world: World) -> None:
    world = sqlite_world
    answers = []
    for email, password in [("eddy@noord.nl", "fout-wachtwoord"), ("niemand@noord.nl", PASSWORD)]:
        world.client.cookies.clear()
        answers.append(
            world.client.post(
                "/login",
                data={"email": email, "password": password, "login_token": _login_token(world)},
            )
        )
    assert [a.status_code for a in answers] == [401, 401]
    assert all("Onjuist e-mailadres of wachtwoord." in a.text for a in answers)
    assert SESSION not in world.client.cookies


def test_the_sign_in_form_needs_its_own_token(sqlite_world: World) -> None:
    world = sqlite_world
    world.client.cookies.clear()
    answer = world.client.post(
        "/login", data={"email": "eddy@noord.nl", "password": PASSWORD, "login_token": "x"}
    )
    assert answer.status_code == 403
    assert SESSION not in world.client.cookies


def test_every_sign_in_makes_a_new_session_and_sign_out_ends_it(sqlite_world: World) -> None:
    world = sqlite_world
    world.sign_in("editor")
    first = world.client.cookies[SESSION]
    world.sign_in("editor")
    second = world.client.cookies[SESSION]
    assert first != second
    csrf = world.csrf()
    out = world.client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303
    # the old cookie, replayed, opens nothing: the session is gone from the database
    world.client.cookies.set(SESSION, second)
    assert world.client.get("/", follow_redirects=False).status_code == 303


def test_session_cookie_is_httponly_and_samesite(sqlite_world: World) -> None:
    world = sqlite_world
    world.client.cookies.clear()
    answer = world.client.post(
        "/login",
        data={
            "email": PEOPLE["editor"][0],
            "password": PASSWORD,
            "login_token": _login_token(world),
        },
        follow_redirects=False,
    )
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and SESSION in v)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie


@pytest.mark.parametrize(
    "target", ["https://elders.example/", "//elders.example/x", "javascript:x"]
)
def test_sign_in_never_redirects_to_another_site(sqlite_world: World, target: str) -> None:
    world = sqlite_world
    world.client.cookies.clear()
    answer = world.client.post(
        "/login",
        data={
            "email": PEOPLE["editor"][0],
            "password": PASSWORD,
            "login_token": _login_token(world),
            "next": target,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_a_change_without_the_csrf_token_is_refused_and_changes_nothing(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    world.sign_in("editor")
    registry = world.client.app.state.registry  # type: ignore[attr-defined]
    before = registry.current_version("noord/buurtcoaches")
    for data in ({"version": "1"}, {"version": "1", "csrf": "guessed"}):
        answer = world.client.post("/cases/noord/buurtcoaches/restore", data=data)
        assert answer.status_code == 403
    number, document = before, registry.get("noord/buurtcoaches").data
    fetch = world.client.post(
        "/cases/noord/buurtcoaches/save",
        json={"document": document, "base_version": number},
        headers={"accept": "application/json"},
    )
    assert fetch.status_code == 403
    assert registry.current_version("noord/buurtcoaches") == before


def test_security_headers_on_pages_and_api(sqlite_world: World) -> None:
    for path in ("/login", "/api/v1/openapi.json"):
        headers = sqlite_world.client.get(path).headers
        assert headers["content-security-policy"] == CSP
        assert "'unsafe-inline'" not in CSP.split("script-src", 1)[1].split(";", 1)[0]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_what_users_wrote_is_escaped_in_every_page(sqlite_world: World) -> None:
    world = sqlite_world
    world.sign_in("editor")
    hostile = '<script>alert("x")</script></script><img src=x onerror=alert(1)>'
    document = example("samenoud.yaml", "aanval", title=hostile)
    document["stakeholders"][0]["name"] = hostile
    created = world.client.post(
        "/cases/create",
        json={"document": document, "org": "noord"},
        headers={"x-csrf-token": world.csrf(), "accept": "application/json"},
    )
    assert created.status_code == 200
    for path in ("/", "/cases/noord/aanval", "/cases/noord/aanval/history", "/registry"):
        text = world.client.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text, path
    editor = world.client.get("/cases/noord/aanval").text
    assert "&lt;script&gt;alert" in editor  # the results table shows it as text
    # the document rides along as JSON that no </script> can end
    embedded = editor.split('id="case-doc">', 1)[1].split("</script>", 1)[0]
    assert json.loads(embedded)["case"]["title"] == hostile


def test_english_from_the_same_catalogues(sqlite_world: World) -> None:
    world = sqlite_world
    world.sign_in("editor")
    assert "Sociale waarde" in world.client.get("/cases/noord/buurtcoaches").text
    world.client.get("/lang/en?next=/")
    page = world.client.get("/cases/noord/buurtcoaches").text
    assert 'lang="en"' in page and "Social value" in page and "Sociale waarde" not in page


def test_an_invalid_upload_opens_as_a_draft_with_its_errors(sqlite_world: World) -> None:
    world = sqlite_world
    world.sign_in("editor")
    text = Path(__file__).parents[1].joinpath("data/bad/share-above-1.yaml").read_text("utf-8")
    answer = world.client.post(
        "/cases/upload",
        data={"csrf": world.csrf(), "org": "noord"},
        files={"file": ("share-above-1.yaml", text.encode(), "application/yaml")},
    )
    assert answer.status_code == 200
    assert "outcomes[0].deadweight" in answer.text
    assert "must be between 0 and 1 (got 1.5)" in answer.text
    assert world.client.app.state.registry.current_version("noord/buurtcoaches") == 1  # type: ignore[attr-defined]


def test_downloaded_yaml_gives_the_same_result_in_the_cli(
    sqlite_world: World, tmp_path: Path
) -> None:
    world = sqlite_world
    world.sign_in("viewer")
    body = world.client.get("/cases/noord/buurtcoaches/case.yaml")
    assert body.status_code == 200
    path = tmp_path / "buurtcoaches.yaml"
    path.write_bytes(body.content)
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from rendement.cli.main import main; main()",
            "calc",
            str(path),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    from_cli = json.loads(run.stdout)
    api = world.client.post(
        "/api/v1/evaluate",
        json=example("buurtcoaches-ouderen.yaml", "buurtcoaches"),
        headers=world.bearer("viewer"),
    ).json()
    assert from_cli == api


def test_pdf_report_is_a_pdf_with_the_case_in_it(sqlite_world: World, tmp_path: Path) -> None:
    world = sqlite_world
    world.sign_in("viewer")
    answer = world.client.get("/cases/noord/buurtcoaches/report.pdf")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Buurtcoaches" in text


def test_evaluate_fragment_moves_with_an_edit(sqlite_world: World) -> None:
    world = sqlite_world
    world.sign_in("editor")
    headers = {"x-csrf-token": world.csrf(), "accept": "application/json"}
    document = example("samenoud.yaml")
    first = world.client.post("/cases/evaluate", json={"document": document}, headers=headers)
    document["outcomes"][0]["quantity"] = 0
    second = world.client.post("/cases/evaluate", json={"document": document}, headers=headers)
    assert first.json()["ok"] and second.json()["ok"]
    sroi = [r.json()["html"].split('id="r-sroi">', 1)[1].split("<", 1)[0] for r in (first, second)]
    assert sroi[0] == "1,64" and sroi[1] != sroi[0]
    document["outcomes"][0]["deadweight"] = 2
    bad = world.client.post("/cases/evaluate", json={"document": document}, headers=headers).json()
    assert not bad["ok"] and bad["html"] == ""
    assert {"path": "outcomes[0].deadweight", "message": "must be between 0 and 1 (got 2)"} in bad[
        "errors"
    ]


def test_a_body_over_the_limit_is_413_before_it_is_read(sqlite_world: World) -> None:
    from rendement.web.security import MAX_BODY

    answer = sqlite_world.client.post(
        "/api/v1/evaluate",
        content=b" " * (MAX_BODY + 1),
        headers={**sqlite_world.bearer("viewer"), "content-type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["errors"][0]["message"].startswith("the request body is larger than")


def test_import_reports_each_file_and_saves_the_good_ones(sqlite_world: World) -> None:
    world = sqlite_world
    world.sign_in("editor")
    good = json.dumps(example("samenoud.yaml", "import-goed")).encode()
    twin = json.dumps(example("mentorproject-den-haag.yaml", "import-goed")).encode()
    bad = b"rendement: 1\ncase: [\n"
    answer = world.client.post(
        "/registry/import",
        data={"csrf": world.csrf(), "org": "noord"},
        files=[
            ("files", ("goed.json", good, "application/json")),
            ("files", ("kapot.yaml", bad, "application/yaml")),
            ("files", ("tweeling.json", twin, "application/json")),
        ],
    )
    assert answer.status_code == 200
    actions, rows = zip(*import_rows(answer.text), strict=True)
    assert actions == ("added", "rejected", "rejected")
    assert "the same id as goed.json" in rows[2]
    registry = world.client.app.state.registry  # type: ignore[attr-defined]
    assert registry.current_version("noord/import-goed") == 1
    assert world.client.app.state.accounts.owner("noord/import-goed").organisation_id is not None  # type: ignore[attr-defined]


def test_the_owners_read_at_once_are_those_read_one_by_one(world: World) -> None:
    """The list pages read every owner in one query; it must agree with the per-case read."""
    accounts = world.client.app.state.accounts  # type: ignore[attr-defined]
    registry = world.client.app.state.registry  # type: ignore[attr-defined]
    every = accounts.owners()
    one_by_one = {e.id: accounts.owner(e.id) for e in registry.entries()}
    assert every == {k: v for k, v in one_by_one.items() if v is not None}
    assert set(every) == {"noord/buurtcoaches", "zuid/schuldhulp", "zuid/gedeeld"}
    assert every["zuid/gedeeld"].shared and not every["noord/buurtcoaches"].shared
