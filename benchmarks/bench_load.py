"""Load benchmark of the shared service (issue: hardening): 50 people at once doing what a
workshop does, against real servers on 127.0.0.1, bounded in count and time.

Each of the 50 users signs in and, five times over: opens the case page, recalculates after an
edit of their own (``POST /cases/evaluate``), runs a 2,000-draw simulation page, and opens the
meta page over a registry of 1,000 cases. A person reads what they get before the next click:
each user waits 1 to 3 seconds (uniform, seeded) between requests, and the 50 arrive over the
first 5 seconds, as people open a link they are sent. Printed per kind of request: p50, p95,
p99 and errors, for SQLite (1 worker) and PostgreSQL (2 workers) side by side, with the targets
(p95 ≤ 200 ms for case pages and recalculation, ≤ 300 ms for the meta page, zero errors), and
the request rate the crowd made. The simulation is shown beside them, without a target.

Baselines in the same run: one user alone, the same requests with the same pauses (the first
of its simulation and meta requests computes; later ones find the worker's answer); and the
crowd without pauses, each user firing the next request the moment the last one is answered:
no target, this shows the service's throughput and that it still answers every request.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from servers import postgres_schema, serve

ROOT = Path(__file__).resolve().parents[1]
USERS = int(os.environ.get("BENCH_USERS", "50"))
ROUNDS = 5
REGISTRY_CASES = 1000
THINK = (1.0, 3.0)  # seconds a person reads before the next click
ARRIVAL = 5.0  # seconds over which the crowd arrives
PASSWORD = "een-lang-wachtwoord"
TARGETS = {"case page": 200, "recalculate": 200, "meta page": 300, "simulation 2,000": None}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def prepare(url: str) -> dict[str, Any]:
    from ruamel.yaml import YAML

    from rendement.io.jsonio import as_json_data
    from rendement.io.yamlio import load_document
    from rendement.registry.synthetic import synthetic_summaries
    from rendement.usecases import cases as uc
    from rendement.usecases.accounts import add_user, create_token, token_principal
    from rendement.usecases.registry import import_paths
    from rendement.usecases.store import Store

    store = Store.open(url)
    with tempfile.TemporaryDirectory() as tmp:
        yaml = YAML(typ="safe")
        for doc in synthetic_summaries(REGISTRY_CASES, seed=3):
            with (Path(tmp) / f"{doc['summary']['id']}.yaml").open("w") as handle:
                yaml.dump(doc, handle)
        import_paths(store.registry, [Path(tmp)], "benchmark")
    for k in range(USERS):
        add_user(store.accounts, f"user{k}@bench.example", PASSWORD, "bench", "editor")
    principal = token_principal(store.accounts, create_token(store.accounts, "user0@bench.example"))
    assert principal is not None
    data = as_json_data(load_document(ROOT / "examples" / "buurtcoaches-ouderen.yaml").data)
    uc.create_case(store.registry, store.accounts, principal, "bench", data)
    store.close()
    return data


async def signed_in(base: str, k: int) -> tuple[httpx.AsyncClient, str]:
    """A user's session, made before the clock starts (signing in is not what is measured)."""
    client = httpx.AsyncClient(base_url=base, timeout=120)
    login = await client.get("/login")
    token = login.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]
    await client.post(
        "/login",
        data={
            "email": f"user{k}@bench.example",
            "password": PASSWORD,
            "login_token": token,
            "next": "/",
        },
    )
    csrf = (await client.get("/")).text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    return client, csrf


async def user(
    client: httpx.AsyncClient,
    csrf: str,
    k: int,
    document: dict[str, Any],
    times: dict[str, list[float]],
    errors: list[str],
    think: bool,
) -> None:
    pause = random.Random(k)
    if think:
        await asyncio.sleep(pause.uniform(0, ARRIVAL))
    for r in range(ROUNDS):
        edited = copy.deepcopy(document)
        edited["outcomes"][1]["quantity"] = 2000 + 10 * k + r
        steps: list[tuple[str, Callable[[], Awaitable[httpx.Response]]]] = [
            ("case page", lambda: client.get("/cases/bench/buurtcoaches-ouderen")),
            (
                "recalculate",
                lambda edited=edited: client.post(
                    "/cases/evaluate", json={"document": edited}, headers={"x-csrf-token": csrf}
                ),
            ),
            (
                "simulation 2,000",
                lambda: client.get("/cases/bench/buurtcoaches-ouderen/simulation?draws=2000"),
            ),
            ("meta page", lambda: client.get("/meta")),
        ]
        for name, send in steps:
            started = time.perf_counter()
            try:
                answer = await send()
                if answer.status_code != 200:
                    errors.append(f"{name}: {answer.status_code}")
            except httpx.HTTPError as error:
                errors.append(f"{name}: {error!r}")
            times[name].append((time.perf_counter() - started) * 1000)
            if think:
                await asyncio.sleep(pause.uniform(*THINK))


