"""Reference data: the catalogue of sourced unit prices, professions and the CPI.

Every figure is read from the CSV files in ``data/``, each row with its source, URL, price
year and confidence label. See method.md §1 (re-pricing) and §9 (substitution and labour).
"""

from rendement.reference.catalogue import (
    CATALOGUE_COLUMNS,
    CONFIDENCE_LABELS,
    PAYER_KINDS,
    PROFESSION_COLUMNS,
    Catalogue,
    CatalogueDataError,
    CatalogueEntry,
    Profession,
    StaffTime,
    UnknownReferenceError,
    load_catalogue,
    parse_catalogue,
    parse_staff_time,
    read_csv_rows,
    validate_profession_rows,
    validate_rows,
)
from rendement.reference.cpi import (
    CPI_COLUMNS,
    CpiTable,
    PriceYearError,
    load_cpi,
    parse_cpi,
    validate_cpi_rows,
)

__all__ = [
    "CATALOGUE_COLUMNS",
    "CONFIDENCE_LABELS",
    "CPI_COLUMNS",
    "PAYER_KINDS",
    "PROFESSION_COLUMNS",
    "Catalogue",
    "CatalogueDataError",
    "CatalogueEntry",
    "CpiTable",
    "PriceYearError",
    "Profession",
    "StaffTime",
    "UnknownReferenceError",
    "load_catalogue",
    "load_cpi",
    "parse_catalogue",
    "parse_cpi",
    "parse_staff_time",
    "read_csv_rows",
    "validate_cpi_rows",
    "validate_profession_rows",
    "validate_rows",
]
