"""From use-case results to what a page shows: the live results fragment, the editor's data,
reports as bytes, sensitivity and simulation views. Presentation only: every figure comes
from :mod:`rendement.usecases` and the engine."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rendement.io.assurance_text import advice_text, check_title
from rendement.io.jsonio import as_json_data, evaluation_to_dict
from rendement.io.notices import notice_text
from rendement.model import CaseError
from rendement.texts import MESSAGES, percent, text
from rendement.usecases.analysis import (
    MAX_DRAWS_WEB,
    Analysis,
    analyse_document,
    sensitivity_of,
    simulation_of,
)
from rendement.usecases.catalogue import catalogue_rows
from rendement.web.errors import error_items
from rendement.web.render import render


def displayable(value: Any) -> Any:
    """A document as a page can carry it: a number that is not finite (NaN, infinity, from an
    uploaded JSON file) becomes the text it was, so the editor shows it at its field and the
    model's error names it, rather than the page failing."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: displayable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [displayable(v) for v in value]
    return value


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>`` can close it."""
    return (
        json.dumps(value, ensure_ascii=False, allow_nan=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def chart_rows(analysis: Analysis) -> dict[str, Any]:
    """Bars of who pays and who gains: investment and value per stakeholder, on one scale."""
    ev = analysis.evaluation
    rows = [(s.name, s.investment, s.value, s.net) for s in ev.stakeholders]
    top = max([abs(x) for _, inv, val, _ in rows for x in (inv, val)] + [1.0])
    return {"rows": rows, "top": top}


def results_fragment(document: Any, lang: str) -> tuple[str, list[dict[str, Any]]]:
    """The results panel for a document, or no panel and the document's problems."""
    try:
        analysis = analyse_document(document)
    except CaseError as error:
        return "", error_items(error)
    ev = analysis.evaluation
    c = ev.conventions
    html = render(
        "_results.html",
        lang,
        c.currency,
        ev=ev,
        chart=chart_rows(analysis),
        warnings=[notice_text(w, lang) for w in ev.warnings],
        rate=percent(c.discount_rate, lang, 2),
        assurance=[
            (check.check, check_title(check, lang), check.passed, advice_text(check, lang))
            for check in ev.assurance
        ],
        alternatives=alternatives_rows(analysis, lang),
    )
    return html, []


EDITOR_LABEL_PREFIX = "web.ed."


def editor_meta(
    lang: str,
    *,
    key: str | None,
    version: int | None,
    editable: bool,
    org: str | None,
    csrf: str,
    kinds: list[str],
) -> dict[str, Any]:
    labels = {
        k[len(EDITOR_LABEL_PREFIX) :]: v[lang]
        for k, v in MESSAGES.items()
        if k.startswith(EDITOR_LABEL_PREFIX)
    }
    catalogue = [
        {
            "id": r["id"],
            "name": r["name"],
            "unit": r["unit"],
            "value": r["value"],
            "currency": r["currency"],
            "price_year": r["price_year"],
            "payer": r["payer"],
            "payer_scheme": r["payer_scheme"],
            "staff_time": r["staff_time"],
            "source": r["source"],
        }
        for r in catalogue_rows(None, None, lang)
    ]
    return {
        "lang": lang,
        "key": key,
        "version": version,
        "editable": editable,
        "org": org,
        "csrf": csrf,
        "kinds": kinds,
        "labels": labels,
        "catalogue": catalogue,
        "evaluate_url": "/cases/evaluate",
        "save_url": f"/cases/{key}/save" if key else "/cases/create",
    }


def report_bytes(
    document: Any,
    kind: str,
    lang: str,
    agreements: Sequence[Any] = (),
    version: int | None = None,
    decisions: Sequence[Any] = (),
) -> bytes:
    """A report of the case as the CLI writes it: PDF, HTML or Excel; a case from the web
    also says which stakeholders agreed to which version (``agreements``: the use case's
    :class:`~rendement.usecases.workshops.Agreement` rows)."""
    from rendement.report.context import build_context
    from rendement.report.html import render_case

    analysis = analyse_document(document)
    structure, evaluation = analysis.structure, analysis.evaluation
    if kind == "xlsx":
        from rendement.report.xlsx import write_workbook

        return _via_file(
            ".xlsx",
            lambda path: write_workbook(structure, evaluation, path, lang, row=analysis.row),
        )
    sim = simulation_of(analysis, 10_000, 0) if structure.ranged else None
    context = build_context(structure, evaluation, lang, sim, sensitivity_of(analysis.structure))
    if agreements or decisions:
        context = dataclasses.replace(
            context,
            agreements=tuple((a.name, a.version, a.agreed, a.author) for a in agreements),
            version=version,
            decisions=tuple((d.version, d.author, d.body) for d in decisions),
        )
    html = render_case(context)
    if kind == "html":
        return html.encode("utf-8")
    from rendement.report.pdf import write_pdf

    return _via_file(".pdf", lambda path: write_pdf(html, path))


