"""The per-worker result cache: computed once for many callers at the same moment, a failure
never kept, the oldest answer dropped first; and the pages that use it never show an answer
of other inputs (a new version, an other registry, an other language)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from rendement.registry.synthetic import synthetic_summaries
from rendement.usecases.registry import import_paths
from rendement.web.cache import ResultCache, digest
from rendement.web.render import LANG_COOKIE
from web.conftest import World, example


def test_thirty_callers_at_once_share_one_computation() -> None:
    cache = ResultCache()
    calls: list[int] = []
    start = threading.Barrier(30)
    answers: list[int] = []

    def compute() -> int:
        calls.append(1)
        time.sleep(0.05)  # long enough that every other caller arrives while it runs
        return 42

    def ask() -> None:
        start.wait()
        answers.append(cache.get("k", compute))

    threads = [threading.Thread(target=ask) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert answers == [42] * 30
    assert len(calls) == 1 and cache.computed == 1


def test_a_failed_computation_is_not_kept_and_the_next_caller_tries_again() -> None:
    cache = ResultCache()

    def fail() -> int:
        raise ValueError("no")

    with pytest.raises(ValueError):
        cache.get("k", fail)
    assert len(cache) == 0
    assert cache.get("k", lambda: 7) == 7


def test_waiters_of_a_failed_computation_compute_themselves() -> None:
    cache = ResultCache()
    started = threading.Event()
    results: list[object] = []

    def slow_fail() -> int:
        started.set()
        time.sleep(0.05)
        raise ValueError("no")

    def first() -> None:
        try:
            cache.get("k", slow_fail)
        except ValueError as error:
            results.append(error)

    t = threading.Thread(target=first)
    t.start()
    started.wait(5)
    assert cache.get("k", lambda: 3) == 3  # waited for the failure, then computed its own
    t.join(5)
    assert isinstance(results[0], ValueError)


def test_the_least_recently_used_answer_is_dropped_first() -> None:
    cache = ResultCache(entries=2)
    cache.get("a", lambda: 1)
    cache.get("b", lambda: 2)
    cache.get("a", lambda: 0)  # a is used again: b is now the oldest
    cache.get("c", lambda: 3)
    assert len(cache) == 2
    assert cache.get("a", lambda: -1) == 1
    assert cache.get("b", lambda: -2) == -2  # b was dropped and computed anew


def test_a_digest_follows_the_content_not_its_key_order() -> None:
    assert digest({"a": 1, "b": [1, 2]}) == digest({"b": [1, 2], "a": 1})
    assert digest({"a": 1}) != digest({"a": 1.5})


def test_the_simulation_page_after_a_save_shows_the_new_version(sqlite_world: World) -> None:
    world = sqlite_world
    client = world.sign_in("editor")
    address = "/cases/noord/buurtcoaches/simulation?draws=500"
    before = client.get(address)
    assert before.status_code == 200
    assert client.get(address).text == before.text  # the same version: the same page
    cache: ResultCache = client.app.state.result_cache  # type: ignore[attr-defined]
    computed = cache.computed
    client.get(address)
    assert cache.computed == computed  # found, not computed again
    document = example("buurtcoaches-ouderen.yaml", "buurtcoaches")
    for outcome in document["outcomes"]:
        if "quantity" in outcome:
            outcome["quantity"] = 1  # far fewer people helped: a different distribution
    saved = client.post(
        "/cases/noord/buurtcoaches/save",
        json={"document": document, "base_version": 1},
        headers={"x-csrf-token": world.csrf()},
    )
    assert saved.status_code == 200, saved.text
    after = client.get(address)
    assert cache.computed > computed
    assert after.text != before.text
    client.cookies.set(LANG_COOKIE, "en")
    english = client.get(address)
    assert 'lang="en"' in english.text and 'lang="nl"' in after.text


def test_the_meta_page_follows_the_registry(sqlite_world: World, tmp_path: Path) -> None:
    world = sqlite_world
    world.sign_in("viewer")
    before = world.client.get("/meta")
    assert before.status_code == 200
    counted = world.client.get("/api/v1/meta", headers=world.bearer("viewer")).json()["n"]
    yaml = YAML(typ="safe")
    for doc in synthetic_summaries(30, seed=9):
        with (tmp_path / f"{doc['summary']['id']}.yaml").open("w") as handle:
            yaml.dump(doc, handle)
    import_paths(world.client.app.state.registry, [tmp_path], "tests")  # type: ignore[attr-defined]
    after = world.client.get("/meta")
    assert after.status_code == 200
    assert after.text != before.text
    api = world.client.get("/api/v1/meta", headers=world.bearer("viewer"))
    assert api.status_code == 200
    assert api.json()["n"] > counted  # the new included cases are counted


def test_a_second_worker_finds_the_charts_the_first_drew(world: World) -> None:
    """Two workers over one database: the meta page's charts are drawn once, by whoever is
    first; the other worker shows the same drawing without making it (SQLite and PostgreSQL)."""
    from fastapi.testclient import TestClient

    from rendement.settings import Settings
    from rendement.web import create_app

    world.sign_in("viewer")
    first = world.client.get("/meta")
    assert first.status_code == 200 and "<svg" in first.text
    mine = world.client.app.state.result_cache  # type: ignore[attr-defined]
    assert mine.found_shared == 0
    other = create_app(Settings(database_url=world.database))
    with TestClient(other, base_url="http://127.0.0.1") as second:
        second.cookies.update(world.client.cookies)
        again = second.get("/meta")
        assert again.status_code == 200
        assert other.state.result_cache.found_shared == 1
        svg = [part.split("</svg>")[0] for part in first.text.split("<svg")[1:]]
        assert svg and svg == [part.split("</svg>")[0] for part in again.text.split("<svg")[1:]]
        # in English it is another drawing, made by this worker and kept for the first
        second.get("/lang/en?next=/meta")
        assert second.get("/meta").status_code == 200
        assert other.state.result_cache.found_shared == 1
    world.client.get("/lang/en?next=/meta")
    world.client.get("/meta")
    assert mine.found_shared == 1
    other.state.registry.close()


def test_the_kept_answers_are_bounded_and_a_key_is_kept_once(world: World) -> None:
    from rendement.registry.derived import Derived

    derived = Derived(world.client.app.state.registry.engine, keep=10)  # type: ignore[attr-defined]
    derived.put("a", "1")
    derived.put("a", "2")  # another worker was first: theirs stays
    assert derived.get("a") == "1" and derived.get("b") is None
    for i in range(120):
        derived.put(f"k{i}", str(i))
    assert 10 <= derived.count() <= 60
    assert derived.get("k119") == "119" and derived.get("a") is None


def test_a_database_that_fails_leaves_the_answer_computed(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from rendement.registry.derived import Derived

    # a database that cannot be opened: every read and write of it fails
    gone = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'r.sqlite3'}")
    cache = ResultCache(shared=Derived(gone))
    assert cache.get_shared(("k",), lambda: {"svg": "<svg/>"}) == {"svg": "<svg/>"}
    assert cache.computed == 1 and cache.found_shared == 0
