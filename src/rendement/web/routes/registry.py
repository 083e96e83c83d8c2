"""The registry pages: the case list with filters and search, import, screening, meta."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from rendement.io.jsonio import as_json_data
from rendement.model import CaseError
from rendement.model.errors import Issue
from rendement.usecases import browse as ur
from rendement.usecases.cases import case_key, visible_entries
from rendement.web.cache import digest
from rendement.web.deps import (
    AccountsDep,
    CacheDep,
    Changer,
    Filters,
    Lang,
    PagePrincipal,
    Plain,
    RegistryDep,
)
from rendement.web.render import page

router = APIRouter(include_in_schema=False)

MAX_FILES = 200
MAX_FILE = 2_000_000


@router.get("/registry")
def registry_list(
    request: Request,
    principal: PagePrincipal,
    registry: RegistryDep,
    accounts: AccountsDep,
    cache: CacheDep,
    given: Filters,
) -> Response:
    raw = given.raw()
    filters = ur.clean_filters(raw)
    entries = ur.search(
        visible_entries(registry, accounts, principal, cache.get, **filters), given.q
    )
    every = accounts.owners()
    owners = {e.id: every.get(e.id) for e in entries}
    return page(
        request,
        "registry.html",
        entries=entries,
        owners=owners,
        chosen={k: v or "" for k, v in raw.items()},
        q=given.q or "",
        choices=ur.CHOICES,
        editable=principal.editable_organisations(),
        reports=None,
    )


@router.post("/registry/import")
async def registry_import(
    request: Request,
    principal: Changer,
    registry: RegistryDep,
    accounts: AccountsDep,
    org: Annotated[str, Form(max_length=64), Plain],
    files: Annotated[list[UploadFile], File()],
) -> Response:
    from rendement.io.yamlio import locator, read_upload

    if len(files) > MAX_FILES:
        raise CaseError([Issue((), f"at most {MAX_FILES} files at once (got {len(files)})")])
    read: list[ur.ReadFile] = []
    for upload in files:
        name = (upload.filename or "file").rsplit("/", 1)[-1][:200]
        raw = await upload.read(MAX_FILE + 1)
        try:
            if len(raw) > MAX_FILE:
                raise CaseError([Issue((), f"{name}: larger than {MAX_FILE:,} bytes")])
            data, source = read_upload(raw, name)
            read.append(ur.ReadFile(name, as_json_data(data), locator(name, source)))
        except CaseError as error:
            read.append(ur.ReadFile(name, error))
    reports = ur.import_for_organisation(registry, accounts, principal, org, read)
    return page(request, "import_report.html", reports=reports)


@router.post("/registry/{org}/{cid}/screen")
def registry_screen(
    org: str,
    cid: str,
    principal: Changer,
    registry: RegistryDep,
    accounts: AccountsDep,
    status: Annotated[str, Form(max_length=20), Plain],
    reason: Annotated[str, Form(max_length=2000), Plain] = "",
) -> Response:
    ur.screen_case(registry, accounts, principal, case_key(org, cid), status, reason)
    return RedirectResponse("/registry", status_code=303)


FOREST_ROWS = 40  # the web's forest plot: the cases with the largest weights


@router.get("/meta")
def meta_page(
    request: Request,
    principal: PagePrincipal,
    registry: RegistryDep,
    accounts: AccountsDep,
    cache: CacheDep,
    lang: Lang,
    given: Filters,
    estimator: Annotated[str, Query(max_length=10), Plain] = "dl",
    minimum: bool = False,
) -> Response:
    from rendement.report import charts
    from rendement.report.registry import placed_cases

    raw = given.raw(status_default="included")
    view = ur.meta_view(
        registry, accounts, principal, ur.clean_filters(raw), None, estimator, memo=cache.get
    )
    result = view.result
    lead = result["minimum_variant"] if minimum else result
    included = [c for c in placed_cases(view.cases) if c.get("status") == "included"]
    pooled = result.get("random_effects")
    forest = charts.forest_rows(included, FOREST_ROWS)
    # the charts are drawn once per content and language, for all workers (drawing them takes
    # seconds over a large registry; the figures behind them change only when it does)
    content = {"funnel": result["funnel"], "included": included, "pooled": pooled}
    svg = cache.get_shared(
        ("meta-charts", lang, digest(content)),
        lambda: {
            "funnel": charts.funnel_chart(result["funnel"], lang),
            "quadrant": charts.quadrant_chart(included, lang) if included else "",
            "forest": charts.forest_chart(included, pooled, lang, FOREST_ROWS) if forest else "",
        },
    )
    return page(
        request,
        "meta.html",
        result=result,
        lead=lead,
        minimum=minimum,
        svg=svg,
        forest_shown=len(forest),
        forest_all=len(charts.forest_rows(included)),
        fields=view.fields,
        chosen={k: v or "" for k, v in raw.items()},
        choices=ur.CHOICES,
        estimator=estimator,
    )
