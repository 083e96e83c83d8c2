"""The fund workbook is live (method.md §16): recalculated by LibreOffice it gives the engine's
fund, also after a party changes the share of savings, its seed capital or the rule.

Each workbook is written from the engine's result, edited with openpyxl where the variant
says, recalculated by LibreOffice (see tests/report/test_xlsx.py for how the recalculation is
forced) and read back; a value LibreOffice did not compute fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from tests.engine.fund_builders import two_member_spec
from tests.report.test_xlsx import recalculate

from rendement.engine.fund import FundResult, fund_result
from rendement.report.fund_xlsx import EVEN, NPV, PARTY_HEADER, fund_sheet_name, write_fund_workbook
from rendement.texts import text
from rendement.usecases.fund import fund_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "portfolios" / "voorbeeldstad.yaml"
TOLERANCE = 0.01


def _edit(settings: dict[str, Any]) -> Callable[[openpyxl.Workbook, str], None]:
    """Set the share (B4), the rule (B3) or a party's seed (column C of its row)."""

    def edit(wb: openpyxl.Workbook, lang: str) -> None:
        ws = wb[fund_sheet_name(lang)]
        if "share" in settings:
            ws["B4"] = settings["share"]
        if "rule" in settings:
            ws["B3"] = settings["rule"]
        for party, seed in settings.get("seed", {}).items():
            ws.cell(row=_party_row(ws, party), column=3, value=seed)

    return edit


@dataclass(frozen=True)
class Variant:
    result: Callable[[Path], FundResult]  # the engine's fund the workbook is written from
    lang: str
    edit: Callable[[openpyxl.Workbook, str], None] | None = None
    expected: Callable[[Path], FundResult] | None = None  # the engine's fund after the edit


SAVINGS = {"rule": "shared-savings", "share": 0.5, "seed": {"gemeente": 50}}


def _two(fund: dict[str, Any], **info: Any) -> Callable[[Path], FundResult]:
    def build(folder: Path) -> FundResult:
        return fund_result(two_member_spec(folder, fund, **info))

    return build


VARIANTS: dict[str, Variant] = {
    "two-savings": Variant(_two(SAVINGS), "nl"),
    "two-proportional-discounted": Variant(_two({"rule": "proportional"}, discount_rate=0.1), "en"),
    "two-fixed": Variant(_two({"rule": "fixed", "shares": {"gemeente": 0.6, "zvw": 0.4}}), "nl"),
    # a party raises the share to 0.8 and the gemeente's seed to 200
    "two-savings-edited": Variant(
        _two(SAVINGS),
        "nl",
        _edit({"share": 0.8, "seed": {"gemeente": 200}}),
        _two({"rule": "shared-savings", "share": 0.8, "seed": {"gemeente": 200}}),
    ),
    # the rule switched in its cell, from shared savings to proportional (seed kept)
    "two-rule-switched": Variant(
        _two(SAVINGS, discount_rate=0.05),
        "en",
        _edit({"rule": "proportional"}),
        _two({"rule": "proportional", "seed": {"gemeente": 50}}, discount_rate=0.05),
    ),
    "example": Variant(lambda _: fund_file(EXAMPLE), "en"),
    "example-edited": Variant(
        lambda _: fund_file(EXAMPLE),
        "nl",
        _edit({"share": 0.9, "seed": {"zorgverzekeraar": 1_500_000}}),
        None,  # checked against the engine below, with the same edit made to the portfolio
    ),
}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    written = tmp_path_factory.mktemp("fund-written")
    files, folders = [], {}
    for name, variant in VARIANTS.items():
        folder = tmp_path_factory.mktemp(f"cases-{name}")
        path = written / f"{name}.xlsx"
        write_fund_workbook(variant.result(folder), path, variant.lang)
        if variant.edit is not None:
            wb = openpyxl.load_workbook(path)
            variant.edit(wb, variant.lang)
            wb.save(path)
        files.append(path)
        folders[name] = folder
    out = tmp_path_factory.mktemp("fund-recalculated")
    recalculate(files, out, tmp_path_factory.mktemp("fund-libreoffice-profile"))
    return {name: (out / f"{name}.xlsx", folders[name]) for name in VARIANTS}


