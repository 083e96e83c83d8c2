"""Present values, ratios, payback and per-stakeholder rows for every draw (method.md §5)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rendement.engine.discount import discount_factors
from rendement.engine.flows import horizon, investment_flows, outcome_flows
from rendement.engine.parameters import FloatArray, Structure


@dataclass(frozen=True)
class ResultArrays:
    """Results of ``n`` draws at once. Ratios are NaN where undefined (no investment)."""

    years: int
    outcome_flows: FloatArray  # (n, O, T) undiscounted
    investment_flows: FloatArray  # (n, J, T) undiscounted
    discount_out: FloatArray  # (n, T)
    discount_in: FloatArray  # (n, T)
    pv_outcomes: FloatArray  # (n, O)
    pv_investments: FloatArray  # (n, J)
    benefits_by_year: FloatArray  # (n, T) discounted
    investment_by_year: FloatArray  # (n, T) discounted
    stakeholder_investment: FloatArray  # (n, K)
    stakeholder_value: FloatArray  # (n, K)
    pv_benefits: FloatArray  # (n,)
    pv_investment: FloatArray  # (n,)
    npv: FloatArray
    sroi_ratio: FloatArray
    net_sroi_ratio: FloatArray
    bcr: FloatArray
    payback_years: FloatArray

    @property
    def stakeholder_net(self) -> FloatArray:
        net: FloatArray = self.stakeholder_value - self.stakeholder_investment
        return net


def membership(owner_ids: list[str], stakeholder_ids: tuple[str, ...]) -> FloatArray:
    matrix = np.zeros((len(owner_ids), len(stakeholder_ids)))
    for row, owner in enumerate(owner_ids):
        matrix[row, stakeholder_ids.index(owner)] = 1.0
    return matrix


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    out = np.full_like(numerator, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def payback(benefits: FloatArray, investment: FloatArray) -> FloatArray:
    """method.md §5, payback: investments paid at the start of a year, benefits accrue evenly.

    In the first year t with cumulative investment > 0 where ``cum_before + B_t ≥ C_t``
    (``cum_before = Σ_{u<t} (B_u − C_u)``): τ = t + (C_t − cum_before) / B_t, or τ = t when
    ``cum_before ≥ C_t`` already. NaN when it never happens within the horizon.
    """
    n, years = benefits.shape
    net = benefits - investment
    cum_before = np.concatenate([np.zeros((n, 1)), np.cumsum(net, axis=1)[:, :-1]], axis=1)
    # method.md §5: counting starts in the first year with cumulative investment > 0, so
    # benefits before any investment do not make τ = 0
    invested = np.cumsum(investment, axis=1) > 0
    covered_at_start = cum_before >= investment
    gap = investment - cum_before
    fraction = np.full_like(gap, np.inf)
    np.divide(gap, benefits, out=fraction, where=benefits > 0)
    within = (benefits > 0) & (fraction <= 1.0)
    tau = np.where(covered_at_start, 0.0, fraction) + np.arange(years)[None, :]
    hit = invested & (covered_at_start | within)
    first = np.argmax(hit, axis=1)
    found = hit[np.arange(n), first]
    result: FloatArray = np.where(found, tau[np.arange(n), first], np.nan)
    return result


def compute(structure: Structure, X: FloatArray, years: int | None = None) -> ResultArrays:
    """Evaluate ``n`` parameter rows at once; the point case is ``n = 1``."""
    T = horizon(structure, X) if years is None else years
    V = outcome_flows(structure, X, T)
    A = investment_flows(structure, X, T)
    rate = X[:, structure.discount_rate]
    df_out, df_in = discount_factors(rate, T, structure.discounting)
    discounted_out = V * df_out[:, None, :]
    discounted_in = A * df_in[:, None, :]
    pv_out = discounted_out.sum(axis=2)
    pv_in = discounted_in.sum(axis=2)
    ids = structure.stakeholder_ids
    by_value = pv_out @ membership([o.stakeholder for o in structure.outcomes], ids)
    by_investment = pv_in @ membership([j.stakeholder for j in structure.investments], ids)
    # totals are the sums of the stakeholder rows, so the rows add up to them
    benefits = by_value.sum(axis=1)
    investment = by_investment.sum(axis=1)
    npv = benefits - investment
    positive = np.where(pv_out > 0, pv_out, 0.0).sum(axis=1)
    negative = np.where(pv_out < 0, -pv_out, 0.0).sum(axis=1)
    by_year_b = discounted_out.sum(axis=1)
    by_year_c = discounted_in.sum(axis=1)
    return ResultArrays(
        years=T,
        outcome_flows=V,
        investment_flows=A,
        discount_out=df_out,
        discount_in=df_in,
        pv_outcomes=pv_out,
        pv_investments=pv_in,
        benefits_by_year=by_year_b,
        investment_by_year=by_year_c,
        stakeholder_investment=by_investment,
        stakeholder_value=by_value,
        pv_benefits=benefits,
        pv_investment=investment,
        npv=npv,
        sroi_ratio=_ratio(benefits, investment),
        net_sroi_ratio=_ratio(npv, investment),
        bcr=_ratio(positive, investment + negative),
        payback_years=payback(by_year_b, by_year_c),
    )


def npv_only(structure: Structure, X: FloatArray, years: int) -> FloatArray:
    """NPV of ``n`` rows without keeping the flows: the lean path for many draws."""
    V = outcome_flows(structure, X, years)
    A = investment_flows(structure, X, years)
    df_out, df_in = discount_factors(X[:, structure.discount_rate], years, structure.discounting)
    result: FloatArray = np.einsum("not,nt->n", V, df_out) - np.einsum("njt,nt->n", A, df_in)
    return result
