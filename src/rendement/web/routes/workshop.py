"""Workshop pages: open a workshop on a case, join by code, the live workshop page, the
projector view, the event stream, and what the facilitator and participants do.

Who is at a page is an :class:`~rendement.usecases.workshops.Attendee`: the facilitator (signed
in, editor of the case's organisation) or a participant (the ``rdm_ws`` cookie of this
workshop). Anyone else finds nothing (404). Every change needs the attendee's CSRF token.
"""

from __future__ import annotations

import io
import secrets
from typing import Annotated, Any

import segno
from fastapi import APIRouter, Body, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse

from rendement.texts import MESSAGES, text
from rendement.usecases import throttle
from rendement.usecases import workshops as uw
from rendement.usecases.accounts import Principal, utc_now
from rendement.usecases.errors import ForbiddenError, NotFoundError, RegistryError
from rendement.usecases.store import Store
from rendement.web import live
from rendement.web.deps import (
    CSRF_HEADER,
    CacheDep,
    Changer,
    Lang,
    MaybePrincipal,
    Plain,
    optional_principal,
    same_token,
)
from rendement.web.render import page

router = APIRouter(include_in_schema=False)

PARTICIPANT_COOKIE = "rdm_ws"
JOIN_COOKIE = "rdm_join"
LABEL_PREFIX = "web.ws."


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def _secure(request: Request) -> bool:
    return bool(request.app.state.settings.secure_cookies) or request.url.scheme == "https"


def present_attendee(code: str, request: Request, store: StoreDep) -> uw.Attendee:
    principal = optional_principal(request)
    return uw.attendee(store, code, principal, request.cookies.get(PARTICIPANT_COOKIE))


Present = Annotated[uw.Attendee, Depends(present_attendee)]


def acting_attendee(who: Present, request: Request) -> uw.Attendee:
    """An attendee whose change carries their CSRF token (header ``X-CSRF-Token``)."""
    if not same_token(request.headers.get(CSRF_HEADER), who.csrf):
        raise ForbiddenError("the page has expired or did not come from this site: reload it")
    return who


Acting = Annotated[uw.Attendee, Depends(acting_attendee)]


# ---- opening, joining ------------------------------------------------------------------------


@router.post("/cases/{org}/{cid}/workshop")
def open_workshop(
    org: str,
    cid: str,
    principal: Changer,
    store: StoreDep,
    permission: Annotated[str, Form(max_length=10), Plain] = "estimate",
) -> Response:
    workshop = uw.open_workshop(store, principal, f"{org}/{cid}", permission)
    return RedirectResponse(f"/w/{workshop.code}", status_code=303)


@router.get("/join")
def join_by_code(code: str = "") -> Response:
    """The code typed into a form, as the workshop's address."""
    try:
        normal = uw.normal_code(code[:40])
    except NotFoundError:
        return RedirectResponse("/w/unknown", status_code=303)
    return RedirectResponse(f"/w/{normal}", status_code=303)


def _join_page(
    request: Request, store: Store, code: str, error: str | None = None, status: int = 200
) -> Response:
    workshop = uw.find_open(store.workshops, code)
    token = secrets.token_urlsafe(24)
    response = page(
        request,
        "join.html",
        status_code=status,
        code=workshop.code,
        shown_code=uw.show_code(workshop.code),
        title=store.registry.get(workshop.entry_id).data.get("case", {}).get("title", ""),
        stakeholders=uw.stakeholders_of(store.registry, workshop),
        join_token=token,
        error=error,
    )
    response.set_cookie(
        JOIN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path=f"/w/{workshop.code}",
    )
    return response


@router.get("/w/{code}")
def workshop_page(
    code: str, request: Request, store: StoreDep, principal: MaybePrincipal, lang: Lang
) -> Response:
    # a join code is a secret of eight characters: guessing is throttled per address
    keys = throttle.join_keys(request.client.host if request.client else None)
    now = utc_now()
    throttle.check(store.accounts, keys, now)
    try:
        normal = uw.normal_code(code)
    except NotFoundError:
        throttle.failed(store.accounts, keys, now)
        raise
    if normal != code:  # typed in lower case or with a hyphen: to the one address
        return RedirectResponse(f"/w/{normal}", status_code=303)
    try:
        who = uw.attendee(store, code, principal, request.cookies.get(PARTICIPANT_COOKIE))
    except NotFoundError:
        try:
            return _join_page(request, store, code)
        except NotFoundError:
            throttle.failed(store.accounts, keys, now)
            raise
    return page(
        request,
        "workshop.html",
        who=who,
        shown_code=uw.show_code(who.workshop.code),
        join_url=f"{request.base_url}w/{who.workshop.code}",
        meta_json=_meta(who, lang, "workshop"),
    )


