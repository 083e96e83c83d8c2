"""Scenarios (method.md §7): named overrides by path, and the built-in conservative and
optimistic ends of every ranged parameter."""

from __future__ import annotations

import numpy as np

from rendement.engine.parameters import (
    FloatArray,
    IntArray,
    Structure,
    in_domain,
    unknown_parameter_message,
)
from rendement.engine.vary import OneAtATime
from rendement.model import CaseError, Issue, format_number
from rendement.model.errors import closest

BUILT_IN = ("base", "conservative", "optimistic")


def check_named_scenarios(structure: Structure) -> None:
    """Every override names a parameter of the case and stays in its domain."""
    issues: list[Issue] = []
    for name, overrides in structure.case.scenarios.items():
        for path, value in overrides.items():
            loc = ("scenarios", name, path)
            if path not in structure.index:
                issues.append(Issue(loc, unknown_parameter_message(path, structure)))
                continue
            parameter = structure.parameters[structure.index[path]]
            if not in_domain(parameter, value):
                low, high = parameter.domain
                bounds = (
                    f"between {format_number(low)} and {format_number(high)}"
                    if low is not None and high is not None
                    else f"greater than {format_number(low)}"
                    if low is not None and parameter.low_open
                    else f"at least {format_number(low)}"
                    if low is not None
                    else "a number"
                )
                issues.append(Issue(loc, f"must be {bounds} (got {format_number(value)})"))
    if issues:
        raise CaseError(issues)


def ends(structure: Structure) -> tuple[IntArray, FloatArray, FloatArray]:
    """For each ranged parameter: its column, its low end and its high end, in its domain
    (``Parameter.span``). Each may be empty."""
    ranged = structure.ranged
    columns = np.array([structure.index[p.path] for p in ranged], dtype=np.intp)
    lows = np.array([p.span[0] for p in ranged], dtype=np.float64)
    highs = np.array([p.span[1] for p in ranged], dtype=np.float64)
    return columns, lows, highs


def scenario_row(structure: Structure, name: str | None) -> FloatArray:
    """The parameter row (1, P) of a scenario; ``None`` or ``base`` is the point case."""
    row = structure.base_row()
    if name is None or name == "base":
        return row
    if name in ("conservative", "optimistic"):
        columns, lows, highs = ends(structure)
        if columns.size == 0:
            return row
        npv = (
            OneAtATime(structure)
            .evaluate(np.concatenate([columns, columns]), np.concatenate([lows, highs]))
            .npv
        )
        r = columns.size
        low_is_worse = npv[:r] <= npv[r:]
        pick_low = low_is_worse if name == "conservative" else ~low_is_worse
        row[0, columns] = np.where(pick_low, lows, highs)
        return row
    overrides = structure.case.scenarios.get(name)
    if overrides is None:
        names = [*BUILT_IN, *structure.case.scenarios]
        hint = closest(name, names, n=1)
        known = (f"did you mean '{hint[0]}'? " if hint else "") + "known: " + ", ".join(names)
        raise CaseError([Issue((), f"no scenario '{name}' ({known})")])
    for path, value in overrides.items():
        row[0, structure.index[path]] = value
    return row
