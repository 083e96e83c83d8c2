"""What a route needs, as FastAPI dependencies: the registry, the accounts, who is asking (a
browser session or an API token), the language, and the CSRF check of every change."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import AfterValidator
from starlette.exceptions import HTTPException

from rendement.model.validate import control_character
from rendement.settings import Settings
from rendement.usecases.accounts import (
    Principal,
    session_principal,
    token_principal,
    utc_now,
)
from rendement.usecases.errors import ForbiddenError, UnauthorisedError
from rendement.usecases.store import Accounts, Registry
from rendement.web.cache import ResultCache
from rendement.web.errors import SignInRequired
from rendement.web.render import language

SESSION_COOKIE = "rdm_session"
CSRF_HEADER = "x-csrf-token"


def _plain(value: str | None) -> str | None:
    """A text from a form, a body or a query string: tabs and line breaks (a browser sends a
    textarea's as CR LF) pass; any other control character is refused at its field, before it
    reaches a lookup (PostgreSQL refuses U+0000, and no text of ours means one)."""
    if value is not None:
        problem = control_character(value.replace("\r\n", "\n"), "\t\n")
        if problem is not None:
            raise ValueError(problem)
    return value


Plain = AfterValidator(_plain)
"""Put in the ``Annotated`` of every text parameter of a route."""


def plain_address(request: Request) -> None:
    """A path segment holding a control character names nothing: not found (every route)."""
    for value in request.path_params.values():
        if isinstance(value, str) and control_character(value, "") is not None:
            raise HTTPException(404)


def get_registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


def get_accounts(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


def get_cache(request: Request) -> ResultCache:
    cache: ResultCache = request.app.state.result_cache
    return cache


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def optional_principal(request: Request) -> Principal | None:
    session = request.cookies.get(SESSION_COOKIE)
    principal = None
    if session:
        principal = session_principal(get_accounts(request), session, utc_now())
    request.state.principal = principal
    return principal


def page_principal(request: Request) -> Principal:
    """The signed-in person of a page; otherwise to the sign-in page and back."""
    principal = optional_principal(request)
    if principal is None:
        raise SignInRequired()
    return principal


def api_principal(request: Request) -> Principal:
    """The holder of a bearer token (``Authorization: Bearer rdm_…``)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorisedError("an API token is needed: Authorization: Bearer <token>")
    principal = token_principal(get_accounts(request), token.strip())
    if principal is None:
        raise UnauthorisedError("the API token is not valid (unknown or revoked)")
    request.state.principal = principal
    return principal


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(str(given), str(expected))


async def csrf_checked(request: Request) -> Principal:
    """A signed-in person whose change carries the session's CSRF token (a form field
    ``csrf`` or the header ``X-CSRF-Token``): another site cannot make the browser change
    anything."""
    principal = page_principal(request)
    given = request.headers.get(CSRF_HEADER)
    if given is None and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get("csrf")
        given = value if isinstance(value, str) else None
    if not same_token(given, principal.csrf):
        raise ForbiddenError("the form has expired or did not come from this site: reload it")
    return principal


Lang = Annotated[str, Depends(language)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
AccountsDep = Annotated[Accounts, Depends(get_accounts)]
CacheDep = Annotated[ResultCache, Depends(get_cache)]
PagePrincipal = Annotated[Principal, Depends(page_principal)]
MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]
ApiPrincipal = Annotated[Principal, Depends(api_principal)]
Changer = Annotated[Principal, Depends(csrf_checked)]


FilterValue = Annotated[str | None, Query(max_length=200), Plain]


@dataclass(frozen=True)
class RegistryFilters:
    """The registry's filters as a query string gives them (None: not given; "": all)."""

    status: str | None
    method: str | None
    timing: str | None
    quadrant: str | None
    evidence_level: str | None
    domain: str | None
    q: str | None

    def raw(self, status_default: str | None = None) -> dict[str, str | None]:
        status = self.status if self.status is not None else status_default
        return {
            "status": status,
            "method": self.method,
            "timing": self.timing,
            "quadrant": self.quadrant,
            "evidence_level": self.evidence_level,
            "domain": self.domain,
        }


def registry_filters(
    status: FilterValue = None,
    method: FilterValue = None,
    timing: FilterValue = None,
    quadrant: FilterValue = None,
    evidence_level: FilterValue = None,
    domain: FilterValue = None,
    q: FilterValue = None,
) -> RegistryFilters:
    return RegistryFilters(status, method, timing, quadrant, evidence_level, domain, q)


Filters = Annotated[RegistryFilters, Depends(registry_filters)]
