"""The use cases the workshop page calls while people type their estimates (method.md §12)."""

from __future__ import annotations

import pytest

from rendement.model import CaseError, parse_case
from rendement.usecases.pooling import (
    SHARE,
    parameter_domain,
    pool_summary,
    pooled_parameters,
)


def test_pool_summary_of_typed_estimates() -> None:
    result = pool_summary(
        [
            {"by": "zvw", "low": 0, "value": 0.5, "high": 1},
            {"by": "gemeente", "low": 0.5, "value": 0.5, "high": 0.5},
        ],
        SHARE,
        parameter="outcomes.x.deadweight",
    )
    # PERT(0, ½, 1) and the point ½: the median is ½ (F(½−) = ¼, F(½) = ¾)
    assert result.value == pytest.approx(0.5)
    assert result.parameter == "outcomes.x.deadweight"
    assert [e.by for e in result.estimates] == ["zvw", "gemeente"]


def test_pool_summary_names_the_estimate_that_is_wrong() -> None:
    with pytest.raises(CaseError) as caught:
        pool_summary(
            [
                {"by": "zvw", "low": 0, "value": 0.5, "high": 1.5},
                {"by": "ZVW", "low": 0, "value": 0.1, "high": 0.2},
            ],
            SHARE,
        )
    # the duplicate is found first (the domain is checked on valid estimates)
    assert [str(i) for i in caught.value.issues] == [
        "estimates[1].by: a second estimate by 'ZVW' (estimates[0] is by 'zvw'); "
        "keep one estimate per participant"
    ]
    with pytest.raises(CaseError) as caught:
        pool_summary([{"by": "zvw", "low": 0, "value": 0.5, "high": 1.5}], SHARE)
    assert [str(i) for i in caught.value.issues] == [
        "estimates[0].high: must be between 0 and 1 (got 1.5)"
    ]
    with pytest.raises(CaseError) as caught:
        pool_summary([{"by": "zvw", "low": 0, "value": 0.9}], SHARE)
    assert [str(i) for i in caught.value.issues] == ["estimates[0].high: required, but missing"]


def test_an_agreed_value_outside_the_domain_is_refused() -> None:
    with pytest.raises(CaseError) as caught:
        pool_summary([{"by": "a", "low": 0, "value": 0.5, "high": 1}], SHARE, value=2)
    assert [str(i) for i in caught.value.issues] == ["value: must be between 0 and 1 (got 2)"]


def test_parameter_domains_follow_the_path() -> None:
    assert parameter_domain("outcomes.x.attribution") == (0.0, 1.0)
    assert parameter_domain("outcomes.x.quantity") == (0.0, None)
    assert parameter_domain("investments.y.schedule.2") == (0.0, None)
    assert parameter_domain("outcomes.x.duration") == (1.0, None)
    assert parameter_domain("outcomes.x.proxy") == (None, None)


def test_pooled_parameters_of_a_case_in_order() -> None:
    case = parse_case(
        {
            "rendement": 1,
            "case": {"id": "t", "title": "T", "price_year": 2024},
            "stakeholders": [{"id": "zvw", "name": "Z", "kind": "health-insurer"}],
            "investments": [{"id": "i", "stakeholder": "zvw", "amount": 10}],
            "outcomes": [
                {
                    "id": "o",
                    "stakeholder": "zvw",
                    "quantity": {"estimates": [{"by": "a", "low": 1, "value": 2, "high": 3}]},
                    "proxy": 5,
                    "deadweight": {
                        "value": 0.1,
                        "estimates": [{"by": "a", "low": 0, "value": 0.2, "high": 0.4}],
                    },
                }
            ],
        }
    )
    pooled = pooled_parameters(case)
    assert [p.parameter for p in pooled] == ["outcomes.o.quantity", "outcomes.o.deadweight"]
    assert pooled[0].value == pytest.approx(2.0, abs=1e-4)  # PERT(1, 2, 3) is symmetric
    assert pooled[1].value == 0.1 and pooled[1].agreed
    # the model keeps a provisional value, the pool's mean (1 + 8 + 3)/6 = 2, until resolved
    assert case.outcomes[0].quantity is not None and not case.outcomes[0].quantity.agreed


def test_the_domain_follows_the_parameter_when_not_given() -> None:
    with pytest.raises(CaseError) as caught:
        pool_summary(
            [{"by": "a", "low": 0, "value": 0.5, "high": 1.5}], parameter="outcomes.x.attribution"
        )
    assert [str(i) for i in caught.value.issues] == [
        "estimates[0].high: must be between 0 and 1 (got 1.5)"
    ]
    # a proxy may be any number, even below 0 (a cost shift)
    assert pool_summary(
        [{"by": "a", "low": -30, "value": -20, "high": -10}], parameter="outcomes.x.proxy"
    ).value == pytest.approx(-20, abs=3e-3)
