"""Percentile bootstrap interval of the mean (method.md §10)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from rendement.meta import bootstrap as bootstrap_module
from rendement.meta import bootstrap_mean_ci, bootstrap_means, paired_bootstrap_mean_cis

RATIOS = [0.8, 1.2, 1.6, 2.0, 3.1]


def test_same_seed_same_interval() -> None:
    assert bootstrap_mean_ci(RATIOS, 5000, 7) == bootstrap_mean_ci(RATIOS, 5000, 7)


def test_another_seed_another_interval() -> None:
    assert bootstrap_mean_ci(RATIOS, 5000, 7) != bootstrap_mean_ci(RATIOS, 5000, 8)


def test_pinned_result() -> None:
    # numpy default_rng(0), 10,000 resamples, blocks of CHUNK indices: pinned so that a change
    # in the resampling scheme shows up here.
    interval = bootstrap_mean_ci(RATIOS, 10_000, 0)
    assert interval is not None
    assert_allclose(interval, [1.12, 2.44], rtol=1e-12)


def test_interval_contains_the_mean_of_a_typical_sample() -> None:
    ratios = np.random.default_rng(5).lognormal(0.45, 0.5, 40)
    low, high = bootstrap_mean_ci(ratios, 10_000, 0) or (np.nan, np.nan)
    assert low < ratios.mean() < high


def test_interval_is_close_to_the_normal_one_for_many_cases() -> None:
    ratios = np.random.default_rng(6).lognormal(0.45, 0.4, 2000)
    low, high = bootstrap_mean_ci(ratios, 4000, 0) or (np.nan, np.nan)
    half = 1.959964 * ratios.std(ddof=0) / np.sqrt(ratios.size)
    assert_allclose([low, high], [ratios.mean() - half, ratios.mean() + half], rtol=5e-3)


def test_order_of_the_values_does_not_matter() -> None:
    assert bootstrap_mean_ci(RATIOS, 3000, 1) == bootstrap_mean_ci(RATIOS[::-1], 3000, 1)


def test_fewer_than_two_values_give_no_interval() -> None:
    assert bootstrap_mean_ci([], 100, 0) is None
    assert bootstrap_mean_ci([1.4], 100, 0) is None
    assert paired_bootstrap_mean_cis([[1.4], [1.2]], 100, 0) is None


def test_identical_values_give_a_point_interval() -> None:
    assert bootstrap_mean_ci([1.5, 1.5, 1.5], 100, 0) == (1.5, 1.5)


def test_paired_first_column_equals_the_single_bootstrap() -> None:
    conservative = [0.6, 1.0, 1.1, 1.9, 2.0]
    cis = paired_bootstrap_mean_cis([RATIOS[::-1], conservative[::-1]], 4000, 3)
    assert cis is not None
    assert cis[0] == bootstrap_mean_ci(RATIOS, 4000, 3)
    assert cis[1][0] < np.mean(conservative) < cis[1][1]


def test_blocks_cover_every_resample(monkeypatch: pytest.MonkeyPatch) -> None:
    # blocks of 2 resamples of 5 values: 7 resamples end in a short block
    monkeypatch.setattr(bootstrap_module, "CHUNK", 10)
    means = bootstrap_means([RATIOS], 7, 0)
    assert means.shape == (1, 7)
    assert np.all((means >= min(RATIOS)) & (means <= max(RATIOS)))


def test_resamples_must_be_positive() -> None:
    for bad in (0, -5, 2.5, True):
        with pytest.raises(ValueError, match="resamples"):
            bootstrap_mean_ci(RATIOS, bad, 0)  # type: ignore[arg-type]
