"""Comparing files (method.md §14): money of another price year is re-priced with the CPI,
a forecast file other than the one named is noted, and a price year beyond the CPI is an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from rendement.model import CaseError
from rendement.reference import load_cpi
from rendement.usecases.forecast import compare_files


def _case(path: Path, case_id: str, price_year: int, amount: float, **info: Any) -> Path:
    document = {
        "rendement": 1,
        "case": {"id": case_id, "title": case_id, "price_year": price_year, **info},
        "stakeholders": [
            {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
            {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
        ],
        "investments": [{"id": "team", "stakeholder": "gemeente", "amount": amount}],
        "outcomes": [{"id": "zorg", "stakeholder": "zvw", "quantity": 10, "proxy": 300}],
    }
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def test_a_forecast_in_other_prices_is_repriced_to_the_actuals(tmp_path: Path) -> None:
    forecast = _case(tmp_path / "plan.yaml", "plan", 2022, 1000)
    actual = _case(
        tmp_path / "done.yaml", "done", 2024, 1000, timing="ex-post", forecast={"id": "plan"}
    )
    compared = compare_files(actual, forecast, draws=10)
    factor = load_cpi().factor(2022, 2024)  # CPI 2024 / CPI 2022
    assert compared.comparison.reprice == pytest.approx(factor)
    team = next(i for i in compared.comparison.items if i.id == "team")
    assert team.forecast_pv == pytest.approx(1000 * factor)  # 1000 of 2022 in 2024 money
    assert team.actual_pv == 1000
    assert compared.named_otherwise is None


def test_a_forecast_file_other_than_the_one_named_is_noted(tmp_path: Path) -> None:
    forecast = _case(tmp_path / "plan.yaml", "plan-b", 2024, 1000)
    actual = _case(
        tmp_path / "done.yaml", "done", 2024, 1200, timing="ex-post", forecast={"id": "plan"}
    )
    assert compare_files(actual, forecast, draws=10).named_otherwise == "plan"


def test_a_price_year_beyond_the_cpi_is_an_error_naming_it(tmp_path: Path) -> None:
    forecast = _case(tmp_path / "plan.yaml", "plan", 1950, 1000)
    actual = _case(tmp_path / "done.yaml", "done", 2024, 1000)
    with pytest.raises(CaseError, match="cannot re-price the forecast from 1950 to 2024"):
        compare_files(actual, forecast, draws=10)
