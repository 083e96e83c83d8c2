"""Care staff freed by substitution and the net FTE balance (method.md §9, engine/labour.py).

Hours freed in year t by an outcome that cites a catalogue entry with staff time are
``units[t] × hours per unit``, where ``units[t]`` is the *attributable* quantity
``q · (1 − d) · (1 − a) · (1 − x)`` with the outcome's start, duration and drop-off (not the
raw ``q`` of method.md §9: labour.py's docstring says why). FTE = mean hours per year over the
horizon / productive hours per FTE (professions.csv); net FTE = freed − the case's own staff.

Staff time per unit (catalogue.csv): care/gp-consult gp 0.1667 h, care/gp-consult-long
gp 0.3333 h, care/home-nursing-hour district-nurse 1 h. Productive hours per FTE
(professions.csv): gp 1720, district-nurse 1543, social-worker 1543.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rendement.cli.main import app
from rendement.io.jsonio import evaluation_to_dict
from rendement.model import CaseError
from rendement.reference import load_catalogue

from .builders import case_dict, out, run

runner = CliRunner()


def test_hand_computations_use_the_bundled_staff_time_and_hours() -> None:
    catalogue = load_catalogue()
    assert dict(catalogue.get("care/gp-consult").staff_time) == {"gp": 0.1667}
    assert dict(catalogue.get("care/gp-consult-long").staff_time) == {"gp": 0.3333}
    assert dict(catalogue.get("care/home-nursing-hour").staff_time) == {"district-nurse": 1.0}
    assert catalogue.profession("gp").productive_hours_per_fte == 1720
    assert catalogue.profession("district-nurse").productive_hours_per_fte == 1543
    assert catalogue.profession("social-worker").productive_hours_per_fte == 1543


# A case with three catalogue outcomes over a horizon of three years.
CASE: dict[str, Any] = {
    "horizon": 3,
    "staff": [
        {"profession": "social-worker", "fte": 2.0},
        {"profession": "district-nurse", "fte": 0.05},
    ],
    "outcomes": [
        # attributable units: 1200 × (1 − 0.25) × (1 − 0.2) × (1 − 0.1) = 648 a year;
        # drop-off 0.2 from the second year, duration 2.5 (half of the third year):
        # year 0: 648, year 1: 648 × 0.8 = 518.4, year 2: 648 × 0.8² × 0.5 = 207.36
        out(
            "gp",
            stakeholder=None,
            quantity=1200,
            proxy={"ref": "care/gp-consult"},
            deadweight=0.25,
            attribution=0.2,
            displacement=0.1,
            drop_off=0.2,
            duration=2.5,
        ),
        # 100 long consults in year 0 only
        out("gp-long", stakeholder=None, quantity=100, proxy={"ref": "care/gp-consult-long"}),
        # 300 hours of district nursing in years 1 and 2
        out(
            "nursing",
            stakeholder=None,
            quantity=300,
            proxy={"ref": "care/home-nursing-hour"},
            start=1,
            duration=2,
        ),
    ],
}

# gp hours by year:
#   year 0: 648 × 0.1667 + 100 × 0.3333 = 108.0216 + 33.33 = 141.3516
#   year 1: 518.4 × 0.1667 = 86.41728
#   year 2: 207.36 × 0.1667 = 34.566912
GP_HOURS = (648 * 0.1667 + 100 * 0.3333, 518.4 * 0.1667, 207.36 * 0.1667)
# mean = (141.3516 + 86.41728 + 34.566912) / 3 = 262.335792 / 3 = 87.445264 h a year
GP_MEAN = (141.3516 + 86.41728 + 34.566912) / 3
# FTE = 87.445264 / 1720 = 0.0508403
GP_FTE = GP_MEAN / 1720
# district-nurse: (0 + 300 + 300) / 3 = 200 h a year; FTE = 200 / 1543 = 0.1296176
NURSE_FTE = 200 / 1543
# freed = 0.0508403 + 0.1296176 + 0 (social worker) = 0.1804579; staff = 2.0 + 0.05 = 2.05
FREED = GP_FTE + NURSE_FTE
STAFF = 2.0 + 0.05


def _professions(**kwargs: Any) -> dict[str, Any]:
    ev = run(**kwargs)
    return {p.id: p for p in ev.labour.professions}


def test_hours_by_year_follow_drop_off_and_a_partial_last_year() -> None:
    gp = _professions(**CASE)["gp"]
    assert gp.hours_by_year == pytest.approx(GP_HOURS)
    assert gp.hours_by_year == pytest.approx((141.3516, 86.41728, 34.566912))


def test_hours_of_one_profession_add_up_over_outcomes() -> None:
    # year 0 of gp holds both the average and the long consults
    only_long = _professions(outcomes=[CASE["outcomes"][1]], horizon=3)["gp"]
    assert only_long.hours_by_year == pytest.approx((33.33, 0.0, 0.0))  # 100 × 0.3333


def test_hours_start_with_the_outcome() -> None:
    nurse = _professions(**CASE)["district-nurse"]
    assert nurse.hours_by_year == pytest.approx((0.0, 300.0, 300.0))


def test_fte_is_mean_hours_over_productive_hours() -> None:
    rows = _professions(**CASE)
    assert rows["gp"].hours == pytest.approx(GP_MEAN)
    assert rows["gp"].hours == pytest.approx(87.445264)
    assert rows["gp"].productive_hours_per_fte == 1720
    assert rows["gp"].fte == pytest.approx(GP_FTE)
    assert rows["gp"].fte == pytest.approx(0.0508403, abs=1e-7)
    assert rows["district-nurse"].hours == pytest.approx(200.0)
    assert rows["district-nurse"].productive_hours_per_fte == 1543
    assert rows["district-nurse"].fte == pytest.approx(NURSE_FTE)


def test_fte_is_the_mean_over_the_whole_horizon() -> None:
    rows = _professions(**{**CASE, "horizon": 4})
    # a fourth year without care avoided: gp 262.335792 / 4 / 1720 = 0.0381302
    assert rows["gp"].hours_by_year == pytest.approx((*GP_HOURS, 0.0))
    assert rows["gp"].fte == pytest.approx(262.335792 / 4 / 1720)
    # district nurse: 600 / 4 / 1543 = 0.0972132
    assert rows["district-nurse"].fte == pytest.approx(600 / 4 / 1543)


def test_net_fte_is_freed_minus_staff() -> None:
    lab = run(**CASE).labour
    assert lab.freed_fte == pytest.approx(FREED)
    assert lab.freed_fte == pytest.approx(0.1804579, abs=1e-7)
    assert lab.staff_fte == pytest.approx(STAFF)
    # 0.1804579 − 2.05 = −1.8695421
    assert lab.net_fte == pytest.approx(FREED - STAFF)
    assert lab.net_fte == pytest.approx(-1.8695421, abs=1e-7)


def test_staff_is_counted_per_profession() -> None:
    rows = _professions(**CASE)
    assert rows["district-nurse"].staff_fte == 0.05
    assert rows["social-worker"].staff_fte == 2.0
    assert rows["gp"].staff_fte == 0.0


def test_profession_only_in_staff_appears_with_zero_hours() -> None:
    social = _professions(**CASE)["social-worker"]
    assert social.hours == 0.0
    assert social.fte == 0.0
    assert social.hours_by_year == (0.0, 0.0, 0.0)
    assert social.productive_hours_per_fte == 1543


def test_staff_without_any_substitution_is_a_negative_balance() -> None:
    lab = run(outcomes=[out(quantity=10, proxy=100)], staff=CASE["staff"]).labour
    assert {p.id for p in lab.professions} == {"social-worker", "district-nurse"}
    assert lab.freed_fte == 0.0
    assert lab.net_fte == pytest.approx(-2.05)


def test_hours_count_attributable_units_not_the_raw_quantity() -> None:
    lab = run(
        outcomes=[
            out(
                stakeholder=None,
                quantity=1000,
                proxy={"ref": "care/home-nursing-hour"},
                deadweight=0.5,
                attribution=0.2,
            )
        ]
    ).labour
    # 1000 × (1 − 0.5) × (1 − 0.2) × 1 h = 400 h, not the raw 1000 h of method.md §9
    assert lab.professions[0].hours_by_year == pytest.approx((400.0,))
    assert lab.freed_fte == pytest.approx(400 / 1543)


def test_hours_and_value_use_the_same_units() -> None:
    ev = run(**CASE)
    nursing = {o.id: o for o in ev.outcomes}["nursing"]
    rows = {p.id: p for p in ev.labour.professions}
    # value per year / re-priced unit price = units per year = district-nurse hours (1 h a unit)
    unit_price = 75.00 * 130.31 / 121.43
    units = tuple(v / unit_price for v in nursing.by_year)
    assert rows["district-nurse"].hours_by_year == pytest.approx(units)


def test_outcomes_without_staff_time_free_nothing() -> None:
    lab = run(
        stakeholders=[
            {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
            {"id": "zorgkantoor", "name": "Zorgkantoor", "kind": "care-office"},
        ],
        outcomes=[
            out("plain", quantity=100, proxy=30),
            out("sourced", quantity=100, proxy={"value": 30, "price_year": 2022}),
            # a catalogue entry without staff time
            out(
                "nursing-home",
                stakeholder=None,
                quantity=100,
                proxy={"ref": "care/nursing-home-day"},
            ),
        ],
    ).labour
    assert lab.professions == ()
    assert (lab.freed_fte, lab.staff_fte, lab.net_fte) == (0.0, 0.0, 0.0)
    # … but the avoided nursing-home days are named: their staff time is unknown, not zero
    assert [(u.outcome, u.ref) for u in lab.uncounted] == [
        ("nursing-home", "care/nursing-home-day")
    ]


UNCOUNTED_CASE: dict[str, Any] = {
    "stakeholders": [
        {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
        {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
        {"id": "mantelzorgers", "name": "Mantelzorgers", "kind": "informal-carers"},
    ],
    "outcomes": [
        out("gp", stakeholder=None, quantity=100, proxy={"ref": "care/gp-consult"}),
        out("hospital", stakeholder=None, quantity=5, proxy={"ref": "care/hospital-day"}),
        out("amw", stakeholder=None, quantity=40, proxy={"ref": "care/social-work-consult"}),
        # the time of informal carers is not care staff
        out("carers", stakeholder=None, quantity=50, proxy={"ref": "care/informal-care-hour"}),
        out("own", quantity=10, proxy={"value": 80, "price_year": 2024, "source": "own study"}),
    ],
}


def test_only_professional_care_without_staff_time_is_named_as_uncounted() -> None:
    lab = run(**UNCOUNTED_CASE).labour
    assert [(u.outcome, u.ref) for u in lab.uncounted] == [
        ("hospital", "care/hospital-day"),
        ("amw", "care/social-work-consult"),
    ]
    assert [p.id for p in lab.professions] == ["gp"]


def test_uncounted_outcomes_are_in_the_json_and_the_table(tmp_path: Path) -> None:
    labour = evaluation_to_dict(run(**UNCOUNTED_CASE))["labour"]
    assert labour["outcomes_without_staff_time"] == [
        {"outcome": "hospital", "ref": "care/hospital-day"},
        {"outcome": "amw", "ref": "care/social-work-consult"},
    ]
    path = tmp_path / "uncounted.json"
    path.write_text(json.dumps(case_dict(**UNCOUNTED_CASE)), encoding="utf-8")
    result = runner.invoke(app, ["calc", str(path), "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert (
        "Not counted in the labour effect because the catalogue gives no staff time per unit "
        "(the care time freed there is unknown, not zero): hospital (care/hospital-day), "
        "amw (care/social-work-consult)"
    ) in result.stdout


def test_a_case_with_all_staff_times_known_has_nothing_uncounted() -> None:
    labour = evaluation_to_dict(run(**CASE))["labour"]
    assert labour["outcomes_without_staff_time"] == []


def test_labour_follows_the_scenario() -> None:
    ev = run("zonder-huisarts", **CASE, scenarios={"zonder-huisarts": {"outcomes.gp.quantity": 0}})
    rows = {p.id: p for p in ev.labour.professions}
    # only the long consults of year 0 are left: 100 × 0.3333 = 33.33 h
    assert rows["gp"].hours_by_year == pytest.approx((33.33, 0.0, 0.0))


def test_unknown_staff_profession_is_an_error_with_suggestions() -> None:
    staff = [{"profession": "social-worker", "fte": 1.0}, {"profession": "social-workr", "fte": 1}]
    with pytest.raises(CaseError) as error:
        run(outcomes=[out()], staff=staff)
    issues = {issue.path: issue.message for issue in error.value.issues}
    assert list(issues) == ["case.staff[1].profession"]
    assert issues["case.staff[1].profession"] == (
        "unknown profession id 'social-workr' (closest: social-worker, support-worker)"
    )


def test_unknown_staff_profession_without_a_close_match_is_quoted_whole() -> None:
    with pytest.raises(CaseError) as error:
        run(outcomes=[out()], staff=[{"profession": "astronaut", "fte": 1}])
    issues = {issue.path: issue.message for issue in error.value.issues}
    # the closing quote belongs to the message: "… id 'astronaut'", not "… id 'astronaut"
    assert issues == {"case.staff[0].profession": "unknown profession id 'astronaut'"}


# ---- the `labour` object of `calc --json` --------------------------------------------------

PROFESSION_KEYS = {
    "profession", "hours", "fte", "hours_by_year", "productive_hours_per_fte", "staff_fte",
}  # fmt: skip


def test_export_has_the_labour_object() -> None:
    labour = evaluation_to_dict(run(**CASE))["labour"]
    assert {"professions", "freed_fte", "staff_fte", "net_fte"} <= set(labour)
    rows = {p["profession"]: p for p in labour["professions"]}
    assert set(rows) == {"gp", "district-nurse", "social-worker"}
    for row in rows.values():
        assert set(row) >= PROFESSION_KEYS
    assert rows["gp"]["hours_by_year"] == pytest.approx(list(GP_HOURS))
    assert rows["gp"]["fte"] == pytest.approx(GP_FTE)
    assert labour["net_fte"] == pytest.approx(FREED - STAFF)


def _write_case(tmp_path: Path) -> Path:
    # JSON is a case file too (case-format.md)
    path = tmp_path / "labour.json"
    path.write_text(json.dumps(case_dict(**CASE)), encoding="utf-8")
    return path


def test_calc_json_has_labour_per_profession(tmp_path: Path) -> None:
    result = runner.invoke(app, ["calc", str(_write_case(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    labour = json.loads(result.stdout)["labour"]
    rows = {p["profession"]: p for p in labour["professions"]}
    assert set(rows["gp"]) >= PROFESSION_KEYS
    assert rows["gp"]["hours"] == pytest.approx(GP_MEAN)
    assert rows["gp"]["productive_hours_per_fte"] == 1720
    assert rows["social-worker"]["hours"] == 0.0
    assert rows["social-worker"]["staff_fte"] == 2.0
    assert labour["freed_fte"] == pytest.approx(FREED)
    assert labour["staff_fte"] == pytest.approx(STAFF)
    assert labour["net_fte"] == pytest.approx(FREED - STAFF)


def test_calc_table_shows_the_labour_effect_in_dutch(tmp_path: Path) -> None:
    result = runner.invoke(app, ["calc", str(_write_case(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "Arbeidsmarkteffect" in result.stdout
    assert "Huisarts" in result.stdout
    assert "-1,87" in result.stdout  # net FTE −1.8695 in Dutch notation


def test_calc_table_shows_the_labour_effect_in_english(tmp_path: Path) -> None:
    result = runner.invoke(app, ["calc", str(_write_case(tmp_path)), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Labour effect" in result.stdout
    assert "General practitioner" in result.stdout
