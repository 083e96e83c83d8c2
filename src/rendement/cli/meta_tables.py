"""Rich tables for `rendement meta`, in the SEOR study's layout: funnel, then ratios."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

# The SEOR meta-analysis (2020): a reference point for the reader, never a case in the pool.
SEOR_REFERENCE = (
    "Reference: SEOR (2020) found an average factor of 1.6 (minimum variant) over 14 "
    "monetised MKBAs of social work; it is shown for comparison and is not in the pool."
)


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _interval(pair: list[float] | None) -> str:
    return "–" if not pair else f"{pair[0]:.2f}–{pair[1]:.2f}"


def _describe_row(label: str, stats: dict[str, Any]) -> list[str]:
    share = stats.get("share_above_1")
    return [
        label,
        str(stats.get("n", 0)),
        _num(stats.get("mean")),
        _interval(stats.get("bootstrap_ci")),
        _num(stats.get("median")),
        _num(stats.get("geometric_mean")),
        _num(stats.get("pooled_ratio")),
        "–" if share is None else f"{share:.0%}",
    ]


def _effects_row(label: str, stats: dict[str, Any]) -> list[str]:
    re = stats.get("random_effects") or {}
    return [
        label,
        str(re.get("k", 0)),
        _num(re.get("ratio")),
        _interval(re.get("ci")),
        _interval(re.get("hartung_knapp_ci")),
        _interval(re.get("prediction_interval")),
        _num(re.get("tau2")),
        "–" if re.get("i2") is None else f"{re['i2']:.0%}",
    ]


DESCRIBE = ("", "n", "mean", "bootstrap 95%", "median", "geometric", "ΣB/ΣC", "> 1")
EFFECTS = ("", "k", "ratio", "95% (DL)", "Hartung–Knapp", "prediction", "τ²", "I²")


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in columns:
        table.add_column(name, justify="right" if name else "left")
    return table


def print_meta(result: dict[str, Any], fields: tuple[str, ...], minimum: bool) -> None:
    console = Console(highlight=False)
    f = result["funnel"]
    console.print(
        f"Funnel: longlist {f['longlist']} → included {f['included']} → quantitative "
        f"{f['quantitative']} (excluded {f['excluded']})"
    )
    b = f.get("balances")
    if b:
        console.print(
            f"Balance of the included, monetised cases: {b['positive']} positive, "
            f"{b['negative']} negative, {b['undetermined']} undetermined"
        )
    rows = [("all cases", result), ("minimum variant", result["minimum_variant"])]
    if minimum:
        rows.reverse()
    describe = _table("Ratios of the included, monetised cases", DESCRIBE)
    effects = _table("Random effects (cases with an interval, log scale)", EFFECTS)
    for label, stats in rows:
        describe.add_row(*_describe_row(label, stats))
        effects.add_row(*_effects_row(label, stats))
    console.print(describe)
    console.print(effects)
    variant = " (minimum variant)" if minimum else ""
    for field in fields:
        groups = result["subgroups"].get(field) or {}
        if not groups:
            continue
        sub = _table(f"By {field.replace('_', ' ')}{variant}", DESCRIBE)
        for value, stats in groups.items():
            chosen = stats["minimum_variant"] if minimum else stats
            sub.add_row(*_describe_row(str(value), chosen))
        console.print(sub)
    for warning in result.get("warnings", []):
        console.print(f"! {warning}")
    console.print(SEOR_REFERENCE)
