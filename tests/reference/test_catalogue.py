"""Looking entries and professions up in the catalogue."""

from __future__ import annotations

import copy
import pickle

import pytest

import rendement.reference as reference
from rendement.reference import (
    Catalogue,
    StaffTime,
    UnknownReferenceError,
    load_catalogue,
    parse_staff_time,
)

CATALOGUE = load_catalogue()


def test_get_returns_the_entry() -> None:
    entry = CATALOGUE.get("care/gp-consult")
    assert entry.value == 30.87
    assert entry.payer == "health-insurer"
    assert entry.payer_scheme == "Zvw"


def test_typo_suggests_the_closest_ids() -> None:
    with pytest.raises(UnknownReferenceError) as caught:
        CATALOGUE.get("care/gp-consul")
    error = caught.value
    assert error.ref == "care/gp-consul"
    assert error.suggestions[0] == "care/gp-consult"
    assert len(error.suggestions) <= 3
    assert str(error).startswith("unknown catalogue id 'care/gp-consul' (closest: care/gp-consult")


def test_missing_category_prefix_still_finds_the_entry() -> None:
    with pytest.raises(UnknownReferenceError) as caught:
        CATALOGUE.get("home-nursing-hour")
    assert caught.value.suggestions[0] == "care/home-nursing-hour"


def test_nonsense_gets_no_suggestions() -> None:
    with pytest.raises(UnknownReferenceError) as caught:
        CATALOGUE.get("zzz/qqqqqqqqqq")
    assert caught.value.suggestions == []
    assert str(caught.value) == "unknown catalogue id 'zzz/qqqqqqqqqq'"


def test_unknown_reference_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        CATALOGUE.get("care/nothing")


def test_profession_lookup_and_typo() -> None:
    assert CATALOGUE.profession("district-nurse").productive_hours_per_fte == 1543
    with pytest.raises(UnknownReferenceError) as caught:
        CATALOGUE.profession("social-workr")
    assert str(caught.value).startswith(
        "unknown profession id 'social-workr' (closest: social-worker"
    )


def test_search_matches_dutch_names_case_insensitively() -> None:
    ids = [entry.id for entry in CATALOGUE.search("HUISARTS")]
    assert "care/gp-consult" in ids
    assert all(entry_id.startswith("care/gp-") for entry_id in ids)


def test_search_matches_english_names_payer_and_scheme() -> None:
    assert "care/emergency-department-visit" in [e.id for e in CATALOGUE.search("emergency")]
    assert {e.payer for e in CATALOGUE.search("care-office")} == {"care-office"}
    assert "care/nursing-home-day" in [e.id for e in CATALOGUE.search("wlz")]


def test_search_needs_every_word() -> None:
    found = CATALOGUE.search("consult long")
    assert [e.id for e in found] == ["care/gp-consult-long", "care/poh-ggz-consult-long"]


@pytest.mark.parametrize("query", [None, "", "   "])
def test_empty_search_returns_everything(query: str | None) -> None:
    assert CATALOGUE.search(query) == list(CATALOGUE.entries)


def test_names_and_units_by_language() -> None:
    entry = CATALOGUE.get("care/home-nursing-hour")
    assert entry.name("nl") == "Verpleging thuis (wijkverpleging)"
    assert entry.name("en-GB") == "District nursing at home"
    assert entry.unit("nl_NL") == "per uur"
    assert entry.unit("en") == "per hour"
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        entry.name("de")


def test_entries_are_frozen_and_hashable() -> None:
    entry = CATALOGUE.get("care/gp-consult")
    assert {entry: 1}[entry] == 1
    with pytest.raises(AttributeError):
        entry.value = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        entry.staff_time["gp"] = 1.0  # type: ignore[index]


def test_entries_survive_pickle_and_deepcopy() -> None:
    entry = CATALOGUE.get("care/gp-consult")
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert copy.deepcopy(entry) == entry


def test_staff_time_parses_and_compares_like_a_mapping() -> None:
    staff = parse_staff_time("district-nurse:1; gp:0.25")
    assert staff == {"gp": 0.25, "district-nurse": 1.0}
    assert staff["gp"] == 0.25
    assert staff.total_hours == pytest.approx(1.25)
    assert parse_staff_time("") == StaffTime()


def test_staff_time_rejects_a_profession_twice() -> None:
    with pytest.raises(ValueError, match="appears twice"):
        parse_staff_time("gp:1;gp:2")


def test_catalogue_is_cached_and_iterable() -> None:
    assert load_catalogue() is CATALOGUE
    assert isinstance(CATALOGUE, Catalogue)
    assert list(CATALOGUE) == list(CATALOGUE.entries)
    assert len(CATALOGUE) == len(CATALOGUE.ids)


def test_public_names_are_exported() -> None:
    public = {name for name in dir(reference) if not name.startswith("_")}
    modules = {"catalogue", "cpi"}
    assert set(reference.__all__) == public - modules
