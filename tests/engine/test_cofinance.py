"""The benefit-proportional co-financing proposal (method.md §8): c_k = C · V_k⁺ / Σ V⁺."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rendement.engine import CofinancingRow, Evaluation, evaluate
from rendement.engine.cofinance import proposed_contributions
from rendement.io.yamlio import load_case

from .builders import inv, out, run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _wrong_pocket() -> dict[str, Any]:
    # welzijn invests 200; zvw gains 300, gemeente 100, bewoners bear a cost of 50
    return {
        "investments": [inv(stakeholder="welzijn", amount=200)],
        "outcomes": [
            out("zorg", "zvw", proxy=300),
            out("wmo", "gemeente", proxy=100),
            out("eigen-bijdrage", "bewoners", proxy=-50),
        ],
    }


def _rows(ev: Evaluation) -> dict[str, CofinancingRow]:
    return {r.id: r for r in ev.cofinancing.rows}


def test_contribution_is_proportional_to_positive_value() -> None:
    rows = _rows(run(**_wrong_pocket()))
    # ΣV⁺ = 300 + 100 = 400, C = 200: zvw 200 × 300/400 = 150, gemeente 200 × 100/400 = 50
    assert rows["zvw"].proposed == pytest.approx(150.0)
    assert rows["gemeente"].proposed == pytest.approx(50.0)


def test_stakeholder_without_gain_is_asked_nothing() -> None:
    rows = _rows(run(**_wrong_pocket()))
    # welzijn (value 0) and bewoners (value −50) have V⁺ = 0
    assert rows["welzijn"].proposed == 0.0
    assert rows["bewoners"].proposed == 0.0


def test_transfer_is_proposed_minus_current() -> None:
    rows = _rows(run(**_wrong_pocket()))
    # zvw pays 150 − 0 = +150; welzijn receives 0 − 200 = −200
    assert rows["zvw"].transfer == pytest.approx(150.0)
    assert rows["welzijn"].transfer == pytest.approx(-200.0)


def test_transfers_sum_to_zero() -> None:
    ev = run(**_wrong_pocket())
    # 150 + 50 − 200 + 0 = 0
    assert sum(r.transfer for r in ev.cofinancing.rows) == pytest.approx(0.0, abs=1e-9)


def test_proposed_contributions_sum_to_the_investment() -> None:
    ev = run(**_wrong_pocket())
    assert sum(r.proposed for r in ev.cofinancing.rows) == pytest.approx(200.0)


def test_beneficiary_keeps_its_value_times_one_minus_c_over_positive_value() -> None:
    rows = _rows(run(**_wrong_pocket()))
    # zvw keeps 300 × (1 − 200/400) = 150; gemeente 100 × 0.5 = 50
    assert rows["zvw"].net_after == pytest.approx(150.0)
    assert rows["gemeente"].net_after == pytest.approx(50.0)


def test_positive_value_above_investment_covers_it() -> None:
    ev = run(**_wrong_pocket())
    # ΣV⁺ = 400 ≥ C = 200
    assert ev.cofinancing.total_positive_value == pytest.approx(400.0)
    assert ev.cofinancing.total_investment == pytest.approx(200.0)
    assert ev.cofinancing.covers_investment is True


def test_positive_value_below_investment_does_not_cover_it() -> None:
    ev = run(
        investments=[inv(stakeholder="welzijn", amount=200)],
        outcomes=[out("zorg", "zvw", proxy=100), out("wmo", "gemeente", proxy=50)],
    )
    rows = _rows(ev)
    # ΣV⁺ = 150 < C = 200: zvw keeps 100 − 200 × 100/150 = −33.33, gemeente 50 − 66.67 = −16.67
    assert ev.cofinancing.covers_investment is False
    assert rows["zvw"].net_after == pytest.approx(-100 / 3)
    assert rows["gemeente"].net_after == pytest.approx(-50 / 3)
    assert sum(r.transfer for r in ev.cofinancing.rows) == pytest.approx(0.0, abs=1e-9)


def test_no_gain_gives_no_proposal_and_a_reason() -> None:
    ev = run(investments=[inv(amount=200)], outcomes=[out("kosten", "gemeente", proxy=-100)])
    assert ev.cofinancing.rows == ()
    assert ev.cofinancing.covers_investment is False
    assert ev.cofinancing.reason


def test_mentorproject_proposal_follows_the_values() -> None:
    ev = evaluate(load_case(EXAMPLES / "mentorproject-den-haag.yaml").case)
    rows = _rows(ev)
    # C = 41 364, ΣV⁺ = 81 145; zorgverzekeraar 41 364 × 15 000 / 81 145 = 7646.31
    # kessler 41 364 × 46 600 / 81 145 = 23 754.54, a transfer of 23 754.54 − 21 696 = 2058.54
    assert rows["zorgverzekeraar"].proposed == pytest.approx(7646.312157, abs=1e-6)
    assert rows["kessler"].transfer == pytest.approx(2058.543102, abs=1e-6)
    assert rows["fondsen"].transfer == pytest.approx(-14668.0)


def test_proposed_contributions_function_handles_many_draws() -> None:
    values = np.array([[300.0, 100.0, -50.0], [0.0, -10.0, 0.0]])
    investment = np.array([200.0, 80.0])
    result = proposed_contributions(values, investment)
    # draw 0: 200 × (300, 100, 0) / 400 = (150, 50, 0); draw 1: nobody gains → NaN (no proposal)
    np.testing.assert_allclose(result[0], [150.0, 50.0, 0.0])
    assert np.isnan(result[1]).all()
