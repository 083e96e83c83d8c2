"""Summary entries: what a study published when its model is not available (case-format.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from rendement.model.case import (
    Analysis,
    Evidence,
    EvidenceOverride,
    FormatVersion,
    Method,
    Slug,
    Status,
    Timing,
    Typology,
    Year,
    _Strict,
)
from rendement.model.numbers import NonNegativeNumber, Number, PositiveNumber, StrictNumber


class SummaryInfo(_Strict):
    id: Slug
    title: Annotated[str, Field(min_length=1)]
    ratio: Number | None = None
    balance: Literal["positive", "negative", "undetermined"] | None = None
    investment: NonNegativeNumber | None = None
    value: StrictNumber | None = None
    conservative_ratio: PositiveNumber | None = None
    typology: Typology | None = None
    domain: str | None = None
    method: Method | None = None
    timing: Timing | None = None
    year: Year | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    source: str | None = None
    evidence: Evidence | None = None
    status: Status = "longlist"
    reason: str | None = None
    analysis: Analysis | None = None
    evidence_override: EvidenceOverride | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> SummaryInfo:
        if self.status == "excluded" and not self.reason:
            raise ValueError("an excluded entry needs a reason")
        if self.ratio is not None and self.ratio.value <= 0:
            raise ValueError("ratio must be greater than 0")
        if self.ratio is not None and self.ratio.low is not None and self.ratio.low <= 0:
            raise ValueError("ratio low must be greater than 0 (it is read on the log scale)")
        if self.balance is not None and self.ratio is not None:
            value = self.ratio.value
            implied = "positive" if value > 1 else "negative" if value < 1 else None
            if implied is not None and self.balance != implied:
                raise ValueError(f"balance '{self.balance}' contradicts ratio {self.ratio.value}")
        return self

    @property
    def derived_analysis(self) -> str:
        """Monetised when a ratio, or investment and value, or a balance sign is published."""
        if self.analysis is not None:
            return self.analysis
        monetised = (
            self.ratio is not None
            or (self.investment is not None and self.value is not None)
            or self.balance in ("positive", "negative")
        )
        return "quantitative" if monetised else "qualitative"


class Summary(_Strict):
    """A whole summary document (``rendement: 1`` with a ``summary:`` block)."""

    rendement: FormatVersion
    summary: SummaryInfo
