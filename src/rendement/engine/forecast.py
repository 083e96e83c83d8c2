"""An ex-post case against the ex-ante case it realises (method.md §14).

Items (investments, outcomes, stakeholders) are matched by id and parameters by path. The
forecast's distribution is its own Monte-Carlo simulation: the same seeded stream as
:func:`rendement.engine.simulate.simulate`, so the forecast's draws here are the draws of
``rendement calc FORECAST --draws N --seed S``. A percentile rank (PIT) is the share of those
draws at or below the actual value.

Money is compared in the actual case's price year: the caller passes ``reprice``, the CPI
factor from the forecast's price year to the actual's (1 when they agree). A proxy is compared
as it enters the case (re-priced to its case's price year), so a proxy given in another price
year, or taken from the catalogue, is compared in the same money as an investment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from rendement.engine.distributions import Sampler
from rendement.engine.parameters import FloatArray, Parameter, Structure
from rendement.engine.present import investment_present_values, outcome_present_values
from rendement.engine.results import compute, membership
from rendement.engine.simulate import CHUNK, DEFAULT_DRAWS, simulation_horizon

KINDS = ("investment", "outcome", "stakeholder")


@dataclass(frozen=True)
class ItemComparison:
    """One matched item. A stakeholder's present value is its net value (value − investment,
    method.md §5), so the stakeholder rows add up to the NPV on both sides."""

    id: str
    kind: str  # investment | outcome | stakeholder
    forecast_pv: float
    actual_pv: float
    difference: float  # actual − forecast
    ratio: float | None  # actual / forecast; None when the forecast PV is 0
    ratio_reason: str | None = None  # "forecast-zero" when ratio is None


@dataclass(frozen=True)
class ParameterComparison:
    """One parameter present in both cases (by path), in the actual case's money for money.

    ``low``/``high`` are the forecast's range as scenarios use it (method.md §7) and ``pit``
    the share of the forecast's draws at or below ``actual``; both None for a forecast value
    given without a range (a point has no distribution to rank in)."""

    parameter: str
    forecast: float
    low: float | None
    high: float | None
    actual: float
    pit: float | None


@dataclass(frozen=True)
class UnmatchedItem:
    id: str
    kind: str


@dataclass(frozen=True)
class RatioSpread:
    """The forecast's simulated ratio: P5, P50, P95 over the draws where it is defined."""

    p5: float | None
    p50: float | None
    p95: float | None


@dataclass(frozen=True)
class ForecastComparison:
    forecast_id: str
    actual_id: str
    ratio_name: str  # sroi_ratio | bcr: the ratio the actual case reports (bcr for an MKBA)
    draws: int
    seed: int
    reprice: float
    items: tuple[ItemComparison, ...]
    parameters: tuple[ParameterComparison, ...]
    forecast_npv: float
    actual_npv: float
    forecast_ratio: float | None
    actual_ratio: float | None
    npv_pit: float
    ratio_pit: float | None
    forecast_ratio_spread: RatioSpread
    new: tuple[UnmatchedItem, ...]
    dropped: tuple[UnmatchedItem, ...]


@dataclass(frozen=True)
class ForecastDraws:
    """The forecast's parameter rows and results, one row per draw."""

    X: FloatArray  # (n, P)
    npv: FloatArray  # (n,)
    sroi_ratio: FloatArray  # (n,), NaN where undefined
    bcr: FloatArray  # (n,), NaN where undefined


