"""The tables of forecast against actual, of calibration and of a prediction, the starter of
`rendement new --like`, and what calc and report add for a case naming its forecast
(method.md §14, §15). Presentation only: the use cases in :mod:`rendement.usecases.forecast`
find and compute."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from rendement.cli.forecast_commands import COMPARE_MAX_DRAWS
from rendement.cli.limits import check_count
from rendement.cli.tables import user
from rendement.texts import figure, money, number, percent, text

if TYPE_CHECKING:
    from rendement.meta.predict import Prediction
    from rendement.usecases.forecast import CalcForecast, CalibrationView, Compared


def _pit(x: float | None, lang: str) -> str:
    return "–" if x is None else number(x, lang)


def _money_or_figure(parameter: str, x: float | None, lang: str, currency: str) -> str:
    if x is None:
        return "–"
    last = parameter.split(".")[-1]
    is_money = last in ("proxy", "amount", "rate") or ".schedule." in parameter
    return (
        money(x, lang, currency, cents=last in ("proxy", "rate")) if is_money else figure(x, lang)
    )


def print_comparison(
    compared: Compared, lang: str, currency: str = "EUR", console: Console | None = None
) -> None:
    console = console or Console()
    c = compared.comparison
    if compared.forecast_file is not None:
        heading = text(
            "forecast.against_file",
            lang,
            actual=c.actual_id,
            forecast=compared.forecast_id,
            file=compared.forecast_file,
        )
    else:
        heading = text(
            "forecast.against",
            lang,
            actual=c.actual_id,
            forecast=compared.forecast_id,
            version=compared.forecast_version,
        )
    console.print(user(f"{text('forecast.title', lang)}: {heading}"))
    if c.reprice != 1.0:
        console.print(text("forecast.reprice", lang, factor=number(c.reprice, lang, 4)))
    items = Table(title=text("forecast.items", lang), title_justify="left")
    items.add_column(text("forecast.item", lang))
    items.add_column(text("forecast.kind", lang))
    for key in ("forecast.forecast_pv", "forecast.actual_pv", "forecast.difference"):
        items.add_column(text(key, lang), justify="right")
    items.add_column(text("forecast.ratio", lang), justify="right")
    for i in c.items:
        items.add_row(
            user(i.id),
            text(f"forecast.kind.{i.kind}", lang),
            money(i.forecast_pv, lang, currency),
            money(i.actual_pv, lang, currency),
            money(i.difference, lang, currency),
            text("forecast.zero", lang) if i.ratio is None else number(i.ratio, lang),
        )
    console.print(items)
    if c.parameters:
        params = Table(title=text("forecast.parameters", lang), title_justify="left")
        params.add_column(text("forecast.parameter", lang))
        for key in ("forecast.forecast_pv", "forecast.range", "forecast.actual_pv", "forecast.pit"):
            params.add_column(text(key, lang), justify="right")
        for p in c.parameters:
            span = (
                "–"
                if p.low is None
                else f"{_money_or_figure(p.parameter, p.low, lang, currency)} – "
                f"{_money_or_figure(p.parameter, p.high, lang, currency)}"
            )
            params.add_row(
                user(p.parameter),
                _money_or_figure(p.parameter, p.forecast, lang, currency),
                span,
                _money_or_figure(p.parameter, p.actual, lang, currency),
                _pit(p.pit, lang),
            )
        console.print(params)
    else:
        console.print(text("forecast.no_parameters", lang))
    whole = Table(show_header=False, box=None, padding=(0, 2))
    whole.add_row(
        text("forecast.npv", lang),
        f"{money(c.forecast_npv, lang, currency)} → {money(c.actual_npv, lang, currency)}",
    )
    whole.add_row(
        text("forecast.case_ratio", lang),
        f"{number(c.forecast_ratio, lang)} → {number(c.actual_ratio, lang)}",
    )
    spread = c.forecast_ratio_spread
    if spread.p5 is not None:
        whole.add_row(
            text("forecast.ratio_p5_p95", lang),
            f"{number(spread.p5, lang)} – {number(spread.p95, lang)}",
        )
    whole.add_row(
        text("forecast.npv_pit", lang, draws=number(c.draws, lang, 0)),
        _pit(c.npv_pit, lang),
    )
    whole.add_row(text("forecast.ratio_pit", lang), _pit(c.ratio_pit, lang))
    for key, found in (("forecast.new", c.new), ("forecast.dropped", c.dropped)):
        listed = ", ".join(f"{u.id} ({text(f'forecast.kind.{u.kind}', lang)})" for u in found)
        whole.add_row(text(key, lang), user(listed or text("forecast.none", lang)))
    console.print(whole)
    console.print(text("forecast.pit_note", lang))


def print_calibration(view: CalibrationView, lang: str, console: Console | None = None) -> None:
    console = console or Console()
    cal = view.calibration
    console.print(text("calibration.title", lang))
    facts = Table(show_header=False, box=None, padding=(0, 2))
    facts.add_row(text("calibration.n_pairs", lang), str(cal.n_pairs))
    facts.add_row(
        text("calibration.mean_log_ratio", lang),
        "–" if cal.mean_log_ratio is None else number(cal.mean_log_ratio, lang, 3),
    )
    facts.add_row(
        text("calibration.ci", lang),
        "–" if cal.ci is None else f"{number(cal.ci[0], lang, 3)} – {number(cal.ci[1], lang, 3)}",
    )
    facts.add_row(
        text("calibration.coverage", lang),
        "–" if cal.coverage_p5_p95 is None else percent(cal.coverage_p5_p95, lang, 0),
    )
    console.print(facts)
    if cal.ci is not None:
        key = (
            "calibration.optimistic"
            if cal.ci[1] < 0
            else "calibration.pessimistic"
            if cal.ci[0] > 0
            else "calibration.unclear"
        )
        console.print(text(key, lang))
    if cal.pit:
        console.print(text("calibration.pit_histogram", lang))
        counts = cal.pit_histogram
        width = len(counts)
        for b, count in enumerate(counts):
            low, high = b / width, (b + 1) / width
            console.print(
                f"  {number(low, lang, 1)}–{number(high, lang, 1)}  {'█' * count} {count}"
            )
    elif cal.n_pairs == 0:
        console.print(text("calibration.no_pairs", lang))
    for case_id, reason in view.skipped:
        console.print(user(text("calibration.skipped", lang, id=case_id, reason=reason)))


def print_prediction(p: Prediction, lang: str, console: Console | None = None) -> None:
    console = console or Console()
    console.print(text("predict.title", lang))
    facts = Table(show_header=False, box=None, padding=(0, 2))
    facts.add_row(text("predict.k", lang), str(p.k))
    facts.add_row(text("predict.cases", lang), user(", ".join(p.cases) or "–"))
    if p.median is not None and p.interval_80 and p.interval_95:
        facts.add_row(text("predict.median", lang), number(p.median, lang))
        facts.add_row(text("predict.interval_80", lang), _pair(p.interval_80, lang))
        facts.add_row(text("predict.interval_95", lang), _pair(p.interval_95, lang))
        facts.add_row(text("predict.p_above_1", lang), percent(p.p_ratio_above_1 or 0.0, lang, 0))
    if p.value is not None and p.investment is not None:
        head = text("predict.value", lang, investment=money(p.investment, lang))
        v = p.value
        facts.add_row(head, money(v.median, lang))
        facts.add_row(
            f"  {text('predict.interval_80', lang)}",
            f"{money(v.interval_80[0], lang)} – {money(v.interval_80[1], lang)}",
        )
        facts.add_row(
            f"  {text('predict.interval_95', lang)}",
            f"{money(v.interval_95[0], lang)} – {money(v.interval_95[1], lang)}",
        )
    console.print(facts)
    if p.reason is not None:
        console.print(text("predict.none", lang, k=p.k))


def _pair(pair: tuple[float, float], lang: str) -> str:
    return f"{number(pair[0], lang)} – {number(pair[1], lang)}"


def forecast_of(structure: Any, lang: str) -> CalcForecast | None:
    """For ``calc``: the comparison with the forecast a case names, from the registry of the
    settings; when there is no registry or the forecast is not in it, one line on stderr
    saying why, and the case's own result stands (``make run`` computes the examples before
    it imports them)."""
    if structure.case.case.forecast is None:
        return None
    from rendement.settings import Settings
    from rendement.usecases.forecast import forecast_for_calc

    found = forecast_for_calc(Settings().database_url, structure.case, structure)
    if found is not None and found.problem is not None:
        ref = structure.case.case.forecast
        typer.echo(text("forecast.not_compared", lang, id=ref.id, problem=found.problem), err=True)
    return found


def calibration_command(
    registry: Any,
    filters: dict[str, str | None],
    draws: int,
    resamples: int,
    seed: int,
    as_json: bool,
    lang: str,
) -> None:
    """``rendement meta --calibration``: the table, or ``--json``."""
    from rendement.usecases.forecast import calibration_of

    check_count("--draws", draws, 1, COMPARE_MAX_DRAWS)
    view = calibration_of(registry, filters, draws=draws, resamples=resamples, seed=seed)
    if as_json:
        from rendement.io.jsonio import calibration_to_dict, finite_json

        typer.echo(finite_json(calibration_to_dict(view)))
        return
    print_calibration(view, lang)


def like_starter_of(like: str, investment: float | None, database: str | None) -> str:
    from rendement.cli.registry import open_registry
    from rendement.io.starter import like_starter
    from rendement.usecases.forecast import start_like

    registry = open_registry(database)
    try:
        return like_starter(start_like(registry, like, investment), like)
    finally:
        registry.close()


def report_section(structure: Any, lang: str) -> Any:
    """For ``report``: the forecast section of a case naming its forecast, when the registry
    holds it (else one line on stderr, as ``calc`` says it), or None."""
    found = forecast_of(structure, lang)
    if found is None or found.compared is None:
        return None
    from rendement.report.context import ForecastSection

    c = found.compared
    return ForecastSection(c.comparison, c.forecast_id, c.forecast_version, c.forecast_file)


def calibration_json(
    registry: Any, filters: dict[str, str | None], resamples: int, seed: int
) -> dict[str, Any]:
    """The calibration as the registry report draws it (the JSON of ``meta --calibration``)."""
    from rendement.io.jsonio import calibration_to_dict
    from rendement.usecases.forecast import calibration_of

    return calibration_to_dict(calibration_of(registry, filters, resamples=resamples, seed=seed))
