"""Registry entries for the meta-analysis tests."""

from __future__ import annotations

from rendement.meta import CaseSummary

QUADRANTS = ("preventive-single", "preventive-multiple", "curative-single", "curative-multiple")

# Fourteen monetised cases in the shape of the SEOR set (sources.md §1): ratios around 1.6,
# all positive; (ratio, low, high, conservative ratio, quadrant, domain). Illustrative numbers.
SEOR_LIKE_QUANTITATIVE = (
    (1.9, 1.3, 2.8, 1.4, "preventive-multiple", "buurtwerk"),
    (2.6, 1.7, 4.0, 1.8, "preventive-multiple", "buurtwerk"),
    (1.4, 1.1, 1.8, None, "preventive-single", "ouderenwerk"),
    (1.2, 0.9, 1.6, 1.05, "preventive-single", "ouderenwerk"),
    (3.1, 1.8, 5.3, 2.0, "curative-multiple", "dakloosheid"),
    (1.7, None, None, 1.3, "curative-multiple", "dakloosheid"),
    (1.5, 1.2, 1.9, None, "curative-single", "schuldhulp"),
    (2.2, 1.4, 3.5, 1.6, "curative-single", "schuldhulp"),
    (1.1, 0.8, 1.5, None, "preventive-single", "jongerenwerk"),
    (4.0, 2.1, 7.6, 2.4, "preventive-multiple", "sociaal-makelen"),
    (1.6, None, None, None, None, "buurtwerk"),
    (2.9, 1.9, 4.4, 1.9, "curative-multiple", "ggz"),
    (1.3, 1.0, 1.7, 1.1, "preventive-single", "mantelzorg"),
    (2.0, 1.5, 2.7, None, "curative-single", "schuldhulp"),
)


def quantitative(
    case_id: str,
    ratio: float | None,
    *,
    low: float | None = None,
    high: float | None = None,
    conservative: float | None = None,
    costs: float | None = None,
    method: str | None = "mkba",
    quadrant: str | None = None,
    status: str = "included",
    **fields: str | None,
) -> CaseSummary:
    """An included, quantitative entry; benefits = ratio × costs when costs are given."""
    return CaseSummary(
        id=case_id,
        status=status,
        analysis="quantitative",
        ratio=ratio,
        low=low,
        high=high,
        conservative_ratio=conservative,
        benefits=None if costs is None or ratio is None else ratio * costs,
        costs=costs,
        conservative_benefits=(
            None if costs is None or conservative is None else conservative * costs
        ),
        conservative_costs=None if costs is None or conservative is None else costs,
        fields={"method": method, "quadrant": quadrant, **fields},
    )


def seor_like() -> list[CaseSummary]:
    """51 entries: 19 screened out, 18 included and used qualitatively, 14 monetised."""
    entries = [
        CaseSummary(
            id=f"excluded-{i:02d}",
            status="excluded",
            analysis="qualitative",
            ratio=None,
            fields={"quadrant": QUADRANTS[i % 4], "method": "business-case"},
        )
        for i in range(19)
    ]
    entries += [
        CaseSummary(
            id=f"qualitative-{i:02d}",
            status="included",
            analysis="qualitative",
            ratio=None,
            fields={"quadrant": QUADRANTS[(i + 1) % 4], "method": "business-case"},
        )
        for i in range(18)
    ]
    entries += [
        quantitative(
            f"mkba-{i:02d}",
            ratio,
            low=low,
            high=high,
            conservative=conservative,
            costs=100_000.0 * (1 + i % 5),
            quadrant=quadrant,
            domain=domain,
            timing="ex-post" if i % 3 == 0 else "ex-ante",
        )
        for i, (ratio, low, high, conservative, quadrant, domain) in enumerate(
            SEOR_LIKE_QUANTITATIVE
        )
    ]
    return entries
