"""The case editor: a case of an organisation, its live results, saving, versions, downloads,
sensitivity and simulation."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response

from rendement.io.jsonio import as_json_data
from rendement.model import STAKEHOLDER_KINDS, CaseError
from rendement.model.errors import Issue
from rendement.texts import text
from rendement.usecases import cases as uc
from rendement.usecases.accounts import Principal
from rendement.usecases.analysis import MAX_DRAWS_WEB, analyse_document, check_draws
from rendement.usecases.workshops import announce_version, for_organisation, show_code
from rendement.web import present
from rendement.web.cache import ResultCache, digest
from rendement.web.deps import (
    AccountsDep,
    CacheDep,
    Changer,
    Lang,
    PagePrincipal,
    Plain,
    RegistryDep,
)
from rendement.web.errors import error_items
from rendement.web.render import page

router = APIRouter(include_in_schema=False)

TEMPLATES = ("sociaal-makelen", "intensieve-begeleiding", "welzijn-op-recept", "buurtcoaching")
MAX_UPLOAD = 2_000_000  # bytes of one uploaded case file


def template_document(name: str | None) -> dict[str, Any]:
    """The starter or a substitution template as data (the same files as ``rendement new``)."""
    from rendement.io.yamlio import read_document

    file = f"templates/{name if name in TEMPLATES else 'starter'}.yaml"
    source = resources.files("rendement.cli").joinpath(file).read_text("utf-8")
    data, _ = read_document(source, file)
    plain: dict[str, Any] = as_json_data(data)
    return plain


def seen_case(
    org: str, cid: str, principal: PagePrincipal, registry: RegistryDep, accounts: AccountsDep
) -> uc.CaseView:
    """The newest version of the case at /cases/{org}/{cid}, when the caller may see it."""
    return uc.open_case(registry, accounts, principal, uc.case_key(org, cid))


SeenCase = Annotated[uc.CaseView, Depends(seen_case)]


@router.get("/")
def home(
    request: Request, principal: PagePrincipal, registry: RegistryDep, accounts: AccountsDep
) -> Response:
    mine = set(principal.organisation_ids)
    owners = accounts.owners()
    entries = []
    for entry in uc.visible_entries(registry, accounts, principal):
        owner = owners.get(entry.id)
        if owner is not None and owner.organisation_id in mine:
            entries.append((entry, owner))
    from rendement.usecases.browse import CHOICES

    return page(
        request, "home.html", entries=entries, templates=TEMPLATES, quadrants=CHOICES["quadrant"]
    )


def _editor(
    request: Request,
    principal: Principal,
    lang: str,
    *,
    document: dict[str, Any],
    key: str | None,
    version: int | None,
    editable: bool,
    org: str | None,
    errors: list[dict[str, Any]] | None = None,
    shared: bool = False,
    workshops: list[Any] | None = None,
    prediction: Any = None,
    like: str | None = None,
    comments: list[Any] | None = None,
) -> Response:
    # the document's own problems appear at their fields once the editor has evaluated it
    cache: ResultCache = request.app.state.result_cache
    results_html, _ = cache.get(
        ("results", digest(document), lang), lambda: present.results_fragment(document, lang)
    )
    return page(
        request,
        "editor.html",
        key=key,
        version=version,
        editable=editable,
        org=org,
        shared=shared,
        results_html=results_html,
        doc_json=present.script_json(present.displayable(document)),
        meta_json=present.script_json(
            present.editor_meta(
                lang,
                key=key,
                version=version,
                editable=editable,
                org=org,
                csrf=principal.csrf or "",
                kinds=list(STAKEHOLDER_KINDS),
            )
        ),
        errors=errors or [],
        workshops=[(w, show_code(w.code)) for w in workshops or []],
        prediction=prediction,
        like=like,
        comments=comments or [],
        has_forecast=isinstance(document.get("case"), dict) and "forecast" in document["case"],
    )


@router.get("/cases/new")
def new_case(
    request: Request,
    principal: PagePrincipal,
    registry: RegistryDep,
    lang: Lang,
    org: Annotated[str | None, Plain] = None,
    template: Annotated[str | None, Plain] = None,
    like: Annotated[str | None, Query(max_length=300), Plain] = None,
    investment: Annotated[float | None, Query(ge=0, le=1e15)] = None,
) -> Response:
    choices = principal.editable_organisations()
    if not choices:
        return page(
            request,
            "error.html",
            status_code=403,
            status=403,
            errors=[{"path": None, "message": text("web.new.no_org", lang)}],
        )
    chosen = next((o.slug for o in choices if o.slug == org), choices[0].slug)
    prediction = None
    if like:  # a start from comparable cases (method.md §15)
        document, prediction = present.like_start(registry, like, investment)
    else:
        document = template_document(template)
    return _editor(
        request,
        principal,
        lang,
        document=document,
        key=None,
        version=None,
        editable=True,
        org=chosen,
        prediction=prediction,
        like=like,
    )


@router.post("/cases/upload")
async def upload_case(
    request: Request,
    principal: Changer,
    registry: RegistryDep,
    accounts: AccountsDep,
    lang: Lang,
    org: Annotated[str, Form(max_length=64), Plain],
    file: Annotated[UploadFile, File()],
) -> Response:
    from rendement.io.excel import CellMap
    from rendement.io.yamlio import read_upload

    name = (file.filename or "case.yaml").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    raw = await file.read(MAX_UPLOAD + 1)
    if len(raw) > MAX_UPLOAD:
        raise CaseError([Issue((), f"{name}: larger than {MAX_UPLOAD:,} bytes")])
    data, source = read_upload(raw, name)
    data = as_json_data(data)
    try:
        key = uc.create_case(registry, accounts, principal, org, data, f"uploaded {name}")
    except CaseError as error:
        if isinstance(source, CellMap):  # the editor shows the field; the message the cell
            error = source.in_messages(error)
        return _editor(
            request,
            principal,
            lang,
            document=data if isinstance(data, dict) else {},
            key=None,
            version=None,
            editable=True,
            org=org,
            errors=error_items(error),
        )
    return RedirectResponse(f"/cases/{key}", status_code=303)


@router.post("/cases/evaluate")
def evaluate_draft(
    principal: Changer, lang: Lang, document: Annotated[Any, Body(embed=True)]
) -> JSONResponse:
    html, errors = present.results_fragment(document, lang)
    return JSONResponse({"ok": not errors, "html": html, "errors": errors})


@router.post("/cases/create")
def create(
    principal: Changer,
    registry: RegistryDep,
    accounts: AccountsDep,
    document: Annotated[Any, Body()],
    org: Annotated[str, Body(max_length=64), Plain],
    message: Annotated[str, Body(max_length=2000), Plain] = "",
) -> JSONResponse:
    key = uc.create_case(registry, accounts, principal, org, document, message)
    return JSONResponse({"key": key, "version": 1, "url": f"/cases/{key}"})


@router.get("/cases/{org}/{cid}")
def editor(
    request: Request,
    view: SeenCase,
    principal: PagePrincipal,
    accounts: AccountsDep,
    lang: Lang,
) -> Response:
    return _editor(
        request,
        principal,
        lang,
        document=view.version.data,
        key=view.key,
        version=view.version.number,
        editable=view.editable,
        org=view.organisation,
        shared=bool(view.owner and view.owner.shared),
        workshops=for_organisation(
            accounts, principal, request.app.state.store.workshops, view.key
        ),
        comments=request.app.state.store.workshops.comments(view.key)
        if view.owner is not None and view.owner.organisation_id in principal.roles
        else [],
    )


@router.post("/cases/{org}/{cid}/save")
def save(
    request: Request,
    org: str,
    cid: str,
    principal: Changer,
    registry: RegistryDep,
    accounts: AccountsDep,
    document: Annotated[Any, Body()],
    base_version: Annotated[int, Body(ge=1)],
    message: Annotated[str, Body(max_length=2000), Plain] = "",
) -> JSONResponse:
    key = uc.case_key(org, cid)
    try:
        version = uc.save_case(registry, accounts, principal, key, document, base_version, message)
    except uc.StaleSave as stale:
        return conflict_answer(stale)
    announce_version(request.app.state.store.workshops, key, version, principal.user.email)
    return JSONResponse({"key": key, "version": version})


def conflict_answer(stale: uc.StaleSave) -> JSONResponse:
    """A save refused on a stale version: the fields both sides changed, and the newest
    document, for the page's conflict dialog (the editor's and the workshop's)."""
    return JSONResponse(
        {
            "errors": [{"path": None, "message": str(stale)}],
            "conflict": {
                "current_version": stale.current_version,
                "both_changed": [
                    {"path": p, "mine": m, "theirs": t} for p, m, t in stale.both_changed
                ],
                "current": stale.current,
            },
        },
        status_code=409,
    )


