"""Guessing is throttled: sign-in per account and per address, workshop join codes per
address; a refusal holds even for the right answer, and says how long to wait."""

from __future__ import annotations

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
