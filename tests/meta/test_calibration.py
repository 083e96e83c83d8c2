"""Calibration of forecasts over pairs (method.md §14), on synthetic registries of pairs
built through the engine: forecasts with a ranged quantity, realisations drawn from them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from tests.engine.builders import inv, make_case, out

from rendement.engine import prepare
from rendement.engine.forecast import compare_forecast, draw_forecast
from rendement.meta.calibration import ForecastPair, calibration
from rendement.usecases.forecast import pair_of

PAIRS = 40


def _forecast(i: int) -> object:
    # forty different forecasts: ratio 10 q / 1000 with q ~ PERT(low, mode, high)
    mode = 100 + 5 * i
    quantity = {"value": mode, "low": 0.5 * mode, "high": (1.5 + 0.02 * i) * mode}
    return prepare(
        make_case(
            id=f"plan-{i}",
            investments=[inv("coaches", amount=1000)],
            outcomes=[out("visits", quantity=quantity, proxy=10)],
        )
    )


def _actual(i: int, quantity: float) -> object:
    return prepare(
        make_case(
            id=f"realised-{i}",
            investments=[inv("coaches", amount=1000)],
            outcomes=[out("visits", quantity=quantity, proxy=10)],
        )
    )


def _pairs(realised: object) -> list[ForecastPair]:
    pairs = []
    for i in range(PAIRS):
        forecast = _forecast(i)
        quantity = realised(i, forecast)  # type: ignore[operator]
        comparison = compare_forecast(forecast, _actual(i, quantity), draws=4000)  # type: ignore[arg-type]
        pairs.append(pair_of(f"realised-{i}", comparison))
    return pairs


def _drawn_from_the_forecast(i: int, forecast: object) -> float:
    # one draw of the forecast's own distribution, from a stream of its own
    draws = draw_forecast(forecast, 1, seed=1000 + i)  # type: ignore[arg-type]
    return float(draws.X[0, forecast.index["outcomes.visits.quantity"]])  # type: ignore[attr-defined]


def test_realisations_drawn_from_their_forecasts_are_covered_nine_times_in_ten() -> None:
    result = calibration(_pairs(_drawn_from_the_forecast))
    assert result.n_pairs == PAIRS
    # the number inside P5–P95 is Binomial(40, 0.90): mean 36, sd 1.9; P(X ≤ 31) = 0.015,
    # so 32 to 40 inside (coverage 0.80 to 1) holds for calibrated forecasts 98.5 % of the time
    assert 0.80 <= result.coverage_p5_p95 <= 1.0  # type: ignore[operator]
    assert len(result.pit) == PAIRS
    # PIT values of calibrated forecasts are uniform on [0, 1]: mean 0.5, sd √(1/12/40) = 0.046
    assert np.mean(result.pit) == pytest.approx(0.5, abs=3 * math.sqrt(1 / 12 / PAIRS))
    assert stats.kstest(result.pit, "uniform").pvalue > 0.01
    assert sum(result.pit_histogram) == PAIRS


def test_realisations_at_seventy_percent_give_a_mean_log_ratio_of_ln_0_7() -> None:
    def at_seventy_percent(i: int, forecast: object) -> float:
        return 0.7 * forecast.base_row()[0, forecast.index["outcomes.visits.quantity"]]  # type: ignore[attr-defined]

    result = calibration(_pairs(at_seventy_percent))
    # ratio 10 (0.7 q) / 1000 against 10 q / 1000: every log ratio is ln 0.7 = −0.357
    assert result.mean_log_ratio == pytest.approx(math.log(0.7), abs=1e-12)
    assert result.ci == pytest.approx((math.log(0.7), math.log(0.7)), abs=1e-12)
    # optimistic forecasts: every realisation lies in the lower fifth of its forecast
    # (PERT(0.5 m, m, 1.5 m) puts 0.7 m at I_0.2(3, 3) = 0.058, wider ones lower still)
    assert max(result.pit) < 0.2


def test_mean_log_ratio_and_coverage_by_hand() -> None:
    pairs = [
        ForecastPair("a", "fa", forecast_ratio=2.0, actual_ratio=1.0, p5=1.5, p95=3.0, pit=0.01),
        ForecastPair("b", "fb", forecast_ratio=1.0, actual_ratio=1.0, p5=0.5, p95=1.5, pit=0.5),
        ForecastPair("c", "fc", forecast_ratio=None, actual_ratio=1.2, p5=None, p95=None, pit=None),
    ]
    result = calibration(pairs, resamples=200)
    # ln(1/2) and ln(1/1): mean (−0.6931 + 0) / 2; pair c has no forecast ratio
    assert result.mean_log_ratio == pytest.approx(-math.log(2) / 2)
    assert (result.n_pairs, result.n_log_ratios) == (3, 2)
    assert result.coverage_p5_p95 == 0.5  # a: 1.0 below 1.5; b: 1.0 inside [0.5, 1.5]
    assert result.pit == (0.01, 0.5)


def test_no_pairs_gives_nulls_not_figures() -> None:
    result = calibration([])
    assert (result.n_pairs, result.mean_log_ratio, result.ci, result.coverage_p5_p95) == (
        0,
        None,
        None,
        None,
    )
