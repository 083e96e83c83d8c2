"""Portfolio pages (method.md §16): an organisation's regional funds over registry cases, a
YAML editor whose tables and chart follow each change, saving with versions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse, Response

from rendement.io.jsonio import as_json_data
from rendement.model import CaseError
from rendement.model.errors import Issue
from rendement.usecases import portfolios as up
from rendement.usecases.errors import NotFoundError
from rendement.usecases.store import Store
from rendement.web.deps import Changer, Lang, PagePrincipal, Plain
from rendement.web.errors import error_items
from rendement.web.render import page

router = APIRouter(include_in_schema=False)

# the chance each party comes out ahead, from a joint simulation of this many draws (seed 0)
FUND_DRAWS = 2000

STARTER = """rendement: 1
portfolio:
  id: mijn-fonds
  title: Regionaal preventiefonds
  price_year: 2024
members:
  - {case: buurtcoaches-ouderen, scale: 1, start: 0}
parties:
  map: {}
fund:
  rule: proportional
"""


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def _document(text: str) -> Any:
    from rendement.io.yamlio import read_document

    data, _ = read_document(text, "portfolio.yaml")

    return as_json_data(data)


def _fragment(store: Store, principal: Any, text: str, lang: str) -> tuple[str, list[Any]]:
    from rendement.report.fund_charts import fund_chart
    from rendement.web.render import render

    try:
        result = up.evaluate_portfolio(store, principal, _document(text), FUND_DRAWS, 0)
    except CaseError as error:
        return "", error_items(error)
    html = render(
        "_fund.html", lang, result.currency, result=result, chart=fund_chart(result, lang)
    )
    return html, []


@router.get("/portfolios")
def portfolios(request: Request, principal: PagePrincipal, store: StoreDep) -> Response:
    return page(
        request,
        "portfolios.html",
        stored=up.visible_portfolios(store, principal),
        editable=principal.editable_organisations(),
    )


def _editor(
    request: Request, principal: Any, store: Store, lang: str, text: str, **context: Any
) -> Response:
    from rendement.web.present import script_json

    html, errors = _fragment(store, principal, text, lang)
    meta = {"csrf": principal.csrf or "", "key": context.get("key"), **context}
    return page(
        request,
        "portfolio.html",
        text=text,
        results_html=html,
        errors=errors,
        meta_json=script_json(meta),
        **context,
    )


@router.get("/portfolios/new")
def new_portfolio(
    request: Request,
    principal: PagePrincipal,
    store: StoreDep,
    lang: Lang,
    org: Annotated[str, Plain] = "",
) -> Response:
    choices = principal.editable_organisations()
    if not choices:
        raise NotFoundError("no organisation in which you may make a portfolio")
    chosen = next((o.slug for o in choices if o.slug == org), choices[0].slug)
    return _editor(request, principal, store, lang, STARTER, key=None, version=None, org=chosen)


@router.get("/portfolios/{org}/{pid}")
def portfolio(
    request: Request, org: str, pid: str, principal: PagePrincipal, store: StoreDep, lang: Lang
) -> Response:
    from rendement.io.yamlwrite import dump_yaml

    found = up.open_portfolio(store, principal, up.portfolio_key(org, pid))
    text = dump_yaml(found.data, heading=f"{found.key}: version {found.version}")
    return _editor(
        request, principal, store, lang, text, key=found.key, version=found.version, org=org
    )


@router.post("/portfolios/evaluate")
def evaluate(
    principal: Changer,
    store: StoreDep,
    lang: Lang,
    text: Annotated[str, Body(embed=True, max_length=200_000), Plain],
) -> JSONResponse:
    html, errors = _fragment(store, principal, text, lang)
    return JSONResponse({"ok": not errors, "html": html, "errors": errors})


@router.post("/portfolios/save")
def save(
    principal: Changer,
    store: StoreDep,
    text: Annotated[str, Body(max_length=200_000), Plain],
    org: Annotated[str, Body(max_length=64), Plain],
    base_version: Annotated[int | None, Body(ge=1)] = None,
) -> JSONResponse:
    try:
        data = _document(text)
    except CaseError as error:
        raise CaseError([Issue((), str(i)) for i in error.issues]) from None
    key, version = up.save_portfolio(store, principal, org, data, base_version)
    return JSONResponse({"key": key, "version": version, "url": f"/portfolios/{key}"})
