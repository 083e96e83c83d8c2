"""Every row of the bundled catalogue and professions data is sourced and well formed."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from rendement.reference import (
    CATALOGUE_COLUMNS,
    CONFIDENCE_LABELS,
    PAYER_KINDS,
    PROFESSION_COLUMNS,
    CatalogueDataError,
    CatalogueEntry,
    load_catalogue,
    load_cpi,
    parse_catalogue,
    read_csv_rows,
    validate_profession_rows,
    validate_rows,
)
from rendement.reference.cpi import read_bundled

CATALOGUE = load_catalogue()
ENTRIES = CATALOGUE.entries
ID_SHAPE = re.compile(r"^[a-z]+/[a-z0-9-]+$")

# Ids the case files and the documentation rely on; removing one breaks users' cases.
REQUIRED_IDS = [
    "care/gp-consult",
    "care/gp-home-visit",
    "care/poh-ggz-consult",
    "care/mental-health-basic-contact",
    "care/mental-health-specialist-contact",
    "care/addiction-care-contact",
    "care/home-nursing-hour",
    "care/personal-care-hour",
    "care/domestic-help-hour",
    "care/home-guidance-hour",
    "care/social-work-consult",
    "care/emergency-department-visit",
    "care/hospital-day",
    "care/outpatient-visit",
    "care/ambulance-ride",
    "care/nursing-home-day",
    "care/geriatric-rehabilitation-day",
    "care/psychiatric-inpatient-day",
    "care/informal-care-hour",
    "social/social-assistance-year-single",
    "social/social-assistance-year-couple",
    "social/eviction",
    "social/shelter-year",
    "justice/simple-theft",
    "justice/assault",
    "justice/threat",
    "justice/vandalism",
    "justice/violent-theft",
    "justice/disorderly-conduct",
    "justice/hard-drugs-dealing",
    "education/secondary-school-year",
    "labour/productivity-hour",
]


def _catalogue_rows() -> list[dict[str, str]]:
    return read_csv_rows(read_bundled("catalogue.csv"), CATALOGUE_COLUMNS, "catalogue.csv")


def _profession_rows() -> list[dict[str, str]]:
    return read_csv_rows(read_bundled("professions.csv"), PROFESSION_COLUMNS, "professions.csv")


def test_bundled_catalogue_rows_have_no_problems() -> None:
    assert validate_rows(_catalogue_rows()) == []


def test_bundled_profession_rows_have_no_problems() -> None:
    assert validate_profession_rows(_profession_rows()) == []


@pytest.mark.parametrize("ref", REQUIRED_IDS)
def test_required_id_is_present(ref: str) -> None:
    assert ref in CATALOGUE


def test_ids_are_unique() -> None:
    assert len(set(CATALOGUE.ids)) == len(CATALOGUE.ids)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_row_is_sourced_and_well_formed(entry: CatalogueEntry) -> None:
    assert ID_SHAPE.match(entry.id)
    assert entry.source.strip()
    assert entry.url.startswith(("https://", "http://"))
    assert entry.confidence in CONFIDENCE_LABELS
    assert load_cpi().covers(entry.price_year)
    assert entry.payer in PAYER_KINDS
    assert entry.payer_scheme.strip()
    assert math.isfinite(entry.value) and entry.value > 0
    assert entry.currency == "EUR"
    assert entry.name_nl.strip() and entry.name_en.strip()
    assert entry.unit_nl.strip() and entry.unit_en.strip()


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.staff_time], ids=lambda entry: entry.id)
def test_staff_time_names_professions_with_productive_hours(entry: CatalogueEntry) -> None:
    for profession, hours in entry.staff_time.items():
        assert math.isfinite(hours) and hours > 0
        assert CATALOGUE.profession(profession).productive_hours_per_fte > 0


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.staff_time], ids=lambda e: e.id)
def test_staff_time_is_explained_in_the_notes(entry: CatalogueEntry) -> None:
    assert "staff time" in entry.notes.lower()


def test_every_profession_has_positive_hours_and_a_source() -> None:
    for profession in CATALOGUE.professions:
        assert profession.productive_hours_per_fte > 0
        assert profession.source.strip()
        assert profession.url.startswith("https://")


def test_social_worker_profession_exists_for_the_case_staff() -> None:
    # The intervention's own staff are counted as social workers in the labour balance.
    # KH2024 §7.1.1.2: 1,543 workable hours per year for nursing and non-medical staff.
    assert CATALOGUE.profession("social-worker").productive_hours_per_fte == 1543


def test_kh2024_rows_are_in_2022_prices() -> None:
    kh_rows = [entry for entry in ENTRIES if "Kostenhandleiding" in entry.source]
    assert kh_rows
    assert {entry.price_year for entry in kh_rows} == {2022}


def test_proxy_row_says_it_is_a_proxy() -> None:
    addiction = CATALOGUE.get("care/addiction-care-contact")
    specialist = CATALOGUE.get("care/mental-health-specialist-contact")
    assert addiction.value == specialist.value
    assert addiction.confidence == "derived"
    assert "proxy" in addiction.notes.lower()


def test_derived_social_assistance_year_by_hand() -> None:
    # 6 × 1,283.83 (Jan 2024) + 6 × 1,308.45 (Jul 2024) = 7,702.98 + 7,850.70 = 15,553.68
    assert CATALOGUE.get("social/social-assistance-year-single").value == pytest.approx(15553.68)
    # 6 × 1,834.04 + 6 × 1,869.21 = 11,004.24 + 11,215.26 = 22,219.50
    assert CATALOGUE.get("social/social-assistance-year-couple").value == pytest.approx(22219.50)


def test_eviction_is_the_midpoint_of_the_published_range() -> None:
    eviction = CATALOGUE.get("social/eviction")
    # (5,000 + 10,000) / 2 = 7,500
    assert eviction.value == 7500
    assert "5,000" in eviction.notes and "10,000" in eviction.notes


def test_payer_kinds_match_the_case_model() -> None:
    model = pytest.importorskip("rendement.model")
    assert set(PAYER_KINDS) == set(model.STAKEHOLDER_KINDS)


# --- the validator catches bad data -----------------------------------------------------

GOOD_ROW = (
    "care/gp-consult,Huisartsconsult,GP consultation,per consult,per consultation,30.87,EUR,"
    "2022,health-insurer,Zvw,gp:0.1667,KH2024 §4.11,https://example.org/kh,secondary-2x,"
)
BAD_ROWS = [
    # value not positive, unknown payer, price year outside the CPI table
    "care/bad-value,Slecht,Bad,per x,per x,-3,EUR,1990,insurer,Zvw,,KH,https://example.org,"
    "secondary,",
    # duplicate id, no source, unknown profession in staff time, unknown confidence label
    "care/gp-consult,Dubbel,Duplicate,per x,per x,10,EUR,2022,health-insurer,Zvw,"
    "plumber:1,,https://example.org,unverified,",
    # id without a category, a url that is not a url, staff time that does not parse
    "GP Consult,Naam,Name,per x,per x,10,EUR,2022,clients,none,gp=1,KH,www.example.org,derived,",
]
PROFESSIONS_CSV = (
    ",".join(PROFESSION_COLUMNS)
    + "\ngp,Huisarts,GP,1720,SZW,https://example.org/szw,verified-in-source,\n"
)


def _write_catalogue(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(",".join(CATALOGUE_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_validator_reports_every_problem_of_a_bad_csv(tmp_path: Path) -> None:
    path = _write_catalogue(tmp_path, [GOOD_ROW, *BAD_ROWS])
    rows = read_csv_rows(path.read_text(encoding="utf-8"), CATALOGUE_COLUMNS, "catalogue.csv")
    problems = validate_rows(rows, professions={"gp"}, cpi=load_cpi())
    assert problems == [
        "catalogue.csv row 2 (care/bad-value): value must be a positive finite number (got '-3')",
        "catalogue.csv row 2 (care/bad-value): price_year 1990 is outside the CPI table "
        "(2000–2025)",
        "catalogue.csv row 2 (care/bad-value): payer must be a stakeholder kind (got 'insurer')",
        "catalogue.csv row 3 (care/gp-consult): duplicate id",
        "catalogue.csv row 3 (care/gp-consult): source is empty",
        "catalogue.csv row 3 (care/gp-consult): confidence must be one of verified-in-source, "
        "secondary-2x, secondary, derived (got 'unverified')",
        "catalogue.csv row 3 (care/gp-consult): staff_time names unknown profession 'plumber'",
        "catalogue.csv row 4 (GP Consult): id must look like 'care/gp-consult' (category/slug)",
        "catalogue.csv row 4 (GP Consult): url must start with http:// or https://",
        "catalogue.csv row 4 (GP Consult): staff_time: 'gp=1' is not profession:hours",
    ]


def test_good_row_passes_the_validator(tmp_path: Path) -> None:
    path = _write_catalogue(tmp_path, [GOOD_ROW])
    rows = read_csv_rows(path.read_text(encoding="utf-8"), CATALOGUE_COLUMNS, "catalogue.csv")
    assert validate_rows(rows, professions={"gp"}, cpi=load_cpi()) == []


def test_loading_bad_data_fails_with_all_problems(tmp_path: Path) -> None:
    path = _write_catalogue(tmp_path, [GOOD_ROW, *BAD_ROWS])
    with pytest.raises(CatalogueDataError) as caught:
        parse_catalogue(path.read_text(encoding="utf-8"), PROFESSIONS_CSV)
    assert len(caught.value.problems) == 10
    assert "row 3 (care/gp-consult): duplicate id" in str(caught.value)


def test_wrong_header_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text("id,value\ncare/x,1\n", encoding="utf-8")
    with pytest.raises(CatalogueDataError, match="the header must be id,name_nl"):
        read_csv_rows(path.read_text(encoding="utf-8"), CATALOGUE_COLUMNS, "catalogue.csv")


def test_zero_staff_hours_are_reported() -> None:
    rows = read_csv_rows(
        ",".join(CATALOGUE_COLUMNS) + "\n" + GOOD_ROW.replace("gp:0.1667", "gp:0"),
        CATALOGUE_COLUMNS,
        "catalogue.csv",
    )
    assert validate_rows(rows, professions={"gp"}, cpi=load_cpi()) == [
        "catalogue.csv row 1 (care/gp-consult): staff_time hours for 'gp' must be positive "
        "(got 0.0)"
    ]


def test_bad_profession_rows_are_reported() -> None:
    rows = [
        {"id": "GP", "name_nl": "Huisarts", "name_en": "GP", "productive_hours_per_fte": "0",
         "source": "", "url": "https://example.org", "confidence": "secondary", "notes": ""},
    ]  # fmt: skip
    assert validate_profession_rows(rows) == [
        "professions.csv row 1 (GP): id must be a slug like 'social-worker'",
        "professions.csv row 1 (GP): source is empty",
        "professions.csv row 1 (GP): productive_hours_per_fte must be a positive number (got '0')",
    ]
