"""The assurance check: a checklist computed from a case and its evaluation, after the eight
principles of Social Value International (1 involve stakeholders, 2 understand what changes,
3 value the things that matter, 4 only include what is material, 5 do not over-claim, 6 be
transparent, 7 verify the result, 8 be responsive).

Each check is stated so that a case can pass it; each failed check names the places to fix.
The criteria, in the order reported:

``stakeholders-engaged`` (principle 1)
    The case names at least one stakeholder, and the stakeholders took part: either
    ``case.evidence.stakeholders_engaged: true`` is stated, or some parameter carries
    estimates by participants (method.md §12). Items: ``case.evidence.stakeholders_engaged``.
``deadweight-attribution`` (principle 5)
    Every monetised outcome states ``deadweight`` and ``attribution``. A 0 written on purpose
    counts; a key left out (the model's default of 0) does not. Items: one per outcome, with
    the fields it leaves out.
``proxy-source`` (principle 6)
    Every monetised outcome's proxy has a source: a catalogue ``ref`` (the catalogue's rows are
    sourced) or ``proxy: {value, source}``. A bare number does not. Items: one per outcome.
``duration-drop-off`` (principle 5)
    Every outcome lasting more than a year (its duration, or the high end of its range, above
    1) states ``drop_off`` (0 on purpose counts). Items: one per outcome.
``sensitivity`` (principle 7)
    A sensitivity analysis is possible: at least one parameter has a range or estimates (so the
    conservative and optimistic scenarios, the tornado and the simulation vary something), or
    the case has a named scenario. The tool runs them on request; this check asks that there be
    something to run. No items.
``double-counting`` (principle 5)
    No two monetised outcomes of one stakeholder cite the same catalogue entry. Items: one per
    stakeholder and entry, naming the outcomes.
``negative-outcomes`` (principle 2)
    Negative outcomes were considered: some monetised outcome has a negative present value, or
    a PM item is negative, or ``case.evidence.negative_outcomes_considered: true`` states that
    they were looked for and none found. ``false`` fails the check whatever else holds.
    Items: ``case.evidence.negative_outcomes_considered``.

The engine says nothing in words: the advice for each check lives in the message catalogues
(``assurance.<check>.advice``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rendement.engine.parameters import Structure
from rendement.model import Case

if TYPE_CHECKING:  # the evaluation holds the checklist, so it is built from a draft of it
    from rendement.engine.evaluate import Evaluation

CHECKS: tuple[tuple[str, int], ...] = (
    ("stakeholders-engaged", 1),
    ("deadweight-attribution", 5),
    ("proxy-source", 6),
    ("duration-drop-off", 5),
    ("sensitivity", 7),
    ("double-counting", 5),
    ("negative-outcomes", 2),
)
"""Every check, with the number of the principle it follows, in the order reported."""


@dataclass(frozen=True)
class AssuranceItem:
    """One thing to fix: the outcomes it concerns (ids), the fields or keys left out, and for
    double counting the catalogue entry and the stakeholder."""

    outcomes: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    ref: str | None = None
    stakeholder: str | None = None


@dataclass(frozen=True)
class AssuranceCheck:
    check: str
    principle: int
    passed: bool
    items: tuple[AssuranceItem, ...] = ()


def _monetised(case: Case) -> list[tuple[int, str]]:
    return [(i, o.id) for i, o in enumerate(case.outcomes) if not o.is_pm]


def _stakeholders_engaged(structure: Structure) -> AssuranceCheck:
    case = structure.case
    stated = case.case.evidence.stakeholders_engaged if case.case.evidence else None
    estimated = bool(structure.pooled)
    passed = bool(case.stakeholders) and (stated is True or estimated)
    items = () if passed else (AssuranceItem(fields=("case.evidence.stakeholders_engaged",)),)
    return AssuranceCheck("stakeholders-engaged", 1, passed, items)


def _deadweight_attribution(case: Case) -> AssuranceCheck:
    items = []
    for i, oid in _monetised(case):
        given = case.outcomes[i].model_fields_set
        missing = tuple(f for f in ("deadweight", "attribution") if f not in given)
        if missing:
            items.append(AssuranceItem(outcomes=(oid,), fields=missing))
    return AssuranceCheck("deadweight-attribution", 5, not items, tuple(items))


def _proxy_source(case: Case) -> AssuranceCheck:
    items = []
    for i, oid in _monetised(case):
        proxy = case.outcomes[i].proxy
        if proxy is not None and proxy.ref is None and not (proxy.source or "").strip():
            items.append(AssuranceItem(outcomes=(oid,), fields=("proxy.source",)))
    return AssuranceCheck("proxy-source", 6, not items, tuple(items))


def _duration_drop_off(case: Case) -> AssuranceCheck:
    items = []
    for i, oid in _monetised(case):
        o = case.outcomes[i]
        longest = max(o.duration.value, o.duration.span[1])
        if longest > 1 and "drop_off" not in o.model_fields_set:
            items.append(AssuranceItem(outcomes=(oid,), fields=("drop_off",)))
    return AssuranceCheck("duration-drop-off", 5, not items, tuple(items))


def _sensitivity(structure: Structure) -> AssuranceCheck:
    passed = bool(structure.ranged) or bool(structure.case.scenarios)
    return AssuranceCheck("sensitivity", 7, passed)


def _double_counting(structure: Structure) -> AssuranceCheck:
    seen: dict[tuple[str, str], list[str]] = {}
    for spec in structure.outcomes:
        if spec.catalogue is not None:
            seen.setdefault((spec.stakeholder, spec.catalogue.id), []).append(spec.id)
    items = tuple(
        AssuranceItem(outcomes=tuple(ids), ref=ref, stakeholder=stakeholder)
        for (stakeholder, ref), ids in seen.items()
        if len(ids) > 1
    )
    return AssuranceCheck("double-counting", 5, not items, items)


def _negative_outcomes(structure: Structure, evaluation: Evaluation) -> AssuranceCheck:
    case = structure.case
    evidence = case.case.evidence
    stated = evidence.negative_outcomes_considered if evidence else None
    found = any(o.pv < 0 for o in evaluation.outcomes) or any(
        p.direction == "negative" for p in evaluation.pm_items
    )
    passed = stated is not False and (found or stated is True)
    items = (
        () if passed else (AssuranceItem(fields=("case.evidence.negative_outcomes_considered",)),)
    )
    return AssuranceCheck("negative-outcomes", 2, passed, items)


def assurance(structure: Structure, evaluation: Evaluation) -> tuple[AssuranceCheck, ...]:
    """Every check of the module docstring, in the order of :data:`CHECKS`."""
    case = structure.case
    return (
        _stakeholders_engaged(structure),
        _deadweight_attribution(case),
        _proxy_source(case),
        _duration_drop_off(case),
        _sensitivity(structure),
        _double_counting(structure),
        _negative_outcomes(structure, evaluation),
    )