@router.post("/w/{code}/join")
def join(
    code: str,
    request: Request,
    store: StoreDep,
    lang: Lang,
    name: Annotated[str, Form(max_length=200), Plain] = "",
    stakeholder: Annotated[str, Form(max_length=100), Plain] = "",
    join_token: Annotated[str, Form(max_length=100), Plain] = "",
) -> Response:
    if not same_token(join_token, request.cookies.get(JOIN_COOKIE)):
        return _join_page(request, store, code, text("web.ws.join.expired", lang), 403)
    try:
        joined = uw.join(store, code, name, stakeholder)
    except RegistryError as error:
        return _join_page(request, store, code, str(error), 422)
    workshop = store.workshops.by_id(joined.participant.workshop_id)
    response = RedirectResponse(f"/w/{workshop.code}", status_code=303)
    response.set_cookie(
        PARTICIPANT_COOKIE,
        joined.token,
        max_age=2 * 86400,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/w",
    )
    response.delete_cookie(JOIN_COOKIE, path=f"/w/{workshop.code}")
    return response


def _meta(who: uw.Attendee, lang: str, view: str) -> str:
    from rendement.web.present import script_json

    labels = {
        k[len(LABEL_PREFIX) :]: v[lang] for k, v in MESSAGES.items() if k.startswith(LABEL_PREFIX)
    }
    return script_json(
        {
            "code": who.workshop.code,
            "csrf": who.csrf,
            "view": view,
            "lang": lang,
            "labels": labels,
            "facilitator": who.facilitator,
        }
    )


# ---- what the pages read ---------------------------------------------------------------------


@router.get("/w/{code}/state")
def state(who: Present, store: StoreDep, lang: Lang, cache: CacheDep) -> JSONResponse:
    from rendement.web.workshop_view import workshop_state

    return JSONResponse(workshop_state(store, who, lang, cache))


@router.get("/w/{code}/events")
async def events(code: str, request: Request, store: StoreDep) -> Response:
    principal: Principal | None = await run_in_threadpool(optional_principal, request)
    who = await run_in_threadpool(
        uw.attendee, store, code, principal, request.cookies.get(PARTICIPANT_COOKIE)
    )
    raw = request.headers.get("last-event-id") or request.query_params.get("after") or "0"
    after = int(raw) if raw.isdigit() and len(raw) < 18 else 0
    body = live.stream(
        request.app.state.hub,
        store.workshops,
        who.workshop.id,
        after,
        request.is_disconnected,
        who.participant_id,
    )
    return StreamingResponse(
        body,
        media_type="text/event-stream",
        headers={"cache-control": "no-store", "x-accel-buffering": "no"},
    )


@router.get("/w/{code}/projector")
def projector(who: Present, request: Request, lang: Lang) -> Response:
    return page(
        request,
        "projector.html",
        who=who,
        shown_code=uw.show_code(who.workshop.code),
        meta_json=_meta(who, lang, "projector"),
    )


@router.get("/w/{code}/qr.svg")
def qr_code(who: Present, request: Request) -> Response:
    """The join link as a QR code, drawn as SVG."""
    who.require("facilitate")
    url = f"{request.base_url}w/{who.workshop.code}"
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=4, border=4, dark="#000", light="#fff", xmldecl=False
    )
    return Response(buffer.getvalue(), media_type="image/svg+xml")


# ---- what attendees do (each a JSON POST with the CSRF header) ---------------------------


def _ok(**extra: Any) -> JSONResponse:
    return JSONResponse({"ok": True, **extra})


@router.post("/w/{code}/estimate")
def estimate(
    who: Acting,
    store: StoreDep,
    low: Annotated[float, Body()],
    value: Annotated[float, Body()],
    high: Annotated[float, Body()],
) -> JSONResponse:
    return _ok(version=uw.give_estimate(store, who, low, value, high))


