"""Pure computation on arrays: flows, discounting, results, scenarios, co-financing."""

from rendement.engine.checks import Finding
from rendement.engine.cofinance import CofinancingProposal, CofinancingRow
from rendement.engine.evaluate import (
    Conventions,
    Evaluation,
    FlowRow,
    Notice,
    PmItem,
    StakeholderRow,
    YearRow,
    conclusion,
    evaluate,
    point_evaluation,
    prepare,
)
from rendement.engine.parameters import Parameter, Structure, build_structure
from rendement.engine.results import ResultArrays, compute, payback
from rendement.engine.scenarios import scenario_row

__all__ = [
    "CofinancingProposal",
    "CofinancingRow",
    "Conventions",
    "Evaluation",
    "Finding",
    "FlowRow",
    "Notice",
    "Parameter",
    "PmItem",
    "ResultArrays",
    "StakeholderRow",
    "Structure",
    "YearRow",
    "build_structure",
    "compute",
    "conclusion",
    "evaluate",
    "payback",
    "point_evaluation",
    "prepare",
    "scenario_row",
]
