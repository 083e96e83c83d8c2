"""`rendement registry backup FILE` and `restore-backup FILE` as a round trip of a registry
in use: entries with every version, organisations, people (who can still sign in), tokens,
owners, workshops with participants, events, comments, decisions and sign-offs, portfolios;
between SQLite and PostgreSQL both ways, and SQLite's own online backup."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rendement.registry import tables as t
from rendement.registry.errors import RegistryError
from rendement.usecases import workshops as uw
from rendement.usecases.accounts import token_principal
from rendement.usecases.backup import backup, restore_backup
from rendement.usecases.store import Store
from web.conftest import ROOT, build_world, example

CLI = [sys.executable, "-c", "from rendement.cli.main import main; main()"]


def _in_use(url: str) -> dict[str, str]:
    """A registry of the test world, with a workshop and a portfolio; returns the tokens."""
    world = build_world(url)
    store: Store = world.client.app.state.store  # type: ignore[attr-defined]
    eddy = token_principal(store.accounts, world.tokens["editor"])
    assert eddy is not None
    from rendement.usecases import cases as uc

    data = example("buurtcoaches-ouderen.yaml", "buurtcoaches")
    data["case"]["title"] = "Buurtcoaches, tweede versie"
    uc.save_case(store.registry, store.accounts, eddy, "noord/buurtcoaches", data, 1)
    workshop = uw.open_workshop(store, eddy, "noord/buurtcoaches", "estimate")
    joined = uw.join(store, workshop.code, "Ann", "zorgverzekeraar")
    who = uw.attendee(store, workshop.code, None, joined.token)
    uw.comment(store, who, "outcomes.minder-huisartsbezoek", "Klopt dit?")
    uw.sign_off(store, who, True)
    facilitator = uw.attendee(store, workshop.code, eddy, None)
    uw.decide(store, facilitator, "Drie jaar.")
    from rendement.usecases.portfolios import save_portfolio

    save_portfolio(
        store,
        eddy,
        "noord",
        {
            "rendement": 1,
            "portfolio": {"id": "fonds", "title": "Fonds", "price_year": 2024},
            "members": [{"case": "noord/buurtcoaches"}],
            "fund": {"rule": "proportional"},
        },
        None,
    )
    store.close()
    return {"token": world.tokens["editor"], "code": workshop.code}


def _counts(url: str) -> dict[str, int]:
    store = Store.open(url)
    try:
        with store.registry.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in t.metadata.tables.items()
            }
    finally:
        store.close()


def _run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "registry", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "RENDEMENT_DATABASE_URL": url},
        timeout=180,
    )


@pytest.mark.parametrize(
    ("source", "target", "name"),
    [
        ("sqlite", "postgresql", "backup.jsonl"),
        ("postgresql", "sqlite", "backup.jsonl"),
        ("sqlite", "sqlite", "backup.sqlite3"),
    ],
)
def test_a_backup_restores_everything_into_an_empty_registry(
    make_database: Callable[[str], str], tmp_path: Path, source: str, target: str, name: str
) -> None:
    origin = make_database(source)
    kept = _in_use(origin)
    file = tmp_path / name
    made = _run(origin, "backup", str(file))
    assert made.returncode == 0, made.stderr
    restored = make_database(target)
    back = _run(restored, "restore-backup", str(file))
    assert back.returncode == 0, back.stderr
    before, after = _counts(origin), _counts(restored)
    assert after == before and before["versions"] >= 5 and before["workshop_events"] >= 4
    store = Store.open(restored)
    try:
        # people sign in as before, their tokens still open, versions and workshops are there
        assert token_principal(store.accounts, kept["token"]) is not None
        assert store.registry.get("noord/buurtcoaches").number == 2
        assert (
            store.registry.get("noord/buurtcoaches", 1).data["case"]["title"]
            != (store.registry.get("noord/buurtcoaches").data["case"]["title"])
        )
        workshop = store.workshops.by_code(kept["code"])
        assert workshop is not None
        assert [p.name for p in store.workshops.participants(workshop.id)] == ["Ann"]
        assert store.workshops.comments("noord/buurtcoaches")[0].body == "Klopt dit?"
        assert store.portfolios.get("noord/fonds") is not None
        # new rows follow the restored ones (PostgreSQL's sequences were moved on)
        last = store.workshops.last_event_id(workshop.id)
        assert store.workshops.record(workshop.id, "decision", {}).id > last
    finally:
        store.close()


def test_a_restore_into_a_registry_in_use_is_refused_and_changes_nothing(
    make_database: Callable[[str], str], tmp_path: Path
) -> None:
    origin = make_database("sqlite")
    _in_use(origin)
    file = tmp_path / "b.jsonl"
    assert _run(origin, "backup", str(file)).returncode == 0
    again = _run(origin, "backup", str(file))
    assert again.returncode == 2 and "exists already" in again.stderr
    before = _counts(origin)
    refused = _run(origin, "restore-backup", str(file))
    assert refused.returncode == 2
    assert "the target registry is not empty" in refused.stderr
    assert _counts(origin) == before
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\n", encoding="utf-8")
    fresh = make_database("sqlite")
    bad = _run(fresh, "restore-backup", str(junk))
    assert bad.returncode == 2 and "not a line of a registry backup" in bad.stderr
    missing = _run(fresh, "restore-backup", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def _damaged(good: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """Backups a disk, a copy or a person can spoil, each with what its refusal says."""
    lines = good.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    dated = next(line for line in rows if '"$datetime"' in line)
    entry = next(line for line in rows if line.startswith('{"table": "entries"'))
    spoiled = {
        "binary.jsonl": (bytes(range(256)) * 4, ":1: not a line of a registry backup"),
        "list.jsonl": ((header + "[1, 2]\n").encode(), ":2: not a row of a registry backup"),
        "no-row.jsonl": ((header + '{"table": "entries"}\n').encode(), ":2: not a row"),
        "bad-date.jsonl": (
            (
                header + re.sub(r'"\$datetime": "[^"]*"', '"$datetime": "gisteren"', dated, count=1)
            ).encode(),
            ":2: a value in table",
        ),
        "bad-bytes.jsonl": (
            (header + '{"table": "sessions", "row": {"token_hash": {"$bytes": "abc"}}}\n').encode(),
            ":2: a value in table 'sessions' cannot be read",
        ),
        "missing-column.jsonl": (
            (header + '{"table": "entries", "row": {"id": "x"}}\n').encode(),
            "the rows of table 'entries' do not fit the registry",
        ),
        "twice.jsonl": (
            "".join([header, *rows, entry]).encode(),
            "the rows of table 'entries' do not fit the registry",
        ),
        "cut.jsonl": (
            "".join([header, *rows])[:-40].encode(),
            f":{len(lines)}: not a line of a registry backup",
        ),
        "other.sqlite3": (b"", "not a sound rendement registry backup"),
        "damaged.sqlite3": (
            b"SQLite format 3\x00" + b"\xff" * 4000,
            "not a sound rendement registry backup",
        ),
    }
    made = {}
    for name, (content, says) in spoiled.items():
        path = folder / name
        if name == "other.sqlite3":  # a sound SQLite database of something else
            with sqlite3.connect(path) as other:
                other.execute("CREATE TABLE notes (body TEXT)")
        else:
            path.write_bytes(content)
        made[name] = (path, says)
    return made


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_a_damaged_backup_is_refused_by_its_line_and_restores_nothing(
    make_database: Callable[[str], str], tmp_path: Path, target: str
) -> None:
    origin = make_database("sqlite")
    _in_use(origin)
    good = tmp_path / "good.jsonl"
    store = Store.open(origin)
    try:
        backup(store.registry, good)
        newer = tmp_path / "newer.sqlite3"
        backup(store.registry, newer)
    finally:
        store.close()
    with sqlite3.connect(newer) as registry_file:
        registry_file.execute("UPDATE alembic_version SET version_num = '9999'")
    corpus = _damaged(good, tmp_path)
    corpus["newer.sqlite3"] = (newer, "made at schema revision 9999")
    refused = []
    for name, (path, says) in corpus.items():
        if name.endswith(".sqlite3") and target == "postgresql":
            says = "a SQLite backup restores into a SQLite registry"
        fresh = make_database(target)
        store = Store.open(fresh)
        try:
            with pytest.raises(RegistryError) as error:
                restore_backup(store.registry, path)
        finally:
            store.close()
        assert str(path) in str(error.value) and says in str(error.value), (name, error.value)
        assert sum(_counts(fresh).values()) == 0, name
        refused.append(name)
    assert len(refused) == 11
