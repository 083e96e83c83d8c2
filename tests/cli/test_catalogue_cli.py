"""`rendement catalogue [QUERY] [--price-year Y] [--json]`: list, search and re-price the
sourced unit prices a proxy can cite with ``{ref: ID}`` (method.md §1, §9)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_process import run_main
from typer.testing import CliRunner

from rendement.cli.main import app
from rendement.reference import load_catalogue, load_cpi

ROOT = Path(__file__).parents[2]
runner = CliRunner()

# cpi.csv: 2014 → 99.36, 2022 → 121.43, 2024 → 130.31
CPI_2014 = 99.36
CPI_2022 = 121.43
CPI_2024 = 130.31

ENTRY_KEYS = {"id", "name", "unit", "value", "price_year", "payer", "source", "staff_time"}
# Stable public names: case files cite these, so they never change.
PUBLIC_IDS = ("care/gp-consult", "care/gp-home-visit", "care/nursing-home-day", "social/eviction")


def catalogue_json(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["catalogue", *args, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def test_json_lists_every_entry_in_catalogue_order() -> None:
    rows = catalogue_json()
    assert [row["id"] for row in rows] == list(load_catalogue().ids)


def test_json_entries_have_the_documented_keys() -> None:
    for row in catalogue_json():
        assert set(row) >= ENTRY_KEYS, row["id"]


@pytest.mark.parametrize("ref", PUBLIC_IDS)
def test_public_ids_exist(ref: str) -> None:
    assert ref in by_id(catalogue_json())


def test_json_gives_source_values_and_price_years_by_default() -> None:
    gp = by_id(catalogue_json())["care/gp-consult"]
    assert gp["value"] == 30.87
    assert gp["price_year"] == 2022
    assert gp["payer"] == "health-insurer"
    assert gp["staff_time"] == {"gp": 0.1667}
    assert "Kostenhandleiding" in gp["source"]


def test_entry_without_staff_time_has_an_empty_mapping() -> None:
    assert by_id(catalogue_json())["care/nursing-home-day"]["staff_time"] == {}


def test_query_huisarts_finds_the_gp_entries() -> None:
    ids = [row["id"] for row in catalogue_json("huisarts")]
    assert "care/gp-consult" in ids
    assert "care/gp-home-visit" in ids
    assert "social/eviction" not in ids


def test_query_in_english_finds_the_nursing_home_day() -> None:
    ids = [row["id"] for row in catalogue_json("nursing")]
    assert "care/nursing-home-day" in ids
    assert "care/gp-consult" not in ids


def test_query_needs_every_word() -> None:
    ids = [row["id"] for row in catalogue_json("huisarts visite")]
    assert "care/gp-home-visit" in ids
    assert "care/gp-consult" not in ids


def test_query_without_matches_is_an_empty_list() -> None:
    assert catalogue_json("qqqqqq") == []


def test_query_without_matches_prints_a_note_not_an_empty_table() -> None:
    result = runner.invoke(app, ["catalogue", "qqqqqq"])
    assert result.exit_code == 0
    assert result.stdout.strip() != ""
    assert "care/" not in result.stdout


def test_lang_en_gives_english_names_and_units() -> None:
    nl = by_id(catalogue_json("care/gp-consult"))["care/gp-consult"]
    en = by_id(catalogue_json("care/gp-consult", "--lang", "en"))["care/gp-consult"]
    assert nl["name"] == "Huisartsconsult (gemiddeld)"
    assert en["name"] == "GP consultation (average)"
    assert nl["unit"] != en["unit"]


def test_price_year_2024_reprices_by_the_cpi_ratio() -> None:
    rows = by_id(catalogue_json("--price-year", "2024"))
    gp = rows["care/gp-consult"]
    # 30.87 × CPI[2024] / CPI[2022] = 30.87 × 130.31 / 121.43 = 33.127478
    assert gp["value"] == pytest.approx(30.87 * CPI_2024 / CPI_2022)
    assert gp["value"] == pytest.approx(33.127478, abs=1e-6)
    assert gp["price_year"] == 2024
    eviction = rows["social/eviction"]
    # 7500 × CPI[2024] / CPI[2014] = 7500 × 130.31 / 99.36 = 9836.2017
    assert eviction["value"] == pytest.approx(7500 * CPI_2024 / CPI_2014)
    assert eviction["value"] == pytest.approx(9836.2017, abs=1e-4)


def test_price_year_keeps_the_source_figures_beside_the_repriced_ones() -> None:
    gp = by_id(catalogue_json("--price-year", "2024"))["care/gp-consult"]
    assert (gp["source_value"], gp["source_price_year"]) == (30.87, 2022)


def test_price_year_of_the_entry_itself_leaves_the_value() -> None:
    gp = by_id(catalogue_json("huisarts", "--price-year", "2022"))["care/gp-consult"]
    assert (gp["value"], gp["price_year"]) == (30.87, 2022)


def test_price_year_applies_to_every_entry() -> None:
    cpi = load_cpi()
    for row in catalogue_json("--price-year", "2024"):
        # method.md §1: value × CPI[2024] / CPI[entry's price year]
        factor = cpi.level(2024) / cpi.level(row["source_price_year"])
        assert row["price_year"] == 2024
        assert row["value"] == pytest.approx(row["source_value"] * factor), row["id"]


@pytest.mark.parametrize("year", ["1990", "2030"])
def test_price_year_outside_the_index_exits_2_with_a_message(year: str) -> None:
    result = run_main("catalogue", "--price-year", year, "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert year in result.stderr
    assert "2000–2025" in result.stderr  # the years the index covers
    assert "Traceback" not in result.stderr


def test_table_lists_the_entries_found() -> None:
    result = runner.invoke(app, ["catalogue", "verpleeghuis"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "care/nursing-home-day" in result.stdout
    assert "€ 290,00" in result.stdout  # unit prices keep their cents, in Dutch notation


def test_table_shows_ids_whole_on_an_80_column_terminal() -> None:
    # the id is what a case file cites: cutting it to "care/gp-…" makes the table useless
    result = runner.invoke(app, ["catalogue", "huisarts"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    for ref in ("care/gp-consult", "care/gp-home-visit"):
        assert ref in result.stdout


@pytest.mark.parametrize(
    ("lang", "hint", "examples"),
    [
        ("nl", "Zoek op een deel van een naam of id", ("huisarts", "verpleeghuis", "uitzetting")),
        ("en", "Search for part of a name or id", ("gp", "nursing home", "eviction")),
    ],
)
def test_query_without_matches_says_how_to_search_or_give_a_proxy(
    lang: str, hint: str, examples: tuple[str, ...]
) -> None:
    result = runner.invoke(app, ["catalogue", "detentie", "--lang", lang], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert hint in result.stdout
    assert "proxy: {value: …, price_year: …, source:" in result.stdout
    # the searches the hint suggests do find entries
    for query in examples:
        assert catalogue_json(query, "--lang", lang), query
