"""parse_case on documents already read: every problem at once, hints, uncertain numbers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from rendement.model import CaseError, Uncertain, parse_case

DOCUMENT: dict[str, Any] = {
    "rendement": 1,
    "case": {"id": "buurtcoaches", "title": "Buurtcoaches Noord", "price_year": 2024},
    "stakeholders": [
        {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
        {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
    ],
    "investments": [{"id": "coaches", "stakeholder": "gemeente", "amount": 100000, "years": 2}],
    "outcomes": [
        {
            "id": "minder-huisartsbezoek",
            "stakeholder": "zvw",
            "quantity": 200,
            "proxy": {"ref": "care/gp-consult"},
            "deadweight": 0.2,
        }
    ],
}


def document() -> dict[str, Any]:
    return copy.deepcopy(DOCUMENT)


def problems(data: Any) -> list[str]:
    with pytest.raises(CaseError) as caught:
        parse_case(data)
    return [f"{issue.path}: {issue.message}" for issue in caught.value.issues]


def test_a_good_document_parses() -> None:
    case = parse_case(document())
    assert case.case.id == "buurtcoaches"
    assert [s.id for s in case.stakeholders] == ["gemeente", "zvw"]


def test_all_problems_are_reported_at_once() -> None:
    data = document()
    data["case"]["price_year"] = "2024"
    data["investments"][0]["stakeholder"] = "gemeent"
    data["outcomes"][0]["deadweight"] = 1.5

    found = problems(data)

    assert len(found) == 3
    assert sorted(found) == [
        "case.price_year: must be a whole number (got '2024')",
        "investments[0].stakeholder: unknown stakeholder 'gemeent' (did you mean 'gemeente'?)",
        "outcomes[0].deadweight: must be between 0 and 1 (got 1.5)",
    ]


def test_unknown_key_gets_a_did_you_mean_hint() -> None:
    data = document()
    data["outcomes"][0]["atribution"] = 0.3
    assert problems(data) == ["outcomes[0].atribution: unknown key (did you mean 'attribution'?)"]


def test_unknown_key_without_a_near_match_lists_the_allowed_keys() -> None:
    data = document()
    data["case"]["zzz"] = 1
    (found,) = problems(data)
    # nothing is close to 'zzz', so every key of case is listed, sorted
    assert found.startswith("case.zzz: unknown key (allowed: currency, discount_rate, ")
    assert found.endswith(", title, typology)")


def test_document_that_is_not_a_mapping_is_one_problem() -> None:
    assert len(problems([DOCUMENT])) == 1


def test_plain_number_becomes_value() -> None:
    deadweight = parse_case(document()).outcomes[0].deadweight
    assert deadweight == Uncertain(value=0.2)
    assert (deadweight.low, deadweight.high, deadweight.dist) == (None, None, None)


def test_pert_is_the_default_dist_when_low_and_high_are_given() -> None:
    data = document()
    data["outcomes"][0]["quantity"] = {"value": 200, "low": 100, "high": 300}
    quantity = parse_case(data).outcomes[0].quantity
    assert quantity is not None
    assert quantity.effective_dist == "pert"
    assert quantity.is_ranged


def test_a_number_without_range_is_fixed_and_not_ranged() -> None:
    number = Uncertain(value=3)
    assert number.effective_dist == "fixed"
    assert not number.is_ranged


def test_dist_fixed_is_not_ranged_even_with_low_and_high() -> None:
    data = document()
    data["outcomes"][0]["quantity"] = {"value": 200, "low": 100, "high": 300, "dist": "fixed"}
    quantity = parse_case(data).outcomes[0].quantity
    assert quantity is not None
    assert not quantity.is_ranged


def test_defaults_of_an_outcome() -> None:
    outcome = parse_case(document()).outcomes[0]
    assert outcome.attribution == Uncertain(value=0.0)
    assert outcome.duration == Uncertain(value=1.0)
    assert outcome.start == 0


def test_case_defaults() -> None:
    info = parse_case(document()).case
    assert info.discount_rate == Uncertain(value=0.0225)
    assert (info.currency, info.discounting) == ("EUR", "mkba")
