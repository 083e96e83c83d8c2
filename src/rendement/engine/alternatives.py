"""Project alternatives against the nulalternatief (method.md §13): apply, evaluate, compare.

An alternative is the case with its edits: ``remove`` drops investments or outcomes,
``add`` appends new ones (after the case's own, in the order given), and ``set`` replaces
parameters by path as a named scenario does — in the resolved parameter table, so a catalogue
proxy keeps its payer, price year and staff time. A value set is the whole parameter: a plain
number is fixed, a mapping brings its own range. The edited case keeps the case's conventions
(price year, currency, discounting, discount rate) and year 0; its discount rate cannot be set.
Published figures and named scenarios belong to the case alone and are not carried over.

The comparison holds the case itself (``base``) and every alternative, each with its full
result (§5–§9) and IRR, evaluated over one horizon (the case's own, else the longest any
option's flows need), and the increments of each against a reference option (``base`` by
default, or ``do-nothing``: every figure 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from rendement.engine.evaluate import Evaluation, point_evaluation
from rendement.engine.flows import horizon
from rendement.engine.irr import Irr, irr, net_flows
from rendement.engine.parameters import (
    Parameter,
    Structure,
    build_structure,
    in_domain,
    unknown_parameter_message,
)
from rendement.model import Case, CaseError, Issue, Uncertain, format_number
from rendement.model.alternative_checks import RESERVED, removed_item
from rendement.model.case import Alternative
from rendement.model.errors import Loc, closest
from rendement.model.validate import horizon_issues
from rendement.reference import Catalogue, CpiTable

BASE, DO_NOTHING = RESERVED


@dataclass(frozen=True)
class Option:
    """One option of the comparison: the case (``base``) or an alternative, resolved."""

    id: str
    title: str
    structure: Structure
    overrides: frozenset[str] = frozenset()  # the parameter paths the alternative sets


def edited_case(case: Case, name: str) -> tuple[Case, tuple[Loc, ...], tuple[Loc, ...]]:
    """The case with alternative ``name``'s removals and additions (``set`` is applied to the
    parameters, :func:`resolve_alternative`), and where each of its investments and outcomes
    stands in the document."""
    alternative = case.alternatives[name]
    existing = {
        "investments": [j.id for j in case.investments],
        "outcomes": [o.id for o in case.outcomes],
    }
    gone: set[tuple[str, str]] = set()
    for entry in alternative.remove:
        found = removed_item(entry, existing)
        if isinstance(found, tuple):
            gone.add(found)
    here: Loc = ("alternatives", name, "add")
    investments = [
        (j, ("investments", k))
        for k, j in enumerate(case.investments)
        if ("investments", j.id) not in gone
    ] + [(j, (*here, "investments", k)) for k, j in enumerate(alternative.add.investments)]
    outcomes = [
        (o, ("outcomes", k)) for k, o in enumerate(case.outcomes) if ("outcomes", o.id) not in gone
    ] + [(o, (*here, "outcomes", k)) for k, o in enumerate(alternative.add.outcomes)]
    edited = case.model_copy(
        update={
            "case": case.case.model_copy(update={"title": alternative.title}),
            "investments": [j for j, _ in investments],
            "outcomes": [o for o, _ in outcomes],
            "scenarios": {},
            "published": None,
            "alternatives": {},
        }
    )
    return edited, tuple(loc for _, loc in investments), tuple(loc for _, loc in outcomes)


def _relocated(issue: Issue, origins: dict[str, tuple[Loc, ...]]) -> Issue:
    """A problem of the edited case, placed where its item stands in the document."""
    loc = issue.loc
    if len(loc) >= 2 and loc[0] in origins and isinstance(loc[1], int):
        return replace(issue, loc=(*origins[str(loc[0])][loc[1]], *loc[2:]))
    return issue


def _bounds(parameter: Parameter) -> str:
    low, high = parameter.domain
    if low is not None and high is not None:
        return f"between {format_number(low)} and {format_number(high)}"
    if low is not None:
        word = "greater than" if parameter.low_open else "at least"
        return f"{word} {format_number(low)}"
    return "a number"


def _override_issues(
    structure: Structure, name: str, overrides: dict[str, Uncertain]
) -> list[Issue]:
    issues: list[Issue] = []
    for path, number in overrides.items():
        loc: Loc = ("alternatives", name, "set", path)
        if path == "discount_rate":
            issues.append(
                Issue(
                    loc,
                    "an alternative is computed on the case's conventions: its discount rate "
                    "is case.discount_rate",
                )
            )
            continue
        if path not in structure.index:
            issues.append(Issue(loc, unknown_parameter_message(path, structure)))
            continue
        parameter = structure.parameters[structure.index[path]]
        for key in ("value", "low", "high"):
            x = getattr(number, key)
            if x is not None and not in_domain(parameter, x):
                prefix = "" if key == "value" else f"{key} "
                issues.append(
                    Issue(loc, f"{prefix}must be {_bounds(parameter)} (got {format_number(x)})")
                )
    return issues


def resolve_alternative(case: Case, name: str, catalogue: Catalogue, cpi: CpiTable) -> Option:
    """Alternative ``name`` of ``case`` as an option: the edited case resolved against the
    reference data, with its ``set`` values in the parameter table. Raises
    :class:`CaseError` with every problem placed in the document."""
    alternative: Alternative = case.alternatives[name]
    edited, investment_locs, outcome_locs = edited_case(case, name)
    origins = {"investments": investment_locs, "outcomes": outcome_locs}
    issues = [_relocated(i, origins) for i in horizon_issues(edited)]
    try:
        structure = build_structure(edited, catalogue, cpi)
    except CaseError as error:
        raise CaseError([*issues, *(_relocated(i, origins) for i in error.issues)]) from None
    issues += _override_issues(structure, name, alternative.overrides)
    if issues:
        raise CaseError(issues)
    parameters = list(structure.parameters)
    for path, number in alternative.overrides.items():
        k = structure.index[path]
        parameters[k] = replace(
            parameters[k], number=number, loc=("alternatives", name, "set", path)
        )
    return Option(
        id=name,
        title=alternative.title,
        structure=replace(structure, parameters=tuple(parameters)),
        overrides=frozenset(alternative.overrides),
    )


def resolve_options(base: Structure, catalogue: Catalogue, cpi: CpiTable) -> tuple[Option, ...]:
    """The case (``base``) and each of its alternatives, in the file's order; every problem
    of every alternative is reported at once."""
    case = base.case
    options = [Option(BASE, case.case.title, base)]
    issues: list[Issue] = []
    for name in case.alternatives:
        try:
            options.append(resolve_alternative(case, name, catalogue, cpi))
        except CaseError as error:
            issues.extend(error.issues)
    if issues:
        raise CaseError(issues)
    return tuple(options)


@dataclass(frozen=True)
class OptionResult:
    """An option's full result (§5–§9) and its IRR."""

    id: str
    title: str
    evaluation: Evaluation
    irr: Irr