@router.get("/cases/{org}/{cid}/history")
def history(
    request: Request,
    org: str,
    cid: str,
    principal: PagePrincipal,
    registry: RegistryDep,
    accounts: AccountsDep,
) -> Response:
    key = uc.case_key(org, cid)
    view = uc.open_case(registry, accounts, principal, key)
    versions = uc.history(registry, accounts, principal, key)
    return page(request, "history.html", view=view, versions=list(reversed(versions)))


@router.get("/cases/{org}/{cid}/diff")
def compare(
    request: Request,
    org: str,
    cid: str,
    principal: PagePrincipal,
    registry: RegistryDep,
    accounts: AccountsDep,
    old: Annotated[int, Query(ge=1)],
    new: Annotated[int, Query(ge=1)],
) -> Response:
    key = uc.case_key(org, cid)
    view = uc.open_case(registry, accounts, principal, key)
    found = uc.compare(registry, accounts, principal, key, old, new)
    return page(request, "diff.html", view=view, diff=found)


@router.post("/cases/{org}/{cid}/restore")
def restore(
    request: Request,
    org: str,
    cid: str,
    principal: Changer,
    registry: RegistryDep,
    accounts: AccountsDep,
    version: Annotated[int, Form(ge=1)],
) -> Response:
    key = uc.case_key(org, cid)
    restored = uc.restore_version(registry, accounts, principal, key, version)
    announce_version(request.app.state.store.workshops, key, restored, principal.user.email)
    return RedirectResponse(f"/cases/{key}/history", status_code=303)


