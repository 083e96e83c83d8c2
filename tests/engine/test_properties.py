"""Invariants of the engine over small random cases (method.md §3–§5).

The cases are generated as the dicts a case file would give: 1–4 stakeholders, 0–4 investments
(amount × years, hours × rate, or a schedule, each with a start), 0–5 outcomes (positive or
negative proxies, some in another price year, every share in [0, 1], durations from 1 to 5
years, fractional ones included), a discount rate from 0 to 10 %, either discounting convention,
and a derived or a given horizon.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rendement.engine import Evaluation, evaluate
from rendement.model import parse_case
from rendement.reference import load_cpi

KINDS = ["municipality", "health-insurer", "welfare-organisation", "clients"]

SETTINGS = settings(max_examples=100, deadline=None)

shares = st.integers(0, 100).map(lambda k: k / 100)
money = st.integers(0, 200_000)


@st.composite
def investments(draw: st.DrawFn, j: int, owners: list[str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": f"i{j}",
        "stakeholder": draw(st.sampled_from(owners)),
        "start": draw(st.integers(0, 3)),
    }
    kind = draw(st.sampled_from(["amount", "hours", "schedule"]))
    if kind == "amount":
        item.update(amount=draw(money), years=draw(st.integers(1, 4)))
    elif kind == "hours":
        item.update(
            hours=draw(st.integers(0, 2000)),
            rate=draw(st.integers(0, 120)),
            years=draw(st.integers(1, 4)),
        )
    else:
        item["schedule"] = draw(st.lists(money, min_size=1, max_size=4))
    return item


@st.composite
def outcomes(draw: st.DrawFn, i: int, owners: list[str]) -> dict[str, Any]:
    value = draw(st.integers(-5000, 5000))
    price_year = draw(st.sampled_from([None, None, 2015, 2022, 2024]))
    proxy: Any = value if price_year is None else {"value": value, "price_year": price_year}
    return {
        "id": f"o{i}",
        "stakeholder": draw(st.sampled_from(owners)),
        "quantity": draw(st.integers(0, 500)),
        "proxy": proxy,
        "deadweight": draw(shares),
        "attribution": draw(shares),
        "displacement": draw(shares),
        "drop_off": draw(shares),
        "duration": draw(st.integers(100, 500)) / 100,
        "start": draw(st.integers(0, 3)),
    }


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 4))
    stakeholders = [{"id": f"s{k}", "name": f"S{k}", "kind": KINDS[k]} for k in range(n)]
    owners = [s["id"] for s in stakeholders]
    info: dict[str, Any] = {
        "id": "random",
        "title": "Random",
        "price_year": 2024,
        "discount_rate": draw(st.integers(0, 100)) / 1000,
        "discounting": draw(st.sampled_from(["mkba", "svi"])),
    }
    horizon = draw(st.one_of(st.none(), st.integers(1, 8)))
    if horizon is not None:
        info["horizon"] = horizon
    doc = {
        "rendement": 1,
        "case": info,
        "stakeholders": stakeholders,
        "investments": [draw(investments(j, owners)) for j in range(draw(st.integers(0, 4)))],
        "outcomes": [draw(outcomes(i, owners)) for i in range(draw(st.integers(0, 5)))],
    }
    if horizon is not None:  # a flow starting after the horizon is an error; one may end after it
        for item in (*doc["investments"], *doc["outcomes"]):
            if "start" in item:
                item["start"] = min(item["start"], horizon - 1)
    return doc


def _evaluate(doc: dict[str, Any]) -> Evaluation:
    return evaluate(parse_case(doc))


def _scaled(doc: dict[str, Any], k: float) -> dict[str, Any]:
    """The same case with every money figure (amounts, rates, schedules, proxies) times k."""
    doc = copy.deepcopy(doc)
    for item in doc["investments"]:
        if "amount" in item:
            item["amount"] *= k
        elif "rate" in item:
            item["rate"] *= k
        else:
            item["schedule"] = [a * k for a in item["schedule"]]
    for item in doc["outcomes"]:
        if isinstance(item["proxy"], dict):
            item["proxy"]["value"] *= k
        else:
            item["proxy"] *= k
    return doc


def _same_ratio(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@SETTINGS
@given(cases())
def test_stakeholder_rows_sum_to_the_totals(doc: dict[str, Any]) -> None:
    ev = _evaluate(doc)
    scale = 1e-9 * (1 + abs(ev.pv_benefits) + ev.pv_investment)
    assert sum(s.investment for s in ev.stakeholders) == pytest.approx(ev.pv_investment, abs=scale)
    assert sum(s.value for s in ev.stakeholders) == pytest.approx(ev.pv_benefits, abs=scale)
    assert sum(s.net for s in ev.stakeholders) == pytest.approx(ev.npv, abs=scale)


@SETTINGS
@given(cases(), st.sampled_from([0.01, 0.5, 3.0, 1000.0]))
def test_scaling_all_money_scales_npv_and_keeps_the_ratios(doc: dict[str, Any], k: float) -> None:
    base = _evaluate(doc)
    scaled = _evaluate(_scaled(doc, k))
    tolerance = 1e-9 * k * (1 + abs(base.pv_benefits) + base.pv_investment)
    assert scaled.npv == pytest.approx(k * base.npv, abs=tolerance)
    assert _same_ratio(scaled.sroi_ratio, base.sroi_ratio)
    assert _same_ratio(scaled.bcr, base.bcr)
    assert _same_ratio(scaled.net_sroi_ratio, base.net_sroi_ratio)


@SETTINGS
@given(
    cases(),
    st.integers(0, 500),
    st.integers(-5000, 5000),
    st.integers(1, 5),
    st.integers(0, 3),
    st.booleans(),
)
def test_unadjusted_undiscounted_outcome_is_worth_q_v_l(
    doc: dict[str, Any], q: int, v: int, years: int, start: int, give_horizon: bool
) -> None:
    doc = copy.deepcopy(doc)
    doc["case"].update(discount_rate=0.0, discounting="mkba")
    doc["case"].pop("horizon", None)
    if give_horizon:
        # the outcome lies within the horizon, and so does the start of every other flow
        starts = [item.get("start", 0) for item in (*doc["investments"], *doc["outcomes"])]
        doc["case"]["horizon"] = max([start + years + 2, *(s + 1 for s in starts)])
    doc["outcomes"].append(
        {
            "id": "plain",
            "stakeholder": "s0",
            "quantity": q,
            "proxy": v,
            "duration": years,
            "start": start,
        }
    )
    ev = _evaluate(doc)
    plain = next(o for o in ev.outcomes if o.id == "plain")
    assert plain.pv == pytest.approx(q * v * years)  # q · v · L


@SETTINGS
@given(cases(), st.integers(0, 100), st.integers(0, 100))
def test_raising_the_rate_never_raises_the_pv_of_a_positive_flow(
    doc: dict[str, Any], r1: int, r2: int
) -> None:
    low, high = sorted((r1 / 1000, r2 / 1000))
    at_low = _evaluate({**doc, "case": {**doc["case"], "discount_rate": low}})
    at_high = _evaluate({**doc, "case": {**doc["case"], "discount_rate": high}})
    for before, after in zip(at_low.outcomes, at_high.outcomes, strict=True):
        if before.pv > 0:
            assert after.pv <= before.pv * (1 + 1e-12)
    for before, after in zip(at_low.investments, at_high.investments, strict=True):
        assert after.pv <= before.pv * (1 + 1e-12)


@SETTINGS
@given(cases(), outcomes(99, ["s0"]))
def test_adding_a_positive_outcome_never_lowers_npv(
    doc: dict[str, Any], extra: dict[str, Any]
) -> None:
    if isinstance(extra["proxy"], dict):
        extra["proxy"]["value"] = abs(extra["proxy"]["value"])
    else:
        extra["proxy"] = abs(extra["proxy"])
    if "horizon" in doc["case"]:  # a flow starting after the horizon is an error
        extra["start"] = min(extra["start"], doc["case"]["horizon"] - 1)
    before = _evaluate(doc)
    after = _evaluate({**doc, "outcomes": [*doc["outcomes"], extra]})
    assert after.npv >= before.npv - 1e-9 * (1 + abs(before.npv))


@SETTINGS
@given(cases())
def test_payback_when_defined_lies_within_the_horizon(doc: dict[str, Any]) -> None:
    ev = _evaluate(doc)
    if ev.payback_years is not None:
        assert 0.0 <= ev.payback_years <= ev.conventions.horizon


# ---- an independent, year-by-year reading of method.md §1–§5 ----------------------------------


def _by_the_method(doc: dict[str, Any]) -> dict[str, float | None]:
    """PVs, ratios and payback of a generated case, computed one year at a time in plain Python.

    Payback counts from the first year with an investment (before it nothing is to be paid back).
    """
    info = doc["case"]
    r = info["discount_rate"]
    cpi = load_cpi()
    impacts = []
    for o in doc["outcomes"]:
        proxy = o["proxy"]
        value = proxy["value"] if isinstance(proxy, dict) else proxy
        year = proxy.get("price_year") if isinstance(proxy, dict) else None
        if year is not None and year != 2024:
            value *= cpi.level(2024) / cpi.level(year)  # §1, re-pricing
        keep = (1 - o["deadweight"]) * (1 - o["attribution"]) * (1 - o["displacement"])
        impacts.append((o, o["quantity"] * value * keep))  # §3, impact
    amounts = []
    for j in doc["investments"]:
        start = j.get("start", 0)
        if "schedule" in j:
            per_year = list(j["schedule"])
        elif "amount" in j:
            per_year = [j["amount"]] * j.get("years", 1)
        else:
            per_year = [j["hours"] * j["rate"]] * j.get("years", 1)
        amounts.append({start + k: a for k, a in enumerate(per_year)})
    if "horizon" in info:
        years = info["horizon"]
    else:  # only as long as the flows: extra zero years change no figure compared here
        ends = [o["start"] + math.ceil(o["duration"]) for o, i in impacts if i != 0]
        ends += [t + 1 for a in amounts for t, x in a.items() if x != 0]
        years = max([1, *ends])
    benefits = [0.0] * years
    costs = [0.0] * years
    positive = negative = 0.0
    for o, impact in impacts:
        pv = 0.0
        for t in range(years):
            if t < o["start"]:
                continue
            cover = min(max(o["start"] + o["duration"] - t, 0.0), 1.0)
            flow = impact * (1 - o["drop_off"]) ** (t - o["start"]) * cover
            factor = (1 + r) ** -(t + 1) if info["discounting"] == "svi" else (1 + r) ** -t
            benefits[t] += flow * factor
            pv += flow * factor
        positive += max(pv, 0.0)
        negative += max(-pv, 0.0)
    for a in amounts:
        for t, x in a.items():
            if t < years:
                costs[t] += x * (1 + r) ** -t
    B, C = sum(benefits), sum(costs)
    payback = None
    cumulative, invested = 0.0, False
    for t in range(years):
        invested = invested or costs[t] > 0
        if invested and cumulative >= costs[t]:
            payback = float(t)
            break
        if invested and benefits[t] > 0 and cumulative + benefits[t] >= costs[t]:
            payback = t + (costs[t] - cumulative) / benefits[t]
            break
        cumulative += benefits[t] - costs[t]
    return {
        "pv_benefits": B,
        "pv_investment": C,
        "sroi_ratio": B / C if C else None,
        "bcr": positive / (C + negative) if C + negative else None,
        "payback_years": payback,
    }


@SETTINGS
@given(cases())
def test_engine_agrees_with_a_year_by_year_reading_of_the_method(doc: dict[str, Any]) -> None:
    ev = _evaluate(doc)
    expected = _by_the_method(doc)
    scale = 1e-9 * (1 + abs(ev.pv_benefits) + ev.pv_investment)
    assert ev.pv_benefits == pytest.approx(expected["pv_benefits"], abs=scale)
    assert ev.pv_investment == pytest.approx(expected["pv_investment"], abs=scale)
    for name in ("sroi_ratio", "bcr", "payback_years"):
        got, want = getattr(ev, name), expected[name]
        assert (got is None) == (want is None), name
        if got is not None and want is not None:
            assert got == pytest.approx(want, rel=1e-9, abs=1e-9), name
