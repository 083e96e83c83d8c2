"""Checks of printed figures (the ``published:`` block) against the computation (method.md §11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rendement.engine import Evaluation, evaluate
from rendement.io.notices import notice_text
from rendement.io.yamlio import load_case

from .builders import inv, out, run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example(name: str) -> Evaluation:
    return evaluate(load_case(EXAMPLES / name).case)


def _findings(ev: Evaluation) -> dict[str, tuple[str, float, float]]:
    """subject → (code, printed, expected) of every published-figure warning."""
    return {
        w.finding.subject: (w.code, w.finding.printed, w.finding.expected)
        for w in ev.warnings
        if w.finding is not None
    }


# ---- the four arrangements of Welzijn + Zorg = WinWin (sources.md §4) -------------------------


def test_mentorproject_warns_about_kessler_surplus() -> None:
    found = _findings(_example("mentorproject-den-haag.yaml"))
    # printed 24 905, but 46 600 − 21 696 = 24 904
    assert found["published.stakeholders.kessler.surplus"] == (
        "published-arithmetic",
        24905.0,
        24904.0,
    )


def test_mentorproject_warns_about_the_total_surplus() -> None:
    found = _findings(_example("mentorproject-den-haag.yaml"))
    # printed 39 782, but 81 145 − 41 364 = 39 781
    assert found["published.total_surplus"] == ("published-arithmetic", 39782.0, 39781.0)


def test_mentorproject_has_no_other_warnings() -> None:
    ev = _example("mentorproject-den-haag.yaml")
    assert sorted(_findings(ev)) == [
        "published.stakeholders.kessler.surplus",
        "published.total_surplus",
    ]
    assert len(ev.warnings) == 2


def test_amersfoort_warns_about_beweging_surplus() -> None:
    found = _findings(_example("thuisbegeleiding-amersfoort.yaml"))
    # printed 19 970, but value 17 970 − investment 0 = 17 970 (a typo in the source)
    assert found["published.stakeholders.beweging-3-0.surplus"] == (
        "published-arithmetic",
        19970.0,
        17970.0,
    )


def test_amersfoort_mistyped_row_gives_one_warning_on_that_row() -> None:
    ev = _example("thuisbegeleiding-amersfoort.yaml")
    # the printed total 38 630 = 84 390 − 45 760 is right; the printed rows add up to
    # 66 420 + 19 970 − 45 760 = 40 630 only because of the Beweging typo, and as they should
    # have been printed, 66 420 + 17 970 − 45 760 = 38 630: one slip, one warning, on the row
    assert sorted(_findings(ev)) == ["published.stakeholders.beweging-3-0.surplus"]
    assert len(ev.warnings) == 1


def test_samenoud_has_no_warnings() -> None:
    assert _example("samenoud.yaml").warnings == ()


def test_meer_kracht_minder_zorg_has_no_warnings() -> None:
    assert _example("meer-kracht-minder-zorg.yaml").warnings == ()


def test_warning_text_names_the_row_and_both_figures() -> None:
    ev = _example("mentorproject-den-haag.yaml")
    texts = [notice_text(w) for w in ev.warnings]
    assert texts[0] == (
        "published.stakeholders.kessler.surplus: printed 24,905, but value − investment "
        "gives 24,904 (difference 1)"
    )


# ---- rules on small cases ------------------------------------------------------------------------


def _case(published: dict[str, Any]) -> Evaluation:
    # computed: investment 1000 (gemeente), value 1962 (zvw): NPV 962, ratio 1.962
    return run(
        investments=[inv(stakeholder="gemeente", amount=1000)],
        outcomes=[out(stakeholder="zvw", proxy=1962)],
        published=published,
    )


def test_case_without_published_block_has_no_warnings() -> None:
    ev = run(investments=[inv(amount=1000)], outcomes=[out(proxy=1962)])
    assert ev.warnings == ()


def test_figures_that_agree_give_no_warning() -> None:
    ev = _case(
        {
            "total_investment": 1000,
            "total_value": 1962,
            "total_surplus": 962,
            "ratio": 1.96,
            "stakeholders": {
                "gemeente": {"investment": 1000, "surplus": -1000},
                "zvw": {"value": 1962, "surplus": 1962},
            },
        }
    )
    assert ev.warnings == ()


def test_difference_under_half_a_unit_is_rounding() -> None:
    # 1962.4 printed, 1962 computed: |0.4| ≤ 0.5, a rounding difference
    assert _case({"total_value": 1962.4}).warnings == ()


def test_difference_of_exactly_half_a_unit_is_rounding() -> None:
    # method.md §11: a mismatch is |difference| > 0.5; 1962.5 − 1962 = 0.5 is not
    assert _case({"total_value": 1962.5, "stakeholders": {"zvw": {"value": 1961.5}}}).warnings == ()


def test_difference_just_over_half_a_unit_is_reported() -> None:
    # method.md §11: |1962.51 − 1962| = 0.51 > 0.5, on a total and on a row
    ev = _case({"total_value": 1962.51, "stakeholders": {"zvw": {"value": 1961.49}}})
    assert _findings(ev) == {
        "published.total_value": ("published-recomputed", 1962.51, 1962.0),
        "published.stakeholders.zvw.value": ("published-recomputed", 1961.49, 1962.0),
    }


def test_difference_of_one_unit_is_reported() -> None:
    ev = _case({"total_value": 1963})
    # |1963 − 1962| = 1: a one-euro slip like Kessler's surplus is exactly what the check is for
    assert _findings(ev) == {"published.total_value": ("published-recomputed", 1963.0, 1962.0)}


def test_ratio_within_rounding_is_not_reported() -> None:
    # printed 1.96, computed 1962 / 1000 = 1.962: |−0.002| ≤ 0.005
    assert _case({"ratio": 1.96}).warnings == ()


def test_ratio_off_by_more_than_0_005_is_reported() -> None:
    ev = _case({"ratio": 1.97})
    # |1.97 − 1.962| = 0.008 > 0.005
    code, printed, expected = _findings(ev)["published.ratio"]
    assert (code, printed) == ("published-recomputed", 1.97)
    assert expected == pytest.approx(1.962)


def test_stakeholder_row_is_checked_against_the_computation() -> None:
    ev = _case({"stakeholders": {"gemeente": {"investment": 1200}}})
    # printed 1200, computed 1000
    assert _findings(ev) == {
        "published.stakeholders.gemeente.investment": ("published-recomputed", 1200.0, 1000.0)
    }


def test_printed_total_is_checked_against_its_printed_rows() -> None:
    ev = _case(
        {
            "total_investment": 1000,
            "total_value": 1926,
            "stakeholders": {
                "gemeente": {"investment": 1000, "surplus": -1000},
                "zvw": {"value": 1962, "surplus": 1962},
            },
        }
    )
    # the rows are right (and computed so); the total value 1926 is not their sum 1962
    assert _findings(ev) == {
        "published.total_value": ("published-arithmetic", 1926.0, 1962.0),
    }


def test_a_row_surplus_off_by_1000_with_the_total_right_gives_exactly_one_warning() -> None:
    ev = _case(
        {
            "total_investment": 1000,
            "total_value": 1962,
            "total_surplus": 962,
            "ratio": 1.96,
            "stakeholders": {
                "gemeente": {"investment": 1000, "surplus": -1000},
                "zvw": {"value": 1962, "surplus": 2962},
            },
        }
    )
    # zvw: 2962 printed, 1962 − 0 = 1962 (and computed 1962); the rows add up to
    # −1000 + 2962 = 1962, but as they should read, −1000 + 1962 = 962 = the printed total
    assert _findings(ev) == {
        "published.stakeholders.zvw.surplus": ("published-arithmetic", 2962.0, 1962.0),
    }
    assert len(ev.warnings) == 1


def test_a_row_value_off_by_1000_gives_one_warning_on_the_value() -> None:
    ev = _case(
        {
            "total_investment": 1000,
            "total_value": 1962,
            "total_surplus": 962,
            "stakeholders": {
                "gemeente": {"investment": 1000, "surplus": -1000},
                "zvw": {"value": 2962, "surplus": 1962},
            },
        }
    )
    # the value 2962 is wrong (computed 1962); its surplus 1962 is right, so "surplus ≠
    # value − investment" (1962 ≠ 2962) and "total value ≠ sum of rows" (1962 ≠ 2962) are
    # both this one slip
    assert _findings(ev) == {
        "published.stakeholders.zvw.value": ("published-recomputed", 2962.0, 1962.0),
    }


def test_a_wrong_row_and_a_wrong_total_give_two_warnings() -> None:
    ev = _case(
        {
            "total_surplus": 900,
            "stakeholders": {
                "gemeente": {"investment": 1000, "surplus": -1000},
                "zvw": {"value": 1962, "surplus": 2962},
            },
        }
    )
    # zvw's surplus is a slip (2962 vs 1962); the total 900 is wrong too: the computed NPV is
    # 1962 − 1000 = 962 (the printed rows, one of them wrong, cannot judge it)
    found = _findings(ev)
    assert found["published.stakeholders.zvw.surplus"] == ("published-arithmetic", 2962.0, 1962.0)
    assert found["published.total_surplus"] == ("published-recomputed", 900.0, 962.0)
    assert len(found) == 2 == len(ev.warnings)
