"""Proxies that cite the catalogue or carry their own price year (method.md §1, §9).

Re-pricing brings every proxy to the case's price year with
``v × CPI[case year] / CPI[proxy year]``; a catalogue entry's payer is the default stakeholder.
The index levels below are read from ``reference/data/cpi.csv`` (2015 = 100), and
``test_hand_computations_use_the_bundled_index_levels`` keeps them tied to that file.
"""

from __future__ import annotations

import pytest

from rendement.model import CaseError
from rendement.reference import load_catalogue, load_cpi

from .builders import inv, out, run

# cpi.csv: 2014 → 99.36, 2019 → 106.16, 2022 → 121.43, 2024 → 130.31
CPI_2014 = 99.36
CPI_2019 = 106.16
CPI_2022 = 121.43
CPI_2024 = 130.31

STAKEHOLDERS = [
    {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
    {"id": "zvw", "name": "Zorgverzekeraar A", "kind": "health-insurer"},
    {"id": "zvw-b", "name": "Zorgverzekeraar B", "kind": "health-insurer"},
    {"id": "zorgkantoor", "name": "Zorgkantoor", "kind": "care-office"},
    {"id": "bewoners", "name": "Bewoners", "kind": "clients"},
]


def _issues(error: pytest.ExceptionInfo[CaseError]) -> dict[str, str]:
    return {issue.path: issue.message for issue in error.value.issues}


def test_hand_computations_use_the_bundled_index_levels() -> None:
    cpi = load_cpi()
    assert cpi.level(2014) == CPI_2014
    assert cpi.level(2019) == CPI_2019
    assert cpi.level(2022) == CPI_2022
    assert cpi.level(2024) == CPI_2024
    assert load_catalogue().get("care/gp-consult").value == 30.87
    assert load_catalogue().get("care/gp-consult").price_year == 2022


# ---- re-pricing (method.md §1) -------------------------------------------------------------


def test_catalogue_ref_is_repriced_from_2022_to_the_case_year() -> None:
    ev = run(outcomes=[out(quantity=1, proxy={"ref": "care/gp-consult"})])
    # 30.87 × CPI[2024] / CPI[2022] = 30.87 × 130.31 / 121.43 = 30.87 × 1.0731286 = 33.127478
    assert ev.outcomes[0].by_year == pytest.approx((30.87 * 130.31 / 121.43,))
    assert ev.outcomes[0].pv == pytest.approx(33.127478, abs=1e-6)


def test_catalogue_ref_is_repriced_down_to_an_earlier_case_year() -> None:
    ev = run(price_year=2019, outcomes=[out(quantity=1, proxy={"ref": "care/gp-consult"})])
    # 30.87 × CPI[2019] / CPI[2022] = 30.87 × 106.16 / 121.43 = 26.988052
    assert ev.outcomes[0].pv == pytest.approx(30.87 * 106.16 / 121.43)
    assert ev.outcomes[0].pv == pytest.approx(26.988052, abs=1e-6)


def test_catalogue_ref_in_its_own_price_year_is_not_repriced() -> None:
    ev = run(price_year=2022, outcomes=[out(quantity=1, proxy={"ref": "care/gp-consult"})])
    assert ev.outcomes[0].pv == pytest.approx(30.87)


def test_sourced_proxy_is_repriced_from_2019() -> None:
    proxy = {"value": 1000, "price_year": 2019, "source": "study of 2019"}
    ev = run(outcomes=[out(quantity=1, proxy=proxy)])
    # 1000 × CPI[2024] / CPI[2019] = 1000 × 130.31 / 106.16 = 1227.4868
    assert ev.outcomes[0].pv == pytest.approx(1000 * 130.31 / 106.16)
    assert ev.outcomes[0].pv == pytest.approx(1227.4868, abs=1e-4)


def test_sourced_proxy_range_is_repriced_in_scenarios() -> None:
    proxy = {"value": 1000, "low": 500, "high": 1500, "price_year": 2019}
    ev = run("conservative", outcomes=[out(quantity=1, proxy=proxy)])
    # the conservative end is the low proxy, also in 2019 prices: 500 × 130.31 / 106.16 = 613.743
    assert ev.outcomes[0].pv == pytest.approx(500 * 130.31 / 106.16)


def test_plain_proxy_is_taken_in_the_case_price_year() -> None:
    ev = run(outcomes=[out(quantity=1, proxy=1000)])
    assert ev.outcomes[0].pv == pytest.approx(1000.0)


@pytest.mark.parametrize("year", [1999, 1950, 2026])
def test_proxy_price_year_outside_the_index_is_an_error_at_its_path(year: int) -> None:
    with pytest.raises(CaseError) as error:
        run(
            outcomes=[
                out(id="a", quantity=1, proxy=10),
                out(id="b", quantity=1, proxy={"value": 10, "price_year": year}),
            ]
        )
    issues = _issues(error)
    assert list(issues) == ["outcomes[1].proxy.price_year"]
    message = issues["outcomes[1].proxy.price_year"]
    assert str(year) in message
    assert "2000–2025" in message  # the years the index does cover


def test_case_price_year_outside_the_index_is_never_a_silent_factor_of_one() -> None:
    with pytest.raises(CaseError) as error:
        run(price_year=2030, outcomes=[out(quantity=1, proxy={"ref": "care/gp-consult"})])
    assert "2030" in str(error.value)


def test_unknown_ref_is_an_error_listing_the_closest_ids() -> None:
    with pytest.raises(CaseError) as error:
        run(
            outcomes=[
                out(id="a", quantity=1, proxy=10),
                out(id="b", stakeholder=None, quantity=1, proxy={"ref": "care/gp-consul"}),
            ]
        )
    issues = _issues(error)
    # only the ref: the stakeholder default is not guessed for an entry that does not exist
    assert list(issues) == ["outcomes[1].proxy.ref"]
    assert issues["outcomes[1].proxy.ref"] == (
        "unknown catalogue id 'care/gp-consul' "
        "(closest: care/gp-consult, care/gp-consult-long, care/gp-consult-short)"
    )


def test_unknown_ref_without_a_close_id_is_quoted_whole() -> None:
    with pytest.raises(CaseError) as error:
        run(outcomes=[out(quantity=1, proxy={"ref": "care/zzzzzzzzzzzz"})])
    # the closing quote belongs to the message: "… id 'care/zzzzzzzzzzzz'", not "… id 'care/zzz…"
    assert _issues(error) == {"outcomes[0].proxy.ref": "unknown catalogue id 'care/zzzzzzzzzzzz'"}


def test_every_reference_problem_is_reported_at_once() -> None:
    with pytest.raises(CaseError) as error:
        run(
            stakeholders=STAKEHOLDERS[:2],
            outcomes=[
                out(id="a", quantity=1, proxy={"ref": "care/gp-consul"}),
                out(id="b", quantity=1, proxy={"value": 10, "price_year": 1990}),
                out(id="c", stakeholder=None, quantity=1, proxy={"ref": "care/nursing-home-day"}),
            ],
        )
    assert sorted(_issues(error)) == [
        "outcomes[0].proxy.ref",
        "outcomes[1].proxy.price_year",
        "outcomes[2].stakeholder",
    ]


# ---- the payer as default stakeholder (method.md §9) ---------------------------------------


def test_default_stakeholder_is_the_first_declared_of_the_payer_s_kind() -> None:
    ev = run(
        stakeholders=STAKEHOLDERS,
        outcomes=[out(stakeholder=None, quantity=1, proxy={"ref": "care/gp-consult"})],
    )
    # two health insurers are declared; zvw comes first
    assert ev.outcomes[0].stakeholder == "zvw"
    values = {s.id: s.value for s in ev.stakeholders}
    assert values["zvw"] == pytest.approx(30.87 * 130.31 / 121.43)
    assert values["zvw-b"] == 0.0


def test_explicit_stakeholder_overrides_the_payer() -> None:
    ev = run(
        stakeholders=STAKEHOLDERS,
        outcomes=[out(stakeholder="zvw-b", quantity=1, proxy={"ref": "care/gp-consult"})],
    )
    assert ev.outcomes[0].stakeholder == "zvw-b"
    assert {s.id: s.value for s in ev.stakeholders}["zvw"] == 0.0


def test_explicit_stakeholder_needs_no_stakeholder_of_the_payer_s_kind() -> None:
    # social/eviction is paid by a housing corporation; none is declared, but one is named
    ev = run(
        stakeholders=STAKEHOLDERS,
        outcomes=[out(stakeholder="gemeente", quantity=1, proxy={"ref": "social/eviction"})],
    )
    assert ev.outcomes[0].stakeholder == "gemeente"


def test_missing_stakeholder_of_the_payer_s_kind_is_an_error_at_the_outcome() -> None:
    with pytest.raises(CaseError) as error:
        run(
            stakeholders=STAKEHOLDERS,
            outcomes=[
                out(id="a", stakeholder=None, quantity=1, proxy={"ref": "care/gp-consult"}),
                out(id="b", stakeholder=None, quantity=1, proxy={"ref": "social/eviction"}),
            ],
        )
    issues = _issues(error)
    assert list(issues) == ["outcomes[1].stakeholder"]
    message = issues["outcomes[1].stakeholder"]
    assert "housing-corporation" in message  # the kind that is missing
    assert "social/eviction" in message  # the entry whose payer it is


# ---- a case of several catalogue proxies, by hand ------------------------------------------

# Discount rate 2.25 %, mkba convention: DF[t] = 1.0225^−t, year 0 undiscounted.
R = 1.0225
SEVERAL = {
    "stakeholders": STAKEHOLDERS,
    "discount_rate": 0.0225,
    "investments": [inv("coaches", "gemeente", amount=50000, years=2)],
    "outcomes": [
        # payer health-insurer → zvw (the first of two health insurers)
        out(
            "gp",
            stakeholder=None,
            quantity=1000,
            proxy={"ref": "care/gp-consult"},
            deadweight=0.2,
            attribution=0.25,
            duration=2,
        ),
        # payer care-office → zorgkantoor; from year 1, three years, fading 10 % a year
        out(
            "nursing-home",
            stakeholder=None,
            quantity=365,
            proxy={"ref": "care/nursing-home-day"},
            deadweight=0.25,
            start=1,
            duration=3,
            drop_off=0.1,
        ),
        # payer municipality → gemeente
        out(
            "domestic-help",
            stakeholder=None,
            quantity=500,
            proxy={"ref": "care/domestic-help-hour"},
            attribution=0.4,
        ),
        # payer housing-corporation, none declared: the explicit stakeholder decides
        out("eviction", stakeholder="gemeente", quantity=2, proxy={"ref": "social/eviction"}),
        # a sourced proxy in 2019 prices
        out(
            "wellbeing",
            stakeholder="bewoners",
            quantity=3,
            proxy={"value": 1000, "price_year": 2019, "source": "study"},
            deadweight=0.5,
            duration=2,
        ),
    ],
}

# gp: v = 30.87 × 130.31 / 121.43 = 33.127478
#     I = 1000 × 33.127478 × (1 − 0.2) × (1 − 0.25) = 19 876.487
#     PV = 19 876.487 × (1 + 1/1.0225) = 19 876.487 × 1.9779951 = 39 315.594
PV_GP = 1000 * (30.87 * 130.31 / 121.43) * 0.8 * 0.75 * (1 + 1 / R)
# nursing-home: v = 290 × 130.31 / 121.43 = 311.20728
#     I = 365 × 311.20728 × (1 − 0.25) = 85 192.993
#     V[1] = I, V[2] = 0.9 I, V[3] = 0.81 I
#     PV = I × (1/1.0225 + 0.9/1.0225² + 0.81/1.0225³)
#        = 85 192.993 × (0.9779951 + 0.8608270 + 0.7576961) = 85 192.993 × 2.5965182 = 221 205.16
PV_NURSING = 365 * (290 * 130.31 / 121.43) * 0.75 * (1 / R + 0.9 / R**2 + 0.81 / R**3)
# domestic-help: v = 32.76 × 130.31 / 121.43 = 35.155691
#     PV = 500 × 35.155691 × (1 − 0.4) = 10 546.707 (year 0 only)
PV_DOMESTIC = 500 * (32.76 * 130.31 / 121.43) * 0.6
# eviction: v = 7500 × CPI[2024] / CPI[2014] = 7500 × 130.31 / 99.36 = 9836.2017
#     PV = 2 × 9836.2017 = 19 672.403 (year 0 only)
PV_EVICTION = 2 * (7500 * 130.31 / 99.36)
# wellbeing: v = 1000 × 130.31 / 106.16 = 1227.4868
#     I = 3 × 1227.4868 × (1 − 0.5) = 1841.2302; PV = 1841.2302 × (1 + 1/1.0225) = 3641.9444
PV_WELLBEING = 3 * (1000 * 130.31 / 106.16) * 0.5 * (1 + 1 / R)
# investment: 50 000 in years 0 and 1: PV = 50 000 × (1 + 1/1.0225) = 98 899.756
PV_INVESTMENT = 50000 * (1 + 1 / R)


def test_several_catalogue_proxies_hand_figures_are_as_written() -> None:
    # the plain-arithmetic constants above, rounded as the comments show them
    assert round(PV_GP, 3) == 39315.594
    assert round(PV_NURSING, 2) == 221205.16
    assert round(PV_DOMESTIC, 3) == 10546.707
    assert round(PV_EVICTION, 3) == 19672.403
    assert round(PV_WELLBEING, 4) == 3641.9444
    assert round(PV_INVESTMENT, 3) == 98899.756


def test_several_catalogue_proxies_pv_per_outcome() -> None:
    ev = run(**SEVERAL)
    pv = {o.id: o.pv for o in ev.outcomes}
    assert pv == pytest.approx(
        {
            "gp": PV_GP,
            "nursing-home": PV_NURSING,
            "domestic-help": PV_DOMESTIC,
            "eviction": PV_EVICTION,
            "wellbeing": PV_WELLBEING,
        },
        rel=1e-12,
    )


def test_several_catalogue_proxies_by_year_follows_start_and_drop_off() -> None:
    ev = run(**SEVERAL)
    nursing = {o.id: o for o in ev.outcomes}["nursing-home"]
    impact = 365 * (290 * 130.31 / 121.43) * 0.75  # 85 192.993
    # nothing in year 0, then I, 0.9 I, 0.81 I (undiscounted)
    assert nursing.by_year == pytest.approx((0.0, impact, 0.9 * impact, 0.81 * impact))


def test_several_catalogue_proxies_go_to_the_payers() -> None:
    ev = run(**SEVERAL)
    assert {o.id: o.stakeholder for o in ev.outcomes} == {
        "gp": "zvw",
        "nursing-home": "zorgkantoor",
        "domestic-help": "gemeente",
        "eviction": "gemeente",
        "wellbeing": "bewoners",
    }


def test_several_catalogue_proxies_per_stakeholder() -> None:
    ev = run(**SEVERAL)
    rows = {s.id: (s.investment, s.value, s.net) for s in ev.stakeholders}
    # gemeente: value 10 546.707 + 19 672.403 = 30 204.628; net 30 204.628 − 98 899.756
    gemeente_value = PV_DOMESTIC + PV_EVICTION
    assert rows["gemeente"] == pytest.approx(
        (PV_INVESTMENT, gemeente_value, gemeente_value - PV_INVESTMENT)
    )
    assert rows["zvw"] == pytest.approx((0.0, PV_GP, PV_GP))
    assert rows["zvw-b"] == pytest.approx((0.0, 0.0, 0.0))
    assert rows["zorgkantoor"] == pytest.approx((0.0, PV_NURSING, PV_NURSING))
    assert rows["bewoners"] == pytest.approx((0.0, PV_WELLBEING, PV_WELLBEING))


def test_several_catalogue_proxies_npv_and_ratio() -> None:
    ev = run(**SEVERAL)
    # B = 39 315.594 + 221 205.16 + 10 546.707 + 19 672.403 + 3641.9444 = 294 381.81
    benefits = PV_GP + PV_NURSING + PV_DOMESTIC + PV_EVICTION + PV_WELLBEING
    assert benefits == pytest.approx(294381.81, abs=1e-2)
    assert ev.pv_benefits == pytest.approx(benefits)
    assert ev.pv_investment == pytest.approx(PV_INVESTMENT)
    # NPV = 294 381.81 − 98 899.756 = 195 482.05; ratio = 294 381.81 / 98 899.756 = 2.9766
    assert ev.npv == pytest.approx(benefits - PV_INVESTMENT)
    assert ev.npv == pytest.approx(195482.05, abs=1e-2)
    assert ev.sroi_ratio == pytest.approx(benefits / PV_INVESTMENT)


# ---- switching values in the case's price year (issue 11) -----------------------------------


def test_switching_value_of_a_catalogue_proxy_is_in_the_case_price_year() -> None:
    from rendement.engine import prepare
    from rendement.engine.sensitivity import sensitivity
    from rendement.model import parse_case

    from .builders import case_dict

    doc = case_dict(
        investments=[inv(amount=1000)],
        outcomes=[out(quantity=30, proxy={"ref": "care/gp-consult"})],
    )
    values = {s.parameter: s for s in sensitivity(prepare(parse_case(doc))).switching_values}
    proxy = values["outcomes.out.proxy"]
    # NPV = 30 · v₂₀₂₄ − 1000 = 0 at v₂₀₂₄ = 1000 / 30 = 33.333333 (in 2022 euros that is
    # 33.333333 × 121.43 / 130.31 = 31.061827, the figure the catalogue's price year would give)
    assert proxy.value == pytest.approx(1000 / 30)
    assert proxy.value == pytest.approx(31.061827 * CPI_2024 / CPI_2022)
    # the base beside it in the same year: 30.87 × 130.31 / 121.43 = 33.127478
    assert proxy.base == pytest.approx(33.127478, abs=1e-6)
    # a parameter that is not a proxy is not re-priced: q · 33.127478 = 1000 at q = 30.186
    assert values["outcomes.out.quantity"].value == pytest.approx(1000 / 33.127478, abs=1e-5)


def test_switching_value_of_a_proxy_with_its_own_price_year_is_in_the_case_year() -> None:
    from rendement.engine import prepare
    from rendement.engine.sensitivity import sensitivity
    from rendement.model import parse_case

    from .builders import case_dict

    doc = case_dict(
        investments=[inv(amount=500)],
        outcomes=[out(quantity=10, proxy={"value": 40, "price_year": 2019, "source": "own"})],
    )
    values = {s.parameter: s for s in sensitivity(prepare(parse_case(doc))).switching_values}
    # base 40 × 130.31 / 106.16 = 49.100414 in 2024 euros; NPV = 10 v − 500 = 0 at v = 50
    assert values["outcomes.out.proxy"].base == pytest.approx(40 * CPI_2024 / CPI_2019)
    assert values["outcomes.out.proxy"].value == pytest.approx(50.0)
