"""Benchmark of workshop fan-out (issue: workshop mode): 30 participants in one workshop, each
with its event stream open; a participant's edit is saved and the time until it arrives at
every one of the 30 pages is measured.

Servers are real (``rendement serve`` on 127.0.0.1), the clients one bounded asyncio process:
30 streams, 20 edits, a minute at most. Measured in the same run:
- PostgreSQL with 2 workers (the target: p95 ≤ 500 ms from the edit to its arrival), the
  streams spread over both workers by the kernel, so the event crosses LISTEN/NOTIFY;
- SQLite with 1 worker (in-process fan-out), as the baseline;
- beside each, the edit's own round trip (save → answer), which every arrival includes.
"""

from __future__ import annotations

import asyncio
import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from servers import postgres_schema, serve

ROOT = Path(__file__).resolve().parents[1]
PARTICIPANTS = 30
EDITS = 20
EMAIL, PASSWORD = "facilitator@bench.example", "een-lang-wachtwoord"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def prepare(url: str) -> None:
    """A facilitator and the example case, straight through the use cases."""
    from rendement.io.yamlio import load_document
    from rendement.usecases import cases as uc
    from rendement.usecases.accounts import add_user, create_token, token_principal
    from rendement.usecases.store import Store

    store = Store.open(url)
    add_user(store.accounts, EMAIL, PASSWORD, "bench", "editor")
    principal = token_principal(store.accounts, create_token(store.accounts, EMAIL))
    assert principal is not None
    data = json.loads(
        json.dumps(load_document(ROOT / "examples" / "buurtcoaches-ouderen.yaml").data)
    )
    uc.create_case(store.registry, store.accounts, principal, "bench", data)
    store.close()


def between(text: str, before: str, after: str = '"') -> str:
    return text.split(before, 1)[1].split(after, 1)[0]


async def run(base: str) -> tuple[list[float], list[float], list[float]]:
    limits = httpx.Limits(max_connections=PARTICIPANTS + 10)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as fac:
        login = await fac.get("/login")
        await fac.post(
            "/login",
            data={
                "email": EMAIL,
                "password": PASSWORD,
                "login_token": between(login.text, 'name="login_token" value="'),
                "next": "/",
            },
        )
        csrf = between((await fac.get("/")).text, 'name="csrf" value="')
        opened = await fac.post(
            "/cases/bench/buurtcoaches-ouderen/workshop", data={"csrf": csrf, "permission": "edit"}
        )
        code = opened.headers["location"].rsplit("/", 1)[1]

        people = [
            httpx.AsyncClient(base_url=base, timeout=None, limits=httpx.Limits(max_connections=4))
            for _ in range(PARTICIPANTS)
        ]
        tokens = []
        for k, client in enumerate(people):
            form = await client.get(f"/w/{code}")
            await client.post(
                f"/w/{code}/join",
                data={
                    "name": f"P{k}",
                    "stakeholder": "gemeente",
                    "join_token": between(form.text, 'name="join_token" value="'),
                },
            )
            tokens.append(between((await client.get(f"/w/{code}")).text, '"csrf": "'))

        arrivals: dict[int, list[float]] = {}
        ready = asyncio.Event()
        connected = 0

        async def listen(client: httpx.AsyncClient) -> None:
            nonlocal connected
            async with client.stream("GET", f"/w/{code}/events") as stream:
                connected += 1
                if connected == PARTICIPANTS:
                    ready.set()
                async for line in stream.aiter_lines():
                    if line.startswith("data: "):
                        data = json.loads(line[6:])
                        if data.get("kind") == "version":
                            arrivals.setdefault(data["version"], []).append(time.perf_counter())

        tasks = [asyncio.create_task(listen(c)) for c in people]
        await asyncio.wait_for(ready.wait(), 30)
        await asyncio.sleep(0.5)  # every stream past its backlog

        editor, token = people[0], tokens[0]
        latencies, all_arrived, round_trips = [], [], []
        for k in range(EDITS):
            state = (await editor.get(f"/w/{code}/state")).json()
            document = copy.deepcopy(state["document"])
            document["outcomes"][1]["quantity"] = 2000 + k  # a new figure each time
            started = time.perf_counter()
            answer = await editor.post(
                f"/w/{code}/save",
                json={"document": document, "base_version": state["version"]},
                headers={"x-csrf-token": token},
            )
            round_trips.append(time.perf_counter() - started)
            version = answer.json()["version"]
            deadline = time.perf_counter() + 10
            while len(arrivals.get(version, [])) < PARTICIPANTS and time.perf_counter() < deadline:
                await asyncio.sleep(0.005)
            got = arrivals.get(version, [])
            if len(got) < PARTICIPANTS:
                raise RuntimeError(f"edit {k}: only {len(got)} of {PARTICIPANTS} pages heard it")
            latencies.extend(t - started for t in got)
            all_arrived.append(max(got) - started)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for client in people:
            await client.aclose()
    return latencies, all_arrived, round_trips


def measure(label: str, url: str, workers: int) -> dict[str, Any]:
    prepare(url)
    process, base = serve(url, workers)
    try:
        latencies, all_arrived, trips = asyncio.run(asyncio.wait_for(run(base), 120))
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {
        "label": label,
        "p50": statistics.median(latencies) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "all_p95": percentile(all_arrived, 0.95) * 1000,
        "trip_p50": statistics.median(trips) * 1000,
    }


def main() -> None:
    folder = tempfile.mkdtemp()
    with postgres_schema() as postgres:
        rows = [
            measure("PostgreSQL, 2 workers", postgres, 2),
            measure("SQLite, 1 worker (baseline)", f"sqlite:///{folder}/bench.sqlite3", 1),
        ]
    print(f"{PARTICIPANTS} pages, {EDITS} edits; time from the edit to its arrival at a page")
    print(f"{'':30} {'p50':>9} {'p95':>9} {'all 30, p95':>12} {'save alone, p50':>16}")
    for r in rows:
        figures = f"{r['p50']:7.0f}ms {r['p95']:7.0f}ms {r['all_p95']:10.0f}ms"
        print(f"{r['label']:30} {figures} {r['trip_p50']:14.0f}ms")
    target = rows[0]["p95"] <= 500
    print(f"target p95 ≤ 500 ms on PostgreSQL with 2 workers: {'met' if target else 'NOT met'}")


if __name__ == "__main__":
    main()
