"""The assurance check for the editor, the CLI and the reports (engine/assurance.py).

Every evaluation carries it (``Evaluation.assurance``), and ``calc --json`` and the API's
evaluate give it as ``assurance``.

``assurance_of(analysis)`` gives, per check in a fixed order,
``AssuranceCheck(check, principle, passed, items)`` with
``AssuranceItem(outcomes, fields, ref, stakeholder)``; :mod:`rendement.io.assurance_text`
says a check's title and advice in Dutch or English.
"""

from __future__ import annotations

from typing import Any

from rendement.engine import Evaluation, Structure
from rendement.engine.assurance import CHECKS, AssuranceCheck, AssuranceItem, assurance
from rendement.usecases.analysis import Analysis, analyse_document

__all__ = [
    "CHECKS",
    "AssuranceCheck",
    "AssuranceItem",
    "assurance_for",
    "assurance_of",
    "assurance_of_document",
]


def assurance_for(structure: Structure, evaluation: Evaluation) -> tuple[AssuranceCheck, ...]:
    """The checklist of a prepared case and its evaluation, computed afresh (an evaluation from
    :func:`rendement.engine.point_evaluation` already holds it as ``evaluation.assurance``)."""
    return assurance(structure, evaluation)


def assurance_of(analysis: Analysis) -> tuple[AssuranceCheck, ...]:
    """The checklist of an analysed case (:func:`rendement.usecases.analysis.analyse_case`);
    the same as ``analysis.evaluation.assurance``."""
    return analysis.evaluation.assurance


def assurance_of_document(data: Any) -> tuple[AssuranceCheck, ...]:
    """The checklist of a case document as the editor holds it; raises ``CaseError``."""
    return assurance_of(analyse_document(data))