def draw_forecast(
    structure: Structure, draws: int = DEFAULT_DRAWS, seed: int = 0, chunk: int = CHUNK
) -> ForecastDraws:
    """The parameter rows of ``draws`` draws and their NPV and ratios.

    The uniforms are drawn ``chunk`` rows at a time from ``default_rng(seed)`` as the
    simulation draws them, so both see the same numbers (a stream does not depend on how it is
    cut into chunks)."""
    if draws < 1:
        raise ValueError("the forecast needs at least 1 draw")
    ranged = structure.ranged
    columns = np.array([structure.index[p.path] for p in ranged], dtype=np.intp)
    sampler = Sampler.for_numbers(tuple(p.number for p in ranged))
    X = np.repeat(structure.base_row(), draws, axis=0)
    rng = np.random.default_rng(seed)
    if ranged:
        normal = [p for p in ranged if p.number.effective_dist == "normal"]
        unbounded = np.array([structure.index[p.path] for p in normal], dtype=np.intp)
        floor = np.array([p.floor for p in normal])
        ceiling = np.array([p.ceiling for p in normal])
        for first in range(0, draws, chunk):
            m = min(chunk, draws - first)
            block = X[first : first + m]
            sampler.fill(rng.random((m, len(ranged))), block, columns)
            if unbounded.size:
                block[:, unbounded] = np.clip(block[:, unbounded], floor, ceiling)
    years = simulation_horizon(structure)
    ids = structure.stakeholder_ids
    to_value = membership([o.stakeholder for o in structure.outcomes], ids)
    to_investment = membership([j.stakeholder for j in structure.investments], ids)
    npv = np.empty(draws)
    sroi = np.empty(draws)
    bcr = np.empty(draws)
    for first in range(0, draws, chunk):
        rows = slice(first, min(draws, first + chunk))
        pv_out = outcome_present_values(structure, X[rows], years)
        pv_in = investment_present_values(structure, X[rows], years)
        benefits = (pv_out @ to_value).sum(axis=1)
        cost = (pv_in @ to_investment).sum(axis=1)
        positive = np.where(pv_out > 0, pv_out, 0.0).sum(axis=1)
        negative = np.where(pv_out < 0, -pv_out, 0.0).sum(axis=1)
        npv[rows] = benefits - cost
        with np.errstate(divide="ignore", invalid="ignore"):
            sroi[rows] = np.where(cost != 0, benefits / cost, np.nan)
            bcr[rows] = np.where(cost + negative != 0, positive / (cost + negative), np.nan)
    return ForecastDraws(X, npv, sroi, bcr)


def pit(draws: FloatArray, actual: float) -> float | None:
    """method.md §14: ``F_forecast(actual)``, the share of the (defined) draws ≤ ``actual``."""
    defined = draws[np.isfinite(draws)]
    if defined.size == 0 or not math.isfinite(actual):
        return None
    return float(np.count_nonzero(defined <= actual)) / float(defined.size)


def money_factor(structure: Structure, path: str) -> float | None:
    """What turns a parameter into money of the case's price year: a proxy's re-pricing
    factor, 1 for an investment's amount, schedule or hourly rate; None when the parameter is
    not money (a quantity, a share, hours, a duration, the discount rate)."""
    parts = path.split(".")
    if parts[0] == "outcomes" and parts[-1] == "proxy":
        for spec in structure.outcomes:
            if spec.id == parts[1]:
                return spec.price_factor
        return None
    if parts[0] == "investments" and (parts[-1] in ("amount", "rate") or "schedule" in parts):
        return 1.0
    return None


def _item(item_id: str, kind: str, forecast: float, actual: float) -> ItemComparison:
    if forecast == 0:
        return ItemComparison(
            item_id, kind, forecast, actual, actual - forecast, None, "forecast-zero"
        )
    return ItemComparison(item_id, kind, forecast, actual, actual - forecast, actual / forecast)


def _ids(structure: Structure) -> dict[str, list[str]]:
    case = structure.case
    return {
        "investment": [j.id for j in case.investments],
        "outcome": [o.id for o in case.outcomes],
        "stakeholder": [s.id for s in case.stakeholders],
    }


def _point_pvs(structure: Structure) -> dict[str, dict[str, float]]:
    """Each item's present value at the point values; a PM outcome enters no total (§6): 0."""
    res = compute(structure, structure.base_row())
    outcomes = {o.id: 0.0 for o in structure.case.outcomes}
    outcomes.update({o.id: float(res.pv_outcomes[0, i]) for i, o in enumerate(structure.outcomes)})
    return {
        "investment": {
            j.id: float(res.pv_investments[0, k]) for k, j in enumerate(structure.investments)
        },
        "outcome": outcomes,
        "stakeholder": {
            s: float(res.stakeholder_net[0, k]) for k, s in enumerate(structure.stakeholder_ids)
        },
    }


