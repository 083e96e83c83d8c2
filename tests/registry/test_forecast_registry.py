"""case.forecast resolved in the registry (method.md §14), calibration over its pairs, and the
prediction from comparable cases (§15): on SQLite and on PostgreSQL."""

from __future__ import annotations

import math
from typing import Any

import pytest

from rendement.model import Case, parse_document
from rendement.registry import NotFoundError, Registry, RegistryError
from rendement.usecases.forecast import (
    calibration_of,
    compare_in_registry,
    predict_from_registry,
    start_like,
)

from .documents import save, small_case, summary

RANGED = {"value": 100, "low": 50, "high": 150}


def _realised(entry_id: str, quantity: float, **forecast: Any) -> dict[str, Any]:
    data = small_case(entry_id, quantity=quantity)
    data["case"]["timing"] = "ex-post"
    data["case"]["forecast"] = forecast
    return data


def _case(data: dict[str, Any]) -> Case:
    document = parse_document(data)
    assert isinstance(document, Case)
    return document


def test_forecast_resolves_to_the_named_version_or_the_newest(registry: Registry) -> None:
    save(registry, small_case("plan", quantity=RANGED))
    newer = small_case("plan", quantity={"value": 120, "low": 60, "high": 180})
    save(registry, newer, base_version=1)

    named = compare_in_registry(registry, _case(_realised("realised", 80, id="plan", version=1)))
    newest = compare_in_registry(registry, _case(_realised("realised", 80, id="plan")))

    assert (named.forecast_id, named.forecast_version) == ("plan", 1)
    assert (newest.forecast_id, newest.forecast_version) == ("plan", 2)
    # outcome minder-zorg: q × 300 in year 0; forecast q = 100 (version 1), 120 (version 2)
    rows = {i.id: i for i in named.comparison.items}
    assert rows["minder-zorg"].forecast_pv == 30_000  # 100 × 300
    assert rows["minder-zorg"].actual_pv == 24_000  # 80 × 300
    assert {i.id: i for i in newest.comparison.items}["minder-zorg"].forecast_pv == 36_000


def test_an_unknown_forecast_id_or_version_is_an_error_naming_it(registry: Registry) -> None:
    save(registry, small_case("plan", quantity=RANGED))
    with pytest.raises(
        NotFoundError, match=r"no case 'plam' in the registry \(did you mean 'plan'\?\)"
    ):
        compare_in_registry(registry, _case(_realised("realised", 80, id="plam")))
    with pytest.raises(NotFoundError, match=r"plan: no version 4 \(only version 1\)"):
        compare_in_registry(registry, _case(_realised("realised", 80, id="plan", version=4)))


def test_a_summary_entry_is_no_forecast(registry: Registry) -> None:
    save(registry, summary("published", balance="positive"))
    with pytest.raises(RegistryError, match="a summary entry, not a case"):
        compare_in_registry(registry, _case(_realised("realised", 80, id="published")))


def test_calibration_counts_the_ex_post_cases_that_name_a_forecast(registry: Registry) -> None:
    save(registry, small_case("plan", quantity=RANGED))
    save(registry, _realised("at-plan", 100, id="plan"))
    save(registry, _realised("short", 70, id="plan"))
    save(registry, _realised("lost", 70, id="gone"))  # its forecast is not in the registry
    save(registry, small_case("other", quantity=90))  # ex ante: no pair

    view = calibration_of(registry, draws=2000, resamples=200)

    cal = view.calibration
    assert cal.n_pairs == 2
    assert [p.id for p in cal.pairs] == ["at-plan", "short"]
    # ratios 300 q / 10,000 against the forecast's 3.0: ln(3/3) = 0 and ln(2.1/3) = ln 0.7
    assert cal.mean_log_ratio == pytest.approx(math.log(0.7) / 2)
    assert [case_id for case_id, _ in view.skipped] == ["lost"]
    assert "no case 'gone'" in view.skipped[0][1]


def _with_interval(entry_id: str, ratio: float, low: float, high: float) -> dict[str, Any]:
    return summary(
        entry_id,
        ratio={"value": ratio, "low": low, "high": high},
        typology={"approach": "preventive", "problems": "multiple"},
        method="mkba",
        status="included",
        analysis="quantitative",
    )


def test_prediction_from_the_registrys_comparable_cases(registry: Registry) -> None:
    for entry_id, ratio, low, high in (
        ("a", 1.4, 1.1, 1.9),
        ("b", 2.1, 1.2, 3.5),
        ("c", 0.9, 0.6, 1.4),
    ):
        save(registry, _with_interval(entry_id, ratio, low, high))

    result = predict_from_registry(registry, {"quadrant": "preventive/multiple"}, 1000)

    assert (result.k, result.cases) == (3, ("a", "b", "c"))
    assert result.interval_95 is not None and result.value is not None
    assert result.interval_95[0] < result.median < result.interval_95[1]  # type: ignore[operator]
    assert result.value.median == pytest.approx(1000 * result.median)  # type: ignore[operator]
    curative = predict_from_registry(registry, {"quadrant": "curative/single"})
    assert (curative.k, curative.reason) == (0, "too-few-cases")


def test_a_bad_filter_value_is_an_error(registry: Registry) -> None:
    with pytest.raises(RegistryError, match="quadrant 'preventief': choose from"):
        predict_from_registry(registry, {"quadrant": "preventief"})


def test_start_like_lists_the_outcome_kinds_of_comparable_full_cases(registry: Registry) -> None:
    save(registry, small_case("gp", proxy={"ref": "care/gp-consult"}))
    save(registry, small_case("priced"))  # an own proxy: no outcome kind
    save(
        registry,
        small_case("left-out", proxy={"ref": "care/hospital-day"}, status="excluded", reason="x"),
    )

    start = start_like(registry, "quadrant=preventive/multiple")

    assert [(r.ref, r.cases, r.payer) for r in start.outcome_refs] == [
        ("care/gp-consult", ("gp",), "health-insurer")
    ]
