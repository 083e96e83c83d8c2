"""The point evaluation of a case: one draw through the shared vectorised code."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from rendement.engine.assurance import AssuranceCheck, assurance
from rendement.engine.checks import Finding, published_findings
from rendement.engine.cofinance import CofinancingProposal, proposal
from rendement.engine.labour import Labour, labour
from rendement.engine.parameters import FloatArray, Structure, build_structure
from rendement.engine.pooling import PooledParameter
from rendement.engine.results import ResultArrays, compute
from rendement.engine.scenarios import check_named_scenarios, scenario_row
from rendement.model import Case
from rendement.reference import Catalogue, CpiTable, load_catalogue, load_cpi


@dataclass(frozen=True)
class StakeholderRow:
    id: str
    name: str
    kind: str
    investment: float
    value: float
    net: float


@dataclass(frozen=True)
class FlowRow:
    """An outcome or investment: present value and its undiscounted amount per year."""

    id: str
    stakeholder: str
    pv: float
    by_year: tuple[float, ...]


@dataclass(frozen=True)
class YearRow:
    t: int
    benefits: float  # undiscounted
    investment: float  # undiscounted
    discount_factor: float  # for outcomes
    discount_factor_investment: float
    pv_benefits: float
    pv_investment: float


@dataclass(frozen=True)
class PmItem:
    id: str
    stakeholder: str | None
    description: str | None
    direction: str  # positive | negative
    weight: str  # small | large


@dataclass(frozen=True)
class Conventions:
    """What produced the figures: a result always says so."""

    price_year: int
    currency: str
    discounting: str
    discount_rate: float
    horizon: int
    scenario: str


@dataclass(frozen=True)
class Notice:
    """A warning: a printed figure that disagrees, or a figure that cannot be computed."""

    code: str
    finding: Finding | None = None
    detail: str = ""
    figure: float | None = None  # the figure the sentence states (a discount rate)


def discount_rate_notice(rate: float) -> Notice | None:
    """A rate outside [0, 0.2] is allowed but rarely meant: 3.5 is 350 %, likely 3.5 %."""
    if rate > 1:
        return Notice("discount-rate-percent", figure=rate)
    if rate > 0.2:
        return Notice("discount-rate-high", figure=rate)
    if rate < 0:
        return Notice("discount-rate-negative", figure=rate)
    return None


@dataclass(frozen=True)
class Evaluation:
    case_id: str
    title: str
    conventions: Conventions
    pv_benefits: float
    pv_investment: float
    npv: float
    sroi_ratio: float | None
    net_sroi_ratio: float | None
    bcr: float | None
    payback_years: float | None
    conclusion: str
    pm_items: tuple[PmItem, ...]
    stakeholders: tuple[StakeholderRow, ...]
    outcomes: tuple[FlowRow, ...]
    investments: tuple[FlowRow, ...]
    years: tuple[YearRow, ...]
    cofinancing: CofinancingProposal
    labour: Labour
    warnings: tuple[Notice, ...]
    pooled: tuple[PooledParameter, ...] = ()  # method.md §12: who estimated what
    assurance: tuple[AssuranceCheck, ...] = ()  # the checklist of engine/assurance.py


def conclusion(npv: float, pm_items: tuple[PmItem, ...]) -> str:
    """method.md §6: the sign of NPV, unless a large PM item points the other way.

    An NPV of exactly 0 has no sign and is ``undetermined``.
    """
    large = {p.direction for p in pm_items if p.weight == "large"}
    if npv > 0:
        return "undetermined" if "negative" in large else "positive"
    if npv < 0:
        return "undetermined" if "positive" in large else "negative"
    return "undetermined"


def _optional(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def point_evaluation(structure: Structure, row: FloatArray, scenario: str) -> Evaluation:
    """Build the readable result of one parameter row (shape (1, P))."""
    res: ResultArrays = compute(structure, row)
    case = structure.case
    stakeholders = tuple(
        StakeholderRow(
            id=s.id,
            name=s.name,
            kind=s.kind,
            investment=float(res.stakeholder_investment[0, k]),
            value=float(res.stakeholder_value[0, k]),
            net=float(res.stakeholder_net[0, k]),
        )
        for k, s in enumerate(case.stakeholders)
    )
    pm_items = tuple(
        PmItem(o.id, o.stakeholder, o.description, o.pm, o.pm_weight)
        for o in case.outcomes
        if o.pm is not None
    )
    npv = float(res.npv[0])
    sroi = _optional(float(res.sroi_ratio[0]))
    warnings: list[Notice] = []
    rate_notice = discount_rate_notice(float(row[0, structure.discount_rate]))
    if rate_notice is not None:
        warnings.append(rate_notice)
    if sroi is None:
        warnings.append(Notice("no-investment"))
    findings = published_findings(
        case,
        float(res.pv_investment[0]),
        float(res.pv_benefits[0]),
        npv,
        sroi,
        {r.id: (r.investment, r.value, r.net) for r in stakeholders},
    )
    warnings.extend(Notice(f"published-{f.code}", f) for f in findings)
    T = res.years
    evaluation = Evaluation(
        case_id=case.case.id,
        title=case.case.title,
        conventions=Conventions(
            price_year=case.case.price_year,
            currency=case.case.currency,
            discounting=structure.discounting,
            discount_rate=float(row[0, structure.discount_rate]),
            horizon=T,
            scenario=scenario,
        ),
        pv_benefits=float(res.pv_benefits[0]),
        pv_investment=float(res.pv_investment[0]),
        npv=npv,
        sroi_ratio=sroi,
        net_sroi_ratio=_optional(float(res.net_sroi_ratio[0])),
        bcr=_optional(float(res.bcr[0])),
        payback_years=_optional(float(res.payback_years[0])),
        conclusion=conclusion(npv, pm_items),
        pm_items=pm_items,
        stakeholders=stakeholders,
        outcomes=tuple(
            FlowRow(
                o.id,
                o.stakeholder,
                float(res.pv_outcomes[0, i]),
                tuple(map(float, res.outcome_flows[0, i])),
            )
            for i, o in enumerate(structure.outcomes)
        ),
        investments=tuple(
            FlowRow(
                j.id,
                j.stakeholder,
                float(res.pv_investments[0, k]),
                tuple(map(float, res.investment_flows[0, k])),
            )
            for k, j in enumerate(structure.investments)
        ),
        years=tuple(
            YearRow(
                t=t,
                benefits=float(res.outcome_flows[0, :, t].sum()),
                investment=float(res.investment_flows[0, :, t].sum()),
                discount_factor=float(res.discount_out[0, t]),
                discount_factor_investment=float(res.discount_in[0, t]),
                pv_benefits=float(res.benefits_by_year[0, t]),
                pv_investment=float(res.investment_by_year[0, t]),
            )
            for t in range(T)
        ),
        cofinancing=proposal(
            tuple(s.id for s in stakeholders),
            tuple(s.name for s in stakeholders),
            tuple(s.kind for s in stakeholders),
            np.array([s.investment for s in stakeholders]),
            np.array([s.value for s in stakeholders]),
        ),
        labour=labour(structure, row, T),
        warnings=tuple(warnings),
    )
    evaluation = replace(evaluation, pooled=structure.pooled)
    return replace(evaluation, assurance=assurance(structure, evaluation))


def prepare(
    case: Case, catalogue: Catalogue | None = None, cpi: CpiTable | None = None
) -> Structure:
    """Resolve a case against the reference data and check its scenarios and alternatives;
    raises CaseError."""
    catalogue, cpi = catalogue or load_catalogue(), cpi or load_cpi()
    structure = build_structure(case, catalogue, cpi)
    check_named_scenarios(structure)
    if case.alternatives:
        # method.md §13: every alternative resolves too (its set paths, its added items)
        from rendement.engine.alternatives import resolve_options

        resolve_options(structure, catalogue, cpi)
    return structure


def evaluate(
    case: Case,
    scenario: str | None = None,
    *,
    catalogue: Catalogue | None = None,
    cpi: CpiTable | None = None,
) -> Evaluation:
    """Compute a case (or one of its scenarios) at its point values."""
    structure = prepare(case, catalogue, cpi)
    return point_evaluation(structure, scenario_row(structure, scenario), scenario or "base")