def _ratio_name(structure: Structure) -> str:
    # the ratio a case reports: the benefit-cost ratio for an MKBA, else the SROI ratio
    return "bcr" if structure.case.case.method == "mkba" else "sroi_ratio"


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _parameter(
    path: str,
    forecast: Structure,
    actual: Structure,
    draws: ForecastDraws,
    reprice: float,
) -> ParameterComparison | None:
    p: Parameter = forecast.parameters[forecast.index[path]]
    a: Parameter = actual.parameters[actual.index[path]]
    f_money = money_factor(forecast, path)
    a_money = money_factor(actual, path)
    f_scale = 1.0 if f_money is None else f_money * reprice
    a_scale = 1.0 if a_money is None else a_money
    value = p.number.value * f_scale
    actual_value = a.number.value * a_scale
    if not p.is_ranged:
        if math.isclose(value, actual_value, rel_tol=1e-12, abs_tol=1e-12):
            return None  # a fixed figure that came true: nothing to compare
        return ParameterComparison(path, value, None, None, actual_value, None)
    low, high = p.span
    column = draws.X[:, forecast.index[path]] * f_scale
    return ParameterComparison(
        path, value, low * f_scale, high * f_scale, actual_value, pit(column, actual_value)
    )


def compare_forecast(
    forecast: Structure,
    actual: Structure,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    reprice: float = 1.0,
) -> ForecastComparison:
    """The comparison of method.md §14 of an ex-post case with its ex-ante forecast.

    Parameters
    ----------
    forecast, actual : Structure
        The ex-ante and the ex-post case, prepared.
    draws, seed : int
        The forecast's simulation (default 10,000 draws, seed 0).
    reprice : float
        CPI factor from the forecast's price year to the actual's: every money figure of the
        forecast is multiplied by it.
    """
    sim = draw_forecast(forecast, draws, seed)
    f_pvs, a_pvs = _point_pvs(forecast), _point_pvs(actual)
    f_ids, a_ids = _ids(forecast), _ids(actual)
    items: list[ItemComparison] = []
    new: list[UnmatchedItem] = []
    dropped: list[UnmatchedItem] = []
    # a PM item on both sides has no present value on either: matched, but not a row
    pm_both = {o.id for o in forecast.case.outcomes if o.is_pm} & {
        o.id for o in actual.case.outcomes if o.is_pm
    }
    for kind in KINDS:
        in_forecast = set(f_ids[kind])
        in_actual = set(a_ids[kind])
        for item_id in a_ids[kind]:
            if kind == "outcome" and item_id in pm_both:
                continue
            if item_id in in_forecast:
                items.append(
                    _item(item_id, kind, f_pvs[kind][item_id] * reprice, a_pvs[kind][item_id])
                )
            else:
                new.append(UnmatchedItem(item_id, kind))
        dropped += [UnmatchedItem(i, kind) for i in f_ids[kind] if i not in in_actual]
    parameters = [
        found
        for path in (p.path for p in actual.parameters)
        if path in forecast.index
        and (found := _parameter(path, forecast, actual, sim, reprice)) is not None
    ]
    name = _ratio_name(actual)
    f_point = compute(forecast, forecast.base_row())
    a_point = compute(actual, actual.base_row())
    ratio_draws = sim.bcr if name == "bcr" else sim.sroi_ratio
    actual_ratio = _finite(float(getattr(a_point, name)[0]))
    defined = ratio_draws[np.isfinite(ratio_draws)]
    spread = (
        RatioSpread(*(float(v) for v in np.percentile(defined, (5.0, 50.0, 95.0))))
        if defined.size
        else RatioSpread(None, None, None)
    )
    actual_npv = float(a_point.npv[0])
    npv_pit = pit(sim.npv * reprice, actual_npv)
    assert npv_pit is not None  # NPV is defined for every draw
    return ForecastComparison(
        forecast_id=forecast.case.case.id,
        actual_id=actual.case.case.id,
        ratio_name=name,
        draws=draws,
        seed=seed,
        reprice=reprice,
        items=tuple(items),
        parameters=tuple(parameters),
        forecast_npv=float(f_point.npv[0]) * reprice,
        actual_npv=actual_npv,
        forecast_ratio=_finite(float(getattr(f_point, name)[0])),
        actual_ratio=actual_ratio,
        npv_pit=npv_pit,
        ratio_pit=None if actual_ratio is None else pit(ratio_draws, actual_ratio),
        forecast_ratio_spread=spread,
        new=tuple(new),
        dropped=tuple(dropped),
    )
