"""Case documents: models, uncertain numbers, validation and errors."""

from rendement.model.case import (
    STAKEHOLDER_KINDS,
    Case,
    CaseInfo,
    Investment,
    Outcome,
    Proxy,
    Published,
    Stakeholder,
)
from rendement.model.errors import CaseError, Issue, render_path
from rendement.model.numbers import Uncertain, format_number
from rendement.model.schema import case_schema
from rendement.model.summary import Summary, SummaryInfo
from rendement.model.validate import parse_case, parse_document, parse_summary

__all__ = [
    "STAKEHOLDER_KINDS",
    "Case",
    "CaseError",
    "CaseInfo",
    "Investment",
    "Issue",
    "Outcome",
    "Proxy",
    "Published",
    "Stakeholder",
    "Summary",
    "SummaryInfo",
    "Uncertain",
    "case_schema",
    "format_number",
    "parse_case",
    "parse_document",
    "parse_summary",
    "render_path",
]
