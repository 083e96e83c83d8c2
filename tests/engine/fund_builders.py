"""Two-member portfolios for fund tests, written as real files in a folder and loaded the way
``rendement fund`` loads them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rendement.engine.fund import FundSpec
from rendement.model.portfolio import parse_portfolio
from rendement.usecases.fund import prepare_portfolio

from .builders import case_dict, inv, out


def member_a() -> dict[str, Any]:
    # gemeente invests 100 in years 0 and 1; zvw saves 80 a year for 3 years; gemeente saves
    # 40 in year 0; bewoners gain 30 a year for 3 years (clients: not cashable)
    return case_dict(
        id="a",
        investments=[inv("coach", "gemeente", amount=100, years=2)],
        outcomes=[
            out("zorg", "zvw", proxy=80, duration=3),
            out("wmo", "gemeente", proxy=40),
            out("welzijn", "bewoners", proxy=30, duration=3),
        ],
    )


def member_b() -> dict[str, Any]:
    # gemeente invests 50 in its year 0; zvw saves 60 in its year 1
    return case_dict(
        id="b",
        investments=[inv("coach", "gemeente", amount=50)],
        outcomes=[out("zorg", "zvw", proxy=60, start=1)],
    )


ONE_MEMBER_MAP = {"a.gemeente": "gemeente", "a.zvw": "zvw"}
TWO_MEMBER_MAP = {
    "a.gemeente": "gemeente",
    "b.gemeente": "gemeente",
    "a.zvw": "zvw",
    "b.zvw": "zvw",
}


def portfolio_dict(
    fund: dict[str, Any],
    members: list[dict[str, Any]],
    mapping: dict[str, str] | None = None,
    **info: Any,
) -> dict[str, Any]:
    doc_info = {"id": "fonds", "title": "Fonds", "price_year": 2024, "discount_rate": 0.0}
    doc_info.update(info)
    return {
        "rendement": 1,
        "portfolio": doc_info,
        "members": members,
        "parties": {
            "map": mapping
            if mapping is not None
            else {
                "a.gemeente": "gemeente",
                "b.gemeente": "gemeente",
                "a.zvw": "zvw",
                "b.zvw": "zvw",
            }
        },
        "fund": fund,
    }


def write_cases(folder: Path, cases: dict[str, dict[str, Any]]) -> None:
    for name, data in cases.items():
        (folder / name).write_text(json.dumps(data), encoding="utf-8")


def two_member_spec(
    folder: Path, fund: dict[str, Any], *, scale_b: float = 2, start_b: int = 1, **info: Any
) -> FundSpec:
    """Member a at scale 1 from year 0, member b at ``scale_b`` from ``start_b``."""
    write_cases(folder, {"a.json": member_a(), "b.json": member_b()})
    members = [
        {"case": "a.json"},
        {"case": "b.json", "scale": scale_b, "start": start_b},
    ]
    portfolio = parse_portfolio(portfolio_dict(fund, members, **info))
    return prepare_portfolio(portfolio, folder).spec
