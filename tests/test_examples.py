"""Every case in examples/ loads, validates and evaluates; the four arrangements of
"Welzijn + Zorg = WinWin" reproduce their printed tables (sources.md §4); and the two
multi-year examples agree with a computation by hand, written out below in plain arithmetic
(method.md §1–§5), to 1e-6.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from rendement.engine import Evaluation, evaluate
from rendement.io.yamlio import load_case
from rendement.reference import load_catalogue, load_cpi

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))

TOLERANCE = 1e-6


def _evaluate(name: str, scenario: str | None = None) -> Evaluation:
    return evaluate(load_case(EXAMPLES / name).case, scenario)


# ---- every example -------------------------------------------------------------------------------


def test_examples_folder_holds_the_six_cases() -> None:
    assert {p.name for p in FILES} >= {
        "mentorproject-den-haag.yaml",
        "samenoud.yaml",
        "meer-kracht-minder-zorg.yaml",
        "thuisbegeleiding-amersfoort.yaml",
        "buurtcoaches-ouderen.yaml",
        "schuldhulp-vroegsignalering.yaml",
    }


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_example_validates_and_evaluates(path: Path) -> None:
    case = load_case(path).case
    ev = evaluate(case)
    assert ev.case_id == case.case.id
    assert ev.conventions.horizon >= 1


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_scenario_of_an_example_evaluates(path: Path) -> None:
    case = load_case(path).case
    npv = {s: evaluate(case, s).npv for s in ["conservative", "optimistic", *case.scenarios]}
    base = evaluate(case).npv
    assert npv["conservative"] <= base <= npv["optimistic"]


# ---- the four arrangements (sources.md §4) -------------------------------------------------------

# (file, printed ratio, {stakeholder: (investment, value, value − investment)}) as printed,
# with the two printing slips corrected: Kessler's surplus is 46 600 − 21 696 = 24 904 (printed
# 24 905) and Beweging 3.0's is 17 970 (printed 19 970).
ARRANGEMENTS = [
    (
        "mentorproject-den-haag.yaml",
        1.96,
        {
            "fondsen": (14668, 0, -14668),
            "gemeente-den-haag": (0, 420, 420),
            "kessler": (21696, 46600, 24904),
            "zebra": (5000, 0, -5000),
            "corporatie": (0, 19125, 19125),
            "zorgverzekeraar": (0, 15000, 15000),
            "ex-clienten": (0, 0, 0),
        },
        (41364, 81145, 39781),
    ),
    (
        "samenoud.yaml",
        1.64,
        {
            "gemeenten": (3000, -36136, -39136),
            "huisartsen": (3000, 0, -3000),
            "mantelzorgers": (0, 0, 0),
            "verzekeraars-awbz": (0, 796111, 796111),
            "nza": (450000, 0, -450000),
            "tinten": (3000, 0, -3000),
            "meander": (3000, 0, -3000),
            "ouderen": (0, 0, 0),
        },
        (462000, 759975, 297975),
    ),
    (
        "meer-kracht-minder-zorg.yaml",
        2.97,
        {
            "achmea": (0, 103190, 103190),
            "burgers": (0, 0, 0),
            "driezorg": (16000, 0, -16000),
            "gemeenten": (0, 164820, 164820),
            "huisartsen": (0, 16644, 16644),
            "icare": (48000, 0, -48000),
            "welzijn": (32000, 0, -32000),
        },
        (96000, 284654, 188654),
    ),
    (
        "thuisbegeleiding-amersfoort.yaml",
        1.84,
        {
            "agis": (0, 66420, 66420),
            "beweging-3-0": (0, 17970, 17970),
            "ravelijn": (45760, 0, -45760),
            "overigen": (0, 0, 0),
        },
        (45760, 84390, 38630),
    ),
]


@pytest.mark.parametrize(
    ("name", "ratio"), [(a[0], a[1]) for a in ARRANGEMENTS], ids=[a[0] for a in ARRANGEMENTS]
)
def test_arrangement_reproduces_its_printed_ratio(name: str, ratio: float) -> None:
    ev = _evaluate(name)
    # e.g. mentorproject: 81 145 / 41 364 = 1.9617 → 1.96
    assert ev.sroi_ratio is not None
    assert round(ev.sroi_ratio, 2) == ratio


@pytest.mark.parametrize(
    ("name", "rows"), [(a[0], a[2]) for a in ARRANGEMENTS], ids=[a[0] for a in ARRANGEMENTS]
)
def test_arrangement_reproduces_its_stakeholder_table(
    name: str, rows: dict[str, tuple[int, int, int]]
) -> None:
    ev = _evaluate(name)
    # one-year cases in year 0 of mkba: no discounting, so the table comes out exactly
    assert {s.id: (s.investment, s.value, s.net) for s in ev.stakeholders} == rows


@pytest.mark.parametrize(
    ("name", "totals"), [(a[0], a[3]) for a in ARRANGEMENTS], ids=[a[0] for a in ARRANGEMENTS]
)
def test_arrangement_reproduces_its_totals(name: str, totals: tuple[int, int, int]) -> None:
    ev = _evaluate(name)
    assert (ev.pv_investment, ev.pv_benefits, ev.npv) == totals


# ---- reference figures the hand computations use -------------------------------------------------

# CBS CPI, 2015 = 100 (src/rendement/reference/data/cpi.csv)
CPI_2011, CPI_2014, CPI_2022, CPI_2023, CPI_2024 = 93.69, 99.36, 121.43, 126.09, 130.31
# catalogue unit prices (src/rendement/reference/data/catalogue.csv): (value, price year)
PRICES = {
    "care/gp-consult": (30.87, 2022),
    "care/nursing-home-day": (290.0, 2022),
    "care/informal-care-hour": (18.80, 2022),
    "care/social-work-consult": (127.0, 2022),
    "labour/productivity-hour": (39.88, 2022),
    "social/eviction": (7500.0, 2014),
    "social/shelter-year": (23236.0, 2011),
    "social/social-assistance-year-single": (15553.68, 2024),
}


def test_reference_figures_used_by_hand_are_the_bundled_ones() -> None:
    cpi = load_cpi()
    for year, level in [
        (2011, CPI_2011),
        (2014, CPI_2014),
        (2022, CPI_2022),
        (2023, CPI_2023),
        (2024, CPI_2024),
    ]:
        assert cpi.level(year) == level
    catalogue = load_catalogue()
    for ref, (value, year) in PRICES.items():
        entry = catalogue.get(ref)
        assert (entry.value, entry.price_year) == (value, year), ref


def _pv(flows: list[float], factors: list[float]) -> float:
    return sum(f * d for f, d in zip(flows, factors, strict=True))


@dataclass(frozen=True)
class Hand:
    """A case computed by hand: flows per year, factors, present values and results."""

    years: dict[str, list[float]]  # investment or outcome id → undiscounted flow per year
    df_out: list[float]
    df_in: list[float]
    pv: dict[str, float]
    investment: float  # C
    benefits: float  # B
    npv: float
    ratio: float
    bcr: float
    payback: float
    stakeholders: dict[str, tuple[float, float]]  # id → (investment, value)


# ---- buurtcoaches-ouderen: svi, r = 3.5 %, horizon 5 ---------------------------------------------


def _buurtcoaches_by_hand() -> Hand:
    f22 = CPI_2024 / CPI_2022  # 1.0731286 (2022 → 2024)
    f14 = CPI_2024 / CPI_2014  # 1.3114936 (2014 → 2024)
    # svi: outcomes at the end of year t, investments at its start; t = 0..4
    # 0.966184, 0.933511, 0.901943, 0.871442, 0.841973
    df_out = [1.035 ** -(t + 1) for t in range(5)]
    df_in = [1.035**-t for t in range(5)]  # 1, 0.966184, 0.933511, 0.901943, 0.871442

    # investments per year
    coaches = [80000.0, 120000.0, 120000.0, 120000.0, 80000.0]  # schedule
    room = [9000.0] * 5  # amount 9000 × 5 years
    volunteers = [0.0] + [1200 * 20.0] * 4  # 1200 h × 20 = 24 000 from year 1, 4 years

    # outcomes per year: I = q · v · (1 − d)(1 − a)(1 − x), then drop-off from the second year
    gp = 900 * 30.87 * f22 * (1 - 0.25) * (1 - 0.3)  # 15 652.73
    gp_years = [gp, gp * 0.9, gp * 0.9**2, gp * 0.9**3, gp * 0.9**4]
    admission = 2160 * 290 * f22 * (1 - 0.5) * (1 - 0.35)  # 218 467.51, years 1–3
    admission_years = [0.0, admission, admission, admission, 0.0]
    eviction = 2 * 7500 * f14 * (1 - 0.25) * (1 - 0.5)  # 7377.15, years 1–5, cut after 4
    eviction_years = [0.0, eviction, eviction, eviction, eviction]
    carers = 5000 * 18.80 * f22 * (1 - 0.3)  # 70 611.86, years 0–3, drop-off 0.2
    carers_years = [carers, carers * 0.8, carers * 0.8**2, carers * 0.8**3, 0.0]
    wmo = 800 * -32.76 * f22  # −28 124.55 (2022 price re-priced), years 1–4
    wmo_years = [0.0, wmo, wmo, wmo, wmo]

    pv = {
        "buurtcoaches": _pv(coaches, df_in),  # 80 000 + 120 000/1.035 + … = 485 911.82
        "ruimte": _pv(room, df_in),
        "vrijwilligers": _pv(volunteers, df_in),
        "minder-huisartsbezoek": _pv(gp_years, df_out),
        "uitgestelde-opname": _pv(admission_years, df_out),
        "voorkomen-huisuitzetting": _pv(eviction_years, df_out),
        "ontlaste-mantelzorg": _pv(carers_years, df_out),
        "extra-huishoudelijke-hulp": _pv(wmo_years, df_out),
    }
    C = pv["buurtcoaches"] + pv["ruimte"] + pv["vrijwilligers"]
    positive = (
        pv["minder-huisartsbezoek"]
        + pv["uitgestelde-opname"]
        + pv["voorkomen-huisuitzetting"]
        + pv["ontlaste-mantelzorg"]
    )
    negative = -pv["extra-huishoudelijke-hulp"]
    B = positive - negative
    # payback: discounted benefits and investment per year
    b = [
        (gp_years[t] + admission_years[t] + eviction_years[t] + carers_years[t] + wmo_years[t])
        * df_out[t]
        for t in range(5)
    ]
    c = [(coaches[t] + room[t] + volunteers[t]) * df_in[t] for t in range(5)]
    cum_0 = b[0] - c[0]  # 83 347.43 − 89 000 < 0: not paid back in year 0
    assert cum_0 + b[1] >= c[1]  # … but within year 1
    payback = 1 + (c[1] - cum_0) / b[1]
    return Hand(
        years={
            "buurtcoaches": coaches,
            "ruimte": room,
            "vrijwilligers": volunteers,
            "minder-huisartsbezoek": gp_years,
            "uitgestelde-opname": admission_years,
            "voorkomen-huisuitzetting": eviction_years,
            "ontlaste-mantelzorg": carers_years,
            "extra-huishoudelijke-hulp": wmo_years,
        },
        df_out=df_out,
        df_in=df_in,
        pv=pv,
        investment=C,
        benefits=B,
        npv=B - C,
        ratio=B / C,
        bcr=positive / (C + negative),
        payback=payback,
        stakeholders={
            "gemeente": (pv["buurtcoaches"], pv["extra-huishoudelijke-hulp"]),
            "zorgkantoor": (0.0, pv["uitgestelde-opname"]),
            "zorgverzekeraar": (0.0, pv["minder-huisartsbezoek"]),
            "corporatie": (pv["ruimte"], pv["voorkomen-huisuitzetting"]),
            "welzijn": (0.0, 0.0),
            "vrijwilligers": (pv["vrijwilligers"], 0.0),
            "mantelzorgers": (0.0, pv["ontlaste-mantelzorg"]),
            "ouderen": (0.0, 0.0),
        },
    )


# ---- schuldhulp-vroegsignalering: mkba, r = 2.25 % (default), derived horizon 4 ------------------


def _schuldhulp_by_hand() -> Hand:
    f22 = CPI_2024 / CPI_2022  # 1.0731286
    f14 = CPI_2024 / CPI_2014  # 1.3114936
    f11 = CPI_2024 / CPI_2011  # 1.3908635
    f23 = CPI_2024 / CPI_2023  # 1.0334681
    # mkba: (1.0225)^−t for everything; year 0 undiscounted. The last non-zero flow is the
    # half year 3 of the kept jobs (start 1, duration 2.5), so H = 3 + 1 = 4.
    df = [1.0225**-t for t in range(4)]  # 1, 0.977995, 0.956474, 0.935427

    team = [150000.0, 150000.0, 150000.0, 0.0]  # amount × 3 years
    buddies = [2000 * 20.0] * 3 + [0.0]  # 2000 h × 20 = 40 000 × 3 years
    startup = [20000.0, 5000.0, 5000.0, 0.0]  # schedule

    eviction = 12 * 7500 * f14 * (1 - 0.3) * (1 - 0.2)  # 66 099.28, years 0–2
    eviction_years = [eviction] * 3 + [0.0]
    shelter = 3 * 23236 * f11 * (1 - 0.3) * (1 - 0.2)  # 54 294.41, years 0–2
    shelter_years = [shelter] * 3 + [0.0]
    # jobs: displacement too; start 1, drop-off 0.2, duration 2.5 → half of year 3
    jobs = 8000 * 39.88 * f22 * (1 - 0.4) * (1 - 0.3)  # 143 795.79
    jobs_years = [0.0, jobs, jobs * 0.8, jobs * 0.8**2 * 0.5]  # …, 115 036.63, 46 014.65
    consults = 400 * 127 * f22 * (1 - 0.2)  # 43 611.94, drop-off 0.15
    consults_years = [consults, consults * 0.85, consults * 0.85**2, 0.0]
    welfare = 10 * 15553.68 * (1 - 0.3)  # 108 875.76 (2024 prices already), years 1–2
    welfare_years = [0.0, welfare, welfare, 0.0]
    benefit_lost_years = [-x for x in welfare_years]  # the households' side of the transfer
    administration = 10 * -1600 * f23  # −16 535.49 (2023 price re-priced), years 0–2
    administration_years = [administration] * 3 + [0.0]

    pv = {
        "schuldhulpteam": _pv(team, df),
        "schuldhulpmaatjes": _pv(buddies, df),
        "opstart": _pv(startup, df),
        "voorkomen-huisuitzettingen": _pv(eviction_years, df),
        "voorkomen-opvang": _pv(shelter_years, df),
        "werk-behouden": _pv(jobs_years, df),
        "minder-crisisconsulten": _pv(consults_years, df),
        "kortere-bijstand": _pv(welfare_years, df),
        "minder-uitkering": _pv(benefit_lost_years, df),
        "kosten-bewind": _pv(administration_years, df),
    }
    C = pv["schuldhulpteam"] + pv["schuldhulpmaatjes"] + pv["opstart"]
    positive = (
        pv["voorkomen-huisuitzettingen"]
        + pv["voorkomen-opvang"]
        + pv["werk-behouden"]
        + pv["minder-crisisconsulten"]
        + pv["kortere-bijstand"]
    )
    negative = -(pv["minder-uitkering"] + pv["kosten-bewind"])
    B = positive - negative
    b = [
        (
            eviction_years[t]
            + shelter_years[t]
            + jobs_years[t]
            + consults_years[t]
            + welfare_years[t]
            + benefit_lost_years[t]
            + administration_years[t]
        )
        * df[t]
        for t in range(4)
    ]
    c = [(team[t] + buddies[t] + startup[t]) * df[t] for t in range(4)]
    cum_0 = b[0] - c[0]  # 147 404.66 − 210 000 < 0
    assert cum_0 + b[1] >= c[1]  # paid back within year 1
    payback = 1 + (c[1] - cum_0) / b[1]  # 1 + (190 709.05 + 62 595.34) / 278 287.30 = 1.9102
    return Hand(
        years={
            "schuldhulpteam": team,
            "schuldhulpmaatjes": buddies,
            "opstart": startup,
            "voorkomen-huisuitzettingen": eviction_years,
            "voorkomen-opvang": shelter_years,
            "werk-behouden": jobs_years,
            "minder-crisisconsulten": consults_years,
            "kortere-bijstand": welfare_years,
            "minder-uitkering": benefit_lost_years,
            "kosten-bewind": administration_years,
        },
        df_out=df,
        df_in=df,
        pv=pv,
        investment=C,
        benefits=B,
        npv=B - C,
        ratio=B / C,
        bcr=positive / (C + negative),
        payback=payback,
        stakeholders={
            "gemeente": (
                pv["schuldhulpteam"],
                pv["voorkomen-opvang"]
                + pv["minder-crisisconsulten"]
                + pv["kortere-bijstand"]
                + pv["kosten-bewind"],
            ),
            "corporatie": (0.0, pv["voorkomen-huisuitzettingen"]),
            "huishoudens": (0.0, pv["werk-behouden"] + pv["minder-uitkering"]),
            "vrijwilligers": (pv["schuldhulpmaatjes"], 0.0),
            "welzijn": (pv["opstart"], 0.0),
            "schuldeisers": (0.0, 0.0),
        },
    )


MULTI_YEAR = {
    "buurtcoaches-ouderen.yaml": _buurtcoaches_by_hand,
    "schuldhulp-vroegsignalering.yaml": _schuldhulp_by_hand,
}


@pytest.mark.parametrize("name", MULTI_YEAR)
def test_multi_year_flows_by_year_agree_with_the_hand_computation(name: str) -> None:
    hand = MULTI_YEAR[name]()
    ev = _evaluate(name)
    years = hand.years
    engine = {f.id: f.by_year for f in (*ev.investments, *ev.outcomes)}
    assert set(engine) == set(years)
    for key, flows in years.items():
        assert engine[key] == pytest.approx(flows, abs=TOLERANCE), key


@pytest.mark.parametrize("name", MULTI_YEAR)
def test_multi_year_discount_factors_agree_with_the_hand_computation(name: str) -> None:
    hand = MULTI_YEAR[name]()
    ev = _evaluate(name)
    assert [y.discount_factor for y in ev.years] == pytest.approx(hand.df_out, abs=1e-12)
    assert [y.discount_factor_investment for y in ev.years] == pytest.approx(hand.df_in, abs=1e-12)


@pytest.mark.parametrize("name", MULTI_YEAR)
def test_multi_year_present_values_agree_with_the_hand_computation(name: str) -> None:
    hand = MULTI_YEAR[name]()
    ev = _evaluate(name)
    engine = {f.id: f.pv for f in (*ev.investments, *ev.outcomes)}
    pv = hand.pv
    for key, value in pv.items():
        assert engine[key] == pytest.approx(value, abs=TOLERANCE), key


@pytest.mark.parametrize("name", MULTI_YEAR)
def test_multi_year_totals_and_ratios_agree_with_the_hand_computation(name: str) -> None:
    hand = MULTI_YEAR[name]()
    ev = _evaluate(name)
    assert ev.pv_investment == pytest.approx(hand.investment, abs=TOLERANCE)
    assert ev.pv_benefits == pytest.approx(hand.benefits, abs=TOLERANCE)
    assert ev.npv == pytest.approx(hand.npv, abs=TOLERANCE)
    assert ev.sroi_ratio == pytest.approx(hand.ratio, abs=TOLERANCE)
    assert ev.bcr == pytest.approx(hand.bcr, abs=TOLERANCE)
    assert ev.payback_years == pytest.approx(hand.payback, abs=TOLERANCE)


@pytest.mark.parametrize("name", MULTI_YEAR)
def test_multi_year_stakeholder_rows_agree_with_the_hand_computation(name: str) -> None:
    hand = MULTI_YEAR[name]()
    ev = _evaluate(name)
    rows = hand.stakeholders
    assert [s.id for s in ev.stakeholders] == list(rows)
    for s in ev.stakeholders:
        investment, value = rows[s.id]
        assert (s.investment, s.value, s.net) == pytest.approx(
            (investment, value, value - investment), abs=TOLERANCE
        ), s.id


def test_buurtcoaches_figures() -> None:
    # the hand computation's headline figures, rounded, for a reader of this file
    hand = _buurtcoaches_by_hand()
    assert round(hand.investment, 2) == 616123.43
    assert round(hand.benefits, 2) == 769262.65
    assert round(hand.ratio, 4) == 1.2486


def test_schuldhulp_figures() -> None:
    hand = _schuldhulp_by_hand()
    assert round(hand.investment, 2) == 587221.56
    assert round(hand.benefits, 2) == 708477.8
    assert round(hand.ratio, 4) == 1.2065


def test_buurtcoaches_conclusion_and_scenarios() -> None:
    ev = _evaluate("buurtcoaches-ouderen.yaml")
    assert ev.conclusion == "positive"
    assert [p.id for p in ev.pm_items] == ["minder-eenzaamheid"]
    # without delayed admissions the balance turns negative; the large positive PM item
    # (less loneliness) then leaves it undetermined
    without = _evaluate("buurtcoaches-ouderen.yaml", "zonder-uitstel")
    hand = _buurtcoaches_by_hand()
    pv = hand.pv
    assert without.npv == pytest.approx(hand.npv - pv["uitgestelde-opname"], abs=TOLERANCE)
    assert without.conclusion == "undetermined"


def test_schuldhulp_named_scenario_halves_the_kept_jobs() -> None:
    ev = _evaluate("schuldhulp-vroegsignalering.yaml", "minder-werkbehoud")
    hand = _schuldhulp_by_hand()
    pv = hand.pv
    # quantity 8000 → 4000 halves that outcome's PV
    assert ev.npv == pytest.approx(hand.npv - pv["werk-behouden"] / 2, abs=TOLERANCE)


# ---- the bundled portfolio (method.md §16) ---------------------------------------------------


def test_bundled_portfolio_funds_the_bundled_cases_with_shared_savings() -> None:
    from rendement.usecases.fund import fund_file

    portfolio = EXAMPLES / "portfolios" / "voorbeeldstad.yaml"
    result = fund_file(portfolio)
    assert result.rule.rule == "shared-savings"
    assert {case for case, _, _ in result.members} == {
        "buurtcoaches-ouderen",
        "schuldhulp-vroegsignalering",
    }
    # the fund pays every member's programme costs: their sum over the years is the scaled,
    # shifted sum of the members' own investments (both cases are priced in 2024)
    own = {
        "buurtcoaches-ouderen": 6
        * sum(y.investment for y in _evaluate("buurtcoaches-ouderen.yaml").years),
        "schuldhulp-vroegsignalering": 2
        * sum(y.investment for y in _evaluate("schuldhulp-vroegsignalering.yaml").years),
    }
    assert sum(y.costs for y in result.years) == pytest.approx(sum(own.values()), rel=1e-12)


# ---- the example with project alternatives (method.md §13) ---------------------------------------


def test_the_alternatives_example_compares_two_variants_with_the_case() -> None:
    from rendement.engine import prepare
    from rendement.engine.alternatives import overview, resolve_options

    case = load_case(EXAMPLES / "buurtcoaches-varianten.yaml").case
    options = resolve_options(prepare(case), load_catalogue(), load_cpi())
    assert [o.id for o in options] == ["base", "intensief", "licht"]
    results = {r.id: r.evaluation for r in overview(options).options}
    # the case is buurtcoaches-ouderen with another id and title: the same figures
    same = _evaluate("buurtcoaches-ouderen.yaml")
    assert results["base"].npv == pytest.approx(same.npv, abs=TOLERANCE)
    # licht removes the coaches' schedule (80 + 120 + 120 + 120 + 80 thousand) and adds
    # 48,000 a year for five years; the other investments stay: ΔC at rate 3.5 %, year t
    # at 1.035^-t
    discount = [1.035**-t for t in range(5)]
    schedule = [80000, 120000, 120000, 120000, 80000]
    delta = sum((48000 - a) * d for a, d in zip(schedule, discount, strict=True))
    assert results["licht"].pv_investment - results["base"].pv_investment == pytest.approx(
        delta, abs=TOLERANCE
    )