@dataclass(frozen=True)
class Increment:
    """An option against the reference: ΔC, ΔB, ΔNPV and ΔB/ΔC (null unless ΔC > 0)."""

    id: str
    reference: str
    d_investment: float
    d_benefits: float
    d_npv: float
    incremental_ratio: float | None


@dataclass(frozen=True)
class Overview:
    options: tuple[OptionResult, ...]  # base first, then the alternatives in file order
    reference: str
    increments: tuple[Increment, ...]  # every option but the reference


def option_ids(options: Sequence[Option]) -> tuple[str, ...]:
    """Every id a comparison knows, the nulalternatief first."""
    return (DO_NOTHING, *(o.id for o in options))


def check_reference(options: Sequence[Option], reference: str) -> None:
    known = option_ids(options)
    if reference not in known:
        hint = closest(reference, known, n=1)
        tail = (f"did you mean '{hint[0]}'? " if hint else "") + "known: " + ", ".join(known)
        raise CaseError([Issue((), f"no alternative '{reference}' to compare with ({tail})")])


def common_horizon(options: Sequence[Option]) -> int:
    """method.md §13, the same years: the case's horizon, else the longest any option needs."""
    return max(horizon(o.structure, o.structure.base_row()) for o in options)


def evaluate_option(option: Option, years: int) -> OptionResult:
    structure = replace(option.structure, horizon=years)
    row = structure.base_row()
    evaluation = point_evaluation(structure, row, "base")
    flows = net_flows(
        np.array([y.benefits for y in evaluation.years]),
        np.array([y.investment for y in evaluation.years]),
        structure.discounting,
    )
    return OptionResult(option.id, option.title, evaluation, irr(flows))


def increment(option: OptionResult, reference: OptionResult | None, name: str) -> Increment:
    """``reference`` None is the nulalternatief: every figure 0."""
    c0 = reference.evaluation.pv_investment if reference else 0.0
    b0 = reference.evaluation.pv_benefits if reference else 0.0
    ev = option.evaluation
    dc, db = ev.pv_investment - c0, ev.pv_benefits - b0
    return Increment(
        id=option.id,
        reference=name,
        d_investment=dc,
        d_benefits=db,
        d_npv=db - dc,
        incremental_ratio=db / dc if dc > 0 else None,
    )


def overview(options: Sequence[Option], reference: str = BASE) -> Overview:
    """Every option's result side by side, and the increments against ``reference``."""
    check_reference(options, reference)
    years = common_horizon(options)
    results = tuple(evaluate_option(o, years) for o in options)
    ref = next((r for r in results if r.id == reference), None)
    return Overview(
        options=results,
        reference=reference,
        increments=tuple(increment(r, ref, reference) for r in results if r.id != reference),
    )
