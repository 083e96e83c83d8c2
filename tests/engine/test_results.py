"""Totals, ratios, stakeholder rows and the PM conclusion (method.md §5, §6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rendement.engine import evaluate
from rendement.io.yamlio import load_case

from .builders import inv, out, pm, run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _one_year_case() -> dict[str, Any]:
    # benefits: zvw +1000, gemeente −200 (a cost shift); investment: welzijn 400
    return {
        "investments": [inv(stakeholder="welzijn", amount=400)],
        "outcomes": [
            out("zorg", stakeholder="zvw", quantity=10, proxy=100),
            out("wmo", stakeholder="gemeente", quantity=2, proxy=-100),
        ],
    }


# ---- totals and ratios --------------------------------------------------------------------------


def test_pv_benefits_is_net_of_negative_outcomes() -> None:
    ev = run(**_one_year_case())
    # B = 10 × 100 + 2 × (−100) = 1000 − 200 = 800
    assert ev.pv_benefits == pytest.approx(800.0)


def test_npv_is_benefits_minus_investment() -> None:
    ev = run(**_one_year_case())
    # NPV = 800 − 400 = 400
    assert ev.npv == pytest.approx(400.0)


def test_sroi_ratio_is_benefits_over_investment() -> None:
    ev = run(**_one_year_case())
    # 800 / 400 = 2.0
    assert ev.sroi_ratio == pytest.approx(2.0)


def test_net_sroi_ratio_is_npv_over_investment() -> None:
    ev = run(**_one_year_case())
    # 400 / 400 = 1.0
    assert ev.net_sroi_ratio == pytest.approx(1.0)


def test_bcr_moves_negative_outcomes_to_the_cost_side() -> None:
    ev = run(**_one_year_case())
    # bcr = Σ positive PV / (C + Σ |negative PV|) = 1000 / (400 + 200) = 1.6667
    assert ev.bcr == pytest.approx(1000 / 600)
    assert ev.bcr != pytest.approx(ev.sroi_ratio)  # 1.667 ≠ 2.0


def test_bcr_equals_sroi_ratio_without_negative_outcomes() -> None:
    ev = run(investments=[inv(amount=400)], outcomes=[out(quantity=10, proxy=100)])
    # 1000 / 400 = 2.5 both ways
    assert ev.bcr == pytest.approx(2.5)
    assert ev.sroi_ratio == pytest.approx(2.5)


def test_bcr_uses_discounted_values() -> None:
    ev = run(
        discount_rate=0.1,
        investments=[inv(amount=1000)],
        outcomes=[
            out("baat", quantity=1, proxy=1100, start=1),
            out("kosten", stakeholder="gemeente", quantity=1, proxy=-550, start=2),
        ],
    )
    # PV+ = 1100 / 1.1 = 1000; PV− = 550 / 1.21 = 454.5455
    # sroi = (1000 − 454.5455) / 1000 = 0.545455; bcr = 1000 / (1000 + 454.5455) = 0.6875
    assert ev.sroi_ratio == pytest.approx(0.545455, abs=1e-6)
    assert ev.bcr == pytest.approx(0.6875)


def test_samenoud_bcr_differs_from_its_printed_ratio() -> None:
    ev = evaluate(load_case(EXAMPLES / "samenoud.yaml").case)
    # sroi = (796111 − 36136) / 462000 = 759975 / 462000 = 1.644968
    # bcr  = 796111 / (462000 + 36136) = 796111 / 498136 = 1.598180
    assert ev.sroi_ratio == pytest.approx(759975 / 462000)
    assert ev.bcr == pytest.approx(796111 / 498136)


def test_sroi_ratio_is_undefined_without_investment() -> None:
    ev = run(outcomes=[out(proxy=500)])
    assert ev.pv_investment == 0.0
    assert ev.sroi_ratio is None
    assert ev.net_sroi_ratio is None


def test_no_investment_gives_a_warning() -> None:
    ev = run(outcomes=[out(proxy=500)])
    assert [w.code for w in ev.warnings] == ["no-investment"]


def test_npv_is_still_defined_without_investment() -> None:
    ev = run(outcomes=[out(proxy=500)])
    assert ev.npv == pytest.approx(500.0)


def test_bcr_without_investment_divides_by_the_negative_outcomes() -> None:
    ev = run(outcomes=[out("a", proxy=500), out("b", stakeholder="gemeente", proxy=-250)])
    # bcr = 500 / (0 + 250) = 2.0; sroi undefined
    assert ev.bcr == pytest.approx(2.0)
    assert ev.sroi_ratio is None


def test_case_with_investment_has_no_warning() -> None:
    ev = run(**_one_year_case())
    assert ev.warnings == ()


# ---- stakeholder rows ----------------------------------------------------------------------------


def test_stakeholder_rows_follow_owners() -> None:
    ev = run(**_one_year_case())
    rows = {s.id: (s.investment, s.value, s.net) for s in ev.stakeholders}
    # zvw: value 1000; gemeente: value −200; welzijn: investment 400 → net −400
    assert rows["zvw"] == pytest.approx((0.0, 1000.0, 1000.0))
    assert rows["gemeente"] == pytest.approx((0.0, -200.0, -200.0))
    assert rows["welzijn"] == pytest.approx((400.0, 0.0, -400.0))
    assert rows["bewoners"] == (0.0, 0.0, 0.0)


def test_stakeholder_rows_sum_to_the_totals() -> None:
    ev = run(
        discount_rate=0.0225,
        investments=[
            inv("a", "gemeente", amount=300, years=2),
            inv("b", "welzijn", hours=50, rate=40, start=1),
        ],
        outcomes=[
            out("x", "zvw", 30, 55, duration=3, drop_off=0.2),
            out("y", "gemeente", 3, -70, start=1),
        ],
    )
    assert sum(s.investment for s in ev.stakeholders) == pytest.approx(ev.pv_investment, abs=1e-9)
    assert sum(s.value for s in ev.stakeholders) == pytest.approx(ev.pv_benefits, abs=1e-9)
    assert sum(s.net for s in ev.stakeholders) == pytest.approx(ev.npv, abs=1e-9)


def test_stakeholder_net_is_value_minus_investment() -> None:
    ev = run(
        investments=[inv(stakeholder="gemeente", amount=700)],
        outcomes=[out(stakeholder="gemeente", quantity=3, proxy=300)],
    )
    gemeente = next(s for s in ev.stakeholders if s.id == "gemeente")
    # 3 × 300 − 700 = 200
    assert gemeente.net == pytest.approx(200.0)


# ---- PM items and the conclusion (method.md §6) ------------------------------------------------


def _positive(*pm_items: dict[str, Any]) -> dict[str, Any]:
    # NPV = 1000 − 400 = +600
    return {"investments": [inv(amount=400)], "outcomes": [out(proxy=1000), *pm_items]}


def _negative(*pm_items: dict[str, Any]) -> dict[str, Any]:
    # NPV = 100 − 400 = −300
    return {"investments": [inv(amount=400)], "outcomes": [out(proxy=100), *pm_items]}


def test_conclusion_is_positive_when_npv_is_positive() -> None:
    assert run(**_positive()).conclusion == "positive"


def test_conclusion_is_negative_when_npv_is_negative() -> None:
    assert run(**_negative()).conclusion == "negative"


def test_large_negative_pm_makes_a_positive_npv_undetermined() -> None:
    assert run(**_positive(pm("overlast", "negative", "large"))).conclusion == "undetermined"


def test_large_positive_pm_makes_a_negative_npv_undetermined() -> None:
    assert run(**_negative(pm("welzijn-pm", "positive", "large"))).conclusion == "undetermined"


def test_pm_weight_defaults_to_large() -> None:
    ev = run(**_negative(pm("welzijn-pm", "positive")))
    assert ev.pm_items[0].weight == "large"
    assert ev.conclusion == "undetermined"


def test_small_opposite_pm_does_not_change_the_conclusion() -> None:
    assert run(**_positive(pm("overlast", "negative", "small"))).conclusion == "positive"
    assert run(**_negative(pm("welzijn-pm", "positive", "small"))).conclusion == "negative"


def test_pm_in_the_same_direction_does_not_change_the_conclusion() -> None:
    assert run(**_positive(pm("welzijn-pm", "positive", "large"))).conclusion == "positive"
    assert run(**_negative(pm("overlast", "negative", "large"))).conclusion == "negative"


def test_zero_npv_is_undetermined() -> None:
    ev = run(investments=[inv(amount=400)], outcomes=[out(proxy=400)])
    # NPV = 400 − 400 = 0: no sign, so no balance either way
    assert ev.npv == 0.0
    assert ev.conclusion == "undetermined"


def test_pm_items_are_listed_and_enter_no_total() -> None:
    ev = run(**_positive(pm("overlast", "negative", "small")))
    assert [(p.id, p.direction, p.weight) for p in ev.pm_items] == [
        ("overlast", "negative", "small")
    ]
    assert ev.pv_benefits == pytest.approx(1000.0)
    assert ev.npv == pytest.approx(600.0)