@router.post("/w/{code}/adopt")
def adopt(who: Acting, store: StoreDep, value: Annotated[float, Body(embed=True)]) -> JSONResponse:
    return _ok(version=uw.adopt_value(store, who, value))


@router.post("/w/{code}/save")
def save(
    who: Acting,
    store: StoreDep,
    document: Annotated[Any, Body()],
    base_version: Annotated[int, Body(ge=1)],
    message: Annotated[str, Body(max_length=2000), Plain] = "",
) -> JSONResponse:
    from rendement.usecases.cases import StaleSave
    from rendement.web.routes.cases import conflict_answer

    try:
        version = uw.save_document(store, who, document, base_version, message)
    except StaleSave as stale:
        return conflict_answer(stale)
    return _ok(version=version)


@router.post("/w/{code}/table")
def table(
    who: Acting,
    store: StoreDep,
    parameter: Annotated[str | None, Body(embed=True, max_length=300), Plain],
) -> JSONResponse:
    uw.put_on_table(store, who, parameter)
    return _ok()


@router.post("/w/{code}/permission")
def permission(
    who: Acting, store: StoreDep, permission: Annotated[str, Body(embed=True, max_length=10), Plain]
) -> JSONResponse:
    uw.set_permission(store, who, permission)
    return _ok()


@router.post("/w/{code}/remove")
def remove(
    who: Acting, store: StoreDep, participant: Annotated[int, Body(embed=True, ge=1)]
) -> JSONResponse:
    uw.remove_participant(store, who, participant)
    return _ok()


@router.post("/w/{code}/close")
def close(who: Acting, store: StoreDep) -> JSONResponse:
    uw.close(store, who)
    return _ok()


@router.post("/w/{code}/comment")
def comment(
    who: Acting,
    store: StoreDep,
    target: Annotated[str, Body(max_length=300), Plain],
    body: Annotated[str, Body(max_length=4000), Plain],
) -> JSONResponse:
    uw.comment(store, who, target, body)
    return _ok()


@router.post("/w/{code}/resolve")
def resolve(
    who: Acting, store: StoreDep, comment: Annotated[int, Body(embed=True, ge=1)]
) -> JSONResponse:
    uw.resolve_comment(store, who, comment)
    return _ok()


@router.post("/w/{code}/decision")
def decision(
    who: Acting, store: StoreDep, body: Annotated[str, Body(embed=True, max_length=4000), Plain]
) -> JSONResponse:
    uw.decide(store, who, body)
    return _ok()


@router.post("/w/{code}/signoff")
def signoff(
    who: Acting, store: StoreDep, agreed: Annotated[bool, Body(embed=True)]
) -> JSONResponse:
    return _ok(version=uw.sign_off(store, who, agreed))


# ---- the case as a file and as a report, for everyone at the table ---------------------------


@router.get("/w/{code}/case.yaml")
def case_yaml(who: Present, store: StoreDep) -> Response:
    from rendement.io.yamlwrite import dump_yaml

    version = store.registry.get(who.workshop.entry_id)
    body = dump_yaml(
        version.data,
        heading=f"{who.workshop.entry_id}: version {version.number}, saved by {version.author}",
    )
    name = who.workshop.entry_id.split("/", 1)[1]
    return Response(
        body,
        media_type="application/yaml; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.yaml"'},
    )


@router.get("/w/{code}/report.{kind}")
def report(who: Present, store: StoreDep, kind: str, lang: Lang) -> Response:
    from rendement.web.routes.cases import REPORT_TYPES, report_response

    if kind not in REPORT_TYPES:
        raise RegistryError(f"report.{kind}: choose pdf, html or xlsx")
    return report_response(store, who.workshop.entry_id, kind, lang)


@router.get("/w/{code}/arena")
def arena(who: Present, store: StoreDep, request: Request, lang: Lang) -> Response:
    from rendement.web.present import arena_page

    key = who.workshop.entry_id
    # the facilitator opens an outcome in the editor; a participant has no editor to open
    link = (lambda oid: f"/cases/{key}#outcome-{oid}") if who.facilitator else None
    context = arena_page(store.registry.get(key).data, lang, link)
    return page(request, "arena.html", back=f"/w/{who.workshop.code}", **context)
