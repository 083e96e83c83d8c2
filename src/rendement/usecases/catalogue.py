"""The sourced catalogue of unit prices, searched and re-priced to a chosen year."""

from __future__ import annotations

from typing import Any

from rendement.model.errors import UserError
from rendement.reference import PriceYearError, load_catalogue, load_cpi


class CatalogueQueryError(UserError):
    kind = "invalid"


def catalogue_rows(
    query: str | None, price_year: int | None, lang: str, name: str = "price_year"
) -> list[dict[str, Any]]:
    """Matching entries as plain data; values re-priced to ``price_year`` when given
    (``name``: how the caller's input calls it, for the error)."""
    cpi = load_cpi()
    if price_year is not None and not cpi.covers(price_year):
        raise CatalogueQueryError(
            f"{name} {price_year}: outside the CPI table ({cpi.first_year}–{cpi.last_year})"
        )
    rows = []
    for e in load_catalogue().search(query):
        value, year = e.value, e.price_year
        if price_year is not None:
            try:
                value, year = e.value_in(price_year, cpi), price_year
            except PriceYearError as error:  # the entry's own year is outside the table
                raise CatalogueQueryError(f"{e.id}: {error}") from None
        rows.append(
            {
                "id": e.id,
                "name": e.name(lang),
                "unit": e.unit(lang),
                "value": value,
                "currency": e.currency,
                "price_year": year,
                "source_value": e.value,
                "source_price_year": e.price_year,
                "payer": e.payer,
                "payer_scheme": e.payer_scheme,
                "staff_time": dict(e.staff_time),
                "source": e.source,
                "url": e.url,
                "confidence": e.confidence,
                "notes": e.notes,
            }
        )
    return rows
