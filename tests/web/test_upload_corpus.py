"""Every malformed case file of the test corpus, and some worse, uploaded through the web: each
is answered with its errors (never a server error) and nothing is saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from web.conftest import World

BAD = Path(__file__).parents[1] / "data" / "bad"
CORPUS = sorted(p for p in BAD.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def _worse() -> list[tuple[str, bytes]]:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    return [
        ("binary.yaml", bytes(range(256)) * 8),
        ("latin1.yaml", "rendement: 1\ncase: {title: 'Café'}\n".encode("latin-1")),
        ("bomb.yaml", bomb.encode()),
        ("deep.json", ("[" * 5000 + "]" * 5000).encode()),
        ("tag.yaml", b"rendement: !!python/object/apply:os.system ['true']\n"),
        ("big.yaml", b"# " + b"x" * 2_100_000 + b"\n"),
        ("empty.yaml", b""),
    ]


def _entries(world: World) -> int:
    return len(world.client.app.state.registry.entries())  # type: ignore[attr-defined]


@pytest.mark.parametrize("name, body", [(p.name, p.read_bytes()) for p in CORPUS] + _worse())
def test_a_bad_upload_is_answered_with_its_errors_and_nothing_is_saved(
    sqlite_world: World, name: str, body: bytes
) -> None:
    world = sqlite_world
    world.sign_in("editor")
    before = _entries(world)
    answer = world.client.post(
        "/cases/upload",
        data={"csrf": world.csrf(), "org": "noord"},
        files={"file": (name, body, "application/octet-stream")},
        follow_redirects=False,
    )
    assert answer.status_code in (200, 400, 413, 422), (name, answer.status_code, answer.text[:300])
    if answer.status_code == 200:  # a draft in the editor, with its errors listed
        assert 'id="load-errors"' in answer.text
    assert "Traceback" not in answer.text
    assert _entries(world) == before
