"""The assurance check (engine/assurance.py): hand-made cases that pass and fail each check."""

from __future__ import annotations

from typing import Any

from rendement.engine import point_evaluation, prepare, scenario_row
from rendement.engine.assurance import CHECKS, AssuranceCheck, AssuranceItem, assurance

from .builders import inv, make_case, out, pm

GOOD_OUTCOME: dict[str, Any] = {"deadweight": 0.2, "attribution": 0.0, "drop_off": 0.1}


def _checks(**kwargs: Any) -> dict[str, AssuranceCheck]:
    kwargs.setdefault("investments", [inv("coaches", amount=500)])
    kwargs.setdefault("evidence", {"stakeholders_engaged": True})
    structure = prepare(make_case(**kwargs))
    evaluation = point_evaluation(structure, scenario_row(structure, None), "base")
    return {c.check: c for c in assurance(structure, evaluation)}


def _good(**changes: Any) -> dict[str, Any]:
    """A case passing every check: stated shares, sourced proxies, a range, a negative item."""
    outcomes = [
        out(
            "zorg",
            quantity={"value": 10, "low": 5, "high": 15},
            proxy={"value": 100, "source": "monitor 2023"},
            duration=3,
            **GOOD_OUTCOME,
        ),
        out("huisarts", quantity=5, proxy={"ref": "care/gp-consult"}, **GOOD_OUTCOME),
        pm("overlast", "negative"),
    ]
    return {"outcomes": outcomes, **changes}


def test_a_careful_case_passes_every_check_in_order() -> None:
    checks = _checks(**_good())
    assert list(checks) == [name for name, _ in CHECKS]
    assert {name: c.passed for name, c in checks.items()} == {name: True for name, _ in CHECKS}
    assert all(c.items == () for c in checks.values())


def test_stakeholders_not_engaged_fails_unless_estimates_were_given() -> None:
    checks = _checks(**_good(evidence={"stakeholders_engaged": False}))
    assert not checks["stakeholders-engaged"].passed
    assert checks["stakeholders-engaged"].items == (
        AssuranceItem(fields=("case.evidence.stakeholders_engaged",)),
    )
    # participants' estimates show they took part
    pooled = _good(evidence={})
    pooled["outcomes"][0]["quantity"] = {
        "estimates": [{"by": "zvw", "low": 5, "value": 10, "high": 15}]
    }
    assert _checks(**pooled)["stakeholders-engaged"].passed


def test_a_stated_zero_counts_and_a_missing_share_does_not() -> None:
    case = _good()
    del case["outcomes"][0]["attribution"]  # attribution left out (the default 0)
    del case["outcomes"][1]["deadweight"]
    del case["outcomes"][1]["attribution"]
    check = _checks(**case)["deadweight-attribution"]
    assert not check.passed
    assert check.items == (
        AssuranceItem(outcomes=("zorg",), fields=("attribution",)),
        AssuranceItem(outcomes=("huisarts",), fields=("deadweight", "attribution")),
    )
    # GOOD_OUTCOME states attribution: 0 on purpose, and that passes (first test)


def test_a_bare_number_proxy_has_no_source() -> None:
    case = _good()
    case["outcomes"][0]["proxy"] = 100
    check = _checks(**case)["proxy-source"]
    assert (check.passed, check.items) == (
        False,
        (AssuranceItem(outcomes=("zorg",), fields=("proxy.source",)),),
    )


def test_an_outcome_of_several_years_needs_a_drop_off() -> None:
    case = _good()
    del case["outcomes"][0]["drop_off"]  # duration 3
    del case["outcomes"][1]["drop_off"]  # duration 1 (default): no drop-off needed
    check = _checks(**case)["duration-drop-off"]
    assert check.items == (AssuranceItem(outcomes=("zorg",), fields=("drop_off",)),)
    # a duration ranged above 1 lasts more than a year too
    case["outcomes"][1]["duration"] = {"value": 1, "low": 1, "high": 2}
    assert [i.outcomes for i in _checks(**case)["duration-drop-off"].items] == [
        ("zorg",),
        ("huisarts",),
    ]


def test_sensitivity_needs_a_range_estimates_or_a_scenario() -> None:
    case = _good()
    case["outcomes"][0]["quantity"] = 10
    assert not _checks(**case)["sensitivity"].passed  # nothing varies
    case["scenarios"] = {"minder": {"outcomes.zorg.quantity": 5}}
    assert _checks(**case)["sensitivity"].passed


def test_two_outcomes_of_one_stakeholder_on_one_catalogue_entry_are_double_counting() -> None:
    case = _good()
    case["outcomes"].append(out("nog-eens-huisarts", quantity=2, proxy={"ref": "care/gp-consult"}))
    check = _checks(**case)["double-counting"]
    assert check.items == (
        AssuranceItem(
            outcomes=("huisarts", "nog-eens-huisarts"), ref="care/gp-consult", stakeholder="zvw"
        ),
    )
    # the same entry for another stakeholder is not double counting
    case["outcomes"][-1]["stakeholder"] = "gemeente"
    assert _checks(**case)["double-counting"].passed


def test_negative_outcomes_considered() -> None:
    case = _good()
    case["outcomes"].pop()  # no negative PM item, all values positive
    assert not _checks(**case)["negative-outcomes"].passed
    # a cost shift: a negative proxy makes a negative present value
    shifted = _good()
    shifted["outcomes"][-1] = out(
        "meer-wmo", "gemeente", quantity=1, proxy={"value": -50, "source": "x"}, **GOOD_OUTCOME
    )
    assert _checks(**shifted)["negative-outcomes"].passed
    # stated: looked for, none found
    assert _checks(**case, evidence={"negative_outcomes_considered": True})[
        "negative-outcomes"
    ].passed
    # stated false fails even with a negative item
    check = _checks(**_good(evidence={"negative_outcomes_considered": False}))["negative-outcomes"]
    assert not check.passed
    assert check.items == (AssuranceItem(fields=("case.evidence.negative_outcomes_considered",)),)
