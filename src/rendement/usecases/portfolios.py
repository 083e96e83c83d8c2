"""Portfolios of an organisation in the web instrument (method.md §16): a regional fund over
cases in the registry, kept under ``<organisation>/<portfolio id>`` and private to it.

In the web a member is always a registry id that the caller may see (a case of their own
organisation, a shared case or one of the common registry); it is never read as a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rendement.engine.fund import FundResult
from rendement.model import CaseError, Issue
from rendement.model.portfolio import parse_portfolio
from rendement.registry.errors import NotFoundError, RegistryError
from rendement.registry.portfolios import StoredPortfolio
from rendement.usecases.accounts import Principal
from rendement.usecases.analysis import MAX_DRAWS_WEB, check_draws
from rendement.usecases.fund import compute_fund, prepare_portfolio
from rendement.usecases.store import Store


def portfolio_key(org_slug: str, portfolio_id: str) -> str:
    return f"{org_slug}/{portfolio_id}"


def _may_see(store: Store, principal: Principal) -> Any:
    def may_see(entry_id: str) -> bool:
        owner = store.accounts.owner(entry_id)
        return principal.may_see(owner) and store.registry.current_version(entry_id) is not None

    return may_see


def evaluate_portfolio(
    store: Store, principal: Principal, data: Any, draws: int | None = None, seed: int = 0
) -> FundResult:
    """The fund of a portfolio document whose members are registry ids; CaseError names
    every problem at its path (a member the caller may not see is simply not found)."""
    if draws is not None:
        check_draws(draws, MAX_DRAWS_WEB)
    portfolio = parse_portfolio(data)
    prepared = prepare_portfolio(
        portfolio,
        Path("."),
        registry=lambda: store.registry,
        may_see=_may_see(store, principal),
    )
    return compute_fund(prepared, draws, seed)


def visible_portfolios(store: Store, principal: Principal) -> list[StoredPortfolio]:
    return store.portfolios.of_organisations(principal.organisation_ids)


def open_portfolio(store: Store, principal: Principal, key: str) -> StoredPortfolio:
    found = store.portfolios.get(key)
    if found is None or found.organisation_id not in principal.roles:
        raise NotFoundError(f"{key}: no such portfolio")
    return found


def save_portfolio(
    store: Store,
    principal: Principal,
    org_slug: str,
    data: Any,
    base_version: int | None,
) -> tuple[str, int]:
    """Save a portfolio that computes (every member resolved, every rule key right); a new
    one with ``base_version`` None. Nothing is saved when anything is wrong."""
    org = store.accounts.organisation(org_slug)
    if org is None or org.id not in principal.roles:
        raise NotFoundError(f"{org_slug}: no such organisation")
    principal.require_role(org.id, "editor")
    result = evaluate_portfolio(store, principal, data)
    key = portfolio_key(org.slug, result.id)
    if base_version is not None:
        current = store.portfolios.get(key)
        if current is None:
            raise CaseError([Issue(("portfolio", "id"), f"a saved portfolio keeps its id ({key})")])
    version = store.portfolios.save(
        key, org.id, result.title, data, principal.user.email, base_version
    )
    return key, version


def add_missing_portfolios(
    store: Store, principal: Principal, org_slug: str, documents: list[dict[str, Any]]
) -> list[str]:
    """Save each portfolio document the organisation does not hold yet; those that do not
    compute are left out. Returns the keys saved."""
    made = []
    for data in documents:
        info = data.get("portfolio") if isinstance(data, dict) else None
        if not isinstance(info, dict):
            continue
        if store.portfolios.get(portfolio_key(org_slug, str(info.get("id")))) is not None:
            continue
        try:
            made.append(save_portfolio(store, principal, org_slug, data, None)[0])
        except (CaseError, RegistryError):
            continue
    return made
