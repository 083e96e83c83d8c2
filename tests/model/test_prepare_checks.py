"""Silently wrong results made loud (issue 11, item 3): flows outside the horizon, a catalogue
price in another currency, and a discount rate that is probably a percentage."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from rendement.engine import evaluate, prepare
from rendement.io.notices import notice_text
from rendement.model import CaseError, parse_case

DOCUMENT: dict[str, Any] = {
    "rendement": 1,
    "case": {
        "id": "buurtcoaches",
        "title": "Buurtcoaches Noord",
        "price_year": 2024,
        "discount_rate": 0.0,
    },
    "stakeholders": [
        {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
        {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
    ],
    "investments": [{"id": "coaches", "stakeholder": "gemeente", "amount": 1000}],
    "outcomes": [{"id": "minder", "stakeholder": "zvw", "quantity": 20, "proxy": 100}],
}


def document(**case: Any) -> dict[str, Any]:
    data = copy.deepcopy(DOCUMENT)
    data["case"].update(case)
    return data


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(CaseError) as caught:
        prepare(parse_case(data))
    return [str(issue) for issue in caught.value.issues]


# --- horizon -----------------------------------------------------------------------------


def test_an_investment_after_the_horizon_is_named() -> None:
    data = document(horizon=5)
    data["investments"].append({"id": "laat", "stakeholder": "gemeente", "amount": 9, "start": 6})
    assert problems(data) == [
        "investments[1]: starts in year 6, after the horizon of 5 years (years 0 to 4)"
    ]


def test_an_outcome_starting_in_the_first_year_past_the_horizon_is_named() -> None:
    data = document(horizon=5)
    data["outcomes"][0]["start"] = 5  # years 0..4 lie inside a horizon of 5
    assert problems(data) == [
        "outcomes[0]: starts in year 5, after the horizon of 5 years (years 0 to 4)"
    ]


def test_a_horizon_of_one_year_is_worded_in_the_singular() -> None:
    data = document(horizon=1)
    data["investments"][0]["start"] = 1
    assert problems(data) == [
        "investments[0]: starts in year 1, after the horizon of 1 year (year 0 only)"
    ]


def test_a_case_whose_investment_all_lies_outside_the_horizon_never_evaluates_positive() -> None:
    # without the check: investment 0 inside 2 years, benefits 20 × 100 = 2000 → "positive"
    data = document(horizon=2)
    data["investments"][0]["start"] = 3
    with pytest.raises(CaseError) as caught:
        evaluate(parse_case(data))
    assert [str(i) for i in caught.value.issues] == [
        "investments[0]: starts in year 3, after the horizon of 2 years (years 0 to 1)"
    ]


def test_flows_inside_the_horizon_and_pm_items_are_fine() -> None:
    data = document(horizon=2)
    data["investments"][0]["start"] = 1  # year 1 of years 0..1
    data["outcomes"].append({"id": "welbevinden", "stakeholder": "zvw", "pm": "positive"})
    ev = evaluate(parse_case(data))
    # benefits 20 × 100 = 2000 in year 0; investment 1000 in year 1; rate 0 → NPV 1000
    assert ev.npv == 1000.0


# --- currency ----------------------------------------------------------------------------


def test_a_catalogue_proxy_in_a_case_in_another_currency_is_an_error() -> None:
    data = document(currency="USD")
    data["outcomes"][0]["proxy"] = {"ref": "care/gp-consult"}
    assert problems(data) == [
        "outcomes[0].proxy.ref: care/gp-consult is priced in EUR, the case in USD; give the "
        "proxy's own value in USD with its source instead"
    ]


def test_a_proxy_with_its_own_value_may_be_in_any_currency() -> None:
    data = document(currency="USD")
    ev = evaluate(parse_case(data))
    assert ev.conventions.currency == "USD"
    assert ev.pv_benefits == 2000.0  # 20 × 100, undiscounted in year 0


# --- discount rate -------------------------------------------------------------------------


def warnings(rate: float, lang: str = "en") -> list[str]:
    ev = evaluate(parse_case(document(discount_rate=rate)))
    return [notice_text(w, lang) for w in ev.warnings]


def test_a_rate_above_1_is_probably_a_percentage() -> None:
    # 3.5 × 100 = 350 %; 3.5 / 100 = 0.035
    assert warnings(3.5) == ["discount_rate 3.5 is 350 % per year — did you mean 0.035?"]


def test_the_rate_warning_in_dutch_uses_dutch_numbers() -> None:
    assert warnings(3.5, "nl") == ["discount_rate 3,5 is 350 % per jaar — bedoelt u 0,035?"]


def test_a_rate_between_20_and_100_percent_is_flagged_as_high() -> None:
    assert warnings(0.25) == [
        "discount_rate 0.25 is 25 % per year, far above the usual rates "
        "(the Dutch standard is 2.25 %)"
    ]


def test_a_negative_rate_is_flagged() -> None:
    assert warnings(-0.05) == [
        "discount_rate -0.05 is -5 % per year: a negative rate weighs later years more than "
        "the first"
    ]


@pytest.mark.parametrize("rate", [0.0, 0.0225, 0.2])
def test_usual_rates_give_no_warning(rate: float) -> None:
    assert warnings(rate) == []


def test_a_high_rate_is_still_computed() -> None:
    data = document(discount_rate=3.5)
    data["investments"][0]["start"] = 1
    ev = evaluate(parse_case(data))
    # investment 1000 in year 1, discounted by 1 / (1 + 3.5) = 222.22…
    assert ev.pv_investment == pytest.approx(1000 / 4.5)
