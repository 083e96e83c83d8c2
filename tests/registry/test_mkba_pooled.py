"""The pooled ratio ΣB/ΣC reads each case as its own ratio does (method.md §5 bcr, §10)."""

from __future__ import annotations

from typing import Any

import pytest

from rendement.meta import summarise
from rendement.registry import Registry
from rendement.usecases import registry as service

from .documents import save, small_case, summary


def with_cost_shift(method: str) -> dict[str, Any]:
    """One year, no discounting in year 0: 10,000 invested, +100 × 300 = 30,000 for the health
    insurer and a cost shift of −10 × 200 = −2,000 for the municipality."""
    data = small_case(f"verschuiving-{method}", method=method, status="included")
    data["outcomes"].append(
        {
            "id": "meer-wmo",
            "stakeholder": "gemeente",
            "quantity": 10,
            "proxy": {"value": -200, "price_year": 2024, "source": "schatting"},
            "duration": 1,
        }
    )
    return data


def pooled(registry: Registry) -> float | None:
    result = summarise(service.meta_inputs(registry.entries()), by=(), resamples=100)
    return result.statistics.description.pooled_ratio


def test_one_mkba_case_pools_to_its_own_benefit_cost_ratio(registry: Registry) -> None:
    save(registry, with_cost_shift("mkba"))

    entry = registry.entry("verschuiving-mkba")

    # bcr = 30,000 / (10,000 + 2,000) = 2.5; the net reading would give 28,000 / 10,000 = 2.8
    assert entry.ratio == pytest.approx(2.5, abs=1e-12)
    assert (entry.benefits, entry.costs) == pytest.approx((30_000.0, 12_000.0), abs=1e-9)
    assert pooled(registry) == pytest.approx(2.5, abs=1e-12)


def test_one_sroi_case_pools_to_its_own_sroi_ratio(registry: Registry) -> None:
    save(registry, with_cost_shift("sroi"))

    entry = registry.entry("verschuiving-sroi")

    # sroi = (30,000 − 2,000) / 10,000 = 2.8
    assert entry.ratio == pytest.approx(2.8, abs=1e-12)
    assert pooled(registry) == pytest.approx(2.8, abs=1e-12)


def test_an_mkba_case_and_a_summary_pool_their_own_readings(registry: Registry) -> None:
    save(registry, with_cost_shift("mkba"))
    save(registry, summary("studie", ratio=2.0, investment=8000, value=16000, status="included"))

    # (30,000 + 16,000) / (12,000 + 8,000) = 46,000 / 20,000 = 2.3
    assert pooled(registry) == pytest.approx(2.3, abs=1e-12)


def test_the_minimum_variant_of_an_mkba_case_uses_the_same_reading(registry: Registry) -> None:
    save(registry, with_cost_shift("mkba"))

    entry = registry.entry("verschuiving-mkba")

    # no ranges: the conservative scenario is the base case, 30,000 and 12,000 again
    assert (entry.conservative_benefits, entry.conservative_costs) == pytest.approx(
        (30_000.0, 12_000.0), abs=1e-9
    )
