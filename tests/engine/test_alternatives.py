"""Project alternatives (method.md §13): the edited case, the overview table by hand, the
increments, and an empty alternative that equals the case."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rendement.engine import prepare
from rendement.engine.alternatives import (
    BASE,
    DO_NOTHING,
    edited_case,
    overview,
    resolve_options,
)
from rendement.model import CaseError, parse_case
from rendement.reference import load_catalogue, load_cpi

from .builders import case_dict, inv, out, pm


def _doc(alternatives: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    doc = case_dict(
        investments=kwargs.pop("investments", [inv("coaches", amount=100, years=2)]),
        outcomes=kwargs.pop(
            "outcomes",
            [out("gp", quantity={"value": 10, "low": 5, "high": 15}, proxy=15, duration=3)],
        ),
        **kwargs,
    )
    doc["alternatives"] = alternatives
    return doc


def _options(doc: dict[str, Any]) -> Any:
    structure = prepare(parse_case(doc))
    return resolve_options(structure, load_catalogue(), load_cpi())


TWO = {
    "intensief": {
        "title": "Intensief",
        "set": {"outcomes.gp.quantity": 20},
        "add": {"investments": [inv("extra", amount=50, years=2)]},
    },
    "licht": {
        "title": "Licht",
        "set": {"investments.coaches.amount": 60},
        "remove": ["gp"],
        "add": {"outcomes": [out("licht-gp", quantity=8, proxy=15, duration=2)]},
    },
}


def test_edited_case_removes_then_appends_and_keeps_the_conventions() -> None:
    case = parse_case(_doc(TWO, discount_rate=0.03, discounting="svi"))
    edited, investment_locs, outcome_locs = edited_case(case, "licht")
    assert [o.id for o in edited.outcomes] == ["licht-gp"]
    assert [j.id for j in edited.investments] == ["coaches"]
    assert outcome_locs == (("alternatives", "licht", "add", "outcomes", 0),)
    assert investment_locs == (("investments", 0),)
    assert edited.case.discounting == "svi" and edited.case.discount_rate.value == 0.03
    assert edited.case.title == "Licht" and edited.alternatives == {}


def test_overview_by_hand() -> None:
    ov = overview(_options(_doc(TWO)))
    by_id = {r.id: r.evaluation for r in ov.options}
    assert [r.id for r in ov.options] == [BASE, "intensief", "licht"]
    # base: C = 100 × 2 = 200; B = 10 × 15 × 3 years = 450; NPV 250 (rate 0)
    assert (by_id[BASE].pv_investment, by_id[BASE].pv_benefits) == (200.0, 450.0)
    # intensief: C = 200 + 50 × 2 = 300; B = 20 × 15 × 3 = 900; NPV 600; ratio 3
    assert (by_id["intensief"].pv_investment, by_id["intensief"].pv_benefits) == (300.0, 900.0)
    assert by_id["intensief"].npv == 600.0 and by_id["intensief"].sroi_ratio == 3.0
    # licht: C = 60 × 2 = 120; B = 8 × 15 × 2 = 240; NPV 120
    assert (by_id["licht"].pv_investment, by_id["licht"].pv_benefits) == (120.0, 240.0)
    # one horizon for all: base and intensief need 3 years, licht 2 → 3 for every option
    assert {e.conventions.horizon for e in by_id.values()} == {3}


def test_increments_against_the_case_and_against_doing_nothing() -> None:
    options = _options(_doc(TWO))
    ov = overview(options)
    inc = {i.id: i for i in ov.increments}
    assert set(inc) == {"intensief", "licht"}
    # intensief − base: ΔC = 300 − 200 = 100, ΔB = 900 − 450 = 450, ΔNPV = 350, ΔB/ΔC = 4.5
    assert (inc["intensief"].d_investment, inc["intensief"].d_benefits) == (100.0, 450.0)
    assert inc["intensief"].d_npv == 350.0 and inc["intensief"].incremental_ratio == 4.5
    # licht − base: ΔC = −80 (it saves money): no incremental ratio
    assert inc["licht"].d_investment == -80.0 and inc["licht"].incremental_ratio is None
    assert inc["licht"].d_npv == (240.0 - 450.0) - (120.0 - 200.0)  # −130
    nothing = {i.id: i for i in overview(options, DO_NOTHING).increments}
    # against doing nothing every increment is the option's own totals
    assert set(nothing) == {BASE, "intensief", "licht"}
    assert nothing[BASE].d_npv == 250.0 and nothing[BASE].incremental_ratio == 450.0 / 200.0
    against_licht = {i.id: i for i in overview(options, "licht").increments}
    assert against_licht[BASE].d_investment == 80.0 and against_licht[BASE].reference == "licht"


def test_unknown_reference_lists_the_known_ones() -> None:
    with pytest.raises(CaseError) as error:
        overview(_options(_doc(TWO)), "intensive")
    message = str(error.value)
    assert "no alternative 'intensive'" in message and "did you mean 'intensief'?" in message
    assert "known: do-nothing, base, intensief, licht" in message


def test_irr_of_each_option_and_its_reason() -> None:
    # base: year 0 −1000 + 0, year 1 +1100 → 10 %; the alternative adds a year-2 cost: two
    # sign changes; the other removes every outcome: no sign change
    doc = _doc(
        {
            "later-cost": {
                "title": "Met nazorg",
                "add": {"investments": [inv("nazorg", amount=500, start=2)]},
            },
            "geen-effect": {"title": "Zonder effect", "remove": ["gp"]},
        },
        investments=[inv("coaches", amount=1000)],
        outcomes=[out("gp", quantity=1, proxy=1100, start=1)],
    )
    results = {r.id: r.irr for r in overview(_options(doc)).options}
    assert results[BASE].rate == pytest.approx(0.10, abs=1e-12)
    assert results["later-cost"].reason == "several-sign-changes"
    assert results["geen-effect"].reason == "no-sign-change"


def test_a_set_catalogue_proxy_keeps_its_payer_and_price_year() -> None:
    doc = _doc(
        {"duurder": {"title": "Duurder", "set": {"outcomes.gp.proxy": 40.0}}},
        outcomes=[out("gp", stakeholder=None, quantity=10, proxy={"ref": "care/gp-consult"})],
    )
    base, alt = overview(_options(doc)).options
    # the set value is in the catalogue's price year and re-priced like the entry's own
    factor = base.evaluation.outcomes[0].pv / (10 * load_catalogue().get("care/gp-consult").value)
    assert alt.evaluation.outcomes[0].pv == pytest.approx(10 * 40.0 * factor)
    assert alt.evaluation.outcomes[0].stakeholder == base.evaluation.outcomes[0].stakeholder


def test_pm_items_follow_the_alternative() -> None:
    doc = _doc(
        {"zonder-pm": {"title": "Zonder", "remove": ["eenzaamheid"]}},
        outcomes=[out("gp", quantity=10, proxy=15), pm("eenzaamheid", "positive")],
    )
    base, alt = overview(_options(doc)).options
    assert [p.id for p in base.evaluation.pm_items] == ["eenzaamheid"]
    assert alt.evaluation.pm_items == ()


def test_published_figures_and_scenarios_stay_with_the_case() -> None:
    doc = _doc(
        {"zonder": {"title": "Zonder", "remove": ["gp"]}},
        published={"ratio": 9.9},
        scenarios={"klein": {"outcomes.gp.quantity": 1}},
    )
    base, alt = overview(_options(doc)).options
    assert any(w.code.startswith("published") for w in base.evaluation.warnings)
    assert not any(w.code.startswith("published") for w in alt.evaluation.warnings)


@settings(max_examples=25, deadline=None)
@given(
    quantity=st.integers(0, 10_000),
    proxy=st.floats(-1e3, 1e3).map(lambda x: round(x, 2)),
    amount=st.integers(0, 100_000),
    rate=st.floats(0.0, 0.1),
    discounting=st.sampled_from(["mkba", "svi"]),
)
def test_an_alternative_without_edits_equals_the_case(
    quantity: int, proxy: float, amount: int, rate: float, discounting: str
) -> None:
    doc = _doc(
        {"same": {"title": "Hetzelfde"}},
        investments=[inv("coaches", amount=amount, years=2)],
        outcomes=[out("gp", quantity=quantity, proxy=proxy, duration=3, drop_off=0.1)],
        discount_rate=rate,
        discounting=discounting,
    )
    base, same = overview(_options(doc)).options
    a, b = base.evaluation, same.evaluation
    assert (a.pv_investment, a.pv_benefits, a.npv) == (b.pv_investment, b.pv_benefits, b.npv)
    assert a.stakeholders == b.stakeholders and a.payback_years == b.payback_years
    assert base.irr == same.irr
