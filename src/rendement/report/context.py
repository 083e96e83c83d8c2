"""What a case report shows, gathered from the engine's results (nothing computed here)."""

from __future__ import annotations

from dataclasses import dataclass

from rendement.engine import Evaluation, Structure
from rendement.engine.forecast import ForecastComparison
from rendement.engine.sensitivity import Sensitivity
from rendement.engine.simulate import Simulation
from rendement.io.assurance_text import advice_text, check_title
from rendement.model import Case
from rendement.model.evidence import LEVELS, case_flags, derived_level
from rendement.report import charts
from rendement.report.alternatives import AlternativesView


@dataclass(frozen=True)
class OutcomeLine:
    id: str
    description: str
    stakeholder: str
    indicator: str
    quantity: float
    quantity_range: tuple[float, float] | None
    proxy: float
    proxy_range: tuple[float, float] | None
    proxy_year: int
    proxy_source: str
    deadweight: float
    attribution: float
    displacement: float
    drop_off: float
    duration: float
    start: int
    pv: float


@dataclass(frozen=True)
class ForecastSection:
    """The comparison with the forecast (method.md §14) and which forecast it is: a registry
    version, or a file (``forecast_version`` None)."""

    comparison: ForecastComparison
    forecast_id: str
    forecast_version: int | None = None
    forecast_file: str | None = None


@dataclass(frozen=True)
class AssuranceLine:
    """One point of the assurance check as the report prints it (engine/assurance.py)."""

    check: str
    principle: int
    passed: bool
    title: str
    advice: str | None


@dataclass(frozen=True)
class ReportContext:
    case: Case
    evaluation: Evaluation
    simulation: Simulation | None
    sensitivity: Sensitivity | None
    outcomes: tuple[OutcomeLine, ...]
    stakeholder_names: dict[str, str]
    evidence_level: int | None
    evidence_level_name: str | None
    flags: dict[str, bool]
    charts: dict[str, str]
    lang: str
    # who agreed to which version (a case from a workshop): (stakeholder name, version or
    # None, agreed or None, who said so)
    agreements: tuple[tuple[str, int | None, bool | None, str | None], ...] = ()
    version: int | None = None  # the registry version this report is of, when it has one
    # the decision log of its workshops: (version, who, what)
    decisions: tuple[tuple[int, str, str], ...] = ()
    forecast: ForecastSection | None = None
    assurance: tuple[AssuranceLine, ...] = ()
    alternatives: AlternativesView | None = None  # method.md §13, when the case has any


def _range(structure: Structure, path: str) -> tuple[float, float] | None:
    """The ends the scenarios and the tornado use (a normal's ±1.96 sd clipped to its
    domain, method.md §7), so the report prints the range the figures come from."""
    parameter = next((p for p in structure.parameters if p.path == path), None)
    return parameter.span if parameter is not None and parameter.is_ranged else None


def outcome_lines(structure: Structure, ev: Evaluation, lang: str) -> tuple[OutcomeLine, ...]:
    case = structure.case
    by_id = {o.id: o for o in case.outcomes}
    pv = {o.id: o.pv for o in ev.outcomes}
    lines = []

    def value(column: int) -> float:
        # the resolved point value: a pooled number without an agreed value is its median
        return structure.parameters[column].number.value

    for spec in structure.outcomes:
        o = by_id[spec.id]
        assert o.quantity is not None and o.proxy is not None
        if spec.catalogue is not None:
            entry = spec.catalogue
            proxy, proxy_range = entry.value, None
            year = entry.price_year
            source = f"{entry.id}: {entry.name(lang)} ({entry.unit(lang)}); {entry.source}"
        else:
            proxy, proxy_range = value(spec.proxy), _range(structure, f"outcomes.{o.id}.proxy")
            year = o.proxy.price_year or case.case.price_year
            source = o.proxy.source or ""
        lines.append(
            OutcomeLine(
                id=o.id,
                description=o.description or o.id,
                stakeholder=spec.stakeholder,
                indicator=o.indicator or "",
                quantity=value(spec.quantity),
                quantity_range=_range(structure, f"outcomes.{o.id}.quantity"),
                proxy=proxy,
                proxy_range=proxy_range,
                proxy_year=year,
                proxy_source=source,
                deadweight=value(spec.deadweight),
                attribution=value(spec.attribution),
                displacement=value(spec.displacement),
                drop_off=value(spec.drop_off),
                duration=value(spec.duration),
                start=o.start,
                pv=pv[o.id],
            )
        )
    return tuple(lines)


def build_context(
    structure: Structure,
    evaluation: Evaluation,
    lang: str,
    simulation: Simulation | None = None,
    sensitivity: Sensitivity | None = None,
    forecast: ForecastSection | None = None,
    alternatives: AlternativesView | None = None,
) -> ReportContext:
    case = structure.case
    registry = case.registry
    level = (
        registry.evidence_override.level
        if registry and registry.evidence_override
        else derived_level(case.case.evidence)
    )
    drawn = {
        "stakeholders": charts.stakeholder_chart(evaluation, lang),
        "flows": charts.flows_chart(evaluation, lang),
        "tornado": charts.tornado_chart(sensitivity, lang) if sensitivity else "",
        "distribution": charts.distribution_chart(simulation, lang) if simulation else "",
    }
    return ReportContext(
        case=case,
        evaluation=evaluation,
        simulation=simulation,
        sensitivity=sensitivity,
        outcomes=outcome_lines(structure, evaluation, lang),
        stakeholder_names={s.id: s.name for s in case.stakeholders},
        evidence_level=level,
        evidence_level_name=LEVELS[level][lang] if level else None,
        flags=case_flags(case),
        charts=drawn,
        lang=lang,
        forecast=forecast,
        assurance=tuple(
            AssuranceLine(
                c.check, c.principle, c.passed, check_title(c, lang), advice_text(c, lang)
            )
            for c in evaluation.assurance
        ),
        alternatives=alternatives,
    )
