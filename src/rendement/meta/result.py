"""The result of a meta-analysis and its JSON form (case-format.md, "The meta-analysis").

The JSON is produced here and nowhere else. Every figure is a plain Python ``int`` or
``float``, or None (JSON null) where it cannot be computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rendement.meta._arrays import Interval
from rendement.meta.describe import Description
from rendement.meta.random_effects import RandomEffects


@dataclass(frozen=True)
class Funnel:
    """Screening counts (sources.md §1: SEOR 51 → 32 → 14).

    ``longlist`` counts every entry, whatever its status; ``quantitative`` counts the included
    entries analysed quantitatively (with monetised results).
    """

    longlist: int
    included: int
    excluded: int
    quantitative: int
    # the sign of the balance of the included, monetised entries (SEOR: every case positive);
    # an entry with a ratio counts by it, one without by the balance it states
    positive: int = 0
    negative: int = 0
    undetermined: int = 0


@dataclass(frozen=True)
class Statistics:
    """The statistics of one set of ratios: descriptive, bootstrap and random effects."""

    description: Description
    bootstrap_ci: Interval | None
    random_effects: RandomEffects | None


@dataclass(frozen=True)
class MinimumVariant:
    """Statistics over each case's conservative ratio where it has one, else its ratio.

    ``n_conservative`` counts the cases in ``statistics`` that had a conservative ratio of
    their own.
    """

    statistics: Statistics
    n_conservative: int


@dataclass(frozen=True)
class GroupResult:
    """The funnel and the statistics of the entries of one subgroup."""

    funnel: Funnel
    statistics: Statistics
    minimum_variant: MinimumVariant


@dataclass(frozen=True)
class MetaResult:
    """A meta-analysis over registry entries (method.md §10).

    ``subgroups`` maps a field (``quadrant``, ``method``, …) to ``{value: GroupResult}``;
    ``by`` lists those fields in order (``method`` is added when the selection mixes SROI and
    MKBA ratios). ``estimator``, ``resamples`` and ``seed`` record how it was computed.
    """

    funnel: Funnel
    statistics: Statistics
    minimum_variant: MinimumVariant
    subgroups: Mapping[str, Mapping[str, GroupResult]]
    warnings: tuple[str, ...]
    by: tuple[str, ...]
    estimator: str
    resamples: int
    seed: int
    notices: tuple[Any, ...] = ()  # the warnings as MetaNotice (code, values, text)


def meta_to_dict(result: MetaResult) -> dict[str, Any]:
    """The JSON object of ``rendement meta --json`` (case-format.md).

    Keys: ``funnel``, the statistics (``n, mean, median, min, max, share_above_1,
    geometric_mean, pooled_ratio, n_pooled, bootstrap_ci, random_effects``),
    ``minimum_variant`` (the same keys plus ``n_conservative``), ``subgroups``
    (``{field: {value: {funnel, the same keys, minimum_variant}}}``), ``warnings`` and
    ``settings`` (``estimator, resamples, seed, by``).
    """
    return {
        "funnel": _funnel(result.funnel),
        **_statistics(result.statistics),
        "minimum_variant": _minimum_variant(result.minimum_variant),
        "subgroups": {
            field: {value: _group(group) for value, group in groups.items()}
            for field, groups in result.subgroups.items()
        },
        "warnings": list(result.warnings),
        "settings": {
            "estimator": result.estimator,
            "resamples": result.resamples,
            "seed": result.seed,
            "by": list(result.by),
        },
    }


def _group(group: GroupResult) -> dict[str, Any]:
    return {
        "funnel": _funnel(group.funnel),
        **_statistics(group.statistics),
        "minimum_variant": _minimum_variant(group.minimum_variant),
    }


def _funnel(funnel: Funnel) -> dict[str, Any]:
    return {
        "longlist": funnel.longlist,
        "included": funnel.included,
        "excluded": funnel.excluded,
        "quantitative": funnel.quantitative,
        "balances": {
            "positive": funnel.positive,
            "negative": funnel.negative,
            "undetermined": funnel.undetermined,
        },
    }


def _minimum_variant(variant: MinimumVariant) -> dict[str, Any]:
    return {**_statistics(variant.statistics), "n_conservative": variant.n_conservative}


def _statistics(statistics: Statistics) -> dict[str, Any]:
    d = statistics.description
    return {
        "n": d.n,
        "mean": d.mean,
        "median": d.median,
        "min": d.minimum,
        "max": d.maximum,
        "share_above_1": d.share_above_1,
        "geometric_mean": d.geometric_mean,
        "pooled_ratio": d.pooled_ratio,
        "n_pooled": d.n_pooled,
        "bootstrap_ci": _interval(statistics.bootstrap_ci),
        "random_effects": _random_effects(statistics.random_effects),
    }


def _random_effects(fit: RandomEffects | None) -> dict[str, Any] | None:
    if fit is None:
        return None
    return {
        "k": fit.k,
        "estimator": fit.estimator,
        "ratio": fit.ratio,
        "ci": _interval(fit.ci),
        "tau2": fit.tau2,
        "i2": fit.i2,
        "q": fit.q,
        "mu": fit.mu,
        "se": fit.se,
        "prediction_interval": _interval(fit.prediction_interval),
        "hartung_knapp_ci": _interval(fit.hartung_knapp_ci),
    }


def _interval(interval: Interval | None) -> list[float] | None:
    return None if interval is None else [float(interval[0]), float(interval[1])]
