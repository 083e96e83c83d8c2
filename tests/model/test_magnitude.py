"""Every number of a document is at most 1e15 in absolute value (issue 11, item 2)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from rendement.model import CaseError, parse_case, parse_summary
from rendement.model.numbers import MAX_MAGNITUDE

DOCUMENT: dict[str, Any] = {
    "rendement": 1,
    "case": {"id": "buurtcoaches", "title": "Buurtcoaches Noord", "price_year": 2024},
    "stakeholders": [
        {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
        {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
    ],
    "investments": [{"id": "coaches", "stakeholder": "gemeente", "amount": 100000}],
    "outcomes": [{"id": "minder", "stakeholder": "zvw", "quantity": 200, "proxy": 30}],
}


def problems(data: Any) -> list[str]:
    with pytest.raises(CaseError) as caught:
        parse_case(data)
    return [f"{issue.path}: {issue.message}" for issue in caught.value.issues]


def with_value(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(DOCUMENT)
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def test_the_limit_is_1e15() -> None:
    assert MAX_MAGNITUDE == 1e15


@pytest.mark.parametrize("value", [1e15, -1e15, 10**15])
def test_a_proxy_at_the_limit_is_accepted(value: float) -> None:
    case = parse_case(with_value(("outcomes", 0, "proxy"), value))
    assert case.outcomes[0].proxy is not None
    assert abs(case.outcomes[0].proxy.number.value) == 1e15


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("outcomes", 0, "proxy"), 1e308, "outcomes[0].proxy: {} (got 1e+308)"),
        (("outcomes", 0, "proxy"), -1.5e15, "outcomes[0].proxy: {} (got -1.5e+15)"),
        (("outcomes", 0, "quantity"), 10**15 + 1, "outcomes[0].quantity: {} (got 1e+15)"),
        (("investments", 0, "amount"), 1e308, "investments[0].amount: {} (got 1e+308)"),
        (("case", "participants"), 2e15, "case.participants: {} (got 2e+15)"),
        (("case", "discount_rate"), 1e16, "case.discount_rate: {} (got 1e+16)"),
    ],
)
def test_a_number_beyond_the_limit_is_named(
    path: tuple[str | int, ...], value: float, message: str
) -> None:
    limit = "must be at most 1e15 in absolute value"
    assert problems(with_value(path, value)) == [message.format(limit)]


def test_in_kind_hours_and_rate_are_each_named() -> None:
    data = with_value(("investments", 0), {"id": "tijd", "stakeholder": "gemeente"})
    data["investments"][0].update(hours=1e200, rate=1e200)
    assert problems(data) == [
        "investments[0].hours: must be at most 1e15 in absolute value (got 1e+200)",
        "investments[0].rate: must be at most 1e15 in absolute value (got 1e+200)",
    ]


def test_low_high_and_sd_are_bounded_too() -> None:
    data = with_value(("outcomes", 0, "proxy"), {"value": 30, "low": -1e20, "high": 40})
    data["outcomes"][0]["quantity"] = {"value": 1, "sd": 1e16, "dist": "normal"}
    assert sorted(problems(data)) == [
        "outcomes[0].proxy.low: must be at most 1e15 in absolute value (got -1e+20)",
        "outcomes[0].quantity.sd: must be at most 1e15 in absolute value (got 1e+16)",
    ]


def test_published_totals_and_staff_fte_are_bounded() -> None:
    data = with_value(("published",), {"total_value": 1e308, "stakeholders": {"zvw": {}}})
    data["published"]["stakeholders"]["zvw"]["investment"] = 5e15
    data["case"]["staff"] = [{"profession": "social-worker", "fte": 1e308}]
    assert sorted(problems(data)) == [
        "case.staff[0].fte: must be at most 1e15 in absolute value (got 1e+308)",
        "published.stakeholders.zvw.investment: must be at most 1e15 in absolute value (got 5e+15)",
        "published.total_value: must be at most 1e15 in absolute value (got 1e+308)",
    ]


def test_a_huge_integer_is_refused_without_overflow() -> None:
    # float(10**400) would raise OverflowError: the size is judged on the integer itself;
    # 10**400 has 1329 bits, 1329 · log10(2) = 400.07 → 400 + 1 = 401 digits
    assert problems(with_value(("outcomes", 0, "proxy"), 10**400)) == [
        "outcomes[0].proxy: must be at most 1e15 in absolute value "
        "(got a whole number of about 401 digits)"
    ]


def test_a_huge_whole_number_of_years_is_refused_by_size_not_printed() -> None:
    assert problems(with_value(("investments", 0, "years"), 1e300)) == [
        "investments[0].years: must be at most 1e15 in absolute value (got 1e+300)"
    ]


@pytest.mark.parametrize(
    ("value", "shown"), [(float("inf"), "inf"), (float("-inf"), "-inf"), (float("nan"), "nan")]
)
def test_non_finite_numbers_are_refused(value: float, shown: str) -> None:
    assert problems(with_value(("investments", 0, "amount"), value)) == [
        f"investments[0].amount: must be a finite number (got {shown})"
    ]


def test_a_summary_value_beyond_the_limit_is_named() -> None:
    data = {
        "rendement": 1,
        "summary": {"id": "seo", "title": "SEO", "investment": 1e300, "value": 1.0},
    }
    with pytest.raises(CaseError) as caught:
        parse_summary(data)
    assert [str(i) for i in caught.value.issues] == [
        "summary.investment: must be at most 1e15 in absolute value (got 1e+300)"
    ]
