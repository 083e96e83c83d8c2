"""Guessing is throttled: sign-in per account and per address, workshop join codes per
address; a refusal holds even for the right answer, and says how long to wait."""

from __future__ import annotations

from typing import Any

import httpx

from web.conftest import PASSWORD, PEOPLE, World


def _sign_in(world: World, email: str, password: str) -> int:
    world.client.cookies.clear()
    page = world.client.get("/login")
    token = page.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]
    answer = world.client.post(
        "/login",
        data={"email": email, "password": password, "login_token": token, "next": "/"},
        follow_redirects=False,
    )
    return answer.status_code


def test_five_wrong_passwords_hold_the_account_even_for_the_right_one(world: World) -> None:
    eddy, vera = PEOPLE["editor"][0], PEOPLE["viewer"][0]
    assert [_sign_in(world, eddy, "geraden-wachtwoord") for _ in range(5)] == [401] * 5
    assert _sign_in(world, eddy, PASSWORD) == 429
    page = world.client.get("/login")
    assert page.status_code == 200  # the form itself stays
    assert _sign_in(world, vera, PASSWORD) == 303  # another account is not held


def test_a_right_password_clears_the_accounts_count(sqlite_world: World) -> None:
    eddy = PEOPLE["editor"][0]
    for _ in range(2):
        assert [_sign_in(sqlite_world, eddy, "fout-fout-fout") for _ in range(4)] == [401] * 4
        assert _sign_in(sqlite_world, eddy, PASSWORD) == 303


def test_many_accounts_tried_from_one_address_hold_that_address(sqlite_world: World) -> None:
    tried = [_sign_in(sqlite_world, f"iemand{k}@noord.nl", "geraden-wachtwoord") for k in range(30)]
    assert tried == [401] * 30
    assert _sign_in(sqlite_world, PEOPLE["other"][0], PASSWORD) == 429


def test_guessing_join_codes_is_held_per_address(sqlite_world: World) -> None:
    world = sqlite_world
    world.sign_in("editor")
    opened = world.client.post(
        "/cases/noord/buurtcoaches/workshop", data={"csrf": world.csrf()}, follow_redirects=False
    )
    code = opened.headers["location"].rsplit("/", 1)[1]
    world.client.cookies.clear()
    guesses = [
        world.client.get(f"/w/AAAA{k:04d}".replace("0", "A").replace("1", "B")) for k in range(20)
    ]
    assert [g.status_code for g in guesses] == [404] * 20
    held = world.client.get(f"/w/{code}")
    assert held.status_code == 429 and "wait 15 minutes" in held.text


def _live_sign_in(base: str, email: str, forwarded_for: str) -> int:
    with httpx.Client(base_url=base, timeout=10) as client:
        page = client.get("/login")
        token = page.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]
        answer = client.post(
            "/login",
            data={"email": email, "password": "geraden-wachtwoord", "login_token": token},
            headers={"x-forwarded-for": forwarded_for},
        )
        return answer.status_code


def test_behind_a_trusted_proxy_each_client_address_is_held_apart(servers: Any) -> None:
    """The proxy on 127.0.0.1 (trusted by default) names the client: thirty failures from one
    client hold that client, not the proxy every other client comes through."""
    base = servers("sqlite", 1).bases[0]
    tried = [_live_sign_in(base, f"iemand{k}@noord.nl", "203.0.113.7") for k in range(30)]
    assert tried == [401] * 30
    assert _live_sign_in(base, "nog-iemand@noord.nl", "203.0.113.7") == 429
    assert _live_sign_in(base, "nog-iemand@noord.nl", "203.0.113.8") == 401  # another client


def test_an_untrusted_sender_cannot_dodge_the_hold_by_naming_other_addresses(
    servers: Any,
) -> None:
    """Only the proxies in RENDEMENT_TRUSTED_PROXIES may name the client; a sender that is
    not one of them is held by its own address, whatever X-Forwarded-For it sends."""
    base = servers("sqlite", 1, {"RENDEMENT_TRUSTED_PROXIES": "192.0.2.1"}).bases[0]
    tried = [_live_sign_in(base, f"iemand{k}@noord.nl", f"203.0.113.{k}") for k in range(30)]
    assert tried == [401] * 30
    assert _live_sign_in(base, "nog-iemand@noord.nl", "198.51.100.1") == 429
