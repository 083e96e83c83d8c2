"""Workshop mode over HTTP, on both databases: opening by an editor, joining by code, what a
participant may and may not reach, the facilitator's controls, edits merged or refused as a
conflict, estimates pooled, comments, decisions and sign-off in the report."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from scipy import stats

from web.conftest import World

CASE = "noord/buurtcoaches"


def open_workshop(world: World, permission: str = "estimate") -> str:
    world.sign_in("editor")
    answer = world.client.post(
        f"/cases/{CASE}/workshop",
        data={"csrf": world.csrf(), "permission": permission},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    code = answer.headers["location"].rsplit("/", 1)[1]
    assert len(code) == 8
    return code


def facilitator_headers(world: World, code: str) -> dict[str, str]:
    state = world.client.get(f"/w/{code}/state").json()
    assert state["me"]["facilitator"] is True
    page = world.client.get(f"/w/{code}")
    csrf = page.text.split('"csrf": "', 1)[1].split('"', 1)[0]
    return {"x-csrf-token": csrf}


class Participant:
    def __init__(self, world: World, code: str, name: str, stakeholder: str) -> None:
        self.client = TestClient(world.client.app, base_url="http://127.0.0.1")
        form = self.client.get(f"/w/{code}")  # a code as typed is sent on to its one address
        assert form.status_code == 200 and 'name="join_token"' in form.text
        action = form.text.split('<form method="post" action="', 1)[1].split('"', 1)[0]
        self.code = action.split("/")[2]
        token = form.text.split('name="join_token" value="', 1)[1].split('"', 1)[0]
        answer = self.client.post(
            action,
            data={"name": name, "stakeholder": stakeholder, "join_token": token},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        page = self.client.get(f"/w/{self.code}")
        self.csrf = page.text.split('"csrf": "', 1)[1].split('"', 1)[0]

    def state(self) -> dict[str, Any]:
        answer = self.client.get(f"/w/{self.code}/state")
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()
        return result

    def post(self, action: str, body: dict[str, Any], csrf: bool = True) -> Any:
        headers = {"x-csrf-token": self.csrf} if csrf else {}
        return self.client.post(f"/w/{self.code}/{action}", json=body, headers=headers)


def test_a_participant_joins_by_code_and_reaches_that_one_case_only(world: World) -> None:
    code = open_workshop(world)
    ann = Participant(world, code.lower()[:4] + "-" + code.lower()[4:], "Ann", "zorgverzekeraar")
    state = ann.state()
    assert state["me"] == {
        "name": "Ann",
        "stakeholder": "zorgverzekeraar",
        "facilitator": False,
        "may_estimate": True,
        "may_edit": False,
        "may_comment": True,
        "by": "Ann (zorgverzekeraar)",
    }
    assert state["document"]["case"]["id"] == "buurtcoaches"
    # the case's own pages need an account: the participant's cookie opens none of them
    assert ann.client.get(f"/cases/{CASE}", follow_redirects=False).status_code == 303
    assert ann.client.get("/cases/zuid/schuldhulp", follow_redirects=False).status_code == 303
    # another workshop (of another case) is not found for this participant
    world.sign_in("other")
    other = world.client.post(
        "/cases/zuid/schuldhulp/workshop", data={"csrf": world.csrf()}, follow_redirects=False
    )
    other_code = other.headers["location"].rsplit("/", 1)[1]
    assert ann.client.get(f"/w/{other_code}/state").status_code == 404
    assert ann.client.get(f"/w/{other_code}/case.yaml").status_code == 404


def test_joining_needs_a_name_a_stakeholder_of_the_case_and_the_form_token(world: World) -> None:
    code = open_workshop(world)
    client = TestClient(world.client.app, base_url="http://127.0.0.1")
    form = client.get(f"/w/{code}")
    token = form.text.split('name="join_token" value="', 1)[1].split('"', 1)[0]
    bad = client.post(
        f"/w/{code}/join", data={"name": "Ann", "stakeholder": "nobody", "join_token": token}
    )
    assert bad.status_code == 422 and "stakeholder: choose one of the case" in bad.text
    token = bad.text.split('name="join_token" value="', 1)[1].split('"', 1)[0]  # a fresh form
    empty = client.post(
        f"/w/{code}/join",
        data={"name": "  ", "stakeholder": "zorgverzekeraar", "join_token": token},
    )
    assert empty.status_code == 422 and "name: write something" in empty.text
    forged = TestClient(world.client.app, base_url="http://127.0.0.1").post(
        f"/w/{code}/join",
        data={"name": "Eve", "stakeholder": "zorgverzekeraar", "join_token": token},
    )
    assert forged.status_code == 403
    assert client.get(f"/w/{code}/state").status_code == 404  # nobody joined


def test_an_unknown_or_malformed_code_is_not_found(world: World) -> None:
    client = TestClient(world.client.app, base_url="http://127.0.0.1")
    for code in ("ABCDEFGH", "x", "ABCD-EFG0", "<script>"):
        assert client.get(f"/w/{code}").status_code == 404
        assert client.get(f"/w/{code}/state").status_code == 404


def test_only_an_editor_of_the_owner_opens_a_workshop(world: World) -> None:
    for who, case, status in [
        ("viewer", CASE, 403),
        ("other", CASE, 404),
        ("editor", "zuid/gedeeld", 403),  # shared: visible, but not theirs to run
    ]:
        world.sign_in(who)
        answer = world.client.post(
            f"/cases/{case}/workshop", data={"csrf": world.csrf()}, follow_redirects=False
        )
        assert answer.status_code == status, (who, case)


def test_after_closing_a_participant_can_do_nothing(world: World) -> None:
    code = open_workshop(world)
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    headers = facilitator_headers(world, code)
    assert world.client.post(f"/w/{code}/close", json={}, headers=headers).status_code == 200
    assert ann.client.get(f"/w/{code}/state").status_code == 404
    assert ann.post("signoff", {"agreed": True}).status_code == 404
    assert ann.client.get(f"/w/{code}/case.yaml").status_code == 404
    # and nobody joins a closed workshop
    assert TestClient(world.client.app).get(f"/w/{code}").status_code == 404


def test_a_removed_participant_is_out_and_others_stay(world: World) -> None:
    code = open_workshop(world)
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    bob = Participant(world, code, "Bob", "gemeente")
    headers = facilitator_headers(world, code)
    people = world.client.get(f"/w/{code}/state").json()["participants"]
    assert [(p["name"], p["stakeholder"]) for p in people] == [
        ("Ann", "zorgverzekeraar"),
        ("Bob", "gemeente"),
    ]
    ann_id = people[0]["id"]
    answer = world.client.post(f"/w/{code}/remove", json={"participant": ann_id}, headers=headers)
    assert answer.status_code == 200
    assert ann.client.get(f"/w/{code}/state").status_code == 404
    assert bob.state()["participants"] == [people[1]]


def test_every_change_needs_the_attendees_csrf_token(world: World) -> None:
    code = open_workshop(world)
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    assert ann.post("signoff", {"agreed": True}, csrf=False).status_code == 403
    answer = ann.client.post(
        f"/w/{code}/signoff", json={"agreed": True}, headers={"x-csrf-token": "wrong"}
    )
    assert answer.status_code == 403
    assert ann.state()["agreements"][1]["agreed"] is None  # nothing recorded
    # the facilitator's session token is not a participant's
    headers = facilitator_headers(world, code)
    assert (
        ann.client.post(f"/w/{code}/signoff", json={"agreed": True}, headers=headers).status_code
        == 403
    )


def test_what_participants_may_do_follows_the_permission(world: World) -> None:
    code = open_workshop(world, "view")
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    headers = facilitator_headers(world, code)
    comment = {"target": "outcomes.minder-huisartsbezoek", "body": "Klopt 180?"}
    refused = ann.post("comment", comment)
    assert refused.status_code == 403
    assert "not opened comments" in refused.json()["errors"][0]["message"]
    world.client.post(f"/w/{code}/permission", json={"permission": "estimate"}, headers=headers)
    assert ann.post("comment", comment).status_code == 200
    assert ann.post("close", {}).status_code == 403  # only the facilitator
    assert ann.post("table", {"parameter": None}).status_code == 403
    wrong = world.client.post(f"/w/{code}/permission", json={"permission": "all"}, headers=headers)
    assert wrong.status_code == 400


def test_comments_decisions_and_sign_off_are_attributed(world: World) -> None:
    code = open_workshop(world)
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    headers = facilitator_headers(world, code)
    assert (
        ann.post(
            "comment", {"target": "outcomes.minder-huisartsbezoek", "body": "<b>hoi</b>"}
        ).status_code
        == 200
    )
    bad = ann.post("comment", {"target": "outcomes.bestaat-niet", "body": "x"})
    assert bad.status_code == 400 and "no outcome, investment or parameter" in bad.text
    world.client.post(
        f"/w/{code}/decision", json={"body": "We rekenen met 3 jaar."}, headers=headers
    )
    assert ann.post("signoff", {"agreed": True}).json()["version"] == 1
    state = ann.state()
    [c] = state["comments"]
    assert (c["author"], c["body"], c["resolved"]) == (
        f"Ann (zorgverzekeraar, workshop {code[:4]}-{code[4:]})",
        "<b>hoi</b>",  # kept as written; pages put it in as text
        False,
    )
    assert state["decisions"][0]["body"] == "We rekenen met 3 jaar."
    agreed = {a["stakeholder"]: (a["agreed"], a["version"]) for a in state["agreements"]}
    assert agreed["zorgverzekeraar"] == (True, 1)
    assert agreed["gemeente"] == (None, None)
    # the editor shows the thread too, to the case's own organisation only, as text
    editor = world.client.get(f"/cases/{CASE}")
    assert "&lt;b&gt;hoi&lt;/b&gt;" in editor.text and "<b>hoi</b>" not in editor.text
    world.client.post(f"/w/{code}/resolve", json={"comment": c["id"]}, headers=headers)
    assert ann.state()["comments"][0]["resolved"] is True
    report = ann.client.get(f"/w/{code}/report.html")
    assert report.status_code == 200
    assert "akkoord met versie 1" in report.text and "nog niet gegeven" in report.text
    assert "We rekenen met 3 jaar." in report.text and "Besluiten van de werksessie" in report.text
    # a case never taken to a workshop has no agreement section
    world.sign_in("other")
    plain = world.client.get("/cases/zuid/schuldhulp/report.html")
    assert plain.status_code == 200 and "Akkoord van de partijen" not in plain.text


def _my_investment(document: dict[str, Any], stakeholder: str, amount: float) -> dict[str, Any]:
    out = dict(document)
    out["investments"] = [
        *document["investments"],
        {"id": f"{stakeholder}-1", "stakeholder": stakeholder, "amount": amount, "years": 1},
    ]
    return out


def test_edits_of_different_fields_merge_and_of_the_same_field_conflict(world: World) -> None:
    code = open_workshop(world, "edit")
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    bob = Participant(world, code, "Bob", "gemeente")
    start = ann.state()
    base = start["version"]
    assert (
        ann.post(
            "save",
            {
                "document": _my_investment(start["document"], "zorgverzekeraar", 5000),
                "base_version": base,
            },
        ).status_code
        == 200
    )
    # Bob saves on the same base version: his own investment, another field, is merged in
    answer = bob.post(
        "save",
        {"document": _my_investment(start["document"], "gemeente", 7000), "base_version": base},
    )
    assert answer.status_code == 200, answer.text
    now = bob.state()
    ids = [i["id"] for i in now["document"]["investments"]]
    assert "zorgverzekeraar-1" in ids and "gemeente-1" in ids
    history = world.client.get(f"/cases/{CASE}/history").text
    assert "Ann (zorgverzekeraar, workshop" in history and "Bob (gemeente, workshop" in history
    # both change the same amount from one base: the second is refused, naming the field
    doc = now["document"]
    for inv in doc["investments"]:
        if inv["id"] == "zorgverzekeraar-1":
            inv["amount"] = 6000
    assert ann.post("save", {"document": doc, "base_version": now["version"]}).status_code == 200
    for inv in doc["investments"]:
        if inv["id"] == "zorgverzekeraar-1":
            inv["amount"] = 9000
    refused = bob.post("save", {"document": doc, "base_version": now["version"]})
    assert refused.status_code == 409
    conflict = refused.json()["conflict"]
    assert conflict["both_changed"] == [
        {"path": "investments.zorgverzekeraar-1.amount", "mine": 9000, "theirs": 6000}
    ]
    assert ann.state()["version"] == now["version"] + 1  # nothing more was saved


def test_participants_cannot_edit_unless_allowed(world: World) -> None:
    code = open_workshop(world, "estimate")
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    start = ann.state()
    answer = ann.post("save", {"document": start["document"], "base_version": start["version"]})
    assert answer.status_code == 403


def test_estimates_on_the_table_are_pooled_and_attributed(world: World) -> None:
    code = open_workshop(world)
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    bob = Participant(world, code, "Bob", "gemeente")
    headers = facilitator_headers(world, code)
    path = "outcomes.minder-huisartsbezoek.quantity"
    bad = world.client.post(
        f"/w/{code}/table", json={"parameter": "outcomes.nope.quantity"}, headers=headers
    )
    assert bad.status_code == 400 and "the case has no parameter outcomes.nope.quantity" in bad.text
    assert (
        world.client.post(f"/w/{code}/table", json={"parameter": path}, headers=headers).status_code
        == 200
    )
    assert ann.post("estimate", {"low": 0, "value": 1, "high": 2}).status_code == 200
    assert bob.post("estimate", {"low": 10, "value": 11, "high": 12}).status_code == 200
    # a second estimate of one person replaces the first
    assert ann.post("estimate", {"low": 0, "value": 1, "high": 2}).status_code == 200
    table = bob.state()["table"]
    assert [e["by"] for e in table["estimates"]] == ["Ann (zorgverzekeraar)", "Bob (gemeente)"]
    pool = table["pooled"]
    # two PERTs of equal weight on disjoint supports [0, 2] and [10, 12], each a Beta(3, 3)
    # (λ = 4, mode in the middle) scaled to width 2: the pool's CDF is ½·F₁ below 2 and
    # ½ + ½·F₂ above 10, so P5 = F₁⁻¹(0.10) and P95 = 10 + F₂⁻¹(0.90) − 10
    p5 = 2 * stats.beta.ppf(0.10, 3, 3)
    p95 = 10 + 2 * stats.beta.ppf(0.90, 3, 3)
    assert pool["p5"] == pytest.approx(p5, abs=1e-3)
    assert pool["p95"] == pytest.approx(p95, abs=1e-3)
    # disagreement = (11 − 1) / (P95 − P5)
    assert pool["disagreement"] == pytest.approx(10 / (p95 - p5), abs=1e-3)
    assert table["value"] is None  # nothing agreed yet: the point is the pool's median
    world.client.post(f"/w/{code}/adopt", json={"value": 6}, headers=headers)
    adopted = bob.state()
    assert adopted["table"]["value"] == 6
    number = adopted["document"]["outcomes"][0]["quantity"]
    assert number["value"] == 6 and len(number["estimates"]) == 2
    assert bob.post("adopt", {"value": 7}).status_code == 403
    # out of its domain: the model names the estimate's field
    refused = ann.post("estimate", {"low": -5, "value": 1, "high": 2})
    assert refused.status_code == 422
    assert "outcomes[0].quantity.estimates[0].low" in refused.text


def test_events_are_kept_for_a_page_to_catch_up(world: World) -> None:
    code = open_workshop(world)
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    ann.post("signoff", {"agreed": False})
    workshops = world.client.app.state.store.workshops  # type: ignore[attr-defined]
    workshop = workshops.by_code(code)
    events = workshops.events_after(workshop.id, 0)
    assert [e.kind for e in events] == ["joined", "signoff"]
    assert workshops.events_after(workshop.id, events[0].id)[0].data == {
        "version": 1,
        "stakeholder": "zorgverzekeraar",
        "agreed": False,
    }


def test_the_join_code_is_shown_as_a_qr_code_to_the_facilitator_only(world: World) -> None:
    import xml.etree.ElementTree as ET

    code = open_workshop(world)
    answer = world.client.get(f"/w/{code}/qr.svg")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(answer.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert any(node.tag == "{http://www.w3.org/2000/svg}path" for node in root.iter())
    ann = Participant(world, code, "Ann", "zorgverzekeraar")
    assert ann.client.get(f"/w/{code}/qr.svg").status_code == 403


@pytest.mark.parametrize("number", [2**31, 10**20])
def test_a_participant_or_comment_number_no_row_holds_is_not_found(
    world: World, number: int
) -> None:
    code = open_workshop(world)
    headers = facilitator_headers(world, code)
    removed = world.client.post(f"/w/{code}/remove", json={"participant": number}, headers=headers)
    resolved = world.client.post(f"/w/{code}/resolve", json={"comment": number}, headers=headers)
    assert (removed.status_code, resolved.status_code) == (404, 404)
    assert removed.json()["errors"][0]["message"] == f"no participant {number} in this workshop"
    assert resolved.json()["errors"][0]["message"] == f"no comment {number} on this case"