async def load(base: str, document: dict[str, Any], users: int, think: bool) -> dict[str, Any]:
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    sessions = [await signed_in(base, k) for k in range(users)]
    started = time.perf_counter()
    try:
        await asyncio.wait_for(
            asyncio.gather(
                *(
                    user(client, csrf, k, document, times, errors, think)
                    for k, (client, csrf) in enumerate(sessions)
                )
            ),
            900,
        )
    finally:
        for client, _ in sessions:
            await client.aclose()
    seconds = time.perf_counter() - started
    rate = sum(len(v) for v in times.values()) / seconds
    return {"times": times, "errors": errors, "rate": rate}


def measure(label: str, url: str, workers: int) -> dict[str, Any]:
    document = prepare(url)
    with tempfile.TemporaryFile() as log:
        process, base = serve(url, workers, log)
        try:
            alone = asyncio.run(load(base, document, 1, think=True))
            crowd = asyncio.run(load(base, document, USERS, think=True))
            rush = asyncio.run(load(base, document, USERS, think=False))
        finally:
            process.terminate()
            process.wait(timeout=30)
        log.seek(0)
        problems = [
            line for line in log.read().decode(errors="replace").splitlines() if "Error" in line
        ]
    return {"label": label, "alone": alone, "crowd": crowd, "rush": rush, "log": problems}


def _figures(values: list[float]) -> str:
    return "".join(f"{percentile(values, q):7.0f}" for q in (0.5, 0.95, 0.99))


def main() -> None:
    folder = tempfile.mkdtemp()
    with postgres_schema() as postgres:
        rows = [
            measure("SQLite, 1 worker", f"sqlite:///{folder}/load.sqlite3", 1),
            measure("PostgreSQL, 2 workers", postgres, 2),
        ]
    print(
        f"{USERS} users at once, {ROUNDS} rounds each, {THINK[0]:g}-{THINK[1]:g} s between "
        f"clicks, arriving over {ARRIVAL:g} s; meta over {REGISTRY_CASES:,} cases; times in ms"
    )
    print(
        f"{'':22} {'request':17} {'p50':>7}{'p95':>7}{'p99':>7} {'errors':>6}  {'target':14}"
        f"| alone: {'first':>5}{'p50':>6} | no pauses: {'p50':>5}{'p95':>7}{'p99':>7} errors"
    )
    met = True
    for row in rows:
        for name, target in TARGETS.items():
            crowd, rush = row["crowd"]["times"][name], row["rush"]["times"][name]
            alone = row["alone"]["times"][name]
            p95 = percentile(crowd, 0.95)
            errors = sum(e.startswith(name) for e in row["crowd"]["errors"])
            rushed = sum(e.startswith(name) for e in row["rush"]["errors"])
            ok = target is None or (p95 <= target and not errors)
            goal = "" if target is None else f"≤ {target} {'ok' if ok else 'NOT met'}"
            print(
                f"{row['label']:22} {name:17} {_figures(crowd)} {errors:6d}  {goal:14}"
                f"| {alone[0]:12.0f}{percentile(alone, 0.5):6.0f} | "
                f"{_figures(rush)[1:]} {rushed:6d}"
            )
            met = met and ok
        print(
            f"{row['label']:22} requests per second: {row['crowd']['rate']:.1f} with pauses, "
            f"{row['rush']['rate']:.1f} without"
        )
    all_errors = [e for r in rows for run in ("crowd", "rush") for e in r[run]["errors"]]
    print(f"targets (p95 200/200/300 ms, no errors): {'met' if met else 'NOT met'}")
    if all_errors:
        print("errors:", json.dumps(sorted(set(all_errors))[:10]))
    for row in rows:
        if row["log"]:
            print(f"{row['label']}: the server wrote", *row["log"][:10], sep="\n  ")


if __name__ == "__main__":
    main()