def _row_of(ws: Worksheet, label: str, after: int = 0) -> int:
    for row in ws.iter_rows(min_row=after + 1, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"no row {label!r}")


def _party_row(ws: Worksheet, party: str) -> int:
    return _row_of(ws, party, PARTY_HEADER)


def _number(ws: Worksheet, row: int, column: int) -> float:
    value = ws.cell(row=row, column=column).value
    assert isinstance(value, int | float), (
        f"{ws.cell(row=row, column=column).coordinate}: {value!r}"
    )
    return float(value)


def _check(path: Path, lang: str, expected: FundResult) -> None:
    ws = openpyxl.load_workbook(path, data_only=True)[fund_sheet_name(lang)]
    balance = _row_of(ws, text("fund.balance", lang))
    got = [_number(ws, balance, 3 + t) for t in range(expected.horizon)]
    assert got == pytest.approx(list(expected.fund_balance), abs=TOLERANCE)
    paid = _row_of(ws, text("fund.contributions", lang))
    got = [_number(ws, paid, 3 + t) for t in range(expected.horizon)]
    assert got == pytest.approx([y.contributions for y in expected.years], abs=TOLERANCE)
    first = _row_of(ws, text("xlsx.fund.first_shortfall", lang))
    never = text("fund.never", lang)
    shortfall = expected.first_shortfall_year
    assert ws.cell(row=first, column=2).value == (never if shortfall is None else shortfall)
    bridging = _row_of(ws, text("xlsx.fund.bridging", lang))
    assert _number(ws, bridging, 2) == pytest.approx(expected.bridging_capital, abs=TOLERANCE)
    for p in expected.parties:
        r = _party_row(ws, p.party)
        assert _number(ws, r, NPV) == pytest.approx(p.npv, abs=TOLERANCE), p.party
        even = p.break_even_year
        assert ws.cell(row=r, column=EVEN).value == (never if even is None else even), p.party


@pytest.mark.parametrize("name", [k for k, v in VARIANTS.items() if v.edit is None])
def test_recalculated_fund_workbook_gives_the_engine_figures(
    name: str, recalculated: dict[str, tuple[Path, Path]]
) -> None:
    path, folder = recalculated[name]
    variant = VARIANTS[name]
    _check(path, variant.lang, variant.result(folder))


@pytest.mark.parametrize("name", ["two-savings-edited", "two-rule-switched"])
def test_an_edited_share_seed_or_rule_moves_the_balance_to_the_engine_of_the_edit(
    name: str, recalculated: dict[str, tuple[Path, Path]]
) -> None:
    path, folder = recalculated[name]
    variant = VARIANTS[name]
    assert variant.expected is not None
    before, after = variant.result(folder), variant.expected(folder)
    # the edit matters: the balance moves by far more than the tolerance
    moved = zip(before.fund_balance, after.fund_balance, strict=True)
    assert max(abs(a - b) for a, b in moved) > 10
    _check(path, variant.lang, after)


def test_an_edited_example_workbook_follows_the_portfolio_with_the_same_edit(
    recalculated: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    path, _ = recalculated["example-edited"]
    edited = EXAMPLE.read_text(encoding="utf-8")
    edited = edited.replace("share: 0.5 ", "share: 0.9 ").replace(
        "zorgverzekeraar: 400000", "zorgverzekeraar: 1500000"
    )
    portfolio = EXAMPLE.parent / "edited-for-test.yaml"  # members resolve beside the example
    try:
        portfolio.write_text(edited, encoding="utf-8")
        expected = fund_file(portfolio)
    finally:
        portfolio.unlink()
    assert expected.rule.share == 0.9
    assert expected.bridging_capital != fund_file(EXAMPLE).bridging_capital
    _check(path, "nl", expected)
