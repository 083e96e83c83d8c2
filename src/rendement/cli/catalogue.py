"""`rendement catalogue`: list and search the reference catalogue."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from rendement.cli.tables import user
from rendement.texts import figure, money, text


def catalogue_rows(query: str | None, price_year: int | None, lang: str) -> list[dict[str, Any]]:
    """Matching entries as plain data (see :func:`rendement.usecases.catalogue.catalogue_rows`);
    a price year outside the CPI table is one line and exit status 2."""
    from rendement.usecases.catalogue import CatalogueQueryError
    from rendement.usecases.catalogue import catalogue_rows as rows

    try:
        return rows(query, price_year, lang, name="--price-year")
    except CatalogueQueryError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=2) from None


def print_catalogue(rows: list[dict[str, Any]], lang: str) -> None:
    console = Console(highlight=False)
    if not rows:
        console.print(text("catalogue.none", lang))
        return
    table = Table(title=text("catalogue.title", lang), title_justify="left")
    for key in ("id", "name", "value", "price_year", "payer", "staff", "confidence"):
        table.add_column(
            text(f"catalogue.{key}", lang),
            justify="right" if key == "value" else "left",
            # the id is what a case file cites: never cut it
            no_wrap=key == "id",
            min_width=max(len(r["id"]) for r in rows) if key == "id" else None,
        )
    for r in rows:
        staff = ", ".join(f"{p} {figure(h, lang)} h" for p, h in r["staff_time"].items())
        table.add_row(
            user(r["id"]),
            user(f"{r['name']} ({r['unit']})"),
            money_cents(r["value"], lang),
            str(r["price_year"]),
            user(f"{r['payer']} ({r['payer_scheme']})"),
            user(staff or "–"),
            user(r["confidence"]),
        )
    console.print(table)
    console.print(text("catalogue.note", lang))


def money_cents(x: float, lang: str) -> str:
    """Unit prices keep their cents below a thousand: € 30,87."""
    return money(x, lang, cents=x < 1000)
