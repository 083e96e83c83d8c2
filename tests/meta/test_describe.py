"""Descriptive statistics of ratios (method.md §10, first paragraph)."""

from __future__ import annotations

import math

import pytest

from rendement.meta import describe, geometric_mean, pooled_ratio

NAN = float("nan")


def test_hand_computed_figures() -> None:
    d = describe([0.8, 1.6, 2.4, 3.2], [80.0, 160.0, NAN, 320.0], [100.0, 100.0, 50.0, 100.0])
    assert d.n == 4
    assert d.mean == pytest.approx(2.0)  # (0.8 + 1.6 + 2.4 + 3.2) / 4 = 8.0 / 4
    assert d.median == pytest.approx(2.0)  # (1.6 + 2.4) / 2
    assert (d.minimum, d.maximum) == (0.8, 3.2)
    assert d.share_above_1 == 0.75  # 1.6, 2.4, 3.2 of four
    # (0.8 · 1.6 · 2.4 · 3.2)^(1/4) = 9.8304^(1/4) = 1.770691
    assert d.geometric_mean == pytest.approx(1.770691, abs=1e-6)
    # the third case has no benefits: (80 + 160 + 320) / (100 + 100 + 100) = 560 / 300
    assert d.pooled_ratio == pytest.approx(560 / 300)
    assert d.n_pooled == 3


def test_a_ratio_of_exactly_one_is_not_above_one() -> None:
    assert describe([1.0, 1.0, 2.0]).share_above_1 == pytest.approx(1 / 3)


def test_nothing_to_describe_gives_nulls() -> None:
    d = describe([])
    assert d.n == 0
    assert (d.mean, d.median, d.minimum, d.maximum) == (None, None, None, None)
    assert (d.share_above_1, d.geometric_mean, d.pooled_ratio) == (None, None, None)
    assert d.n_pooled == 0


def test_pooled_ratio_needs_benefits_and_costs() -> None:
    assert describe([1.5, 2.0]).pooled_ratio is None
    assert pooled_ratio([NAN, 10.0], [5.0, NAN]) == (None, 0)
    assert pooled_ratio([10.0], [0.0]) == (None, 1)  # undefined, not infinite


def test_geometric_mean_of_one_value_is_the_value() -> None:
    assert geometric_mean([1.7]) == pytest.approx(1.7)
    assert geometric_mean([]) is None
    assert geometric_mean([1.0, 4.0]) == pytest.approx(2.0)  # √(1 · 4)


@pytest.mark.parametrize("ratios", [[1.0, 0.0], [1.0, -0.5], [1.0, math.inf], [NAN]])
def test_ratios_must_be_positive_and_finite(ratios: list[float]) -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        describe(ratios)


def test_benefits_must_align_with_ratios() -> None:
    with pytest.raises(ValueError, match="aligned"):
        describe([1.0, 2.0], [1.0], [1.0])
