"""The bundled consumer-price index and re-pricing (method.md §1)."""

from __future__ import annotations

import pytest

from rendement.reference import (
    CPI_COLUMNS,
    CpiTable,
    PriceYearError,
    load_catalogue,
    load_cpi,
    parse_cpi,
    validate_cpi_rows,
)
from rendement.reference.cpi import read_bundled


def test_table_covers_2000_to_2025() -> None:
    cpi = load_cpi()
    assert (cpi.first_year, cpi.last_year) == (2000, 2025)
    assert cpi.years == tuple(range(2000, 2026))


def test_base_year_2015_is_100() -> None:
    assert load_cpi().level(2015) == pytest.approx(100.0)


def test_bundled_rows_have_no_problems() -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(read_bundled("cpi.csv"))))
    assert validate_cpi_rows(rows) == []


def test_gp_consult_repriced_from_2022_to_2024() -> None:
    entry = load_catalogue().get("care/gp-consult")
    assert entry.price_year == 2022
    # 30.87 × CPI[2024] / CPI[2022] = 30.87 × 130.31 / 121.43 = 30.87 × 1.073128… = 33.1275
    assert entry.value_in(2024) == pytest.approx(30.87 * 130.31 / 121.43)
    assert entry.value_in(2024) == pytest.approx(33.1275, abs=5e-4)


def test_factor_from_2014_to_2024_by_hand() -> None:
    # CPI[2024] / CPI[2014] = 130.31 / 99.36 = 1.311493…
    assert load_cpi().factor(2014, 2024) == pytest.approx(1.311493, abs=1e-6)


def test_factor_of_a_year_to_itself_is_one() -> None:
    assert load_cpi().factor(2022, 2022) == 1.0


def test_factor_back_and_forth_cancels() -> None:
    cpi = load_cpi()
    assert cpi.factor(2003, 2021) * cpi.factor(2021, 2003) == pytest.approx(1.0)


def test_agrees_with_tatooheene_factors_to_2024() -> None:
    # The tatooheene package (S1) rounds CPI[2024] / CPI[year] from CBS table 83131NED to three
    # decimals, an independent check on our levels: 130.31 / 121.43 = 1.0731 where S1 has
    # 1.073 (the earlier chained levels gave 1.0723), 130.31 / 107.50 = 1.2122 (S1 1.212).
    cpi = load_cpi()
    published = {
        2012: 1.357, 2015: 1.303, 2019: 1.227, 2020: 1.212, 2021: 1.180, 2022: 1.073, 2023: 1.033,
    }  # fmt: skip
    for year, factor in published.items():
        assert cpi.factor(year, 2024) == pytest.approx(factor, abs=1e-3), year


@pytest.mark.parametrize(("from_year", "to_year", "bad"), [(1999, 2024, 1999), (2022, 2026, 2026)])
def test_year_outside_the_table_is_an_error(from_year: int, to_year: int, bad: int) -> None:
    with pytest.raises(PriceYearError) as caught:
        load_cpi().factor(from_year, to_year)
    assert caught.value.year == bad
    assert str(bad) in str(caught.value)
    assert "2000–2025" in str(caught.value)


def test_price_year_error_is_a_value_error() -> None:
    assert issubclass(PriceYearError, ValueError)


def test_load_cpi_is_cached() -> None:
    assert load_cpi() is load_cpi()


def test_table_rejects_gaps_in_years() -> None:
    with pytest.raises(ValueError, match="consecutive"):
        CpiTable(years=(2020, 2022), index=(100.0, 104.0), source="test")


def test_chained_level_that_does_not_follow_inflation_is_reported() -> None:
    header = ",".join(CPI_COLUMNS)
    text = f"{header}\n2020,100.00,1.0,rebased,test\n2021,105.00,2.0,chained,test\n"
    with pytest.raises(ValueError, match=r"2021: chained level 105\.00 does not match"):
        parse_cpi(text)


def test_published_level_far_from_the_official_inflation_is_reported() -> None:
    # 121.34 for 121.43: a swapped pair of digits moves the 2022 rise from 10.01% to 9.93%.
    header = ",".join(CPI_COLUMNS)
    text = f"{header}\n2021,110.38,2.7,rescaled,test\n2022,121.34,10.0,published,test\n"
    with pytest.raises(ValueError, match=r"2022: level 121\.34 rises 9\.93% over 110\.38"):
        parse_cpi(text)


def test_levels_within_a_tenth_of_a_point_of_the_official_inflation_pass() -> None:
    # 71905ned's 2001 level rises 4.596% where CBS's official rate is 4.5%: the linked series'
    # rounding, not an error. A published level must keep within 0.06 point.
    rows = [
        dict(zip(CPI_COLUMNS, ("2000", "74.63", "2.6", "rebased", "x"), strict=True)),
        dict(zip(CPI_COLUMNS, ("2001", "78.06", "4.5", "rebased", "x"), strict=True)),
    ]
    assert validate_cpi_rows(rows) == []
    rows[1]["method"] = "published"
    assert validate_cpi_rows(rows) == [
        "cpi.csv 2001: level 78.06 rises 4.60% over 74.63, too far from the official inflation "
        "of 4.5%"
    ]


def test_each_level_says_how_it_was_obtained() -> None:
    import csv
    import io

    rows = {int(r["year"]): r for r in csv.DictReader(io.StringIO(read_bundled("cpi.csv")))}
    assert {rows[y]["method"] for y in range(2000, 2020)} == {"rebased"}
    assert rows[2022]["method"] == "published" and "83136NED" in rows[2022]["source"]
    assert rows[2025]["method"] == "chained"


def test_unknown_method_is_reported() -> None:
    rows = [
        {"year": "2020", "index": "100", "inflation_pct": "1", "method": "guessed", "source": "x"}
    ]
    assert validate_cpi_rows(rows) == [
        "cpi.csv 2020: method must be one of published, rebased, rescaled, chained (got 'guessed')"
    ]
