"""No acknowledged save is lost and no save overwrites another, through real servers: twenty
clients saving one case on the same version get one new version and nineteen conflicts; a
server killed (SIGKILL) in the middle of a burst of saves leaves a registry that opens, is
consistent, and holds every save it acknowledged. On SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from rendement.registry import tables as t
from rendement.usecases.store import Store

CASE = "noord/buurtcoaches"
DATABASES = ["sqlite", "postgresql"]


def _api(base: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def _tokens(url: str) -> str:
    from rendement.usecases.accounts import create_token

    store = Store.open(url)
    try:
        return create_token(store.accounts, "eddy@noord.nl", "integrity")
    finally:
        store.close()


@pytest.mark.parametrize("database", DATABASES)
def test_twenty_saves_on_one_version_give_one_version_and_nineteen_conflicts(
    servers: Callable[[str, int], Any], database: str
) -> None:
    running = servers(database, 1)
    token = _tokens(running.url)
    base = running.bases[0]
    document = _api(base, token).get(f"/api/v1/cases/{CASE}").json()["document"]
    barrier = threading.Barrier(20)

    def save(k: int) -> int:
        mine = {**document, "case": {**document["case"], "title": f"Titel van klant {k}"}}
        with _api(base, token) as client:
            barrier.wait()
            answer = client.put(f"/api/v1/cases/{CASE}", json={"document": mine, "base_version": 1})
        return answer.status_code

    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(save, range(20)))
    assert sorted(statuses) == [200] + [409] * 19
    versions = _api(base, token).get(f"/api/v1/cases/{CASE}/versions").json()
    assert [v["version"] for v in versions["versions"]] == [1, 2]
    winner = statuses.index(200)
    saved = _api(base, token).get(f"/api/v1/cases/{CASE}").json()
    assert saved["document"]["case"]["title"] == f"Titel van klant {winner}"


def _consistent(url: str) -> dict[int, str]:
    """The registry opens and holds together; the title of every version of the case."""
    store = Store.open(url)
    try:
        engine = store.registry.engine
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            for entry_id, current in conn.execute(
                select(t.entries.c.id, t.entries.c.current_version)
            ):
                numbers = [
                    r[0]
                    for r in conn.execute(
                        select(t.versions.c.number)
                        .where(t.versions.c.entry_id == entry_id)
                        .order_by(t.versions.c.number)
                    )
                ]
                assert numbers == list(range(1, current + 1)), entry_id
            count = conn.execute(select(func.count()).select_from(t.versions)).scalar_one()
            assert count >= 1
        return {v.number: v.data["case"]["title"] for v in store.registry.history(CASE)}
    finally:
        store.close()


@pytest.mark.parametrize("database", DATABASES)
def test_a_server_killed_in_a_burst_of_saves_loses_no_acknowledged_save(
    servers: Callable[[str, int], Any], database: str
) -> None:
    running = servers(database, 1)
    token = _tokens(running.url)
    base = running.bases[0]
    acknowledged: dict[int, str] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def burst(k: int) -> None:
        with _api(base, token) as client:
            n = 0
            while not stop.is_set():
                try:
                    current = client.get(f"/api/v1/cases/{CASE}").json()
                    title = f"klant {k} zet {n}"
                    document = {**current["document"]}
                    document["case"] = {**document["case"], "title": title}
                    answer = client.put(
                        f"/api/v1/cases/{CASE}",
                        json={"document": document, "base_version": current["version"]},
                    )
                except (httpx.HTTPError, ValueError, KeyError):
                    return  # the server is gone
                n += 1
                if answer.status_code == 200:
                    with lock:
                        acknowledged[answer.json()["version"]] = title

    workers = [threading.Thread(target=burst, args=(k,), daemon=True) for k in range(4)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 12 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(running.processes[0].pid, signal.SIGKILL)  # in the middle of the burst
    running.processes[0].wait(timeout=20)
    stop.set()
    for w in workers:
        w.join(timeout=30)
    assert len(acknowledged) >= 12
    stored = _consistent(running.url)
    for version, title in acknowledged.items():
        assert stored.get(version) == title, (version, title)
    # and a new server serves the registry again
    again = servers.restart(running)  # type: ignore[attr-defined]
    answer = _api(again.bases[0], token).get(f"/api/v1/cases/{CASE}")
    assert answer.status_code == 200
    assert answer.json()["version"] == max(stored)
