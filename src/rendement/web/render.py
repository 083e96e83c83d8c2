"""Pages from Jinja templates, with labels and number formats of the chosen language."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rendement.texts import LANGS, money, number, percent, text

LANG_COOKIE = "rdm_lang"


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("rendement.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, "nl")
    return chosen if chosen in LANGS else "nl"


def helpers(lang: str, currency: str = "EUR") -> dict[str, Any]:
    return {
        "t": lambda key, **values: text(key, lang, **values),
        "money": lambda x: "–" if x is None else money(x, lang, currency),
        "money_cents": lambda x: money(x, lang, currency, cents=abs(x) < 1000),
        "number": lambda x, digits=2: number(x, lang, digits),
        "percent": lambda x, digits=1: "–" if x is None else percent(x, lang, digits),
        "lang": lang,
    }


def render(template: str, lang: str, currency: str = "EUR", **context: Any) -> str:
    return environment().get_template(template).render(**helpers(lang, currency), **context)


def page(
    request: Request, template: str, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A whole page: the template with the signed-in person (if any) and their CSRF token."""
    lang = language(request)
    principal = getattr(request.state, "principal", None)
    html = render(
        template,
        lang,
        request=request,
        principal=principal,
        csrf=principal.csrf if principal is not None and principal.csrf else "",
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)