@router.post("/cases/{org}/{cid}/share")
def share(
    org: str,
    cid: str,
    principal: Changer,
    registry: RegistryDep,
    accounts: AccountsDep,
    shared: Annotated[bool, Form()],
) -> Response:
    key = uc.case_key(org, cid)
    uc.share(registry, accounts, principal, key, shared)
    return RedirectResponse(f"/cases/{key}", status_code=303)


@router.get("/cases/{org}/{cid}/case.yaml")
def download_yaml(view: SeenCase) -> Response:
    from rendement.io.yamlwrite import dump_yaml

    body = dump_yaml(
        view.version.data,
        heading=f"{view.key}: version {view.version.number}, saved by {view.version.author}",
    )
    return Response(
        body,
        media_type="application/yaml; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{view.case_id}.yaml"'},
    )


REPORT_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/cases/{org}/{cid}/report.{kind}")
def download_report(
    request: Request,
    view: SeenCase,
    kind: str,
    lang: Lang,
) -> Response:
    if kind not in REPORT_TYPES:
        raise CaseError([Issue((), f"report.{kind}: choose pdf, html or xlsx")])
    return report_response(request.app.state.store, view.key, kind, lang)


def report_response(store: Any, key: str, kind: str, lang: str) -> Response:
    """The report of a case's newest version, with who agreed to which version."""
    from rendement.usecases.workshops import agreements

    version = store.registry.get(key)
    # a case that was never in a workshop has no sign-off: its report says nothing of it
    signed = store.workshops.signoffs(key) or store.workshops.of_entry(key, open_only=False)
    body = present.report_bytes(
        version.data,
        kind,
        lang,
        agreements(store, key) if signed else (),
        version.number,
        store.workshops.decisions(key),
    )
    name = key.split("/", 1)[1]
    return Response(
        body,
        media_type=REPORT_TYPES[kind],
        headers={"content-disposition": f'attachment; filename="{name}.{kind}"'},
    )


@router.get("/cases/{org}/{cid}/sensitivity")
def sensitivity(
    request: Request,
    view: SeenCase,
    lang: Lang,
) -> Response:
    analysis = analyse_document(view.version.data)
    context = present.sensitivity_context(analysis, lang)
    return page(request, "sensitivity.html", view=view, **context)


@router.get("/cases/{org}/{cid}/simulation")
def simulation(
    request: Request,
    view: SeenCase,
    lang: Lang,
    cache: CacheDep,
    draws: Annotated[int | None, Query()] = None,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
) -> Response:
    context: dict[str, Any] = {"draws": draws or 10_000, "seed": seed, "sim": None}
    if draws is not None:
        check_draws(draws, MAX_DRAWS_WEB)  # before the case is even analysed
        document = view.version.data
        # the same draws of the same document give the same figures: computed once per worker
        context.update(
            cache.get(
                ("simulation", digest(document), draws, seed, lang),
                lambda: present.simulation_context(analyse_document(document), draws, seed, lang),
            )
        )
    return page(request, "simulation.html", view=view, max_draws=MAX_DRAWS_WEB, **context)


@router.get("/cases/{org}/{cid}/arena")
def arena(request: Request, view: SeenCase, lang: Lang) -> Response:
    """Investors → activities → outcomes → beneficiaries; an outcome opens in the editor."""
    context = present.arena_page(
        view.version.data, lang, lambda oid: f"/cases/{view.key}#outcome-{oid}"
    )
    return page(request, "arena.html", back=f"/cases/{view.key}", **context)


@router.get("/cases/{org}/{cid}/forecast")
def forecast(request: Request, view: SeenCase, registry: RegistryDep, lang: Lang) -> Response:
    """An ex-post case beside the ex-ante case it names (method.md §14)."""
    context = present.forecast_page(registry, view.version.data, lang)
    return page(request, "forecast.html", view=view, **context)
