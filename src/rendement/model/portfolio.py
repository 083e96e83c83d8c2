"""The portfolio document: member cases, parties and a fund rule (case-format.md, method.md §16).

Structural rules live here (types, ranges, keys, the keys each fund rule takes). Rules that need
the member cases themselves (does ``<case id>.<stakeholder id>`` exist, is a party named in
``seed`` a party at all, does the portfolio end within 30 years) are checked where the members
are loaded, in ``usecases.fund``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator

from rendement.model.case import (
    Discounting,
    FormatVersion,
    Slug,
    Year,
    YearOffset,
    _Strict,
)
from rendement.model.errors import CaseError, Issue, issues_from_validation
from rendement.model.numbers import NonNegativeNumber, StrictNumber, format_number, show_value
from rendement.model.validate import _dedupe, _outside, allowed_keys, control_character_issues

MAX_PORTFOLIO_YEARS = 30
FundRuleName = Literal["proportional", "fixed", "shared-savings"]
# a member stakeholder as the party map names it: <case id>.<stakeholder id>
MemberStakeholder = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$")]


class PortfolioInfo(_Strict):
    id: Slug
    title: Annotated[str, Field(min_length=1)]
    region: str | None = None
    price_year: Year
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    discount_rate: StrictNumber = 0.0225
    discounting: Discounting = "mkba"

    @field_validator("discount_rate", mode="after")
    @classmethod
    def _rate(cls, rate: float) -> float:
        if rate <= -1:
            raise ValueError(f"must be greater than -1 (got {format_number(rate)})")
        return rate


class Member(_Strict):
    """A case in the portfolio: a file relative to the portfolio file, or a registry id."""

    case: Annotated[str, Field(min_length=1)]
    scale: StrictNumber = 1.0
    start: YearOffset = 0

    @field_validator("scale", mode="after")
    @classmethod
    def _positive(cls, scale: float) -> float:
        if scale <= 0:
            raise ValueError(f"must be greater than 0 (got {format_number(scale)})")
        return scale


class Parties(_Strict):
    """``map`` groups member stakeholders into parties; an unmapped one is its own party,
    named ``<case id>.<stakeholder id>``."""

    map: dict[MemberStakeholder, Slug] = Field(default_factory=dict)


class Fund(_Strict):
    """The fund pays the members' programme costs; the rule says how the parties pay in."""

    rule: FundRuleName
    share: StrictNumber | None = None  # shared-savings: part of each year's cashable value
    shares: dict[Annotated[str, Field(min_length=1)], NonNegativeNumber] | None = None  # fixed
    seed: dict[Annotated[str, Field(min_length=1)], NonNegativeNumber] = Field(default_factory=dict)


def fund_rule_issues(fund: Fund) -> list[Issue]:
    """The keys each rule takes (method.md §16), each problem at its own key."""
    issues: list[Issue] = []
    if fund.rule == "shared-savings":
        if fund.share is None:
            issues.append(Issue(("fund",), "rule shared-savings needs share (between 0 and 1)"))
        elif not 0.0 <= fund.share <= 1.0:
            got = format_number(fund.share)
            issues.append(Issue(("fund", "share"), f"must be between 0 and 1 (got {got})"))
    elif fund.share is not None:
        message = f"applies only to rule shared-savings (the rule is {fund.rule})"
        issues.append(Issue(("fund", "share"), message))
    if fund.rule == "fixed":
        if not fund.shares:
            message = "rule fixed needs shares: {<party>: <share>, …} summing to 1"
            issues.append(Issue(("fund",), message))
        else:
            total = sum(fund.shares.values())
            if abs(total - 1.0) > 1e-9:
                got = format_number(total)
                issues.append(Issue(("fund", "shares"), f"must sum to 1 (got {got})"))
    elif fund.shares is not None:
        message = f"applies only to rule fixed (the rule is {fund.rule})"
        issues.append(Issue(("fund", "shares"), message))
    return issues


class Portfolio(_Strict):
    """A whole portfolio document (``rendement: 1`` with a ``portfolio:`` block)."""

    rendement: FormatVersion
    portfolio: PortfolioInfo
    members: Annotated[list[Member], Field(min_length=1)]
    parties: Parties = Field(default_factory=Parties)
    fund: Fund


def is_portfolio_data(data: Any) -> bool:
    """A document with a top-level ``portfolio:`` block and no ``case:`` is a portfolio."""
    return isinstance(data, Mapping) and "portfolio" in data and "case" not in data


def parse_portfolio(data: Any) -> Portfolio:
    """Validate a portfolio document; raises :class:`CaseError` with every problem."""
    if not isinstance(data, Mapping):
        message = f"a portfolio file must be a mapping of keys to values (got {show_value(data)})"
        raise CaseError([Issue((), message, line=1)])
    issues: list[Issue] = []
    portfolio: Portfolio | None = None
    try:
        portfolio = Portfolio.model_validate(dict(data))
    except ValidationError as error:
        issues.extend(issues_from_validation(error, lambda loc: allowed_keys(loc, Portfolio)))
    controls, covered = control_character_issues(data)
    issues = _outside(issues, covered) + controls
    if portfolio is not None:
        issues.extend(fund_rule_issues(portfolio.fund))
    if issues or portfolio is None:
        raise CaseError(_dedupe(issues))
    return portfolio
