"""Analyse a case document: validate, resolve against the catalogue, evaluate, and on request
simulate and analyse sensitivity. The CLI (from a file) and the web (from a form or a body)
both come here; errors are :class:`CaseError` with the places the model names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rendement.engine import Evaluation, Structure, point_evaluation, prepare, scenario_row
from rendement.engine.sensitivity import Sensitivity, sensitivity
from rendement.engine.simulate import Simulation, simulate
from rendement.io.yamlio import MAX_FILE_BYTES
from rendement.model import Case, CaseError, Issue, Summary, parse_document

# the web and the API refuse work beyond these, with the limit named
MAX_DRAWS = 100_000_000
MAX_DRAWS_WEB = 200_000


@dataclass(frozen=True)
class Analysis:
    case: Case
    structure: Structure
    row: Any
    evaluation: Evaluation


def parse_case_document(data: Any) -> Case:
    """A case from a parsed document; a registry summary entry is refused with what to do."""
    document = parse_document(data)
    if isinstance(document, Summary):
        raise CaseError(
            [
                Issue(
                    ("summary",),
                    "this is a registry summary entry, not a case: import it into the registry",
                )
            ]
        )
    return document


def analyse_case(case: Case, scenario: str | None = None) -> Analysis:
    structure = prepare(case)
    row = scenario_row(structure, scenario)
    return Analysis(case, structure, row, point_evaluation(structure, row, scenario or "base"))


def analyse_document(data: Any, scenario: str | None = None) -> Analysis:
    return analyse_case(parse_case_document(data), scenario)


def analyse_file(
    path: Path, scenario: str | None = None, max_bytes: int = MAX_FILE_BYTES
) -> Analysis:
    """A case file read, validated, resolved and evaluated (or one of its scenarios); every
    problem located at its line in the file."""
    from rendement.io.yamlio import load_case

    loaded = load_case(path, max_bytes)
    try:
        return analyse_case(loaded.case, scenario)
    except CaseError as error:
        raise loaded.locate(error) from None


def check_file(
    path: Path, max_bytes: int = MAX_FILE_BYTES, registry: Callable[[], Any] | None = None
) -> None:
    """A case validated and resolved against the catalogue, a summary entry validated, or a
    portfolio validated with its members (method.md §16); raises CaseError with every problem
    at its line."""
    from rendement.io.portfolio import is_portfolio_file
    from rendement.io.yamlio import load_document

    if is_portfolio_file(path, max_bytes):
        from rendement.usecases.fund import check_portfolio_file

        check_portfolio_file(path, max_bytes, registry)  # members may be registry ids
        return
    loaded = load_document(path, max_bytes)
    if isinstance(loaded.document, Case):
        try:
            prepare(loaded.document)
        except CaseError as error:
            raise loaded.locate(error) from None


def check_draws(draws: int, limit: int = MAX_DRAWS, name: str = "draws") -> None:
    if draws < 1:
        raise CaseError([Issue((), f"{name}: at least 1 (got {draws})")])
    if draws > limit:
        raise CaseError([Issue((), f"{name}: at most {limit:,} (got {draws:,})")])


def sensitivity_of(structure: Structure) -> Sensitivity:
    """Tornado and switching values of an analysed case (method.md §7)."""
    return sensitivity(structure)


def simulation_of(
    analysis: Analysis, draws: int, seed: int = 0, limit: int = MAX_DRAWS
) -> Simulation:
    """A Monte-Carlo run of an analysed case, refused beyond ``limit`` draws."""
    check_draws(draws, limit)
    return simulate(analysis.structure, draws, seed)


def simulate_structure(
    structure: Structure,
    draws: int,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Simulation:
    """A Monte-Carlo run of a prepared case; ``progress`` hears of each chunk of draws done."""
    return simulate(structure, draws, seed, progress=progress)
