"""Portfolio members named by registry id (method.md §16), on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from rendement.engine.fund import fund_result
from rendement.model import CaseError
from rendement.model.portfolio import parse_portfolio
from rendement.registry import Registry
from rendement.usecases.fund import prepare_portfolio

from .documents import save, small_case


def _portfolio(*members: dict[str, object]) -> dict[str, object]:
    return {
        "rendement": 1,
        "portfolio": {"id": "fonds", "title": "Fonds", "price_year": 2024, "discount_rate": 0},
        "members": list(members),
        "parties": {"map": {"in-registry.zvw": "zvw", "in-registry.gemeente": "gemeente"}},
        "fund": {"rule": "shared-savings", "share": 0.5},
    }


def test_a_member_named_by_registry_id_is_read_from_the_registry(
    registry: Registry, tmp_path: Path
) -> None:
    save(registry, small_case("in-registry"))
    portfolio = parse_portfolio(_portfolio({"case": "in-registry", "scale": 3}))
    spec = prepare_portfolio(portfolio, tmp_path, registry=lambda: registry).spec
    result = fund_result(spec)
    zvw = {p.party: p for p in result.parties}["zvw"]
    # the small case: zvw gains 100 × 300 = 30,000 in year 0; scale 3 → 90,000; pays half
    assert zvw.by_year[0].cashable == pytest.approx(90_000)
    assert zvw.by_year[0].contribution == pytest.approx(45_000)
    # costs 10,000 × 3 = 30,000: F[0] = 45,000 − 30,000 = 15,000
    assert result.fund_balance == pytest.approx((15_000,))


def test_an_unknown_registry_id_is_an_error_at_the_member(
    registry: Registry, tmp_path: Path
) -> None:
    save(registry, small_case("in-registry"))
    portfolio = parse_portfolio(_portfolio({"case": "in-registry"}, {"case": "niet-bekend"}))
    with pytest.raises(CaseError) as caught:
        prepare_portfolio(portfolio, tmp_path, registry=lambda: registry)
    [issue] = caught.value.issues
    assert issue.path == "members[1].case"
    assert "niet-bekend" in issue.message


def test_a_registry_id_without_a_registry_says_so(tmp_path: Path) -> None:
    portfolio = parse_portfolio(_portfolio({"case": "in-registry"}))
    with pytest.raises(CaseError) as caught:
        prepare_portfolio(portfolio, tmp_path)
    assert [str(i) for i in caught.value.issues] == [
        "members[0].case: 'in-registry' is not a file (no .yaml, .yml or .json) "
        "and no registry is open"
    ]
