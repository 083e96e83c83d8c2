"""The JSON API under /api/v1, for bearer tokens; the same keys as ``rendement calc --json``
(case-format.md). Errors: ``{"errors": [{"path": ..., "message": ...}]}``."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from rendement.io.jsonio import evaluation_to_dict, sensitivity_to_dict, simulation_to_dict
from rendement.usecases import browse as ur
from rendement.usecases import cases as uc
from rendement.usecases.analysis import (
    MAX_DRAWS_WEB,
    analyse_document,
    sensitivity_of,
    simulation_of,
)
from rendement.usecases.catalogue import catalogue_rows
from rendement.usecases.workshops import announce_version
from rendement.web.deps import AccountsDep, ApiPrincipal, CacheDep, Filters, Plain, RegistryDep

router = APIRouter(prefix="/api/v1", tags=["api"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "A query parameter or a value is not one the API knows: `errors` says"},
    401: {"description": "No valid API token"},
    403: {"description": "The token's role does not allow this change"},
    413: {"description": "The request body is larger than the service accepts"},
    404: {"description": "No such case, or not visible to the token's organisations"},
    422: {"description": "The document or a parameter is invalid: `errors` names each place"},
}


def finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such a figure is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def answer(value: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(finite(value), status_code=status_code)


Document = Annotated[dict[str, Any], Body(description="A case document, as in a case file.")]


@router.post("/evaluate", responses=ERRORS, summary="Evaluate a case document")
def evaluate(
    principal: ApiPrincipal,
    document: Document,
    draws: Annotated[int | None, Query(description="Monte-Carlo draws")] = None,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
    scenario: Annotated[str | None, Query(max_length=100), Plain] = None,
) -> JSONResponse:
    """The body of ``rendement calc --json``; with ``draws`` also ``simulation``."""
    analysis = analyse_document(document, scenario)
    result = evaluation_to_dict(analysis.evaluation)
    if draws is not None:
        simulation = simulation_of(analysis, draws, seed, MAX_DRAWS_WEB)
        result["simulation"] = simulation_to_dict(simulation)
    return answer(result)


@router.post("/sensitivity", responses=ERRORS, summary="Tornado and switching values")
def sensitivity(principal: ApiPrincipal, document: Document) -> JSONResponse:
    analysis = analyse_document(document)
    return answer(sensitivity_to_dict(sensitivity_of(analysis.structure)))


def _entry_json(entry: Any, owner: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "title": entry.title,
        "version": entry.current_version,
        "status": entry.status,
        "method": entry.method,
        "ratio": entry.ratio,
        "balance": entry.balance,
        "organisation": entry.id.split("/", 1)[0] if owner else None,
        "shared": bool(owner.shared) if owner else True,
        "updated_at": entry.updated_at.isoformat(),
    }


@router.get("/cases", responses=ERRORS, summary="Cases the token may see")
def list_cases(
    principal: ApiPrincipal,
    registry: RegistryDep,
    accounts: AccountsDep,
    cache: CacheDep,
    given: Filters,
) -> JSONResponse:
    filters = ur.clean_filters(given.raw())
    entries = ur.search(
        uc.visible_entries(registry, accounts, principal, cache.get, **filters), given.q
    )
    owners = accounts.owners()
    return answer({"cases": [_entry_json(e, owners.get(e.id)) for e in entries]})


class NewCase(BaseModel):
    organisation: Annotated[str, Plain] = Field(
        max_length=64, description="The organisation's slug"
    )
    document: dict[str, Any]
    message: Annotated[str, Plain] = Field(default="", max_length=2000)


class CaseUpdate(BaseModel):
    document: dict[str, Any]
    base_version: int = Field(ge=1, description="The version this change was made on")
    message: Annotated[str, Plain] = Field(default="", max_length=2000)


@router.post("/cases", responses=ERRORS, status_code=201, summary="Create a case")
def create_case(
    principal: ApiPrincipal, registry: RegistryDep, accounts: AccountsDep, body: NewCase
) -> JSONResponse:
    key = uc.create_case(
        registry, accounts, principal, body.organisation, body.document, body.message
    )
    return answer({"id": key, "version": 1}, 201)


def _version_json(view: uc.CaseView) -> dict[str, Any]:
    v = view.version
    return {
        "id": view.key,
        "version": v.number,
        "author": v.author,
        "message": v.message,
        "created_at": v.created_at.isoformat(),
        "shared": bool(view.owner.shared) if view.owner else True,
        "document": v.data,
    }


@router.get("/cases/{org}/{cid}", responses=ERRORS, summary="A case's newest version")
def get_case(
    org: str,
    cid: str,
    principal: ApiPrincipal,
    registry: RegistryDep,
    accounts: AccountsDep,
    version: Annotated[int | None, Query(ge=1, le=uc.INTEGER_LIMIT)] = None,
) -> JSONResponse:
    view = uc.open_case(registry, accounts, principal, uc.case_key(org, cid), version)
    return answer(_version_json(view))


@router.put(
    "/cases/{org}/{cid}",
    responses={**ERRORS, 409: {"description": "base_version is stale: the current version"}},
    summary="Save a new version of a case",
)
def put_case(
    request: Request,
    org: str,
    cid: str,
    principal: ApiPrincipal,
    registry: RegistryDep,
    accounts: AccountsDep,
    body: CaseUpdate,
) -> JSONResponse:
    key = uc.case_key(org, cid)
    try:
        version = uc.save_case(
            registry, accounts, principal, key, body.document, body.base_version, body.message
        )
    except uc.StaleSave as stale:
        return answer(
            {
                "errors": [{"path": "base_version", "message": str(stale)}],
                "current_version": stale.current_version,
                "both_changed": [p for p, _, _ in stale.both_changed],
                "current": stale.current,
            },
            409,
        )
    announce_version(request.app.state.store.workshops, key, version, principal.user.email)
    return answer({"id": key, "version": version})


@router.get("/cases/{org}/{cid}/versions", responses=ERRORS, summary="Every version of a case")
def versions(
    org: str, cid: str, principal: ApiPrincipal, registry: RegistryDep, accounts: AccountsDep
) -> JSONResponse:
    found = uc.history(registry, accounts, principal, uc.case_key(org, cid))
    return answer(
        {
            "versions": [
                {
                    "version": v.number,
                    "author": v.author,
                    "message": v.message,
                    "created_at": v.created_at.isoformat(),
                    "ratio": v.figures.ratio,
                    "npv": v.figures.npv,
                }
                for v in found
            ]
        }
    )


@router.get("/meta", responses=ERRORS, summary="Meta-analysis over the visible registry")
def meta(
    principal: ApiPrincipal,
    registry: RegistryDep,
    accounts: AccountsDep,
    cache: CacheDep,
    given: Filters,
    by: Annotated[list[str] | None, Query()] = None,
    estimator: Annotated[str, Query(max_length=10), Plain] = "dl",
    resamples: Annotated[int, Query()] = 10_000,
) -> JSONResponse:
    filters = ur.clean_filters(given.raw())
    view = ur.meta_view(
        registry, accounts, principal, filters, by, estimator, resamples, memo=cache.get
    )
    return answer(view.result)


@router.get("/catalogue", responses=ERRORS, summary="The sourced catalogue of unit prices")
def catalogue(
    principal: ApiPrincipal,
    q: Annotated[str | None, Query(max_length=200), Plain] = None,
    price_year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    lang: Annotated[str, Query(pattern="^(nl|en)$"), Plain] = "nl",
) -> JSONResponse:
    return answer({"entries": catalogue_rows(q or None, price_year, lang)})
