"""The meta-analysis over registry entries: funnel, statistics, minimum variant, subgroups.

The registry turns each entry into a :class:`CaseSummary`; :func:`summarise` does the rest
(method.md §10). Pure: entries in, a frozen :class:`MetaResult` out.

Which entries count where:

* the funnel counts all entries (``longlist``), those ``included`` and ``excluded``, and the
  included ones analysed quantitatively (``quantitative``);
* the statistics use the included, quantitative entries with a ratio ``> 0``; the pooled
  ratio those of them with both benefits and costs; the random-effects model those of them
  with a usable interval ``0 < low < high``;
* the minimum variant uses, per included quantitative entry, its conservative ratio (and
  conservative benefits and costs) where it has one, else its ratio (and benefits and costs),
  with the same rules. Its random-effects model keeps each case's interval width on the log
  scale (``s_i``) around the conservative log ratio.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from rendement.meta._arrays import Z_975, BoolArray, FloatArray, IntArray, Interval
from rendement.meta.bootstrap import (
    DEFAULT_RESAMPLES,
    bootstrap_mean_ci,
    check_resamples,
    paired_bootstrap_mean_cis,
)
from rendement.meta.describe import describe
from rendement.meta.random_effects import ESTIMATORS, random_effects
from rendement.meta.result import Funnel, GroupResult, MetaResult, MinimumVariant, Statistics
from rendement.meta.subgroups import (
    MKBA_LIKE,
    SROI,
    SUBGROUP_FIELDS,
    field_value,
    mixes_methods,
    normalised_method,
    partition,
)

STATUSES = ("longlist", "included", "excluded")
ANALYSES = ("quantitative", "qualitative")
_LISTED_IDS = 10


@dataclass(frozen=True)
class CaseSummary:
    """One registry entry as the meta-analysis sees it.

    ``low``/``high`` are the 95 % interval of ``ratio``: a reported interval or the case's own
    Monte-Carlo P2.5/P97.5. ``conservative_*`` are the figures of the conservative scenario
    (the SEOR minimum variant), when known. ``benefits``/``costs`` are present values, for the
    pooled ratio, in the reading of the entry's own ratio, so that ``benefits / costs`` is
    ``ratio``: for an MKBA case positive benefits over costs plus the negative outcomes
    (method.md §5 bcr), else net benefits over costs; for a summary what it published.
    ``fields`` holds the subgroup values: ``quadrant``, ``domain``, ``method``,
    ``evidence_level``, ``timing``.
    """

    id: str
    status: str
    analysis: str
    ratio: float | None
    low: float | None = None
    high: float | None = None
    conservative_ratio: float | None = None
    benefits: float | None = None
    costs: float | None = None
    conservative_benefits: float | None = None
    conservative_costs: float | None = None
    fields: Mapping[str, str | None] = field(default_factory=dict)
    balance: str | None = None  # positive | negative | undetermined, when no ratio says it


@dataclass(frozen=True)
class _Table:
    """The entries as aligned arrays, with the selections every group shares."""

    ids: tuple[str, ...]
    included: BoolArray
    excluded: BoolArray
    eligible: BoolArray  # included and quantitative
    ratio: FloatArray
    benefits: FloatArray
    costs: FloatArray
    low: FloatArray
    high: FloatArray
    s2: FloatArray  # NaN without a usable interval
    base: BoolArray  # eligible with ratio > 0
    effective: FloatArray  # conservative ratio where present, else ratio
    effective_benefits: FloatArray
    effective_costs: FloatArray
    own_conservative: BoolArray  # has a conservative ratio of its own
    minimum: BoolArray  # eligible with effective ratio > 0
    sign: tuple[str | None, ...] = ()  # each entry's balance: from its ratio, else as stated


def summarise(
    entries: Sequence[CaseSummary],
    *,
    by: Sequence[str] = SUBGROUP_FIELDS,
    estimator: str = "dl",
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> MetaResult:
    """Meta-analysis of registry entries (method.md §10).

    Parameters
    ----------
    entries : sequence of CaseSummary
        The entries in the (filtered) selection; their order does not matter.
    by : sequence of str
        Subgroup fields; ``method`` is added when the selection mixes SROI and MKBA ratios.
    estimator : {"dl", "pm", "reml"}
        τ² estimator of the random-effects model.
    resamples : int
        Bootstrap resamples per interval.
    seed : int
        Bootstrap seed; every group uses it, so the result does not depend on the groups shown.

    Returns
    -------
    MetaResult

    Raises
    ------
    ValueError
        For an unknown estimator, status or analysis, or a bad number of resamples or seed.
    """
    if estimator not in ESTIMATORS:
        raise ValueError(
            f"unknown τ² estimator {estimator!r}: choose one of {', '.join(ESTIMATORS)}"
        )
    check_resamples(resamples)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0 (got {seed!r})")
    ordered = sorted(entries, key=lambda e: e.id)
    table = _table(ordered)
    everything = np.arange(len(ordered), dtype=np.intp)

    methods = [normalised_method(e.fields.get("method")) for e in ordered]
    selected = np.flatnonzero(table.base | table.minimum)
    warnings = _data_warnings(ordered, table)
    fields = [by] if isinstance(by, str) else list(dict.fromkeys(by))
    if mixes_methods(methods[i] for i in selected):
        warnings.insert(0, _method_mix_warning([methods[i] for i in selected]))
        if "method" not in fields:
            fields.append("method")

    computed: dict[bytes, GroupResult] = {}

    def group(positions: IntArray) -> GroupResult:
        # A group holding the same entries as another (a field every entry lacks, a field
        # with one value) has the same result: compute it once.
        key = positions.tobytes()
        if key not in computed:
            computed[key] = _group(table, positions, estimator, resamples, seed)
        return computed[key]

    overall = group(everything)
    subgroups = {
        name: {
            value: group(positions)
            for value, positions in partition(field_value(e.fields, name) for e in ordered).items()
        }
        for name in fields
    }
    return MetaResult(
        funnel=overall.funnel,
        statistics=overall.statistics,
        minimum_variant=overall.minimum_variant,
        subgroups=subgroups,
        warnings=tuple(w.text for w in warnings),
        notices=tuple(warnings),
        by=tuple(fields),
        estimator=estimator,
        resamples=int(resamples),
        seed=int(seed),
    )


def _group(
    table: _Table, positions: IntArray, estimator: str, resamples: int, seed: int
) -> GroupResult:
    signs = [table.sign[i] for i in positions if table.eligible[i]]
    funnel = Funnel(
        longlist=int(positions.size),
        included=int(np.count_nonzero(table.included[positions])),
        excluded=int(np.count_nonzero(table.excluded[positions])),
        quantitative=int(np.count_nonzero(table.eligible[positions])),
        positive=signs.count("positive"),
        negative=signs.count("negative"),
        undetermined=signs.count("undetermined"),
    )
    base = positions[table.base[positions]]
    minimum = positions[table.minimum[positions]]
    if np.array_equal(base, minimum):
        # The same cases: resample them once for both (common random numbers).
        cis = paired_bootstrap_mean_cis(
            np.vstack([table.ratio[base], table.effective[base]]), resamples, seed
        )
        base_ci, minimum_ci = (None, None) if cis is None else cis
    else:
        base_ci = bootstrap_mean_ci(table.ratio[base], resamples, seed)
        minimum_ci = bootstrap_mean_ci(table.effective[minimum], resamples, seed)
    statistics = _statistics(
        table.ratio[base],
        table.benefits[base],
        table.costs[base],
        table.s2[base],
        base_ci,
        estimator,
    )
    minimum_statistics = _statistics(
        table.effective[minimum],
        table.effective_benefits[minimum],
        table.effective_costs[minimum],
        table.s2[minimum],
        minimum_ci,
        estimator,
    )
    return GroupResult(
        funnel=funnel,
        statistics=statistics,
        minimum_variant=MinimumVariant(
            statistics=minimum_statistics,
            n_conservative=int(np.count_nonzero(table.own_conservative[minimum])),
        ),
    )


def _statistics(
    ratios: FloatArray,
    benefits: FloatArray,
    costs: FloatArray,
    s2: FloatArray,
    bootstrap_ci: Interval | None,
    estimator: str,
) -> Statistics:
    with_interval = np.isfinite(s2)
    fit = None
    if np.count_nonzero(with_interval) >= 2:
        fit = random_effects(np.log(ratios[with_interval]), s2[with_interval], estimator)
    return Statistics(
        description=describe(ratios, benefits, costs),
        bootstrap_ci=bootstrap_ci,
        random_effects=fit,
    )


def _table(entries: Sequence[CaseSummary]) -> _Table:
    for e in entries:
        if e.status not in STATUSES:
            raise ValueError(
                f"{e.id}: unknown status {e.status!r}: choose one of {', '.join(STATUSES)}"
            )
        if e.analysis not in ANALYSES:
            raise ValueError(
                f"{e.id}: unknown analysis {e.analysis!r}: choose one of {', '.join(ANALYSES)}"
            )

    def column(values: Sequence[float | None]) -> FloatArray:
        return np.array([math.nan if v is None else v for v in values], dtype=np.float64)

    included = np.array([e.status == "included" for e in entries], dtype=bool)
    excluded = np.array([e.status == "excluded" for e in entries], dtype=bool)
    quantitative = np.array([e.analysis == "quantitative" for e in entries], dtype=bool)
    eligible = included & quantitative
    ratio = column([e.ratio for e in entries])
    low = column([e.low for e in entries])
    high = column([e.high for e in entries])
    conservative = column([e.conservative_ratio for e in entries])
    benefits = column([e.benefits for e in entries])
    costs = column([e.costs for e in entries])
    conservative_benefits = column([e.conservative_benefits for e in entries])
    conservative_costs = column([e.conservative_costs for e in entries])

    with np.errstate(invalid="ignore", divide="ignore"):
        usable = np.isfinite(low) & np.isfinite(high) & (low > 0.0) & (high > low)
        # method.md §10: s = (ln high − ln low) / (2 · 1.959964)
        s = np.where(usable, (np.log(high) - np.log(low)) / (2.0 * Z_975), np.nan)
    own = np.isfinite(conservative)
    effective = np.where(own, conservative, ratio)
    sign = tuple(_sign(e) for e in entries)
    return _Table(
        sign=sign,
        ids=tuple(e.id for e in entries),
        included=included,
        excluded=excluded,
        eligible=eligible,
        ratio=ratio,
        benefits=benefits,
        costs=costs,
        low=low,
        high=high,
        s2=s**2,
        base=eligible & _positive(ratio),
        effective=effective,
        effective_benefits=np.where(own, conservative_benefits, benefits),
        effective_costs=np.where(own, conservative_costs, costs),
        own_conservative=own,
        minimum=eligible & _positive(effective),
    )


def _positive(values: FloatArray) -> BoolArray:
    with np.errstate(invalid="ignore"):
        positive: BoolArray = np.isfinite(values) & (values > 0.0)
    return positive


@dataclass(frozen=True)
class MetaNotice:
    """A warning: a code and its values (for a translated sentence) and the English text."""

    code: str
    values: Mapping[str, str]
    text: str


def _sign(entry: CaseSummary) -> str | None:
    """The sign of an entry's balance: from its ratio (above 1, below 1), else as it states."""
    if entry.ratio is not None and math.isfinite(entry.ratio) and entry.ratio > 0:
        if entry.ratio > 1:
            return "positive"
        if entry.ratio < 1:
            return "negative"
    return entry.balance


