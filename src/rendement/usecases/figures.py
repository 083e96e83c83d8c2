"""The figures the registry keeps for a document: its ratio and interval, the conservative
variant, the benefits and costs the meta-analysis pools, the evidence level and the conventions
(method.md §5, §10, §11)."""

from __future__ import annotations

import math
from typing import Any

from rendement.engine import prepare, scenario_row
from rendement.engine.evaluate import Evaluation, point_evaluation
from rendement.engine.simulate import simulate
from rendement.model import Case, CaseError, Summary
from rendement.model.errors import Issue, Loc
from rendement.model.evidence import case_flags, derived_level, summary_flags
from rendement.registry import Figures

__all__ = ["INTERVAL_DRAWS", "INTERVAL_SEED", "SUMMARY_RATIO_LIMIT", "figures_for"]

# draws used for a full case's own interval of its ratio (method.md §10)
INTERVAL_DRAWS = 2000
INTERVAL_SEED = 0


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _case_ratio(method: str | None, sroi: float | None, bcr: float | None) -> float | None:
    """The ratio a case reports: the benefit-cost ratio for an MKBA, else the SROI ratio."""
    return bcr if method == "mkba" else sroi


def _ratio_reading(method: str | None, evaluation: Evaluation) -> tuple[float, float]:
    """Benefits and costs as the case's own ratio reads them, so that the pooled ratio
    ``ΣB / ΣC`` of one case is its ratio (method.md §5, §10): for an MKBA the benefit-cost
    ratio, positive outcomes over investment plus the negative ones; else net benefits over
    investment."""
    if method != "mkba":
        return evaluation.pv_benefits, evaluation.pv_investment
    negative = sum(-o.pv for o in evaluation.outcomes if o.pv < 0)
    return evaluation.pv_benefits + negative, evaluation.pv_investment + negative


# what a summary entry may publish as a ratio: beyond these the meta-analysis's logs and
# exponents leave floating point (a ratio of 1e15 or an interval down to 1e-300 is a typing
# slip); money is bounded by the model for every document (|x| ≤ 1e15)
SUMMARY_RATIO_LIMIT = 1e6


def _summary_problems(s: Any) -> list[Issue]:
    problems = []
    ratios: list[tuple[Loc, float | None]] = [
        (("summary", "conservative_ratio"), s.conservative_ratio)
    ]
    if s.ratio is not None:
        ratios += [
            (("summary", "ratio", "value"), s.ratio.value),
            (("summary", "ratio", "low"), s.ratio.low),
            (("summary", "ratio", "high"), s.ratio.high),
        ]
    for loc, ratio in ratios:
        if ratio is None:
            continue
        if ratio > SUMMARY_RATIO_LIMIT:
            problems.append(Issue(loc, f"must be at most 1e+06 (got {ratio:g})"))
        elif loc[-1] in ("low", "high") and 0 < ratio < 1 / SUMMARY_RATIO_LIMIT:
            problems.append(Issue(loc, f"must be at least 1e-06 (got {ratio:g})"))
    return problems


def figures_for(document: Case | Summary) -> Figures:
    """Evaluate a document for the registry: ratio, interval, minimum variant, evidence.

    A summary entry whose figures lie beyond what the meta-analysis can pool raises a
    :class:`CaseError` naming each (``SUMMARY_RATIO_LIMIT``; money is bounded by the model).
    """
    if isinstance(document, Summary):
        s = document.summary
        problems = _summary_problems(s)
        if problems:
            raise CaseError(problems)
        derived = derived_level(s.evidence)
        level = s.evidence_override.level if s.evidence_override else derived
        ratio = s.ratio.value if s.ratio else None
        balance = s.balance
        if balance is None and ratio is not None:
            balance = "positive" if ratio > 1 else "negative" if ratio < 1 else "undetermined"
        low, high = (s.ratio.low, s.ratio.high) if s.ratio else (None, None)
        return Figures(
            analysis=s.derived_analysis,
            ratio=ratio,
            ratio_low=low,
            ratio_high=high,
            conservative_ratio=s.conservative_ratio,
            benefits=s.value,
            costs=s.investment,
            npv=None if s.value is None or s.investment is None else s.value - s.investment,
            balance=balance,
            evidence_level=level,
            evidence_level_derived=derived,
            flags=summary_flags(s.evidence),
        )
    structure = prepare(document)
    base = point_evaluation(structure, scenario_row(structure, None), "base")
    conservative = point_evaluation(
        structure, scenario_row(structure, "conservative"), "conservative"
    )
    method = document.case.method
    ratio = _case_ratio(method, base.sroi_ratio, base.bcr)
    low = high = None
    if structure.ranged:
        sim = simulate(structure, INTERVAL_DRAWS, INTERVAL_SEED)
        spread = sim.bcr if method == "mkba" else sim.sroi_ratio
        low, high = spread.p2_5, spread.p97_5
        if low is None or high is None or low <= 0 or not low < high:
            low = high = None  # no interval on the log scale
    registry = document.registry
    derived = derived_level(document.case.evidence)
    level = registry.evidence_override.level if registry and registry.evidence_override else derived
    monetised = any(not o.is_pm for o in document.outcomes) and base.pv_investment > 0
    analysis = (registry.analysis if registry and registry.analysis else None) or (
        "quantitative" if monetised else "qualitative"
    )
    c = base.conventions
    benefits, costs = _ratio_reading(method, base)
    conservative_benefits, conservative_costs = _ratio_reading(method, conservative)
    return Figures(
        analysis=analysis,
        ratio=_finite(ratio),
        ratio_low=low,
        ratio_high=high,
        conservative_ratio=_finite(_case_ratio(method, conservative.sroi_ratio, conservative.bcr)),
        benefits=benefits,
        costs=costs,
        conservative_benefits=conservative_benefits,
        conservative_costs=conservative_costs,
        npv=base.npv,
        balance=base.conclusion,
        evidence_level=level,
        evidence_level_derived=derived,
        flags=dict(case_flags(document)),
        conventions=(
            f"{c.discounting} {c.discount_rate:.4f}, prices of {c.price_year} {c.currency}, "
            f"horizon {c.horizon}"
        ),
    )
