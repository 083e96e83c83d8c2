"""The figures the registry keeps for a document (usecases.figures.figures_for)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rendement.engine import prepare
from rendement.engine.simulate import simulate
from rendement.io.yamlio import load_document
from rendement.model import CaseError, parse_document
from rendement.usecases.figures import INTERVAL_DRAWS, INTERVAL_SEED, figures_for

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def one_year_case(method: str, quantity: float | dict[str, float] = 100) -> dict[str, Any]:
    """10,000 invested; ``quantity`` × 300 gained by the health insurer, 10 × 500 lost by the
    municipality (a cost shift), all in year 0, so nothing is discounted."""
    return {
        "rendement": 1,
        "case": {
            "id": f"een-jaar-{method}",
            "title": "One year",
            "method": method,
            "price_year": 2024,
            "horizon": 1,
        },
        "stakeholders": [
            {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
            {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
        ],
        "investments": [{"id": "team", "stakeholder": "gemeente", "amount": 10000, "years": 1}],
        "outcomes": [
            {
                "id": "minder-zorg",
                "stakeholder": "zvw",
                "quantity": quantity,
                "proxy": {"value": 300, "price_year": 2024, "source": "estimate"},
                "duration": 1,
            },
            {
                "id": "meer-wmo",
                "stakeholder": "gemeente",
                "quantity": 10,
                "proxy": {"value": -500, "price_year": 2024, "source": "estimate"},
                "duration": 1,
            },
        ],
    }


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("mentorproject-den-haag", 1.96),
        ("samenoud", 1.64),
        ("meer-kracht-minder-zorg", 2.97),
        ("thuisbegeleiding-amersfoort", 1.84),
    ],
)
def test_the_four_arrangements_give_their_printed_ratios(name: str, printed: float) -> None:
    figures = figures_for(load_document(EXAMPLES / f"{name}.yaml").document)

    assert round(figures.ratio, 2) == printed
    assert figures.analysis == "quantitative"
    assert figures.balance == "positive"


def test_a_summary_takes_its_published_ratio_and_interval() -> None:
    document = parse_document(
        {
            "rendement": 1,
            "summary": {
                "id": "huisbezoeken",
                "title": "Preventieve huisbezoeken",
                "ratio": {"value": 1.4, "low": 1.1, "high": 1.9},
                "investment": 120000,
                "value": 168000,
                "conservative_ratio": 1.2,
                "evidence": {"design": "literature"},
            },
        }
    )

    figures = figures_for(document)

    assert (figures.ratio, figures.ratio_low, figures.ratio_high) == (1.4, 1.1, 1.9)
    assert figures.conservative_ratio == 1.2
    assert (figures.benefits, figures.costs, figures.npv) == (168000, 120000, 48000)
    assert figures.balance == "positive"  # 1.4 > 1
    assert figures.analysis == "quantitative"
    assert figures.evidence_level == 2


def test_a_summary_without_a_ratio_keeps_its_balance_and_no_figure() -> None:
    document = parse_document(
        {"rendement": 1, "summary": {"id": "teentalk", "title": "TeenTalk", "balance": "negative"}}
    )

    figures = figures_for(document)

    assert (figures.ratio, figures.ratio_low, figures.ratio_high) == (None, None, None)
    assert figures.balance == "negative"


def test_an_mkba_case_reports_its_benefit_cost_ratio() -> None:
    figures = figures_for(parse_document(one_year_case("mkba")))

    # BCR: positive benefits over the investment plus the negative effects
    # 30,000 / (10,000 + 5,000) = 2.0
    assert figures.ratio == pytest.approx(2.0)
    # stored in the same reading, so the pooled ratio of this one case is 2.0 too; the NPV
    # is the same in both readings: 30,000 − 15,000 = 25,000 − 10,000 = 15,000
    assert (figures.benefits, figures.costs, figures.npv) == pytest.approx((30000, 15000, 15000))
    assert figures.benefits / figures.costs == pytest.approx(figures.ratio)


def test_an_sroi_case_reports_its_sroi_ratio() -> None:
    figures = figures_for(parse_document(one_year_case("sroi")))

    # SROI: net benefits over the investment, (30,000 - 5,000) / 10,000 = 2.5
    assert figures.ratio == pytest.approx(2.5)
    assert (figures.benefits, figures.costs, figures.npv) == pytest.approx((25000, 10000, 15000))


def test_a_case_without_ranges_has_no_interval() -> None:
    figures = figures_for(parse_document(one_year_case("sroi")))

    assert (figures.ratio_low, figures.ratio_high) == (None, None)


@pytest.mark.parametrize("method", ["sroi", "mkba"])
def test_a_case_with_ranges_gets_the_interval_of_its_simulation(method: str) -> None:
    document = parse_document(one_year_case(method, {"value": 100, "low": 50, "high": 150}))

    figures = figures_for(document)

    assert figures.ratio_low is not None and figures.ratio_high is not None
    assert figures.ratio_low < figures.ratio < figures.ratio_high
    spread = simulate(prepare(document), INTERVAL_DRAWS, INTERVAL_SEED)
    ratios = spread.bcr if method == "mkba" else spread.sroi_ratio
    assert (figures.ratio_low, figures.ratio_high) == (ratios.p2_5, ratios.p97_5)
    # the quantity stays within 50..150, so the ratio within its values there:
    # SROI (50 × 300 - 5,000) / 10,000 = 1.0 .. 4.0; BCR 15,000 / 15,000 = 1.0 .. 3.0
    top = 3.0 if method == "mkba" else 4.0
    assert figures.ratio_low >= 1.0 and figures.ratio_high <= top


def test_the_interval_is_the_same_every_time() -> None:
    data = one_year_case("sroi", {"value": 100, "low": 50, "high": 150})

    first, second = figures_for(parse_document(data)), figures_for(parse_document(data))

    assert (first.ratio_low, first.ratio_high) == (second.ratio_low, second.ratio_high)


def test_a_summary_beyond_what_the_meta_analysis_can_pool_is_refused() -> None:
    document = parse_document(
        {
            "rendement": 1,
            "summary": {
                "id": "extreem",
                "title": "Extreme",
                "ratio": {"value": 2.0, "low": 1.5, "high": 3.0e6},
                "investment": 2.0e14,
                "value": 1000,
                "conservative_ratio": 1.0e7,
            },
        }
    )

    with pytest.raises(CaseError) as refused:
        figures_for(document)

    assert [str(i) for i in refused.value.issues] == [
        "summary.conservative_ratio: must be at most 1e+06 (got 1e+07)",
        "summary.ratio.high: must be at most 1e+06 (got 3e+06)",
    ]


def test_a_summary_at_the_limits_is_accepted() -> None:
    document = parse_document(
        {
            "rendement": 1,
            "summary": {
                "id": "grens",
                "title": "At the limits",
                "ratio": {"value": 1.0e6, "low": 1.0e-6, "high": 1.0e6},
                "investment": 1.0e15,
                "value": -1.0e15,
            },
        }
    )

    figures = figures_for(document)

    assert (figures.ratio_low, figures.ratio_high, figures.costs) == (1e-6, 1e6, 1e15)
