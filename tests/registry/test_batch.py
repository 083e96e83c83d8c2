"""Many saves in one transaction, each in its own savepoint."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from rendement.model import parse_document
from rendement.registry import ConflictError, Registry, RegistryError
from rendement.registry.repo import Batch
from rendement.usecases.figures import figures_for

from .documents import save, summary


def save_in(batch: Batch, data: dict[str, Any], base_version: int | None = None) -> int:
    data = copy.deepcopy(data)
    document = parse_document(data)
    result = batch.save(
        document,
        data,
        figures_for(document),
        base_version=base_version,
        author="batch",
        message="in a batch",
    )
    return result.version


def test_a_failed_save_in_a_batch_leaves_the_others(registry: Registry) -> None:
    with registry.batch() as batch:
        save_in(batch, summary("entry-a"))
        with pytest.raises(ConflictError):
            save_in(batch, summary("entry-a", year=2099))  # the id exists: a conflict
        save_in(batch, summary("entry-b"))
        save_in(batch, summary("entry-a", year=2020), base_version=1)

    assert [e.id for e in registry.entries()] == ["entry-a", "entry-b"]
    assert [v.data["summary"].get("year") for v in registry.history("entry-a")] == [None, 2020]
    assert registry.consistency_problems() == []


def test_nothing_in_a_batch_is_visible_before_it_commits(registry: Registry) -> None:
    with registry.batch() as batch:
        save_in(batch, summary("entry-a"))
        assert batch.current(["entry-a"])["entry-a"][0] == 1  # the batch sees its own save
        assert registry.count() == 0  # another connection does not, yet

    assert registry.count() == 1


def test_an_error_escaping_a_batch_stores_nothing(registry: Registry) -> None:
    save(registry, summary("entry-a"))

    with pytest.raises(RuntimeError), registry.batch() as batch:
        save_in(batch, summary("entry-a", year=2020), base_version=1)
        save_in(batch, summary("entry-b"))
        raise RuntimeError("stop")

    assert [e.id for e in registry.entries()] == ["entry-a"]
    assert len(registry.history("entry-a")) == 1


def test_an_overlong_author_is_stored_or_refused_as_a_registry_error(registry: Registry) -> None:
    # the author column holds 200 characters; PostgreSQL enforces that, SQLite does not
    author = "a" * 250

    try:
        save(registry, summary("entry-a"), author=author)
    except RegistryError:
        assert registry.count() == 0
    else:
        assert registry.get("entry-a").author == author
