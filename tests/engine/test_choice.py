"""P(best) on common random numbers and the acceptability curve (method.md §13).

The small case: one uncertain quantity q ~ uniform(0, 20), proxy 10, discount rate 0, one
year. Do nothing has NPV 0; the case NPV = 10 q − 100; "intensief" (q doubled by a second
outcome on the same q, and 150 more invested) NPV = 20 q − 250. By hand the best option is
do nothing for q < 10, the case for 10 < q < 15 (10 q − 100 > 20 q − 250 ⇔ q < 15), and
intensief for q > 15: P(best) = 0.5, 0.25, 0.25.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rendement.engine import prepare
from rendement.engine.alternatives import resolve_options
from rendement.engine.choice import _OptionDraws, _Streams, acceptability, best, p_best
from rendement.engine.simulate import simulate
from rendement.model import CaseError, parse_case
from rendement.reference import load_catalogue, load_cpi

from .builders import case_dict, inv, out

Q = {"value": 10, "low": 0, "high": 20, "dist": "uniform"}


def _doc(alternatives: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    doc = case_dict(
        investments=[inv("coaches", amount=100)],
        outcomes=kwargs.pop("outcomes", [out("gp", quantity=Q, proxy=10)]),
        **kwargs,
    )
    doc["alternatives"] = alternatives
    return doc


INTENSIEF = {
    "intensief": {
        "title": "Intensief",
        "add": {"investments": [inv("extra", amount=150)]},
        # twice the value per unit of the same q: NPV = 20 q − 250
        "set": {"outcomes.gp.proxy": 20},
    }
}


def _options(doc: dict[str, Any]) -> Any:
    return resolve_options(prepare(parse_case(doc)), load_catalogue(), load_cpi())


def test_p_best_equals_the_share_of_draws_counted_by_hand() -> None:
    options = _options(_doc(INTENSIEF))
    draws, seed = 20_000, 3
    choice = p_best(options, draws, seed)
    # the case's one uniform, as simulate draws it: q = 20 u
    q = 20.0 * np.random.default_rng(seed).random((draws, 1))[:, 0]
    case_npv, alt_npv = 10.0 * q - 100.0, 20.0 * q - 250.0
    by_hand = {
        "do-nothing": np.mean((case_npv <= 0) & (alt_npv <= 0)),
        "base": np.mean((case_npv > 0) & (case_npv >= alt_npv)),
        "intensief": np.mean((alt_npv > 0) & (alt_npv > case_npv)),
    }
    result = dict(choice.p_best)
    assert result == pytest.approx(by_hand, abs=1e-12)
    assert sum(result.values()) == pytest.approx(1.0, abs=1e-12)
    # and near the exact 0.5 / 0.25 / 0.25, within sampling error (sd ≈ 0.0035 at 20,000)
    assert result == pytest.approx({"do-nothing": 0.5, "base": 0.25, "intensief": 0.25}, abs=0.015)


def test_an_alternative_identical_to_the_case_has_identical_draws_and_never_wins() -> None:
    options = _options(_doc({"zelfde": {"title": "Hetzelfde"}, **INTENSIEF}))
    streams = _Streams(options, 0)
    u = streams.draw(5000)
    base, same = (_OptionDraws(o, streams.column) for o in options[:2])
    np.testing.assert_array_equal(base.npv(base.rows(u)), same.npv(same.rows(u)))
    result = dict(p_best(options, 5000).p_best)
    assert result["zelfde"] == 0.0  # a tie goes to the case, which changes less
    assert sum(result.values()) == pytest.approx(1.0)


def test_a_shared_parameter_has_one_draw_also_with_another_range() -> None:
    # the alternative gives q its own range: the same uniform, so q_alt = 2 q_case exactly
    doc = _doc(
        {
            "breder": {
                "title": "Breder",
                "set": {
                    "outcomes.gp.quantity": {"value": 20, "low": 0, "high": 40, "dist": "uniform"}
                },
            }
        }
    )
    options = _options(doc)
    streams = _Streams(options, 7)
    u = streams.draw(1000)
    base, wide = (_OptionDraws(o, streams.column) for o in options)
    col = options[0].structure.index["outcomes.gp.quantity"]
    np.testing.assert_allclose(wide.rows(u)[:, col], 2.0 * base.rows(u)[:, col], rtol=1e-12)


def test_the_cases_draws_are_those_of_its_own_simulation() -> None:
    # without alternatives P(case best) is P(NPV > 0) of the case's simulation, draw for draw
    options = _options(_doc({}))
    doc_sim = simulate(options[0].structure, 4000, 11)
    assert dict(p_best(options, 4000, 11).p_best)["base"] == doc_sim.p_npv_positive


def test_ties_go_to_the_first_option() -> None:
    npv = np.array([[0.0, 5.0, 5.0], [0.0, -1.0, -2.0], [0.0, 0.0, 3.0], [0.0, 1e-12, 0.0]])
    # equal NPVs: the first; within 1e-9 (relative, at least 1e-9): a tie with do nothing
    assert best(npv).tolist() == [1, 0, 2, 0]


def test_acceptability_curve_by_hand() -> None:
    # q moves over 0, 2, …, 20 while a second, small parameter is drawn (the proxy of a
    # second outcome, worth 0 to 2 cents): it never changes who wins, except at a tie
    outcomes = [
        out("gp", quantity=Q, proxy=10),
        out("klein", quantity=1, proxy={"value": 0.01, "low": 0, "high": 0.02}),
    ]
    options = _options(_doc(INTENSIEF, outcomes=outcomes))
    curve = acceptability(options, "outcomes.gp.quantity", 2000, 0)
    assert [p.value for p in curve.points] == pytest.approx([2.0 * k for k in range(11)])
    winners = [max(p.p_best, key=lambda item: item[1])[0] for p in curve.points]
    # q < 10: do nothing (q = 10 gives NPV 0.01 ± 0.01: the case wins by a cent);
    # 10 < q < 15: the case; q > 15: intensief (at q = 16: 70 vs 60)
    assert winners[:5] == ["do-nothing"] * 5
    assert winners[6:8] == ["base", "base"]
    assert winners[8:] == ["intensief"] * 3
    for point in curve.points:
        assert sum(p for _, p in point.p_best) == pytest.approx(1.0)


def test_acceptability_leaves_an_alternatives_own_setting_alone() -> None:
    # "vast" sets q to 12 itself: NPV 20 whatever the curve's q
    options = _options(_doc({"vast": {"title": "Vast", "set": {"outcomes.gp.quantity": 12}}}))
    curve = acceptability(options, "outcomes.gp.quantity", 500, 0)
    first, last = dict(curve.points[0].p_best), dict(curve.points[-1].p_best)
    assert first["vast"] == 1.0  # q = 0: the case loses 100, vast gains 20
    assert last["base"] == 1.0  # q = 20: the case gains 100


def test_acceptability_of_an_unknown_or_fixed_parameter_is_an_error() -> None:
    options = _options(_doc({}))
    with pytest.raises(CaseError, match=r"no parameter 'outcomes.gp.quantty'.*did you mean"):
        acceptability(options, "outcomes.gp.quantty", 100)
    with pytest.raises(CaseError, match="has no range"):
        acceptability(options, "investments.coaches.amount", 100)


@settings(max_examples=20, deadline=None)
@given(
    extra=st.integers(0, 400),
    proxy=st.integers(1, 40),
    seed=st.integers(0, 2**16),
)
def test_p_best_sums_to_one_and_a_copy_of_the_case_takes_nothing(
    extra: int, proxy: int, seed: int
) -> None:
    alternatives = {
        "kopie": {"title": "Kopie"},
        "anders": {
            "title": "Anders",
            "add": {"investments": [inv("extra", amount=extra)]},
            "set": {"outcomes.gp.proxy": proxy},
        },
    }
    with_copy = dict(p_best(_options(_doc(alternatives)), 500, seed).p_best)
    del alternatives["kopie"]
    without = dict(p_best(_options(_doc(alternatives)), 500, seed).p_best)
    assert sum(with_copy.values()) == pytest.approx(1.0)
    assert with_copy.pop("kopie") == 0.0
    # the copy has the case's draws, so every other option keeps its share exactly
    assert with_copy == without
