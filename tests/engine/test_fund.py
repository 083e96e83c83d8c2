"""The fund over a two-member portfolio, computed by hand for each rule (method.md §16).

Member a (scale 1, from year 0): gemeente invests 100 in years 0–1; zvw saves 80 in years
0–2; gemeente saves 40 in year 0; bewoners gain 30 in years 0–2 (not cashable).
Member b (scale 2, from year 1): gemeente invests 50 × 2 = 100 in portfolio year 1; zvw
saves 60 × 2 = 120 in portfolio year 2. Horizon 3, discount rate 0 unless said.

Per party and year, nominal:  costs (all investment) 100, 200, 0
  gemeente  investment 100, 200, 0   cashable 40, 0, 0
  zvw       cashable 80, 80, 200
  a.bewoners  non-cashable 30, 30, 30
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.engine.fund import FundResult, PartyRow, fund_result
from rendement.engine.fund_simulate import simulate_fund
from rendement.model.portfolio import parse_portfolio
from rendement.reference import load_cpi
from rendement.usecases.fund import prepare_portfolio

from .builders import case_dict, inv, out
from .fund_builders import ONE_MEMBER_MAP, portfolio_dict, two_member_spec, write_cases


def _party(result: FundResult, party: str) -> PartyRow:
    return {p.party: p for p in result.parties}[party]


def _contributions(result: FundResult, party: str) -> list[float]:
    return [y.contribution for y in _party(result, party).by_year]


def test_flows_are_scaled_shifted_and_grouped_into_parties(tmp_path: Path) -> None:
    result = fund_result(two_member_spec(tmp_path, {"rule": "proportional"}))
    assert result.horizon == 3  # a ends after year 2, b (own horizon 2) starts in year 1
    gemeente, zvw = _party(result, "gemeente"), _party(result, "zvw")
    assert [y.investment for y in gemeente.by_year] == [100, 200, 0]  # b: 50 × 2 in year 1
    assert [y.cashable for y in gemeente.by_year] == [40, 0, 0]
    assert [y.cashable for y in zvw.by_year] == [80, 80, 200]  # year 2: 80 + 60 × 2
    bewoners = _party(result, "a.bewoners")
    assert [y.non_cashable for y in bewoners.by_year] == [30, 30, 30]
    assert [y.cashable for y in bewoners.by_year] == [0, 0, 0]
    assert [y.costs for y in result.years] == [100, 200, 0]
    # unmapped stakeholders are their own parties, named <case id>.<stakeholder id>
    assert {"a.welzijn", "a.bewoners", "b.welzijn", "b.bewoners"} <= {
        p.party for p in result.parties
    }


def test_shared_savings_by_hand(tmp_path: Path) -> None:
    fund = {"rule": "shared-savings", "share": 0.5, "seed": {"gemeente": 50}}
    result = fund_result(two_member_spec(tmp_path, fund))
    # zvw pays 0.5 × (80, 80, 200) = 40, 40, 100; gemeente 50 seed + 0.5 × 40 = 70 in year 0
    assert _contributions(result, "zvw") == pytest.approx([40, 40, 100])
    assert _contributions(result, "gemeente") == pytest.approx([70, 0, 0])
    # F: 110 − 100 = 10; 10 + 40 − 200 = −150; −150 + 100 − 0 = −50
    assert result.fund_balance == pytest.approx((10, -150, -50))
    assert result.first_shortfall_year == 1
    assert result.bridging_capital == pytest.approx(150)
    # NPV (r = 0): zvw 360 − 180 = 180; gemeente 40 − 70 = −30; bewoners 90 − 0 = 90
    assert _party(result, "zvw").npv == pytest.approx(180)
    assert _party(result, "gemeente").npv == pytest.approx(-30)
    assert _party(result, "a.bewoners").npv == pytest.approx(90)
    # break-even: zvw 80 − 40 = 40 ≥ 0 in year 0; gemeente −30, −30, −30: never
    assert _party(result, "zvw").break_even_year == 0
    assert _party(result, "gemeente").break_even_year is None
    assert _party(result, "a.bewoners").break_even_year == 0


def test_proportional_by_hand(tmp_path: Path) -> None:
    result = fund_result(two_member_spec(tmp_path, {"rule": "proportional"}))
    # positive cashable PV: gemeente 40, zvw 360 → shares 0.1 and 0.9 of each year's costs
    assert _contributions(result, "gemeente") == pytest.approx([10, 20, 0])
    assert _contributions(result, "zvw") == pytest.approx([90, 180, 0])
    assert _contributions(result, "a.bewoners") == [0, 0, 0]
    # every year's costs are paid in full: F = 0, 0, 0, no shortfall
    assert result.fund_balance == pytest.approx((0, 0, 0), abs=1e-9)
    assert result.first_shortfall_year is None
    assert result.bridging_capital == 0
    # NPV: gemeente 40 − 30 = 10; zvw 360 − 270 = 90
    assert _party(result, "gemeente").npv == pytest.approx(10)
    assert _party(result, "zvw").npv == pytest.approx(90)
    # break-even: gemeente 40 − 10 = 30 in year 0; zvw −10, −110, then −110 + 200 = 90: year 2
    assert _party(result, "gemeente").break_even_year == 0
    assert _party(result, "zvw").break_even_year == 2


def test_fixed_shares_by_hand(tmp_path: Path) -> None:
    fund = {"rule": "fixed", "shares": {"gemeente": 0.6, "zvw": 0.4}, "seed": {"zvw": 30}}
    result = fund_result(two_member_spec(tmp_path, fund))
    assert _contributions(result, "gemeente") == pytest.approx([60, 120, 0])
    # zvw: 0.4 × (100, 200, 0) plus its seed of 30 in year 0
    assert _contributions(result, "zvw") == pytest.approx([70, 80, 0])
    # the seed stays in the fund: F = 30, 30, 30
    assert result.fund_balance == pytest.approx((30, 30, 30))
    assert result.first_shortfall_year is None
    assert result.bridging_capital == 0
    # NPV: gemeente 40 − 180 = −140; zvw 360 − 150 = 210
    assert _party(result, "gemeente").npv == pytest.approx(-140)
    assert _party(result, "zvw").npv == pytest.approx(210)
    # gemeente: −20, −140, −140: never; zvw: 80 − 70 = 10 ≥ 0 in year 0
    assert _party(result, "gemeente").break_even_year is None
    assert _party(result, "zvw").break_even_year == 0


def test_party_npv_is_discounted_but_the_balance_is_nominal(tmp_path: Path) -> None:
    fund = {"rule": "shared-savings", "share": 0.5, "seed": {"gemeente": 50}}
    result = fund_result(two_member_spec(tmp_path, fund, discount_rate=0.1))
    # zvw: (80 − 40) + (80 − 40)/1.1 + (200 − 100)/1.21 = 40 + 36.3636 + 82.6446 = 159.0083
    assert _party(result, "zvw").npv == pytest.approx(40 + 40 / 1.1 + 100 / 1.21)
    # the fund flows stay nominal: the same balance as at r = 0
    assert result.fund_balance == pytest.approx((10, -150, -50))
    assert result.bridging_capital == pytest.approx(150)
    zvw_year_2 = _party(result, "zvw").by_year[2]
    assert zvw_year_2.cashable == pytest.approx(200)
    assert zvw_year_2.cashable_pv == pytest.approx(200 / 1.21)


def test_compensating_proposal_at_portfolio_level(tmp_path: Path) -> None:
    result = fund_result(two_member_spec(tmp_path, {"rule": "proportional"}))
    comp = result.compensating
    # V: gemeente 40, zvw 360, a.bewoners 90 (ΣV = ΣV⁺ = 490); C = 300: S = 190
    assert comp.surplus == pytest.approx(190)
    rows = {r.id: r for r in comp.rows}
    # gemeente: 40 − 190 × 40/490 = 24.4898; zvw: 360 − 190 × 360/490 = 220.408
    assert rows["gemeente"].proposed == pytest.approx(40 - 190 * 40 / 490)
    assert rows["zvw"].proposed == pytest.approx(360 - 190 * 360 / 490)
    assert sum(r.proposed for r in comp.rows) == pytest.approx(300)
    assert all(r.net_after >= -1e-9 for r in comp.rows)


def test_cashable_follows_the_outcome_over_the_stakeholder_kind(tmp_path: Path) -> None:
    case = case_dict(
        id="a",
        outcomes=[
            out("zorg", "zvw", proxy=80),  # an organisation: cashable by default
            out("rust", "zvw", proxy=5, cashable=False),  # said otherwise
            out("uitkering", "bewoners", proxy=20, cashable=True),  # clients, said cashable
            out("welzijn", "bewoners", proxy=30),  # clients: not cashable by default
        ],
    )
    write_cases(tmp_path, {"a.json": case})
    portfolio = parse_portfolio(
        portfolio_dict({"rule": "proportional"}, [{"case": "a.json"}], ONE_MEMBER_MAP)
    )
    result = fund_result(prepare_portfolio(portfolio, tmp_path).spec)
    zvw, bewoners = _party(result, "zvw"), _party(result, "a.bewoners")
    assert (zvw.cashable, zvw.non_cashable) == (80, 5)
    assert (bewoners.cashable, bewoners.non_cashable) == (20, 30)


def test_a_member_in_another_price_year_is_repriced(tmp_path: Path) -> None:
    case = case_dict(id="a", price_year=2020, investments=[inv(amount=100)], outcomes=[out()])
    write_cases(tmp_path, {"a.json": case})
    portfolio = parse_portfolio(
        portfolio_dict({"rule": "proportional"}, [{"case": "a.json"}], ONE_MEMBER_MAP)
    )
    result = fund_result(prepare_portfolio(portfolio, tmp_path).spec)
    factor = load_cpi().factor(2020, 2024)
    assert factor > 1.1  # 2020 → 2024 prices rose by more than a tenth
    # every flow × CPI[2024] / CPI[2020]
    assert _party(result, "gemeente").by_year[0].investment == pytest.approx(100 * factor)
    assert _party(result, "zvw").by_year[0].cashable == pytest.approx(100 * factor)


def test_with_draws_each_party_has_a_chance_and_the_bridging_capital_a_spread(
    tmp_path: Path,
) -> None:
    # zvw saves 50–150 (PERT around 100) a year for 2 years; gemeente invests 100 in year 0
    quantity = {"value": 1, "low": 0.5, "high": 1.5}
    case = case_dict(
        id="a",
        investments=[inv(amount=100)],
        outcomes=[out("zorg", "zvw", quantity=quantity, proxy=100, duration=2)],
    )
    write_cases(tmp_path, {"a.json": case})
    fund = {"rule": "shared-savings", "share": 0.5}
    portfolio = parse_portfolio(portfolio_dict(fund, [{"case": "a.json"}], ONE_MEMBER_MAP))
    spec = prepare_portfolio(portfolio, tmp_path).spec
    sim = simulate_fund(spec, 2000, seed=4)
    chance = {r.party: r.p_net_nonnegative for r in sim.parties}
    # zvw keeps half of what it saves: its net is ≥ 0 in every draw; gemeente pays nothing
    assert chance["zvw"] == 1.0
    assert chance["gemeente"] == 1.0
    # the fund gets 0.5 × q × 100 in year 0 against costs of 100: short in every draw, by
    # 100 − 50 q, so the bridging capital lies between 100 − 75 = 25 and 100 − 25 = 75
    assert sim.p_shortfall == 1.0
    b = sim.bridging_capital
    assert 25 <= b.p5 <= b.p50 <= b.p95 <= 75
    # the point (q = 1): F[0] = 50 − 100 = −50, F[1] = −50 + 50 = 0
    assert fund_result(spec).bridging_capital == pytest.approx(50)
    assert b.mean == pytest.approx(50, abs=2)
