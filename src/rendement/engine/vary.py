"""One parameter at a time, many at once (method.md §7: scenario ends, tornado, switching values).

Each query is a row of the point case with one parameter changed. Evaluating such rows in full
costs ``(n, O, T)``: for the tornado of 2,000 outcomes × 50 years that is 28,000 × 2,000 × 50
numbers. But a row that moves one outcome's parameter changes that outcome's present value
only, and one that moves an investment's changes that investment's only: so each query's
changed item is evaluated alone, on the same flow formulas (``flows.py``), as one row of an
``(n, T)`` array, and every other item keeps its point-case value. The discount rate changes
no amount, only how the point case's yearly totals are discounted.

With a derived horizon every query's flows are counted in full (a longer duration is never
cut short); with the case's own horizon every flow ends there, as in ``compute``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from rendement.engine.discount import discount_factors
from rendement.engine.flows import (
    attributable,
    horizon,
    investment_flows,
    price_factors,
    profile,
)
from rendement.engine.parameters import FloatArray, IntArray, Structure
from rendement.engine.results import compute

# the parameters of an outcome, in the order of the columns of ``OneAtATime.fields``
FIELDS = (
    "quantity",
    "proxy",
    "deadweight",
    "attribution",
    "displacement",
    "drop_off",
    "duration",
)
_CHUNK_CELLS = 1 << 21  # numbers per temporary array: ~16 MB


@dataclass(frozen=True)
class Varied:
    """Totals of each query row."""

    pv_benefits: FloatArray
    pv_investment: FloatArray

    @property
    def npv(self) -> FloatArray:
        result: FloatArray = self.pv_benefits - self.pv_investment
        return result

    @property
    def sroi_ratio(self) -> FloatArray:
        """B / C, NaN where C = 0 (method.md §5)."""
        out = np.full_like(self.pv_benefits, np.nan)
        np.divide(self.pv_benefits, self.pv_investment, out=out, where=self.pv_investment != 0)
        return out


class OneAtATime:
    """The point case kept per item, ready to answer many one-parameter changes at once."""

    def __init__(self, structure: Structure) -> None:
        self.structure = structure
        base = structure.base_row()
        self.base = base
        self.years = horizon(structure, base)
        res = compute(structure, base, self.years)
        self.pv_outcomes = res.pv_outcomes[0]
        self.pv_investments = res.pv_investments[0]
        self.pv_benefits = float(res.pv_benefits[0])
        self.pv_investment = float(res.pv_investment[0])
        # yearly undiscounted totals: what a changed discount rate re-discounts
        self.benefits_by_year = res.outcome_flows[0].sum(axis=0)
        self.investment_by_year = res.investment_flows[0].sum(axis=0)
        P = len(structure.parameters)
        self.outcome_of = np.full(P, -1, dtype=np.intp)
        self.field_of = np.full(P, -1, dtype=np.intp)
        for i, o in enumerate(structure.outcomes):
            for f, name in enumerate(FIELDS):
                col = getattr(o, name)
                self.outcome_of[col] = i
                self.field_of[col] = f
        self.investment_of = np.full(P, -1, dtype=np.intp)
        for j, inv in enumerate(structure.investments):
            for col, rate in inv.cells:
                self.investment_of[col] = j
                if rate >= 0:
                    self.investment_of[rate] = j
        # (O, 7): each outcome's parameters at their values
        self.fields = np.array(
            [[base[0, getattr(o, name)] for name in FIELDS] for o in structure.outcomes],
            dtype=np.float64,
        ).reshape(len(structure.outcomes), len(FIELDS))
        self.starts = np.array([o.start for o in structure.outcomes], dtype=np.float64)
        self.factors = price_factors(structure)

    @property
    def npv(self) -> float:
        return self.pv_benefits - self.pv_investment

    def evaluate(self, columns: IntArray, values: FloatArray) -> Varied:
        """Totals of the rows "point case with parameter ``columns[m]`` at ``values[m]``"."""
        columns = np.asarray(columns, dtype=np.intp)
        values = np.asarray(values, dtype=np.float64)
        benefits = np.full(columns.size, self.pv_benefits)
        investment = np.full(columns.size, self.pv_investment)
        outcome = self.outcome_of[columns]
        at_outcome = np.nonzero(outcome >= 0)[0]
        if at_outcome.size:
            owner = outcome[at_outcome]
            changed = self.outcome_pvs(
                owner, self.field_of[columns[at_outcome]], values[at_outcome]
            )
            benefits[at_outcome] += changed - self.pv_outcomes[owner]
        owner_investment = self.investment_of[columns]
        for j in np.unique(owner_investment[owner_investment >= 0]):
            rows = np.nonzero(owner_investment == j)[0]
            changed = self._investment_pvs(int(j), columns[rows], values[rows])
            investment[rows] += changed - self.pv_investments[j]
        at_rate = np.nonzero(columns == self.structure.discount_rate)[0]
        if at_rate.size:
            df_out, df_in = discount_factors(
                values[at_rate], self.years, self.structure.discounting
            )
            benefits[at_rate] = df_out @ self.benefits_by_year
            investment[at_rate] = df_in @ self.investment_by_year
        return Varied(pv_benefits=benefits, pv_investment=investment)

    def outcome_pvs(self, outcomes: IntArray, fields: IntArray, values: FloatArray) -> FloatArray:
        """PV of outcome ``outcomes[m]`` with its parameter ``FIELDS[fields[m]]`` at
        ``values[m]``, the rest at their values; the discount rate at its value."""
        F = self.fields[outcomes]
        F[np.arange(outcomes.size), fields] = values
        start = self.starts[outcomes]
        if self.structure.horizon is not None:
            lengths = np.full(outcomes.size, self.structure.horizon, dtype=np.intp)
        else:
            # every flow in full: the outcome's own years (a longer duration lengthens them)
            lengths = (start + np.ceil(np.maximum(F[:, 6], 1.0))).astype(np.intp)
        # queries sorted by length, so each chunk is as long as its longest member needs
        order = np.argsort(lengths, kind="stable")
        result = np.empty(outcomes.size)
        rate = self.base[:, self.structure.discount_rate]
        first = 0
        while first < order.size:
            part = order[first : first + max(1, _CHUNK_CELLS // max(1, int(lengths[order[first]])))]
            years = max(1, int(lengths[part].max()))
            if years * part.size > 2 * _CHUNK_CELLS:
                part = part[: max(1, _CHUNK_CELLS // years)]
            df_out, _ = discount_factors(rate, years, self.structure.discounting)
            f = F[part]
            impact = attributable(f[:, 0], f[:, 2], f[:, 3], f[:, 4]) * (
                f[:, 1] * self.factors[outcomes[part]]
            )
            weights = profile(start[part], f[:, 6], f[:, 5], years) @ df_out[0]
            result[part] = impact * weights
            first += part.size
        return result

    def _investment_pvs(self, j: int, columns: IntArray, values: FloatArray) -> FloatArray:
        """PV of investment ``j`` in each row, the investment alone through ``investment_flows``."""
        inv = self.structure.investments[j]
        alone = replace(self.structure, outcomes=(), investments=(inv,))
        X = np.repeat(self.base, columns.size, axis=0)
        X[np.arange(columns.size), columns] = values
        years = (
            self.structure.horizon
            if self.structure.horizon is not None
            else max(self.years, inv.start + len(inv.cells))
        )
        _, df_in = discount_factors(X[:, self.structure.discount_rate], years, alone.discounting)
        result: FloatArray = np.einsum("nt,nt->n", investment_flows(alone, X, years)[:, 0], df_in)
        return result
