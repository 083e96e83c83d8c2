"""``rendement fund PORTFOLIO``: a regional fund over a portfolio of cases (method.md §16)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rendement.cli.limits import MAX_DRAWS, MIN_DRAWS, check_count
from rendement.cli.registry import Database

if TYPE_CHECKING:
    from rendement.registry import Registry


class Rule(StrEnum):
    proportional = "proportional"
    fixed = "fixed"
    shared_savings = "shared-savings"


class _Lang(StrEnum):
    nl = "nl"
    en = "en"


def registry_opener(database: str | None) -> Callable[[], Registry]:
    """Opens the registry only when a member is a registry id (a file-only portfolio needs
    none)."""

    def open_() -> Registry:
        from rendement.cli.registry import open_registry

        return open_registry(database)

    return open_


def fund(
    file: Annotated[Path, typer.Argument(help="The portfolio file (YAML or JSON).")],
    rule: Annotated[Rule | None, typer.Option(help="Override the portfolio's fund rule.")] = None,
    draws: Annotated[
        int | None,
        typer.Option(help="Also run a joint simulation of N draws (2 to 10^8)."),
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the simulation.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    lang: Annotated[_Lang, typer.Option(help="Language of the tables.")] = _Lang.nl,
    database: Database = None,
) -> None:
    """Who pays into a regional fund, who gains, year by year, and whether the fund can pay
    its bills in every year.

    Example: rendement fund examples/portfolios/voorbeeldstad.yaml --draws 10000
    """
    if draws is not None:
        check_count("--draws", draws, MIN_DRAWS, MAX_DRAWS)
    from rendement.cli.main import _max_file_bytes
    from rendement.usecases.fund import fund_file

    result = fund_file(
        file,
        rule=rule.value if rule is not None else None,
        draws=draws,
        seed=seed,
        registry=registry_opener(database),
        max_bytes=_max_file_bytes(),
    )
    if as_json:
        from rendement.io.jsonio import finite_json, fund_to_dict

        typer.echo(finite_json(fund_to_dict(result)))
        return
    from rendement.cli.fund_tables import print_fund

    print_fund(result, lang.value)


def register(main_app: typer.Typer) -> None:
    main_app.command("fund")(fund)


def write_fund_report(
    file: Path, output: Path, lang: str, draws: int | None, seed: int, database: str | None
) -> None:
    """``rendement report PORTFOLIO -o x.html|x.pdf|x.xlsx``: the fund report. With ranged
    parameters in the members, 10,000 joint draws by default (``--draws 0``: none)."""
    from rendement.cli.main import _max_file_bytes
    from rendement.report.atomic import ReportWriteError, write_atomically
    from rendement.usecases.fund import compute_fund, prepare_portfolio_file

    prepared = prepare_portfolio_file(
        file, registry=registry_opener(database), max_bytes=_max_file_bytes()
    )
    if draws is None:
        draws = 10_000 if any(m.structure.ranged for m in prepared.spec.members) else 0
    result = compute_fund(prepared, draws or None, seed)
    suffix = output.suffix.lower()
    missing: tuple[str, ...] = ()

    def write(path: Path) -> None:
        nonlocal missing
        if suffix == ".xlsx":
            from rendement.report.fund_xlsx import write_fund_workbook

            write_fund_workbook(result, path, lang)
            return
        from rendement.report.html import render_fund

        html = render_fund(result, lang)
        if suffix == ".html":
            path.write_text(html, encoding="utf-8")
            return
        from rendement.report.pdf import write_pdf

        missing = write_pdf(html, path)

    try:
        write_atomically(output, write)
    except ReportWriteError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"{output}: written")
    if missing:
        from rendement.report.pdf import missing_glyphs_line

        typer.echo(missing_glyphs_line(output, missing), err=True)
