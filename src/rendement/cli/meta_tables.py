"""Rich tables for `rendement meta`, in the SEOR study's layout: funnel, then ratios.

Labels come from the message catalogue in the chosen language (``--lang``), numbers from
Babel, so ``rendement meta`` reads like ``rendement calc`` beside it.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from rendement.cli.tables import user
from rendement.texts import number, percent, text


def _num(x: float | None, lang: str) -> str:
    return "–" if x is None else number(x, lang)


def _interval(pair: list[float] | None, lang: str) -> str:
    return "–" if not pair else f"{number(pair[0], lang)}–{number(pair[1], lang)}"


def _share(x: float | None, lang: str) -> str:
    return "–" if x is None else percent(x, lang, 0)


def _describe_row(label: str, stats: dict[str, Any], lang: str) -> list[Any]:
    return [
        user(label),
        str(stats.get("n", 0)),
        _num(stats.get("mean"), lang),
        _interval(stats.get("bootstrap_ci"), lang),
        _num(stats.get("median"), lang),
        _num(stats.get("geometric_mean"), lang),
        _num(stats.get("pooled_ratio"), lang),
        _share(stats.get("share_above_1"), lang),
    ]


def _effects_row(label: str, stats: dict[str, Any], lang: str) -> list[Any]:
    re = stats.get("random_effects") or {}
    return [
        user(label),
        str(re.get("k", 0)),
        _num(re.get("ratio"), lang),
        _interval(re.get("ci"), lang),
        _interval(re.get("hartung_knapp_ci"), lang),
        _interval(re.get("prediction_interval"), lang),
        "–" if re.get("tau2") is None else number(re["tau2"], lang, 3),
        _share(re.get("i2"), lang),
    ]


def _describe_columns(lang: str) -> tuple[str, ...]:
    return (
        "",
        "n",
        text("stat.mean", lang),
        text("registry.bootstrap", lang),
        text("stat.p50", lang),
        text("registry.geometric", lang),
        text("registry.pooled", lang),
        "> 1",
    )


def _effects_columns(lang: str) -> tuple[str, ...]:
    prediction = text("registry.prediction", lang)
    return ("", "k", text("ratio", lang), "95% (DL)", "Hartung–Knapp", prediction, "τ²", "I²")


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in columns:
        table.add_column(name, justify="right" if name else "left")
    return table


def print_meta(
    result: dict[str, Any],
    fields: tuple[str, ...],
    minimum: bool,
    lang: str = "nl",
    notices: tuple[Any, ...] = (),
) -> None:
    """``notices``: the meta-analysis's warnings with their codes, said in ``lang``; without
    them the English ``result["warnings"]`` are shown."""
    console = Console(highlight=False)
    f = result["funnel"]
    console.print(text("meta.funnel_line", lang, **{k: f[k] for k in _FUNNEL}))
    b = f.get("balances")
    if b:
        console.print(text("registry.balances", lang, **b))
    rows = [
        (text("registry.all", lang), result),
        (text("registry.minimum", lang), result["minimum_variant"]),
    ]
    if minimum:
        rows.reverse()
    describe = _table(text("registry.ratios", lang), _describe_columns(lang))
    effects = _table(text("registry.random_effects", lang), _effects_columns(lang))
    for label, stats in rows:
        describe.add_row(*_describe_row(label, stats, lang))
        effects.add_row(*_effects_row(label, stats, lang))
    console.print(describe)
    console.print(effects)
    variant = f" ({text('registry.minimum', lang)})" if minimum else ""
    for field in fields:
        groups = result["subgroups"].get(field) or {}
        if not groups:
            continue
        sub = _table(f"{text(f'field.{field}', lang)}{variant}", _describe_columns(lang))
        for value, stats in groups.items():
            chosen = stats["minimum_variant"] if minimum else stats
            sub.add_row(*_describe_row(str(value), chosen, lang))
        console.print(sub)
    said = [text(f"meta.{n.code}", lang, **n.values) for n in notices]
    for warning in said or result.get("warnings", []):
        console.print(user(f"! {warning}"))
    console.print(text("registry.reference", lang))


_FUNNEL = ("longlist", "included", "quantitative", "excluded")
