"""Who should pay: the benefit-proportional and the compensating co-financing proposals
(method.md §8)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rendement.engine.parameters import FloatArray


@dataclass(frozen=True)
class CofinancingRow:
    id: str
    name: str
    kind: str
    investment: float
    value: float
    proposed: float
    transfer: float  # proposed − current: > 0 pays more, < 0 receives
    net_after: float  # value − proposed


@dataclass(frozen=True)
class CompensatingProposal:
    """method.md §8: every party ends at ``S · V_k⁺ / ΣV⁺ ≥ 0``; a party bearing a cost shift
    is compensated. With a negative surplus there are no rows, only the shortfall ``−S``."""

    surplus: float  # S = ΣV − C
    shortfall: float | None  # −S when S < 0, else None
    rows: tuple[CofinancingRow, ...]


@dataclass(frozen=True)
class CofinancingProposal:
    total_investment: float
    total_positive_value: float
    covers_investment: bool  # ΣV⁺ ≥ C: every beneficiary keeps a non-negative share
    rows: tuple[CofinancingRow, ...]
    reason: str | None = None  # why no proposal could be made
    compensating: CompensatingProposal | None = None


def proposed_contributions(values: FloatArray, investment: FloatArray) -> FloatArray:
    """c_k = C · V_k⁺ / Σ V⁺ for every draw; ``values`` (n, K), ``investment`` (n,).

    Where no stakeholder gains (Σ V⁺ = 0) the current split is kept: NaN is returned for those
    rows so callers can say so.
    """
    positive = np.maximum(values, 0.0)
    total = positive.sum(axis=1, keepdims=True)
    share = np.full_like(positive, np.nan)
    np.divide(positive, total, out=share, where=total > 0)
    result: FloatArray = share * investment[:, None]
    return result


def compensating_contributions(values: FloatArray, investment: FloatArray) -> FloatArray:
    """method.md §8, compensating: ``c_k = V_k − S · V_k⁺ / ΣV⁺`` with ``S = ΣV − C``, for
    every draw; ``values`` (n, K) signed, ``investment`` (n,). NaN rows where ``S < 0``.

    When ``S ≥ 0`` and nobody gains (ΣV⁺ = 0) every value is 0 and so is C: nobody pays.
    """
    positive = np.maximum(values, 0.0)
    total = positive.sum(axis=1, keepdims=True)
    surplus = values.sum(axis=1, keepdims=True) - investment[:, None]
    share = np.zeros_like(positive)
    np.divide(positive, total, out=share, where=total > 0)
    result: FloatArray = values - surplus * share
    result[surplus[:, 0] < 0] = np.nan
    return result


def _rows(
    ids: tuple[str, ...],
    names: tuple[str, ...],
    kinds: tuple[str, ...],
    investment: FloatArray,
    value: FloatArray,
    proposed: FloatArray,
) -> tuple[CofinancingRow, ...]:
    """Per stakeholder: what it pays now, gains, is proposed to pay, the transfer (proposed −
    current) and what it keeps (value − proposed)."""
    return tuple(
        CofinancingRow(
            id=ids[k],
            name=names[k],
            kind=kinds[k],
            investment=float(investment[k]),
            value=float(value[k]),
            proposed=float(proposed[k]),
            transfer=float(proposed[k] - investment[k]),
            net_after=float(value[k] - proposed[k]),
        )
        for k in range(len(ids))
    )


def compensating_proposal(
    ids: tuple[str, ...],
    names: tuple[str, ...],
    kinds: tuple[str, ...],
    investment: FloatArray,
    value: FloatArray,
) -> CompensatingProposal:
    """The compensating proposal for one evaluation (1-D arrays over stakeholders)."""
    total_c = float(investment.sum())
    surplus = float(value.sum()) - total_c
    if surplus < 0:
        return CompensatingProposal(surplus=surplus, shortfall=-surplus, rows=())
    proposed = compensating_contributions(value[None, :], np.array([total_c]))[0]
    rows = _rows(ids, names, kinds, investment, value, proposed)
    return CompensatingProposal(surplus=surplus, shortfall=None, rows=rows)


def proposal(
    ids: tuple[str, ...],
    names: tuple[str, ...],
    kinds: tuple[str, ...],
    investment: FloatArray,
    value: FloatArray,
) -> CofinancingProposal:
    """The proposal for one evaluation (1-D arrays over stakeholders)."""
    total_c = float(investment.sum())
    total_pos = float(np.maximum(value, 0.0).sum())
    compensating = compensating_proposal(ids, names, kinds, investment, value)
    if total_pos <= 0:
        return CofinancingProposal(
            total_investment=total_c,
            total_positive_value=total_pos,
            covers_investment=False,
            rows=(),
            reason="no stakeholder gains, so there is no benefit to share the costs by",
            compensating=compensating,
        )
    proposed = proposed_contributions(value[None, :], np.array([total_c]))[0]
    rows = _rows(ids, names, kinds, investment, value, proposed)
    return CofinancingProposal(
        total_investment=total_c,
        total_positive_value=total_pos,
        covers_investment=total_pos >= total_c,
        rows=rows,
        compensating=compensating,
    )
