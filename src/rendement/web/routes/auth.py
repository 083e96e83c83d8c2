"""Sign in, sign out and the language switch."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rendement.texts import LANGS
from rendement.usecases import throttle
from rendement.usecases.accounts import SESSION_DAYS, sign_in, sign_out, utc_now
from rendement.usecases.errors import UnauthorisedError
from rendement.web.deps import SESSION_COOKIE, AccountsDep, MaybePrincipal, Plain, same_token
from rendement.web.render import LANG_COOKIE, page

router = APIRouter(include_in_schema=False)

# before a session exists, the sign-in form is tied to the browser by a cookie it must echo
LOGIN_COOKIE = "rdm_login"


def safe_next(target: str | None) -> str:
    """Only a path on this site: never a redirect to another (open redirect)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _secure(request: Request) -> bool:
    return bool(request.app.state.settings.secure_cookies) or request.url.scheme == "https"


def _login_page(
    request: Request, next_: str, error: str | None = None, email: str = "", status: int = 200
) -> Response:
    token = secrets.token_urlsafe(24)
    response = page(
        request,
        "login.html",
        status_code=status,
        login_token=token,
        next=safe_next(next_),
        error=error,
        email=email,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/login",
    )
    return response


@router.get("/login")
def login_form(
    request: Request, principal: MaybePrincipal, next: Annotated[str, Plain] = "/"
) -> Response:
    if principal is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next)


@router.post("/login")
def login(
    request: Request,
    accounts: AccountsDep,
    email: Annotated[str, Form(max_length=254), Plain] = "",
    password: Annotated[str, Form(max_length=1024), Plain] = "",
    login_token: Annotated[str, Form(max_length=100), Plain] = "",
    next: Annotated[str, Form(max_length=2000), Plain] = "/",
) -> Response:
    from rendement.texts import text
    from rendement.web.render import language

    lang = language(request)
    if not same_token(login_token, request.cookies.get(LOGIN_COOKIE)):
        return _login_page(request, next, text("web.login.expired", lang), email, 403)
    now = utc_now()
    keys = throttle.sign_in_keys(email, request.client.host if request.client else None)
    try:
        throttle.check(accounts, keys, now)
    except throttle.ThrottledError:
        return _login_page(request, next, text("web.login.throttled", lang), email, 429)
    try:
        signed = sign_in(accounts, email, password, now)
    except UnauthorisedError:
        throttle.failed(accounts, keys, now)
        return _login_page(request, next, text("web.login.wrong", lang), email, 401)
    throttle.succeeded(accounts, keys)
    response = RedirectResponse(safe_next(next), status_code=303)
    # a new session value at every sign-in: a value planted before it opens nothing
    response.set_cookie(
        SESSION_COOKIE,
        signed.session,
        max_age=SESSION_DAYS * 86400,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, accounts: AccountsDep) -> Response:
    from rendement.web.deps import csrf_checked

    await csrf_checked(request)
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        sign_out(accounts, session)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{lang}")
def choose_language(lang: str, next: Annotated[str, Plain] = "/") -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if lang in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", path="/")
    return response
