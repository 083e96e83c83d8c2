"""An Excel workbook of a fund with live formulas (method.md §16).

One sheet. The members' flows per party and year (investment, cashable and non-cashable value,
nominal, from the engine) are numbers; everything the fund rules make of them is a formula of
the editable cells (light yellow): the rule, the share of savings paid in, each party's seed
capital and fixed share, the discount rate. Change the share or a seed and the payments, the
balance, the first year short, the bridging capital and every party's net follow.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rendement.engine.fund import RULES, FundResult
from rendement.report.xlsx import (
    BOLD,
    RATE,
    SHARE,
    TITLE,
    _header,
    _input,
    _money_format,
    _put,
    _text,
    _widths,
)
from rendement.texts import text

FIRST_YEAR = 3  # column C: years run C, D, …; A holds the party id, B its name
NEVER_YEAR = 9999  # stands for "no such year" in the helper rows
TOLERANCE = 0.000001  # a balance this close to 0 is 0 (rounding must not open a shortfall)

# rows of the settings block
RULE_ROW, SHARE_ROW, RATE_ROW, DISCOUNTING_ROW = 3, 4, 5, 6
PARTY_HEADER = 8
# columns of the party table
SEED, FIXED, PV_SHARE, POSITIVE, INVEST_PV, CASH_PV, OTHER_PV, PAID_PV, NPV, EVEN = range(3, 13)


def _col(k: int) -> str:
    return str(get_column_letter(k))


def _year_col(t: int) -> str:
    return _col(FIRST_YEAR + t)


def fund_sheet_name(lang: str) -> str:
    return text("xlsx.fund.sheet.settings", lang)


def write_fund_workbook(result: FundResult, path: Path, lang: str = "nl") -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = fund_sheet_name(lang)
    _write(ws, result, lang)
    buffer = BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())


def _block(ws: Worksheet, top: int, title: str, result: FundResult, lang: str) -> int:
    """A block header (its title and the years) at ``top``; returns the first party row."""
    ws.cell(row=top, column=1, value=title).font = BOLD
    ws.cell(row=top, column=2, value=text("fund.year", lang)).font = BOLD
    for t in range(result.horizon):
        ws.cell(row=top, column=FIRST_YEAR + t, value=t).font = BOLD
    for q, p in enumerate(result.parties):
        _text(ws, top + 1 + q, 1, p.party)
        _text(ws, top + 1 + q, 2, p.name)
    return top + 1


def _write(ws: Worksheet, result: FundResult, lang: str) -> None:
    money, _ = _money_format(result.currency)
    Q, H = len(result.parties), result.horizon
    last_year = _year_col(H - 1)
    _text(ws, 1, 1, result.title).font = TITLE
    ws.cell(row=2, column=1, value=text("xlsx.fund.note", lang))

    # ---- the editable settings
    for row, key in (
        (RULE_ROW, "xlsx.fund.rule"),
        (SHARE_ROW, "xlsx.fund.share"),
        (RATE_ROW, "xlsx.discount_rate"),
        (DISCOUNTING_ROW, "xlsx.discounting"),
    ):
        ws.cell(row=row, column=1, value=text(key, lang)).font = BOLD
    _text(ws, RULE_ROW, 2, result.rule.rule, editable=True)
    rule_list = DataValidation(type="list", formula1='"' + ",".join(RULES) + '"')
    ws.add_data_validation(rule_list)
    rule_list.add(f"B{RULE_ROW}")
    _input(ws, SHARE_ROW, 2, result.rule.share, SHARE)
    _input(ws, RATE_ROW, 2, result.discount_rate, RATE)
    _text(ws, DISCOUNTING_ROW, 2, result.discounting, editable=True)
    rule, share, rate = f"$B${RULE_ROW}", f"$B${SHARE_ROW}", f"$B${RATE_ROW}"
    discounting = f"$B${DISCOUNTING_ROW}"

    # ---- where everything sits
    first_party = PARTY_HEADER + 1
    top = first_party + Q + 1
    factors = top  # year header, then the discount factors for outcomes and investments
    df_out, df_in = factors + 1, factors + 2
    blocks = {}
    row = df_in + 2
    for name in ("investment", "cashable", "non_cashable", "contribution", "cumulative"):
        blocks[name] = row + 1
        row += Q + 2
    balance_top = row
    costs_row, paid_row, balance_row, short_row = (balance_top + k for k in range(1, 5))
    findings = short_row + 2

    def cell(block: str, q: int, t: int) -> str:
        return f"{_year_col(t)}{blocks[block] + q}"

    def span(block: str, q: int) -> str:
        r = blocks[block] + q
        return f"${_year_col(0)}{r}:${last_year}{r}"

    years_out = f"${_year_col(0)}${df_out}:${last_year}${df_out}"
    years_in = f"${_year_col(0)}${df_in}:${last_year}${df_in}"

    # ---- discount factors (method.md §4) of the editable rate and convention
    ws.cell(row=factors, column=1, value=text("xlsx.discount_factor", lang)).font = BOLD
    for t in range(H):
        c = _year_col(t)
        ws.cell(row=factors, column=FIRST_YEAR + t, value=t).font = BOLD
        _put(ws, df_in, FIRST_YEAR + t, f"=1/(1+{rate})^{c}${factors}")
        _put(
            ws, df_out, FIRST_YEAR + t, f'=IF({discounting}="svi",{c}{df_in}/(1+{rate}),{c}{df_in})'
        )
    ws.cell(row=df_out, column=2, value=text("xlsx.df_outcomes", lang))
    ws.cell(row=df_in, column=2, value=text("xlsx.df_investments", lang))

    # ---- the members' flows per party and year: numbers from the engine
    _block(ws, blocks["investment"] - 1, text("fund.investment", lang), result, lang)
    _block(ws, blocks["cashable"] - 1, text("fund.cashable", lang), result, lang)
    _block(ws, blocks["non_cashable"] - 1, text("fund.non_cashable", lang), result, lang)
    for q, p in enumerate(result.parties):
        for y in p.by_year:
            _put(ws, blocks["investment"] + q, FIRST_YEAR + y.t, y.investment, money)
            _put(ws, blocks["cashable"] + q, FIRST_YEAR + y.t, y.cashable, money)
            _put(ws, blocks["non_cashable"] + q, FIRST_YEAR + y.t, y.non_cashable, money)

    # ---- the party table: seed and fixed share editable, the rest formulas
    labels = [
        text("xlsx.id", lang),
        text("fund.party", lang),
        text("xlsx.fund.seed", lang),
        text("xlsx.fund.fixed_share", lang),
        text("xlsx.fund.pv_share", lang),
        text("xlsx.fund.positive_cashable", lang),
        text("fund.investment", lang),
        text("fund.cashable", lang),
        text("fund.non_cashable", lang),
        text("fund.contribution", lang),
        text("fund.npv", lang),
        text("fund.break_even", lang),
    ]
    _header(ws, PARTY_HEADER, labels)
    positive_all = f"${_col(POSITIVE)}${first_party}:${_col(POSITIVE)}${first_party + Q - 1}"
    for q, p in enumerate(result.parties):
        r = first_party + q
        _text(ws, r, 1, p.party)
        _text(ws, r, 2, p.name)
        _input(ws, r, SEED, result.rule.seed[q] if result.rule.seed else 0.0, money)
        fixed = result.rule.shares[q] if result.rule.shares else 0.0
        _input(ws, r, FIXED, fixed, SHARE)
        # method.md §16, proportional: shares by positive cashable PV (§8)
        _put(ws, r, POSITIVE, f"=MAX(SUMPRODUCT({span('cashable', q)},{years_out}),0)", money)
        _put(
            ws,
            r,
            PV_SHARE,
            f"=IF(SUM({positive_all})=0,0,{_col(POSITIVE)}{r}/SUM({positive_all}))",
            SHARE,
        )
        _put(ws, r, INVEST_PV, f"=SUMPRODUCT({span('investment', q)},{years_in})", money)
        _put(ws, r, CASH_PV, f"=SUMPRODUCT({span('cashable', q)},{years_out})", money)
        _put(ws, r, OTHER_PV, f"=SUMPRODUCT({span('non_cashable', q)},{years_out})", money)
        _put(ws, r, PAID_PV, f"=SUMPRODUCT({span('contribution', q)},{years_in})", money)
        # the fund replaces the members' own investments: net = value − payments
        _put(ws, r, NPV, f"={_col(CASH_PV)}{r}+{_col(OTHER_PV)}{r}-{_col(PAID_PV)}{r}", money)
        even = f"${_year_col(0)}{blocks['cumulative'] + q}:${last_year}{blocks['cumulative'] + q}"
        _put(ws, r, EVEN, f'=IF(MIN({even})={NEVER_YEAR},"{text("fund.never", lang)}",MIN({even}))')

    # ---- payments into the fund (method.md §16), each a formula of the settings
    _block(ws, blocks["contribution"] - 1, text("fund.contribution", lang), result, lang)
    _block(ws, blocks["cumulative"] - 1, text("xlsx.fund.even_helper", lang), result, lang)
    for q in range(Q):
        r = first_party + q
        for t in range(H):
            c = _year_col(t)
            cost = f"{c}${costs_row}"
            seed = f"$C${r}" if t == 0 else "0"
            by_share = f'IF({rule}="fixed",$D${r},$E${r})*{cost}'
            formula = (
                f'=IF({rule}="shared-savings",{share}*MAX({cell("cashable", q, t)},0),'
                f"{by_share})+{seed}"
            )
            _put(ws, blocks["contribution"] + q, FIRST_YEAR + t, formula, money)
            # break-even: the first year whose cumulative discounted net is ≥ 0, counting from
            # the first payment (a party that never pays counts from year 0)
            first = _year_col(0)
            paid_so_far = (
                f"SUM(${first}{blocks['contribution'] + q}:{c}{blocks['contribution'] + q})"
            )
            paid_ever = f"SUM({span('contribution', q)})"
            net_to_t = (
                f"SUMPRODUCT(${first}{blocks['cashable'] + q}:{c}{blocks['cashable'] + q}"
                f"+${first}{blocks['non_cashable'] + q}:{c}{blocks['non_cashable'] + q},"
                f"${first}${df_out}:{c}${df_out})"
                f"-SUMPRODUCT(${first}{blocks['contribution'] + q}:{c}{blocks['contribution'] + q},"
                f"${first}${df_in}:{c}${df_in})"
            )
            helper = (
                f"=IF(AND({net_to_t}>=-{TOLERANCE},OR({paid_so_far}>0,{paid_ever}=0)),"
                f"{c}${factors},{NEVER_YEAR})"
            )
            _put(ws, blocks["cumulative"] + q, FIRST_YEAR + t, helper)

    # ---- the fund balance, nominal: F[t] = F[t−1] + payments[t] − costs[t]
    ws.cell(row=balance_top, column=1, value=text("fund.balance_title", lang)).font = BOLD
    for t in range(H):
        ws.cell(row=balance_top, column=FIRST_YEAR + t, value=t).font = BOLD
    for r, key in (
        (costs_row, "fund.costs"),
        (paid_row, "fund.contributions"),
        (balance_row, "fund.balance"),
        (short_row, "xlsx.fund.short_helper"),
    ):
        ws.cell(row=r, column=1, value=text(key, lang)).font = BOLD
    inv_first, inv_last = blocks["investment"], blocks["investment"] + Q - 1
    paid_first, paid_last = blocks["contribution"], blocks["contribution"] + Q - 1
    for t in range(H):
        c = _year_col(t)
        k = FIRST_YEAR + t
        _put(ws, costs_row, k, f"=SUM({c}{inv_first}:{c}{inv_last})", money)
        _put(ws, paid_row, k, f"=SUM({c}{paid_first}:{c}{paid_last})", money)
        previous = f"{_year_col(t - 1)}{balance_row}+" if t else ""
        _put(ws, balance_row, k, f"={previous}{c}{paid_row}-{c}{costs_row}", money)
        tol = f"{TOLERANCE}*MAX(1,SUM(${_year_col(0)}${costs_row}:${last_year}${costs_row}))"
        _put(ws, short_row, k, f"=IF({c}{balance_row}<-{tol},{c}${balance_top},{NEVER_YEAR})")
    shorts = f"{_year_col(0)}{short_row}:{last_year}{short_row}"
    balances = f"{_year_col(0)}{balance_row}:{last_year}{balance_row}"
    ws.cell(row=findings, column=1, value=text("xlsx.fund.first_shortfall", lang)).font = BOLD
    _put(
        ws,
        findings,
        2,
        f'=IF(MIN({shorts})={NEVER_YEAR},"{text("fund.never", lang)}",MIN({shorts}))',
    )
    ws.cell(row=findings + 1, column=1, value=text("xlsx.fund.bridging", lang)).font = BOLD
    _put(ws, findings + 1, 2, f"=IF(MIN({shorts})={NEVER_YEAR},0,-MIN({balances}))", money)
    _widths(ws, {1: 34, 2: 30, **{k: 16 for k in range(3, max(13, FIRST_YEAR + H) + 1)}})
    ws.freeze_panes = f"C{first_party}"
