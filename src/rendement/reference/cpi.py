"""The bundled consumer-price index used to re-price proxies (method.md §1).

A proxy stated in price year ``p`` is brought to the case's price year ``c`` with
``v × CPI[c] / CPI[p]``. The index is CBS's CPI for all items with 2015 = 100, shipped as
``data/cpi.csv``. Each row says how its level was obtained: ``published`` (a 2015 = 100 level
as CBS publishes it), ``rebased`` (StatLine 71905ned divided by its 2015 level), ``rescaled``
(the 2025 = 100 table 86141NED divided by its 2015 level) or ``chained`` (the previous level
times CBS's official annual inflation, for a year whose level no stored source shows). A year
outside the table is an error, never a silent factor of 1.0.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "CPI_COLUMNS",
    "CpiTable",
    "PriceYearError",
    "load_cpi",
    "parse_cpi",
    "read_bundled",
    "validate_cpi_rows",
]

CPI_COLUMNS: tuple[str, ...] = ("year", "index", "inflation_pct", "method", "source")
CPI_METHODS: tuple[str, ...] = ("published", "rebased", "rescaled", "chained")
CPI_SOURCE = (
    "CBS consumer price index, all items, 2015 = 100: 2000–2019 rebased from StatLine 71905ned, "
    "2020–2021 rescaled from 86141NED, 2022–2024 as published, 2025 chained with CBS's official "
    "annual inflation"
)
# Rounding to two decimals in every row lets a chained level drift from
# previous × (1 + inflation) by a little more than one cent.
_CHAIN_TOLERANCE = 0.015
# A level read in a source must rise over the previous one by CBS's official annual inflation.
# That rate is rounded to a tenth of a percent and each level to a cent, so a true level can be
# 0.06 point off; 71905ned, a linked series, is off by up to 0.096 point (2001). A larger gap is
# a misread or mistyped level.
_RATE_TOLERANCE: dict[str, float] = {"published": 0.0006, "rescaled": 0.0006, "rebased": 0.001}


class PriceYearError(ValueError):
    """A price year for which the bundled index has no level."""

    def __init__(self, year: int, first_year: int, last_year: int) -> None:
        self.year = year
        self.first_year = first_year
        self.last_year = last_year
        super().__init__(
            f"price year {year} is outside the consumer-price index, "
            f"which covers {first_year}–{last_year}"
        )


@dataclass(frozen=True)
class CpiTable:
    """Annual index levels for consecutive years."""

    years: tuple[int, ...]
    index: tuple[float, ...]
    source: str

    def __post_init__(self) -> None:
        if not self.years:
            raise ValueError("a CPI table needs at least one year")
        if len(self.years) != len(self.index):
            raise ValueError(
                f"{len(self.years)} years but {len(self.index)} index levels in the CPI table"
            )
        for previous, year in zip(self.years, self.years[1:], strict=False):
            if year != previous + 1:
                raise ValueError(f"CPI years must be consecutive: {previous} is followed by {year}")
        for year, level in zip(self.years, self.index, strict=True):
            if not (math.isfinite(level) and level > 0):
                raise ValueError(f"CPI level for {year} must be a positive number (got {level})")

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def last_year(self) -> int:
        return self.years[-1]

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def level(self, year: int) -> float:
        """The index level of ``year``; raises PriceYearError outside the table."""
        if not self.covers(year):
            raise PriceYearError(year, self.first_year, self.last_year)
        return self.index[year - self.first_year]

    def factor(self, from_year: int, to_year: int) -> float:
        """Multiply a price of ``from_year`` by this to express it in ``to_year`` prices.

        method.md §1: ``CPI[to_year] / CPI[from_year]``.
        """
        return self.level(to_year) / self.level(from_year)


def validate_cpi_rows(rows: Sequence[Mapping[str, str]]) -> list[str]:
    """Problems in CPI rows (an empty list when the rows are sound)."""
    problems: list[str] = []
    previous: tuple[int, float] | None = None
    for number, row in enumerate(rows, start=1):
        where = f"cpi.csv row {number}"
        missing = [column for column in CPI_COLUMNS if not (row.get(column) or "").strip()]
        if missing:
            problems.append(f"{where}: empty {', '.join(missing)}")
            previous = None
            continue
        try:
            year = int(row["year"])
            level = float(row["index"])
            inflation = float(row["inflation_pct"])
        except ValueError:
            problems.append(f"{where}: year, index and inflation_pct must be numbers")
            previous = None
            continue
        where = f"cpi.csv {year}"
        if not (math.isfinite(level) and level > 0):
            problems.append(f"{where}: index must be a positive number (got {row['index']})")
        if not math.isfinite(inflation):
            problems.append(f"{where}: inflation_pct must be a number (got {row['inflation_pct']})")
        method = row["method"].strip()
        if method not in CPI_METHODS:
            problems.append(
                f"{where}: method must be one of {', '.join(CPI_METHODS)} (got {method!r})"
            )
        if previous is not None:
            previous_year, previous_level = previous
            if year != previous_year + 1:
                problems.append(f"{where}: follows {previous_year}; years must be consecutive")
            elif method == "chained":
                expected = previous_level * (1 + inflation / 100)
                if abs(level - expected) > _CHAIN_TOLERANCE:
                    problems.append(
                        f"{where}: chained level {level:.2f} does not match "
                        f"{previous_level:.2f} × (1 + {inflation}/100) = {expected:.2f}"
                    )
            elif method in _RATE_TOLERANCE:
                change = (level / previous_level - 1) * 100
                if abs(change - inflation) > 100 * _RATE_TOLERANCE[method]:
                    problems.append(
                        f"{where}: level {level:.2f} rises {change:.2f}% over "
                        f"{previous_level:.2f}, too far from the official inflation of {inflation}%"
                    )
        previous = (year, level)
    return problems


def parse_cpi(text: str) -> CpiTable:
    """Build a CPI table from the text of a ``cpi.csv``; raises ValueError listing every problem."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != CPI_COLUMNS:
        raise ValueError(
            f"cpi.csv must have the columns {','.join(CPI_COLUMNS)} "
            f"(got {','.join(reader.fieldnames or ())})"
        )
    rows = list(reader)
    problems = validate_cpi_rows(rows)
    if problems:
        raise ValueError("invalid CPI data:\n" + "\n".join(problems))
    return CpiTable(
        years=tuple(int(row["year"]) for row in rows),
        index=tuple(float(row["index"]) for row in rows),
        source=CPI_SOURCE,
    )


def read_bundled(name: str) -> str:
    """The text of a CSV file in the package's ``data`` folder."""
    folder = resources.files("rendement.reference").joinpath("data")
    return folder.joinpath(name).read_text(encoding="utf-8")


@cache
def load_cpi() -> CpiTable:
    """The CPI table that ships with rendement (read once, then cached)."""
    return parse_cpi(read_bundled("cpi.csv"))
