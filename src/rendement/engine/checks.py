"""Checks of printed figures against the computation and against themselves (method.md §11).

A printed money figure is taken as rounded to whole units, so a mismatch is a difference of
more than half a unit; a printed ratio is taken as rounded to two decimals (tolerance 0.005).
Method.md §11 first said "more than 1 money unit"; that lets one-euro slips through (a surplus
printed as 24,905 when value − investment is 24,904), which is exactly what the check is for.

One printed slip gives one warning, on the figure that is wrong. A row whose surplus is
mistyped also makes the printed rows add up to something else than the printed total: the
row is reported, and the total is then checked against the computation only, so a right total
gives no second warning (Beweging 3.0 in the Amersfoort case: surplus printed 19,970 for a
value of 17,970, total 38,630 right) and a wrong one gives one. Likewise a mistyped value or
investment makes the row's own surplus arithmetic disagree; when the surplus agrees with the
computation, only the value or investment is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from rendement.model import Case

MONEY_TOLERANCE = 0.5 + 1e-9
RATIO_TOLERANCE = 0.005 + 1e-12


@dataclass(frozen=True)
class Finding:
    """A printed figure that does not agree; ``code`` selects the sentence in each language."""

    code: str  # "recomputed" (printed vs computed) or "arithmetic" (printed vs printed)
    subject: str  # e.g. "published.stakeholders.kessler.surplus"
    printed: float
    expected: float
    how: str  # e.g. "value − investment" or "computed"
    is_ratio: bool = False

    @property
    def difference(self) -> float:
        return self.printed - self.expected


def _off(printed: float, expected: float, is_ratio: bool) -> bool:
    # method.md §11: a mismatch is |difference| > 0.5 money unit (half the last printed
    # unit, so a one-euro slip is caught) or a ratio off by more than 0.005
    return abs(printed - expected) > (RATIO_TOLERANCE if is_ratio else MONEY_TOLERANCE)


def _money_off(printed: float | None, expected: float | None) -> bool:
    return printed is not None and expected is not None and _off(printed, expected, False)


def published_findings(
    case: Case,
    pv_investment: float,
    pv_benefits: float,
    npv: float,
    sroi_ratio: float | None,
    rows: dict[str, tuple[float, float, float]],
) -> list[Finding]:
    """Every disagreement between the ``published:`` block and the computed result.

    ``rows`` maps stakeholder id to computed (investment, value, net).
    """
    pub = case.published
    if pub is None:
        return []
    found: list[Finding] = []

    def check(
        subject: str, printed: float | None, expected: float | None, how: str, ratio: bool = False
    ) -> None:
        if printed is not None and expected is not None and _off(printed, expected, ratio):
            found.append(
                Finding(
                    "recomputed" if how == "computed" else "arithmetic",
                    subject,
                    printed,
                    expected,
                    how,
                    ratio,
                )
            )

    # each printed row figure as it should have been printed, where it is wrong: the row's
    # own arithmetic for a surplus, else the computation
    should: dict[tuple[str, str], float] = {}
    row_slips: set[str] = set()
    for sid, row in pub.stakeholders.items():
        computed = (
            dict(zip(("investment", "value", "surplus"), rows[sid], strict=True))
            if (sid in rows)
            else {}
        )
        for column in ("investment", "value", "surplus"):
            if _money_off(getattr(row, column), computed.get(column)):
                should[(sid, column)] = computed[column]
        if row.surplus is None:
            continue
        arithmetic = (row.value or 0.0) - (row.investment or 0.0)
        if not _money_off(row.surplus, arithmetic):
            continue
        # a mistyped value or investment, with the surplus right: the slip is not the surplus
        elsewhere = (sid, "investment") in should or (sid, "value") in should
        if elsewhere and not _money_off(row.surplus, computed.get("surplus")):
            continue
        row_slips.add(sid)
        should[(sid, "surplus")] = arithmetic

    # the printed table against its own arithmetic
    for sid, row in pub.stakeholders.items():
        if sid in row_slips:
            check(
                f"published.stakeholders.{sid}.surplus",
                row.surplus,
                (row.value or 0.0) - (row.investment or 0.0),
                "value − investment",
            )
    if (
        pub.total_surplus is not None
        and pub.total_value is not None
        and pub.total_investment is not None
    ):
        check(
            "published.total_surplus",
            pub.total_surplus,
            pub.total_value - pub.total_investment,
            "total value − total investment",
        )
    if pub.stakeholders and set(pub.stakeholders) >= {
        sid for sid, (inv, val, _) in rows.items() if inv != 0 or val != 0
    }:
        for total, column in (
            ("total_investment", "investment"),
            ("total_value", "value"),
            ("total_surplus", "surplus"),
        ):
            printed_rows = {sid: getattr(r, column) for sid, r in pub.stakeholders.items()}
            if all(v is None for v in printed_rows.values()):
                continue
            if any((sid, column) in should for sid in printed_rows):
                # a wrong row is reported on that row; the total is then checked against
                # the computation only (the printed rows cannot tell whether it is right)
                continue
            check(
                f"published.{total}",
                getattr(pub, total),
                sum(v or 0.0 for v in printed_rows.values()),
                f"sum of the printed {column} rows",
            )
    if pub.ratio is not None and pub.total_value is not None and pub.total_investment:
        check(
            "published.ratio",
            pub.ratio,
            pub.total_value / pub.total_investment,
            "total value / total investment",
            ratio=True,
        )

    # the printed table against the computation from the case's own inputs
    check("published.total_investment", pub.total_investment, pv_investment, "computed")
    check("published.total_value", pub.total_value, pv_benefits, "computed")
    check("published.total_surplus", pub.total_surplus, npv, "computed")
    check("published.ratio", pub.ratio, sroi_ratio, "computed", ratio=True)
    for sid, row in pub.stakeholders.items():
        if sid not in rows:
            continue
        inv, val, net = rows[sid]
        check(f"published.stakeholders.{sid}.investment", row.investment, inv, "computed")
        check(f"published.stakeholders.{sid}.value", row.value, val, "computed")
        check(f"published.stakeholders.{sid}.surplus", row.surplus, net, "computed")
    return _without_repeats(found)


def _without_repeats(found: list[Finding]) -> list[Finding]:
    """Drop a recomputation finding that only repeats an arithmetic slip of the same figure."""
    slips = [f for f in found if f.code == "arithmetic"]
    return [
        f
        for f in found
        if f.code == "arithmetic"
        or not any(
            s.subject == f.subject and not _off(s.expected, f.expected, f.is_ratio) for s in slips
        )
    ]