def _method_mix_warning(methods: Sequence[str | None]) -> MetaNotice:
    n_sroi = sum(m == SROI for m in methods)
    n_mkba = sum(m in MKBA_LIKE for m in methods)
    return MetaNotice(
        "method-mix",
        {"sroi": str(n_sroi), "mkba": str(n_mkba)},
        f"The selection mixes {n_sroi} SROI ratio(s) with {n_mkba} MKBA/business-case "
        "ratio(s). SROI and MKBA ratios are different quantities (UK SROI reports trend "
        "around 5:1, Dutch social-work MKBAs around 1.6), so figures pooled over both are "
        "shown beside the per-method subgroups (subgroups.method).",
    )


def _data_warnings(entries: Sequence[CaseSummary], table: _Table) -> list[MetaNotice]:
    warnings: list[MetaNotice] = []

    def add(code: str, mask: BoolArray, sentence: str) -> None:
        if mask.any():
            ids = _ids(table, mask)
            warnings.append(MetaNotice(code, {"ids": ids}, f"{sentence}: {ids}."))

    add(
        "no-ratio",
        table.eligible & ~table.base,
        "Included quantitative case(s) without a ratio above 0 are left out of the statistics",
    )
    stated = np.array([e.low is not None or e.high is not None for e in entries], dtype=bool)
    add(
        "bad-interval",
        table.base & stated & ~np.isfinite(table.s2),
        "Interval(s) not of the form 0 < low < high are left out of the random-effects model",
    )
    with np.errstate(invalid="ignore"):
        outside = (
            table.base
            & np.isfinite(table.s2)
            & ((table.ratio < table.low) | (table.ratio > table.high))
        )
    add(
        "outside-interval",
        outside,
        "Ratio(s) outside their own interval (check the entry; the interval's width is "
        "used around the ratio)",
    )
    add(
        "conservative-dropped",
        table.eligible & table.own_conservative & ~table.minimum,
        "Conservative ratio(s) of 0 or below cannot enter the ratio statistics, so the "
        "minimum variant leaves these cases out and overstates the conservative reading",
    )
    return warnings


def _ids(table: _Table, mask: BoolArray) -> str:
    ids = [table.ids[i] for i in np.flatnonzero(mask)]
    listed = ", ".join(ids[:_LISTED_IDS])
    more = len(ids) - _LISTED_IDS
    return listed if more <= 0 else f"{listed} and {more} more"
