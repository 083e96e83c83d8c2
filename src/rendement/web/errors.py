"""One handler per kind of error: JSON under /api, a page elsewhere; never a traceback.

``UserError.kind`` → status: invalid 400 (a case document with problems: 422), unauthorised
401, forbidden 403, not-found 404, conflict 409.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rendement.model.errors import CaseError, UserError, render_path
from rendement.texts import text
from rendement.web.render import language, page

log = logging.getLogger("rendement.web")

STATUS = {
    "invalid": 400,
    "unauthorised": 401,
    "forbidden": 403,
    "not-found": 404,
    "conflict": 409,
    "throttled": 429,
}


class SignInRequired(Exception):
    """A page that needs a signed-in person; answered with a redirect to the sign-in page."""


def _wants_json(request: Request) -> bool:
    """The API, a client that asks for JSON, and a request that sent JSON get JSON back."""
    return (
        request.url.path.startswith("/api/")
        or "application/json" in request.headers.get("accept", "")
        or "application/json" in request.headers.get("content-type", "")
    )


def error_items(error: UserError) -> list[dict[str, Any]]:
    if isinstance(error, CaseError):
        return [
            {"path": i.path if i.loc else None, "message": i.message}
            | ({"line": i.line} if i.line is not None else {})
            for i in error.issues
        ]
    return [{"path": None, "message": str(error)}]


def status_of(error: UserError) -> int:
    if isinstance(error, CaseError):
        return 422
    return STATUS.get(error.kind, 400)


def _answer(request: Request, status: int, items: list[dict[str, Any]], **extra: Any) -> Response:
    if _wants_json(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"errors": items, **extra}, status_code=status, headers=headers)
    return page(request, "error.html", status_code=status, status=status, errors=items)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UserError)
    async def user_error(request: Request, error: UserError) -> Response:
        extra = getattr(error, "details", None)
        return _answer(request, status_of(error), error_items(error), **(extra or {}))

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, _error: SignInRequired) -> Response:
        if _wants_json(request):
            lang = language(request)
            return _answer(request, 401, [{"path": None, "message": text("web.error.401", lang)}])
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        items = []
        for err in error.errors():
            loc = tuple(err.get("loc", ()))
            if err.get("type") == "json_invalid":
                at = loc[-1] if loc and isinstance(loc[-1], int) else "?"
                reason = (err.get("ctx") or {}).get("error", "")
                detail = f": {reason}" if reason else ""
                message = f"the body is not valid JSON (at character {at}{detail})"
                items.append({"path": None, "message": message})
                continue
            if loc and loc[0] == "body" and len(loc) > 1:
                loc = loc[1:]
            where = render_path(loc) if loc else None
            message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
            items.append({"path": where, "message": message})
        return _answer(request, 422, items)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        lang = language(request)
        message = {
            404: text("web.error.404", lang),
            405: text("web.error.405", lang),
        }.get(error.status_code, str(error.detail))
        return _answer(request, error.status_code, [{"path": None, "message": message}])

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        lang = language(request)
        return _answer(request, 500, [{"path": None, "message": text("web.error.500", lang)}])
