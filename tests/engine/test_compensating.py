"""The compensating co-financing proposal (method.md §8): c_k = V_k − S · V_k⁺ / ΣV⁺."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from rendement.engine.cofinance import compensating_contributions

from .builders import inv, out, run


def _cost_shift() -> dict[str, object]:
    # welzijn invests 200; zvw gains 300, gemeente 100, bewoners bear a cost shift of 50
    return {
        "investments": [inv(stakeholder="welzijn", amount=200)],
        "outcomes": [
            out("zorg", "zvw", proxy=300),
            out("wmo", "gemeente", proxy=100),
            out("eigen-bijdrage", "bewoners", proxy=-50),
        ],
    }


def test_compensating_proposal_by_hand_on_a_cost_shift() -> None:
    comp = run(**_cost_shift()).cofinancing.compensating
    assert comp is not None
    rows = {r.id: r for r in comp.rows}
    # ΣV = 300 + 100 − 50 = 350, C = 200, S = 150, ΣV⁺ = 400
    assert comp.surplus == pytest.approx(150.0)
    assert comp.shortfall is None
    # zvw: 300 − 150 · 300/400 = 187.5; gemeente: 100 − 150 · 100/400 = 62.5
    assert rows["zvw"].proposed == pytest.approx(187.5)
    assert rows["gemeente"].proposed == pytest.approx(62.5)
    # bewoners: −50 − 0 = −50, i.e. paid 50 in compensation; welzijn: 0
    assert rows["bewoners"].proposed == pytest.approx(-50.0)
    assert rows["welzijn"].proposed == 0.0
    # nets: zvw 112.5, gemeente 37.5, bewoners 0, welzijn 0 — every one ≥ 0
    assert rows["zvw"].net_after == pytest.approx(112.5)
    assert rows["gemeente"].net_after == pytest.approx(37.5)
    assert rows["bewoners"].net_after == pytest.approx(0.0)
    assert all(r.net_after >= -1e-9 for r in comp.rows)
    # 187.5 + 62.5 − 50 + 0 = 200 = C
    assert sum(r.proposed for r in comp.rows) == pytest.approx(200.0)


def test_the_proportional_proposal_leaves_the_cost_bearer_below_zero() -> None:
    ev = run(**_cost_shift())
    bewoners = {r.id: r for r in ev.cofinancing.rows}["bewoners"]
    # proportional: bewoners pay 0 and keep their −50; the compensating one brings them to 0
    assert bewoners.net_after == pytest.approx(-50.0)


def test_negative_surplus_gives_a_shortfall_and_no_proposal() -> None:
    ev = run(
        investments=[inv(stakeholder="welzijn", amount=200)],
        outcomes=[out("zorg", "zvw", proxy=100), out("wmo", "gemeente", proxy=50)],
    )
    comp = ev.cofinancing.compensating
    assert comp is not None
    # S = 150 − 200 = −50: a shortfall of 50, no rows
    assert comp.surplus == pytest.approx(-50.0)
    assert comp.shortfall == pytest.approx(50.0)
    assert comp.rows == ()


def test_negative_surplus_rows_are_nan_in_the_vectorised_form() -> None:
    values = np.array([[300.0, 100.0, -50.0], [100.0, 50.0, 0.0]])
    result = compensating_contributions(values, np.array([200.0, 200.0]))
    np.testing.assert_allclose(result[0], [187.5, 62.5, -50.0])
    assert np.isnan(result[1]).all()


_money = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(
    values=arrays(np.float64, st.integers(1, 6), elements=_money),
    cost=st.floats(min_value=0.0, max_value=1e6),
)
def test_compensating_nets_are_nonnegative_and_contributions_sum_to_the_cost(
    values: np.ndarray, cost: float
) -> None:
    surplus = values.sum() - cost
    result = compensating_contributions(values[None, :], np.array([cost]))[0]
    if surplus < 0:
        assert np.isnan(result).all()
        return
    scale = 1e-9 * (np.abs(values).sum() + cost + 1.0)
    assert result.sum() == pytest.approx(cost, abs=scale)
    assert (values - result >= -scale).all()
