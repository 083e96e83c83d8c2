"""Every save is a new, immutable version; history, old versions, diff, restore, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from rendement.registry import ConflictError, NotFoundError, Registry, RegistryError
from rendement.usecases import registry as service

from .documents import save, small_case, summary


def test_every_save_is_a_new_version_with_author_time_and_message(registry: Registry) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    first = save(registry, summary("huisbezoek", balance="positive"), author="ans", message="new")
    second = save(
        registry,
        summary("huisbezoek", balance="negative"),
        base_version=1,
        author="bert",
        message="balance corrected",
    )
    after = datetime.now(UTC) + timedelta(seconds=1)

    assert (first.version, first.action) == (1, "added")
    assert (second.version, second.action) == (2, "updated")
    newest = registry.get("huisbezoek")
    assert (newest.number, newest.author, newest.message) == (2, "bert", "balance corrected")
    assert newest.created_at.tzinfo is not None
    assert before <= newest.created_at <= after
    assert registry.entry("huisbezoek").current_version == 2


def test_history_lists_every_version_in_order(registry: Registry) -> None:
    save(registry, summary("huisbezoek", year=2010), author="ans", message="one")
    save(registry, summary("huisbezoek", year=2011), base_version=1, author="bert", message="two")
    save(registry, summary("huisbezoek", year=2012), base_version=2, author="cor", message="three")

    history = registry.history("huisbezoek")

    assert [v.number for v in history] == [1, 2, 3]
    assert [v.author for v in history] == ["ans", "bert", "cor"]
    assert [v.message for v in history] == ["one", "two", "three"]
    assert [v.data["summary"]["year"] for v in history] == [2010, 2011, 2012]
    assert history[0].created_at <= history[1].created_at <= history[2].created_at


def test_an_old_version_keeps_its_content_and_figures(registry: Registry) -> None:
    save(registry, small_case(quantity=100), author="ans", message="first")
    kept = registry.get("kleine-case", version=1)
    save(registry, small_case(quantity=150), base_version=1)

    old = registry.get("kleine-case", version=1)

    assert old == kept  # nothing about a version changes after a later save
    assert old.data["outcomes"][0]["quantity"] == 100
    assert old.figures.ratio == pytest.approx(3.0)  # 100 × 300 / 10,000
    assert registry.get("kleine-case").figures.ratio == pytest.approx(4.5)  # 150 × 300 / 10,000


def test_a_version_that_does_not_exist_is_not_found(registry: Registry) -> None:
    save(registry, summary("huisbezoek"))

    with pytest.raises(NotFoundError, match="no version 7"):
        registry.get("huisbezoek", version=7)


@pytest.mark.parametrize("number", [2**31, 10**20, 0, -1])
def test_a_version_beyond_what_the_column_holds_is_not_found(
    registry: Registry, number: int
) -> None:
    """A version number no database integer holds is not found, as any absent version: the
    query is not sent (SQLite overflowed it, PostgreSQL refuses it as out of range)."""
    save(registry, summary("huisbezoek"))

    with pytest.raises(NotFoundError) as error:
        registry.get("huisbezoek", version=number)
    assert str(error.value) == f"huisbezoek: no version {number} (only version 1)"
    with pytest.raises(NotFoundError):
        service.restore(registry, "huisbezoek", number, "someone")
    assert registry.current_version("huisbezoek") == 1


def test_diff_lists_changed_inputs_and_moved_figures(registry: Registry) -> None:
    save(registry, small_case(quantity=100))
    save(registry, small_case(quantity=150), base_version=1, message="more clients reached")

    d = service.diff(registry, "kleine-case", 1, 2)

    assert [(c.path, c.old, c.new) for c in d.inputs] == [
        ("outcomes.minder-zorg.quantity", 100, 150)
    ]
    moved = {c.path: (c.old, c.new) for c in d.results}
    assert moved["ratio"] == pytest.approx((3.0, 4.5))  # 30,000 / 10,000 → 45,000 / 10,000
    assert moved["benefits"] == pytest.approx((30000, 45000))
    assert moved["npv"] == pytest.approx((20000, 35000))
    assert "costs" not in moved  # the investment did not change


def test_diff_of_a_version_with_itself_is_empty(registry: Registry) -> None:
    save(registry, small_case())

    d = service.diff(registry, "kleine-case", 1, 1)

    assert d.inputs == () and d.results == ()


def test_restore_makes_an_old_version_the_newest_as_a_new_version(registry: Registry) -> None:
    save(registry, small_case(quantity=100))
    save(registry, small_case(quantity=150), base_version=1)

    number = service.restore(registry, "kleine-case", 1, author="restorer")

    assert number == 3
    restored, old = registry.get("kleine-case"), registry.get("kleine-case", version=1)
    assert restored.number == 3
    assert restored.data == old.data
    assert restored.figures == old.figures
    assert (restored.author, restored.message) == ("restorer", "restored version 1")
    assert [v.number for v in registry.history("kleine-case")] == [1, 2, 3]
    assert registry.get("kleine-case", version=2).data["outcomes"][0]["quantity"] == 150
    assert registry.entry("kleine-case").ratio == pytest.approx(3.0)


def test_saving_on_a_stale_version_is_refused_and_stores_nothing(registry: Registry) -> None:
    save(registry, summary("huisbezoek", year=2010))
    save(registry, summary("huisbezoek", year=2011), base_version=1, author="first")
    entry_before = registry.entry("huisbezoek")

    with pytest.raises(ConflictError, match="version 1 is no longer the newest"):
        save(registry, summary("huisbezoek", year=2099), base_version=1, author="second")

    assert registry.entry("huisbezoek") == entry_before
    assert [v.author for v in registry.history("huisbezoek")] == ["tester", "first"]
    assert registry.get("huisbezoek").data["summary"]["year"] == 2011
    assert registry.consistency_problems() == []


def test_adding_an_entry_whose_id_exists_is_a_conflict(registry: Registry) -> None:
    save(registry, summary("huisbezoek", year=2010), author="first")

    with pytest.raises(ConflictError, match="already in the registry"):
        save(registry, summary("huisbezoek", year=2099), author="second")

    assert len(registry.history("huisbezoek")) == 1
    assert registry.get("huisbezoek").data["summary"]["year"] == 2010
    assert registry.count() == 1
    assert registry.consistency_problems() == []


def test_an_unknown_id_and_a_version_beyond_the_newest_say_what_exists(
    registry: Registry,
) -> None:
    save(registry, summary("entry-a", year=2010))
    save(registry, summary("entry-a", year=2011), base_version=1)

    with pytest.raises(NotFoundError) as unknown:
        registry.history("entry-b")
    with pytest.raises(NotFoundError) as beyond:
        registry.get("entry-a", 3)
    with pytest.raises(NotFoundError) as base:
        service.screen(registry, "entry-a", "included", None, "screener", base_version=5)

    assert str(unknown.value) == "no case 'entry-b' in the registry (did you mean 'entry-a'?)"
    assert str(beyond.value) == "entry-a: no version 3 (versions 1–2)"
    assert str(base.value) == "entry-a: no version 5 (versions 1–2)"
    assert registry.current_version("entry-a") == 2  # nothing saved


def test_an_overlong_author_is_refused_on_both_databases(registry: Registry) -> None:
    # PostgreSQL enforces the column's 200 characters, SQLite does not: the registry checks first
    with pytest.raises(RegistryError) as refused:
        save(registry, summary("entry-a"), author="a" * 201)

    assert str(refused.value) == "author: at most 200 characters (got 201)"
    assert registry.count() == 0


def test_a_filter_value_outside_its_choices_is_refused(registry: Registry) -> None:
    with pytest.raises(RegistryError) as refused:
        registry.entries(method="cba")

    assert str(refused.value) == "method cba: choose from sroi, mkba, business-case"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_opening_for_reading_creates_no_registry(
    make_database: Callable[[str], str], kind: str
) -> None:
    url = make_database(kind)
    shown = make_url(url).render_as_string(hide_password=True)
    where = make_url(url).database if kind == "sqlite" else shown

    with pytest.raises(RegistryError) as refused:
        Registry.open(url, create=False)

    assert str(refused.value) == f"no registry at {where}; run `rendement registry import` first"
    Registry.open(url).close()  # as an import opens it: created now, and empty
    reader = Registry.open(url, create=False)
    try:
        assert reader.count() == 0
    finally:
        reader.close()


def test_the_stamp_changes_with_every_save_and_only_then(registry: Registry) -> None:
    empty = registry.stamp()
    assert empty == (0, 0)
    save(registry, summary("huisbezoek", year=2010), author="ans", message="one")
    one = registry.stamp()
    assert one == (1, 1)
    assert registry.stamp() == one  # reading changes nothing
    registry.entries()
    assert registry.stamp() == one
    save(registry, summary("huisbezoek", year=2011), base_version=1, author="bert", message="two")
    two = registry.stamp()
    assert two == (1, 2)  # an update of the same entry moves the stamp too
    save(registry, summary("buurtcoach"), author="ans", message="new")
    assert registry.stamp() == (2, 3)
