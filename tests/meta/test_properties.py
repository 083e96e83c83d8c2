"""Invariants of the meta-analysis (hypothesis): order, scale, AM–GM."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.meta.builders import QUADRANTS

from rendement.meta import (
    CaseSummary,
    describe,
    meta_to_dict,
    random_effects,
    summarise,
)

SETTINGS = settings(max_examples=60, deadline=None)
RESAMPLES = 300

ratios = st.floats(0.05, 20.0, allow_nan=False, allow_infinity=False)


@st.composite
def entries(draw: st.DrawFn) -> list[CaseSummary]:
    """2–12 entries, mostly included and quantitative, some with intervals, conservative
    ratios and money, spread over quadrants and methods."""
    count = draw(st.integers(2, 12))
    made = []
    for i in range(count):
        ratio = draw(ratios)
        spread = draw(st.one_of(st.none(), st.floats(1.05, 4.0)))
        share = draw(st.one_of(st.none(), st.floats(0.3, 1.0)))
        conservative = None if share is None else share * ratio
        costs = draw(st.one_of(st.none(), st.floats(1_000.0, 1e6)))
        made.append(
            CaseSummary(
                id=f"case-{i:02d}",
                status=draw(st.sampled_from(["included"] * 4 + ["excluded", "longlist"])),
                analysis=draw(st.sampled_from(["quantitative"] * 4 + ["qualitative"])),
                ratio=ratio,
                low=None if spread is None else ratio / spread,
                high=None if spread is None else ratio * spread,
                conservative_ratio=conservative,
                benefits=None if costs is None else ratio * costs,
                costs=costs,
                conservative_benefits=(
                    None if costs is None or conservative is None else conservative * costs
                ),
                conservative_costs=None if costs is None or conservative is None else costs,
                fields={
                    "quadrant": draw(st.sampled_from([*QUADRANTS, None])),
                    "method": draw(st.sampled_from(["mkba", "business-case", "sroi"])),
                },
            )
        )
    return made


def assert_close(a: Any, b: Any, rel: float = 1e-9, path: str = "") -> None:
    """Nested JSON values equal, floats to a relative tolerance."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for key in a:
            assert_close(a[key], b[key], rel, f"{path}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_close(x, y, rel, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=rel, abs_tol=1e-12), (path, a, b)
    else:
        assert a == b, (path, a, b)


@SETTINGS
@given(entries(), st.randoms(use_true_random=False))
def test_order_of_the_entries_does_not_matter(cases: list[CaseSummary], random: Any) -> None:
    shuffled = list(cases)
    random.shuffle(shuffled)
    one = meta_to_dict(summarise(cases, resamples=RESAMPLES, estimator="pm"))
    other = meta_to_dict(summarise(shuffled, resamples=RESAMPLES, estimator="pm"))
    assert_close(one, other)


@SETTINGS
@given(entries(), st.floats(0.1, 10.0), st.sampled_from(["dl", "pm", "reml"]))
def test_scaling_every_ratio_scales_the_means_and_keeps_the_heterogeneity(
    cases: list[CaseSummary], c: float, estimator: str
) -> None:
    def scaled(e: CaseSummary) -> CaseSummary:
        def times(x: float | None) -> float | None:
            return None if x is None else x * c

        return replace(
            e,
            ratio=times(e.ratio),
            low=times(e.low),
            high=times(e.high),
            conservative_ratio=times(e.conservative_ratio),
            benefits=times(e.benefits),
            conservative_benefits=times(e.conservative_benefits),
        )

    base = summarise(cases, resamples=RESAMPLES, estimator=estimator)
    other = summarise([scaled(e) for e in cases], resamples=RESAMPLES, estimator=estimator)
    for one, two in [
        (base.statistics, other.statistics),
        (base.minimum_variant.statistics, other.minimum_variant.statistics),
    ]:
        d1, d2 = one.description, two.description
        assert d1.n == d2.n
        for name in ("mean", "median", "minimum", "maximum", "geometric_mean", "pooled_ratio"):
            x, y = getattr(d1, name), getattr(d2, name)
            assert (x is None) == (y is None), name
            if x is not None:
                assert math.isclose(y, c * x, rel_tol=1e-9), name
        assert d1.share_above_1 is None or d2.share_above_1 is not None
        if one.bootstrap_ci is not None:
            assert two.bootstrap_ci is not None
            assert np.allclose(two.bootstrap_ci, np.multiply(one.bootstrap_ci, c), rtol=1e-9)
        r1, r2 = one.random_effects, two.random_effects
        assert (r1 is None) == (r2 is None)
        if r1 is not None and r2 is not None:
            assert math.isclose(r2.tau2, r1.tau2, rel_tol=1e-7, abs_tol=1e-12)
            assert math.isclose(r2.i2, r1.i2, rel_tol=1e-7, abs_tol=1e-9)
            assert math.isclose(r2.q, r1.q, rel_tol=1e-7, abs_tol=1e-9)
            assert math.isclose(r2.ratio, c * r1.ratio, rel_tol=1e-7)


@SETTINGS
@given(st.lists(ratios, min_size=1, max_size=40))
def test_geometric_mean_is_at_most_the_mean(values: list[float]) -> None:
    d = describe(values)
    assert d.geometric_mean is not None and d.mean is not None
    assert d.minimum is not None and d.maximum is not None
    assert d.geometric_mean <= d.mean * (1 + 1e-12)
    assert d.minimum <= d.median <= d.maximum  # type: ignore[operator]


@SETTINGS
@given(
    st.lists(st.tuples(st.floats(-2, 2), st.floats(0.001, 1.0)), min_size=2, max_size=15),
    st.sampled_from(["dl", "pm", "reml"]),
)
def test_random_effects_invariants(rows: list[tuple[float, float]], estimator: str) -> None:
    y = np.array([r[0] for r in rows])
    v = np.array([r[1] for r in rows])
    fit = random_effects(y, v, estimator)
    assert fit.tau2 >= 0.0
    assert 0.0 <= fit.i2 < 1.0
    assert fit.ci[0] <= fit.ratio <= fit.ci[1]
    assert y.min() - 1e-9 <= fit.mu <= y.max() + 1e-9
    order = np.random.default_rng(0).permutation(len(y))
    permuted = random_effects(y[order], v[order], estimator)
    assert math.isclose(permuted.tau2, fit.tau2, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(permuted.mu, fit.mu, rel_tol=1e-9, abs_tol=1e-12)
    shifted = random_effects(y + 0.7, v, estimator)  # scaling the ratios shifts y
    assert math.isclose(shifted.tau2, fit.tau2, rel_tol=1e-7, abs_tol=1e-12)
    assert math.isclose(shifted.i2, fit.i2, rel_tol=1e-7, abs_tol=1e-9)
