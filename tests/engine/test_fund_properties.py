"""Invariants of the fund engine (method.md §16): a portfolio of one member is that case; a
member's scale scales its flows; a shared cause correlates members."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rendement.engine import evaluate, prepare
from rendement.engine.fund import FundRule, FundSpec, MemberSpec, fund_result, party_flows
from rendement.engine.fund_simulate import simulate_draws
from rendement.model import Case

from .builders import inv, make_case, out


def _spec(
    cases: list[Case], scales: list[float], starts: list[int], rate: float, horizon: int
) -> FundSpec:
    parties: list[str] = []
    members = []
    for case, scale, start in zip(cases, scales, starts, strict=True):
        party_of = []
        for s in case.stakeholders:
            if s.id not in parties:
                parties.append(s.id)
            party_of.append(parties.index(s.id))
        members.append(MemberSpec(prepare(case), scale, start, 1.0, tuple(party_of)))
    return FundSpec(
        id="p",
        title="P",
        currency="EUR",
        price_year=2024,
        discount_rate=rate,
        discounting="mkba",
        horizon=horizon,
        members=tuple(members),
        parties=tuple(parties),
        party_names=tuple(parties),
        party_kinds=tuple("other" for _ in parties),
        rule=FundRule("proportional"),
    )


_money = st.integers(-500, 2000)


@st.composite
def _cases(draw: st.DrawFn) -> dict[str, Any]:
    outcomes = [
        out(
            f"o{i}",
            draw(st.sampled_from(["gemeente", "zvw", "welzijn", "bewoners"])),
            quantity=draw(st.integers(0, 20)),
            proxy=draw(_money),
            duration=draw(st.integers(1, 4)),
            start=draw(st.integers(0, 2)),
            drop_off=draw(st.sampled_from([0.0, 0.1, 0.5])),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    investments = [
        inv(
            f"i{j}",
            draw(st.sampled_from(["gemeente", "welzijn"])),
            amount=draw(st.integers(0, 900)),
        )
        for j in range(draw(st.integers(1, 2)))
    ]
    rate = draw(st.sampled_from([0.0, 0.0225, 0.04]))
    return {"investments": investments, "outcomes": outcomes, "discount_rate": rate}


@settings(max_examples=40, deadline=None)
@given(data=_cases())
def test_one_member_at_scale_1_from_year_0_is_the_case_itself(data: dict[str, Any]) -> None:
    case = make_case(**data)
    ev = evaluate(case)
    result = fund_result(_spec([case], [1.0], [0], data["discount_rate"], ev.conventions.horizon))
    rows = {p.party: p for p in result.parties}
    for s in ev.stakeholders:
        party = rows[s.id]
        assert party.investment == pytest.approx(s.investment, abs=1e-6)
        assert party.cashable + party.non_cashable == pytest.approx(s.value, abs=1e-6)
    comp, own = result.compensating, ev.cofinancing.compensating
    assert own is not None
    assert comp.surplus == pytest.approx(own.surplus, abs=1e-6)
    assert [r.proposed for r in comp.rows] == pytest.approx(
        [r.proposed for r in own.rows], abs=1e-6
    )


@settings(max_examples=30, deadline=None)
@given(data=_cases(), k=st.floats(min_value=0.1, max_value=50), start=st.integers(0, 3))
def test_scaling_a_member_by_k_scales_its_flows_by_k(
    data: dict[str, Any], k: float, start: int
) -> None:
    case = make_case(**data)
    H = evaluate(case).conventions.horizon + start
    one = party_flows(_spec([case], [1.0], [start], 0.0, H), [prepare(case).base_row()])
    scaled = party_flows(_spec([case], [k], [start], 0.0, H), [prepare(case).base_row()])
    for a, b in (
        (one.investment, scaled.investment),
        (one.cashable, scaled.cashable),
        (one.non_cashable, scaled.non_cashable),
    ):
        np.testing.assert_allclose(b, k * a, rtol=1e-12, atol=1e-9)


def _uncertain_member(case_id: str, shared: str | None) -> Case:
    quantity: dict[str, Any] = {"value": 10, "low": 2, "high": 18}
    if shared is not None:
        quantity["shared"] = shared
    return make_case(
        id=case_id,
        investments=[inv(amount=100)],
        outcomes=[out("zorg", "zvw", quantity=quantity, proxy=50)],
    )


def test_a_shared_cause_correlates_members() -> None:
    def variance_of_sum(shared: str | None) -> float:
        cases = [_uncertain_member("a", shared), _uncertain_member("b", shared)]
        spec = _spec(cases, [1.0, 1.0], [0, 0], 0.0, 1)
        zvw = spec.parties.index("zvw")  # both members' zvw are one party here
        return float(simulate_draws(spec, 4000, seed=1).value[:, zvw].var())

    shared, independent = variance_of_sum("vergrijzing"), variance_of_sum(None)
    # one draw for both: Var(X + X) = 4 Var X; independent: Var X + Var X = 2 Var X
    assert shared > 1.6 * independent
    assert shared == pytest.approx(2 * independent, rel=0.15)


def test_members_without_a_shared_cause_are_independent() -> None:
    cases = [_uncertain_member("a", None), _uncertain_member("b", None)]
    spec = _spec(cases, [1.0, 1.0], [0, 0], 0.0, 1)
    # split the members into two parties to see each one's draws
    spec = FundSpec(
        **{
            **spec.__dict__,
            "members": (
                MemberSpec(spec.members[0].structure, 1.0, 0, 1.0, (0, 1, 2, 3)),
                MemberSpec(spec.members[1].structure, 1.0, 0, 1.0, (0, 4, 2, 3)),
            ),
            "parties": (*spec.parties, "zvw-b"),
            "party_names": (*spec.party_names, "zvw-b"),
            "party_kinds": (*spec.party_kinds, "other"),
        }
    )
    value = simulate_draws(spec, 4000, seed=2).value
    correlation = np.corrcoef(value[:, 1], value[:, 4])[0, 1]
    assert abs(correlation) < 0.1


def test_the_same_seed_gives_the_same_draws() -> None:
    cases = [_uncertain_member("a", "x"), _uncertain_member("b", None)]
    spec = _spec(cases, [1.0, 2.0], [0, 1], 0.0225, 2)
    first, second = simulate_draws(spec, 500, seed=7), simulate_draws(spec, 500, seed=7)
    np.testing.assert_array_equal(first.npv, second.npv)
    np.testing.assert_array_equal(first.bridging, second.bridging)
