"""Fund a portfolio (method.md §16): load the portfolio file, resolve its members (files
relative to it, or registry ids), check what needs the members, and compute the fund.

The CLI calls :func:`fund_file`; a web page holding a portfolio document calls
:func:`prepare_portfolio` with the parsed document and a member loader, then
:func:`compute_fund`. Errors are :class:`CaseError`: the portfolio's own problems at their line
in the portfolio file, a member's problems at their line in the member's file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rendement.engine import prepare
from rendement.engine.flows import horizon
from rendement.engine.fund import FundResult, FundRule, FundSpec, MemberSpec, fund_result
from rendement.engine.fund_simulate import simulate_fund
from rendement.engine.parameters import Structure
from rendement.io.portfolio import LoadedPortfolio, is_portfolio_file, load_portfolio
from rendement.io.yamlio import MAX_FILE_BYTES, load_case
from rendement.model import Case, CaseError, Issue
from rendement.model.errors import UserError
from rendement.model.portfolio import MAX_PORTFOLIO_YEARS, Portfolio
from rendement.reference import CpiTable, PriceYearError, load_cpi
from rendement.registry import Registry
from rendement.usecases.analysis import check_draws, parse_case_document

CASE_SUFFIXES = (".yaml", ".yml", ".json")

__all__ = [
    "PreparedPortfolio",
    "check_portfolio_file",
    "compute_fund",
    "fund_file",
    "is_portfolio_file",
    "prepare_portfolio",
]


def is_member_file(reference: str) -> bool:
    """A member named with a file suffix or a folder is a file; anything else a registry id."""
    return reference.endswith(CASE_SUFFIXES) or "/" in reference or os.sep in reference


@dataclass(frozen=True)
class PreparedPortfolio:
    portfolio: Portfolio
    spec: FundSpec


class _Members:
    """Loads the member cases, collecting every problem instead of stopping at the first."""

    def __init__(
        self,
        folder: Path,
        registry: Callable[[], Registry] | None,
        max_bytes: int,
        may_see: Callable[[str], bool] | None = None,
    ) -> None:
        self.folder = folder
        self.registry = registry
        self.max_bytes = max_bytes
        # the web: members are registry ids only (never files), each one the caller may see
        self.may_see = may_see
        self.own: list[Issue] = []  # the portfolio's problems (path in the portfolio)
        self.theirs: list[Issue] = []  # the members' problems, located in their own files
        self._opened: Registry | None = None

    def load(self, i: int, reference: str) -> Structure | None:
        where = ("members", i, "case")
        if self.may_see is None and is_member_file(reference):
            path = Path(os.path.normpath(self.folder / reference))
            if not path.exists():
                self.own.append(Issue(where, f"no such file: {path}"))
                return None
            try:
                loaded = load_case(path, self.max_bytes)
            except CaseError as error:
                self.theirs.extend(error.issues)
                self.own.append(Issue(where, f"{path} does not validate (see its errors)"))
                return None
            try:
                return prepare(loaded.case)
            except CaseError as error:
                self.theirs.extend(loaded.locate(error).issues)
                self.own.append(Issue(where, f"{path} does not validate (see its errors)"))
                return None
        return self._from_registry(where, reference)

    def _from_registry(self, where: tuple[str | int, ...], entry_id: str) -> Structure | None:
        if self.registry is None:
            message = (
                f"'{entry_id}' is not a file (no .yaml, .yml or .json) and no registry is open"
            )
            self.own.append(Issue(where, message))
            return None
        if self.may_see is not None and not self.may_see(entry_id):
            self.own.append(Issue(where, f"no case '{entry_id}' in the registry"))
            return None
        try:
            if self._opened is None:
                self._opened = self.registry()
            data = self._opened.get(entry_id).data
            case = parse_case_document(data)
            return prepare(case)
        except CaseError as error:
            for issue in error.issues:
                self.own.append(Issue(where, f"registry entry {entry_id}: {issue}"))
        except UserError as error:
            self.own.append(Issue(where, str(error)))
        return None


def _party_table(
    portfolio: Portfolio, structures: list[Structure]
) -> tuple[list[str], list[str], list[str], list[tuple[int, ...]], list[Issue]]:
    """Parties in order of first appearance, their names and kinds, each member's
    stakeholder → party index, and the problems of the party map."""
    mapping = portfolio.parties.map
    parties: list[str] = []
    names: list[str] = []
    kinds: list[set[str]] = []
    party_of: list[tuple[int, ...]] = []
    known: set[str] = set()
    for structure in structures:
        case: Case = structure.case
        row = []
        for s in case.stakeholders:
            key = f"{case.case.id}.{s.id}"
            known.add(key)
            party = mapping.get(key, key)
            if party not in parties:
                parties.append(party)
                names.append(party if key in mapping else s.name)
                kinds.append(set())
            q = parties.index(party)
            kinds[q].add(s.kind)
            row.append(q)
        party_of.append(tuple(row))
    issues = []
    case_ids = {st.case.case.id: st.case for st in structures}
    for key in mapping:
        if key in known:
            continue
        case_id, stakeholder = key.split(".", 1)
        if case_id not in case_ids:
            listed = ", ".join(sorted(case_ids))
            message = f"no member case '{case_id}' in this portfolio (members: {listed})"
        else:
            listed = ", ".join(s.id for s in case_ids[case_id].stakeholders)
            message = f"case '{case_id}' has no stakeholder '{stakeholder}' (it has: {listed})"
        issues.append(Issue(("parties", "map", key), message))
    # an unmapped party reads as its stakeholder's name; the case id is added only when two
    # parties would read the same
    for name in {n for n in names if names.count(n) > 1}:
        for q, party in enumerate(parties):
            if names[q] == name and "." in party:
                names[q] = f"{name} ({party.split('.', 1)[0]})"
    kind_names = [next(iter(k)) if len(k) == 1 else "other" for k in kinds]
    return parties, names, kind_names, party_of, issues


def _rule(
    portfolio: Portfolio, parties: list[str], rule: str | None
) -> tuple[FundRule, list[Issue]]:
    fund = portfolio.fund
    chosen = rule or fund.rule
    issues: list[Issue] = []
    for key, named in (("shares", fund.shares or {}), ("seed", fund.seed)):
        for party in named:
            if party not in parties:
                listed = ", ".join(parties)
                message = f"'{party}' is not a party of this portfolio (parties: {listed})"
                issues.append(Issue(("fund", key, party), message))
    if chosen == "shared-savings" and fund.share is None:
        issues.append(Issue(("fund",), "--rule shared-savings needs fund.share in the file"))
    if chosen == "fixed" and not fund.shares:
        issues.append(Issue(("fund",), "--rule fixed needs fund.shares in the file"))
    shares = fund.shares or {}
    return (
        FundRule(
            rule=chosen,
            share=fund.share or 0.0,
            shares=tuple(float(shares.get(p, 0.0)) for p in parties),
            seed=tuple(float(fund.seed.get(p, 0.0)) for p in parties),
        ),
        issues,
    )


def prepare_portfolio(
    portfolio: Portfolio,
    folder: Path,
    *,
    rule: str | None = None,
    registry: Callable[[], Registry] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    cpi: CpiTable | None = None,
    locate: Callable[[CaseError], CaseError] | None = None,
    may_see: Callable[[str], bool] | None = None,
) -> PreparedPortfolio:
    """Resolve the members and check everything that needs them; raises CaseError. With
    ``may_see`` (the web) every member is a registry id the caller must be allowed to see,
    and none is read as a file."""
    cpi = cpi or load_cpi()
    members = _Members(folder, registry, max_bytes, may_see)
    info = portfolio.portfolio
    loaded: list[tuple[int, Structure]] = []
    for i, m in enumerate(portfolio.members):
        structure = members.load(i, m.case)
        if structure is not None:
            loaded.append((i, structure))
    own = members.own
    factors: dict[int, float] = {}
    end = 1
    for i, structure in loaded:
        case = structure.case.case
        where = ("members", i, "case")
        if case.currency != info.currency:
            own.append(Issue(where, f"is in {case.currency}, the portfolio in {info.currency}"))
        try:
            factors[i] = (
                1.0
                if case.price_year == info.price_year
                else cpi.factor(case.price_year, info.price_year)
            )
        except PriceYearError as error:
            own.append(Issue(where, f"cannot re-price from {case.price_year}: {error}"))
        member = portfolio.members[i]
        last = member.start + horizon(structure, structure.base_row())
        if last > MAX_PORTFOLIO_YEARS:
            message = (
                f"ends in year {last - 1} of the portfolio (start {member.start}): "
                f"a portfolio spans at most {MAX_PORTFOLIO_YEARS} years"
            )
            own.append(Issue(("members", i), message))
        end = max(end, last)
    structures = [s for _, s in loaded]
    parties, names, kinds, party_of, map_issues = _party_table(portfolio, structures)
    fund_rule, rule_issues = _rule(portfolio, parties, rule)
    if len(loaded) == len(portfolio.members):
        own.extend(map_issues)
        own.extend(rule_issues)
    if own or members.theirs:
        located = locate(CaseError(own)).issues if locate is not None and own else tuple(own)
        raise CaseError([*located, *members.theirs])
    spec = FundSpec(
        id=info.id,
        title=info.title,
        currency=info.currency,
        price_year=info.price_year,
        discount_rate=info.discount_rate,
        discounting=info.discounting,
        horizon=min(end, MAX_PORTFOLIO_YEARS),
        members=tuple(
            MemberSpec(
                structure=structure,
                scale=portfolio.members[i].scale,
                start=portfolio.members[i].start,
                price_factor=factors[i],
                party_of=party_of[k],
            )
            for k, (i, structure) in enumerate(loaded)
        ),
        parties=tuple(parties),
        party_names=tuple(names),
        party_kinds=tuple(kinds),
        rule=fund_rule,
    )
    return PreparedPortfolio(portfolio, spec)


def prepare_portfolio_file(
    path: Path,
    *,
    rule: str | None = None,
    registry: Callable[[], Registry] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> PreparedPortfolio:
    loaded: LoadedPortfolio = load_portfolio(path, max_bytes)
    return prepare_portfolio(
        loaded.portfolio,
        loaded.folder,
        rule=rule,
        registry=registry,
        max_bytes=max_bytes,
        locate=loaded.locate,
    )


def compute_fund(
    prepared: PreparedPortfolio, draws: int | None = None, seed: int = 0
) -> FundResult:
    """The fund at the point values, with a joint simulation of ``draws`` when given."""
    simulation = None
    if draws is not None:
        check_draws(draws, name="draws")
        simulation = simulate_fund(prepared.spec, draws, seed)
    return fund_result(prepared.spec, simulation)


def fund_file(
    path: Path,
    *,
    rule: str | None = None,
    draws: int | None = None,
    seed: int = 0,
    registry: Callable[[], Registry] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> FundResult:
    """``rendement fund PORTFOLIO``: load, resolve, check and compute."""
    prepared = prepare_portfolio_file(path, rule=rule, registry=registry, max_bytes=max_bytes)
    return compute_fund(prepared, draws, seed)


def check_portfolio_file(
    path: Path, max_bytes: int = MAX_FILE_BYTES, registry: Callable[[], Registry] | None = None
) -> None:
    """``rendement check PORTFOLIO``: every problem of the file and its members, at once."""
    prepare_portfolio_file(path, registry=registry, max_bytes=max_bytes)
