"""The catalogue browser: sourced unit prices, searched, re-priced to a chosen year."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rendement.usecases.catalogue import catalogue_rows
from rendement.web.deps import Lang, PagePrincipal, Plain
from rendement.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/catalogue")
def catalogue_page(
    request: Request,
    principal: PagePrincipal,
    lang: Lang,
    q: Annotated[str | None, Query(max_length=200), Plain] = None,
    price_year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> Response:
    rows = catalogue_rows(q or None, price_year, lang)
    return page(request, "catalogue.html", rows=rows, q=q or "", price_year=price_year or "")
