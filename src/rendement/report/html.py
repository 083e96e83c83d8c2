"""The case report as one self-contained HTML file (inline CSS and SVG, no external requests)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from rendement.engine.fund import FundResult
from rendement.io.notices import notice_text
from rendement.report.context import ReportContext
from rendement.report.neutral import neutralise
from rendement.texts import figure, money, number, percent, text


def _inert(value: Any) -> Any:
    """Every value a template prints, with control and bidi characters shown by name.

    Autoescaping makes ``<script>`` in a title text; this makes U+202E in a name text too, so
    a name cannot reverse the words after it. Charts (``| safe`` SVG) carry the names as well.
    """
    if isinstance(value, Markup):
        return Markup(neutralise(str(value)))
    if isinstance(value, str):
        return neutralise(value)
    return value


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("rendement.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_inert,
    )


def stylesheet() -> str:
    return resources.files("rendement.report").joinpath("templates/base.css").read_text("utf-8")


def helpers(lang: str, currency: str) -> dict[str, Any]:
    """Label and number functions bound to one language, for the templates."""
    return {
        "t": lambda key, **values: text(key, lang, **values),
        "money": lambda x: "–" if x is None else money(x, lang, currency),
        "money_cents": lambda x: money(x, lang, currency, cents=abs(x) < 1000),
        "number": lambda x, digits=2: number(x, lang, digits),
        "figure": lambda x: figure(x, lang),
        "percent": lambda x, digits=1: "–" if x is None else percent(x, lang, digits),
        "lang": lang,
    }


def render_case(ctx: ReportContext) -> str:
    ev = ctx.evaluation
    template = _environment().get_template("case.html.j2")
    return template.render(
        ctx=ctx,
        css=stylesheet(),
        warnings=[notice_text(w, ctx.lang) for w in ev.warnings],
        **helpers(ctx.lang, ev.conventions.currency),
    )


def render_forecast(
    section: Any, stakeholder_names: dict[str, str], lang: str, currency: str
) -> str:
    """The forecast-against-actual section alone, for the web's side-by-side page."""
    from types import SimpleNamespace

    template = _environment().get_template("_forecast.html.j2")
    ctx = SimpleNamespace(forecast=section, stakeholder_names=stakeholder_names, lang=lang)
    return str(template.render(ctx=ctx, **helpers(lang, currency)))


def render_fund(result: FundResult, lang: str) -> str:
    """The fund report (method.md §16): the chart, the tables per party and year, the
    balance and the compensating proposal."""
    from rendement.report.fund_charts import fund_chart

    template = _environment().get_template("fund.html.j2")
    return template.render(
        result=result,
        chart=fund_chart(result, lang),
        css=stylesheet(),
        **helpers(lang, result.currency),
    )