def _via_file(suffix: str, write: Any) -> bytes:
    handle, name = tempfile.mkstemp(suffix=suffix)
    os.close(handle)
    path = Path(name)
    try:
        write(path)
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def sensitivity_context(analysis: Analysis, lang: str) -> dict[str, Any]:
    from rendement.io.jsonio import sensitivity_to_dict
    from rendement.report.charts import tornado_chart

    sens = sensitivity_of(analysis.structure)
    return {
        "sens": sensitivity_to_dict(sens),
        "tornado_svg": tornado_chart(sens, lang) if sens.tornado else "",
        "currency": analysis.evaluation.conventions.currency,
        "base": evaluation_to_dict(analysis.evaluation),
    }


def simulation_context(analysis: Analysis, draws: int, seed: int, lang: str) -> dict[str, Any]:
    from rendement.io.jsonio import simulation_to_dict
    from rendement.report.charts import distribution_chart

    sim = simulation_of(analysis, draws, seed)
    names = {s.id: s.name for s in analysis.evaluation.stakeholders}
    p_best = None
    if analysis.case.alternatives:  # method.md §13: each option's chance to be best, same draws
        from rendement.usecases.alternatives import compare

        comparison = compare(analysis.structure, None, draws, seed, MAX_DRAWS_WEB)
        titles = {o.id: o.title for o in comparison.overview.options}
        assert comparison.choice is not None
        p_best = [(oid, titles.get(oid), p) for oid, p in comparison.choice.p_best]
    return {
        "sim": simulation_to_dict(sim),
        "names": names,
        "distribution_svg": distribution_chart(sim, lang),
        "currency": analysis.evaluation.conventions.currency,
        "p_best": p_best,
    }


def arena_page(document: Any, lang: str, outcome_link: Any) -> dict[str, Any]:
    """The EffectenArena picture of a case (report/arena.py) and its title."""
    from rendement.report.arena import arena_svg

    analysis = analyse_document(document)
    return {
        "svg": arena_svg(analysis.case, analysis.evaluation, lang, outcome_link),
        "title": analysis.evaluation.title,
    }


def forecast_page(registry: Any, document: Any, lang: str) -> dict[str, Any]:
    """The realisation beside its forecast (method.md §14): the report's section, or the
    reason there is none (no ``case.forecast``, or the forecast is not in the registry)."""
    from rendement.model.errors import UserError
    from rendement.report.context import ForecastSection
    from rendement.report.html import render_forecast
    from rendement.usecases.errors import NotFoundError
    from rendement.usecases.forecast import compare_in_registry

    analysis = analyse_document(document)
    case = analysis.case
    if case.case.forecast is None:
        return {"section": "", "problem": text("web.forecast.none", lang)}
    try:
        compared = compare_in_registry(registry, case, actual_structure=analysis.structure)
    except NotFoundError:
        # said without the registry's "did you mean": that could name another's private case
        ref = case.case.forecast
        problem = text("web.forecast.missing", lang, id=ref.id, version=ref.version or "–")
        return {"section": "", "problem": problem}
    except UserError as error:
        return {"section": "", "problem": str(error)}
    section = ForecastSection(compared.comparison, compared.forecast_id, compared.forecast_version)
    names = {s.id: s.name for s in case.stakeholders}
    html = render_forecast(section, names, lang, case.case.currency)
    return {"section": html, "problem": None}


def like_start(registry: Any, like: str, investment: float | None) -> tuple[dict[str, Any], Any]:
    """A starter document from comparable cases (method.md §15) and the prediction it
    carries, for the new-case page."""
    from rendement.io.starter import like_starter
    from rendement.io.yamlio import read_document
    from rendement.usecases.forecast import start_like

    start = start_like(registry, like, investment)
    data, _ = read_document(like_starter(start, like), "starter.yaml")
    plain: dict[str, Any] = as_json_data(data)
    return plain, start.prediction


def alternatives_rows(analysis: Analysis, lang: str) -> dict[str, Any] | None:
    """The overview of a case's project alternatives (method.md §13) for the results panel:
    one column per option, do nothing as the zero reference; None without alternatives."""
    if not analysis.case.alternatives:
        return None
    from rendement.usecases.alternatives import compare

    comparison = compare(analysis.structure)
    options = comparison.overview.options
    return {
        "options": [(o.id, o.title, o.evaluation, o.irr) for o in options],
        "increments": comparison.overview.increments,
        "reference": comparison.overview.reference,
    }


_warm = False


def warm_up() -> None:
    """Do once per process what the first page of each kind would otherwise do for its
    visitor: load the engine, the meta-analysis and the chart code, and start the chart
    renderer (about four seconds in all, which a workshop's first arrivals would wait for;
    a worker takes requests once this is done). Later calls return at once."""
    global _warm
    if _warm:
        return
    from importlib import resources

    from rendement.io.yamlio import read_document
    from rendement.report import charts
    from rendement.usecases import browse  # noqa: F401  (the registry and meta pages)

    starter = resources.files("rendement.cli").joinpath("templates/starter.yaml")
    document = as_json_data(read_document(starter.read_text("utf-8"), "starter.yaml")[0])
    results_fragment(document, "nl")
    simulation_context(analyse_document(document), 200, 0, "nl")
    charts.funnel_chart({"longlist": 1, "included": 1, "quantitative": 1}, "nl")
    _warm = True
