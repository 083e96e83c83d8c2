"""The ``rendement`` command: a thin shell around the use cases (:mod:`rendement.usecases`).

Errors a user can act on (``UserError``: a ``CaseError`` is one line per problem,
``file:line path: message``) become lines on stderr and exit status 2, in one handler;
``--debug`` shows the traceback of anything.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from rendement.cli.limits import MAX_DRAWS, MIN_DRAWS, check_count
from rendement.model import CaseError
from rendement.model.errors import UserError
from rendement.settings import settings_problems

app = typer.Typer(
    name="rendement",
    help=(
        "The social return of social work, in euros and per stakeholder.\n\n"
        "Example: rendement calc examples/mentorproject-den-haag.yaml"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class Lang(StrEnum):
    nl = "nl"
    en = "en"


class _State:
    debug = False


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on any error.")] = False,
) -> None:
    _State.debug = debug


@app.command()
def schema() -> None:
    """Print the JSON Schema of a case file.

    Example: rendement schema > case.schema.json
    """
    from rendement.model import case_schema

    typer.echo(json.dumps(case_schema(), indent=2, ensure_ascii=False))


TEMPLATES = ("sociaal-makelen", "intensieve-begeleiding", "welzijn-op-recept", "buurtcoaching")


@app.command()
def new(
    file: Annotated[
        Path | None, typer.Argument(help="Where to write; prints when omitted.")
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            help="Start from a substitution template: " + ", ".join(TEMPLATES) + ".",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    like: Annotated[
        str | None,
        typer.Option(
            help="Start from the registry's comparable cases, e.g. "
            "'quadrant=preventive/multiple,domain=ouderenwerk': their prediction in the header "
            "and the outcome kinds they use.",
        ),
    ] = None,
    investment: Annotated[
        float | None, typer.Option(help="With --like: the investment the prediction prices.")
    ] = None,
    database: Annotated[
        str | None, typer.Option("--database", help="With --like: the registry URL.")
    ] = None,
) -> None:
    """Write a commented starter case to fill in.

    A FILE ending in .json gets the same case as JSON, which has no comments: the
    explanations in the YAML starter are lost, so start from YAML when you can. A FILE ending
    in .xlsx gets it as a case workbook (a sheet per part, values only), which `check`, `calc`
    and the web upload read like a case file.

    Example: rendement new mijn-case.yaml --template sociaal-makelen
    """
    if file is not None and file.suffix not in (".yaml", ".yml", ".json", ".xlsx"):
        typer.echo(f"{file}: a case file ends in .yaml, .yml, .json or .xlsx", err=True)
        raise typer.Exit(code=2)
    if template is not None and template not in TEMPLATES:
        typer.echo(
            f"--template {template}: no such template (choose from {', '.join(TEMPLATES)})",
            err=True,
        )
        raise typer.Exit(code=2)
    name = f"templates/{template or 'starter'}.yaml"
    if like is not None:
        if template is not None:
            typer.echo("--like and --template: choose one", err=True)
            raise typer.Exit(code=2)
        from rendement.cli.forecast import like_starter_of

        starter = like_starter_of(like, investment, database)
    else:
        starter = resources.files("rendement.cli").joinpath(name).read_text("utf-8")
    if file is None:
        typer.echo(starter, nl=False)
        return
    if file.exists() and not force:
        typer.echo(f"{file}: already exists; use --force to overwrite it", err=True)
        raise typer.Exit(code=2)
    if file.suffix == ".json":
        from rendement.io.yamlio import document_json, read_document

        starter = document_json(read_document(starter, name)[0])
    if file.suffix == ".xlsx":
        from rendement.io.excel import write_workbook
        from rendement.io.yamlio import read_document

        file.write_bytes(write_workbook(read_document(starter, name)[0]))
    else:
        file.write_text(starter, encoding="utf-8")
    then = "fill in the empty quantities, then run" if template or like else "fill it in, then run"
    typer.echo(f"{file}: written; {then}: rendement calc {file}")


def _max_file_bytes() -> int:
    """The largest file read (settings.max_file_bytes); a bad value names the setting."""
    import os

    from pydantic import ValidationError

    from rendement.settings import Settings

    try:
        return Settings().max_file_bytes
    except ValidationError:
        given = os.environ.get("RENDEMENT_MAX_FILE_BYTES", "")
        problem = f"must be a whole number of bytes, at least 1 (got {given!r})"
        typer.echo(f"RENDEMENT_MAX_FILE_BYTES: {problem}", err=True)
        raise typer.Exit(code=2) from None


def _evaluate(file: Path, scenario: str | None) -> tuple[Any, Any, Any]:
    """Load a case and evaluate it (or a scenario of it); errors located in the file."""
    from rendement.usecases.analysis import analyse_file

    analysis = analyse_file(file, scenario, _max_file_bytes())
    return analysis.structure, analysis.row, analysis.evaluation


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Case files or folders of case files.")],
) -> None:
    """Validate case files and report every problem with its line.

    Example: rendement check examples/
    """
    from rendement.cli.fund import registry_opener
    from rendement.io.yamlio import iter_case_files
    from rendement.usecases.analysis import check_file

    max_bytes = _max_file_bytes()
    bad = 0
    for folder in files:
        if folder.is_dir() and not any(iter_case_files([folder])):
            typer.echo(f"{folder}: no case files (.yaml, .yml, .json) in this folder", err=True)
            bad += 1
    for file in iter_case_files(files):
        try:
            check_file(file, max_bytes, registry_opener(None))
        except CaseError as error:
            bad += 1
            for issue in error.issues:
                typer.echo(str(issue), err=True)
        else:
            typer.echo(f"{file}: ok")
    if bad:
        raise typer.Exit(code=2)


@app.command()
def calc(
    file: Annotated[Path, typer.Argument(help="The case file (YAML or JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    scenario: Annotated[
        str | None,
        typer.Option(help="A named scenario of the case, or 'conservative' / 'optimistic'."),
    ] = None,
    draws: Annotated[
        int | None, typer.Option(help="Also run a Monte-Carlo simulation of N draws (2 to 10^8).")
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the simulation.")] = 0,
    lang: Annotated[Lang, typer.Option(help="Language of the tables.")] = Lang.nl,
    reference: Annotated[
        str | None,
        typer.Option(
            help="Alternatives: the option the increments are against (default: the case, "
            "'base'; or 'do-nothing')."
        ),
    ] = None,
) -> None:
    """Compute a case: who invests, who gains, ratios, payback, conclusion.

    An ex-post case that names its forecast (case.forecast) is also compared with it when the
    registry holds it; otherwise one line says why not.
    A case with alternatives also gets the overview table (one column per option, do
    nothing as the zero reference), the increments and, with --draws, P(best).

    Example: rendement calc examples/samenoud.yaml --scenario conservative --draws 10000
    """
    if draws is not None:
        check_count("--draws", draws, MIN_DRAWS, MAX_DRAWS)
    if scenario is not None and reference is not None:
        typer.echo(
            "--reference: alternatives are compared at their own values; leave out --scenario",
            err=True,
        )
        raise typer.Exit(code=2)
    structure, _, evaluation = _evaluate(file, scenario)
    comparison = None
    if scenario is None and (structure.case.alternatives or reference is not None):
        from rendement.usecases.alternatives import compare

        comparison = compare(structure, reference, draws, seed)
    simulation = None
    if draws is not None:
        from rendement.cli.progress import simulate_with_progress

        simulation = simulate_with_progress(structure, draws, seed, quiet=as_json)
    from rendement.cli.forecast import forecast_of

    forecast = forecast_of(structure, lang.value)
    if as_json:
        from rendement.io.jsonio import evaluation_to_dict, finite_json, simulation_to_dict

        result = evaluation_to_dict(evaluation)
        if simulation is not None:
            result["simulation"] = simulation_to_dict(simulation)
        if forecast is not None and forecast.compared is not None:
            from rendement.io.jsonio import forecast_comparison_to_dict

            result["forecast_comparison"] = forecast_comparison_to_dict(forecast.compared)
        if comparison is not None:
            from rendement.io.jsonio import overview_to_dict, p_best_to_dict

            result.update(overview_to_dict(comparison.overview))
            if comparison.choice is not None and "simulation" in result:
                result["simulation"]["p_best"] = p_best_to_dict(comparison.choice)
        typer.echo(finite_json(result))
        return
    from rendement.cli.tables import print_evaluation, print_simulation

    print_evaluation(evaluation, lang.value)
    if simulation is not None:
        print_simulation(simulation, evaluation, lang.value)
    if forecast is not None and forecast.compared is not None:
        from rendement.cli.forecast import print_comparison

        print_comparison(forecast.compared, lang.value, structure.case.case.currency)
    if comparison is not None:
        from rendement.cli.alternatives import print_comparison as print_alternatives

        print_alternatives(
            comparison.overview, comparison.choice, lang.value, evaluation.conventions.currency
        )
    elif structure.case.alternatives:
        from rendement.texts import text

        typer.echo(text("alternatives.scenario_note", lang.value))
    _print_workshop(evaluation, lang.value)


def _print_workshop(evaluation: Any, lang: str) -> None:
    """The tables of pooled estimates and the assurance checklist after the result."""
    from rendement.cli.pooled_tables import print_assurance, print_pooled

    print_pooled(evaluation.pooled, lang)
    print_assurance(evaluation.assurance, lang)


@app.command()
def sensitivity(
    file: Annotated[Path, typer.Argument(help="The case file (YAML or JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    lang: Annotated[Lang, typer.Option(help="Language of the tables.")] = Lang.nl,
    show_all: Annotated[
        bool, typer.Option("--all", help="Every parameter in the tables (default: the first 40).")
    ] = False,
    alternatives: Annotated[
        bool,
        typer.Option(
            "--alternatives",
            help="P(best) of every option at 11 points of --parameter's range instead.",
        ),
    ] = False,
    parameter: Annotated[
        str | None,
        typer.Option(help="With --alternatives: the ranged parameter, by path."),
    ] = None,
    draws: Annotated[
        int, typer.Option(help="With --alternatives: draws per point (2 to 10^8).")
    ] = 10_000,
    seed: Annotated[int, typer.Option(min=0, help="With --alternatives: seed.")] = 0,
) -> None:
    """Tornado (swing of NPV per ranged parameter) and switching values (where NPV = 0);
    with --alternatives, the probability each option is best as one parameter moves.

    Example: rendement sensitivity examples/samenoud.yaml
    """
    from rendement.usecases.analysis import analyse_file, sensitivity_of

    if alternatives or parameter is not None:
        from rendement.cli.alternatives import acceptability_command

        acceptability_command(
            file, alternatives, parameter, draws, seed, as_json, lang.value, _max_file_bytes()
        )
        return
    analysis = analyse_file(file, None, _max_file_bytes())
    result = sensitivity_of(analysis.structure)
    structure = analysis.structure
    if as_json:
        from rendement.io.jsonio import finite_json, sensitivity_to_dict

        typer.echo(finite_json(sensitivity_to_dict(result)))
        return
    from rendement.cli.tables import SENSITIVITY_ROWS, print_sensitivity

    limit = None if show_all else SENSITIVITY_ROWS
    print_sensitivity(result, structure.case.case.currency, lang.value, limit=limit)


@app.command()
def catalogue(
    query: Annotated[
        str | None, typer.Argument(help="Words to search for in ids, names, payers.")
    ] = None,
    price_year: Annotated[
        int | None, typer.Option(help="Re-price every value to this year with the CPI.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
    lang: Annotated[Lang, typer.Option(help="Language of names and units.")] = Lang.nl,
) -> None:
    """The sourced catalogue of unit prices that proxies can cite with {ref: ID}.

    Example: rendement catalogue huisarts --price-year 2024
    """
    from rendement.cli.catalogue import catalogue_rows, print_catalogue

    rows = catalogue_rows(query, price_year, lang.value)
    if as_json:
        from rendement.io.jsonio import finite_json

        typer.echo(finite_json(rows))
        return
    print_catalogue(rows, lang.value)


@app.command()
def report(
    file: Annotated[Path, typer.Argument(help="The case or portfolio file (YAML or JSON).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="out.html, out.pdf or out.xlsx.")],
    lang: Annotated[Lang, typer.Option(help="Language of the report.")] = Lang.nl,
    scenario: Annotated[
        str | None, typer.Option(help="A named scenario, or 'conservative' / 'optimistic'.")
    ] = None,
    draws: Annotated[
        int | None,
        typer.Option(
            help="Simulation draws, 2 to 10^8 (default 10,000 when the case has ranges; 0: none)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """Write a report a council can read: HTML, PDF or Excel with live formulas.

    Example: rendement report examples/samenoud.yaml -o samenoud.pdf
    """
    suffix = output.suffix.lower()
    if suffix not in (".html", ".pdf", ".xlsx"):
        typer.echo(f"{output}: the report must end in .html, .pdf or .xlsx", err=True)
        raise typer.Exit(code=2)
    if draws is not None and draws != 0:
        check_count("--draws", draws, MIN_DRAWS, MAX_DRAWS, none="or 0: no simulation")
    from rendement.io.portfolio import is_portfolio_file

    if is_portfolio_file(file, _max_file_bytes()):  # method.md §16: the fund report
        from rendement.cli.fund import write_fund_report

        write_fund_report(file, output, lang.value, draws, seed, None)
        return
    from rendement.report.atomic import ReportWriteError, write_atomically

    structure, row, evaluation = _evaluate(file, scenario)
    from rendement.cli.forecast import report_section

    section = report_section(structure, lang.value)
    write: Callable[[Path], None]
    if suffix == ".xlsx":
        from rendement.report.xlsx import write_workbook

        write = partial(
            write_workbook,
            structure,
            evaluation,
            lang=lang.value,
            row=row,
            forecast=section,
            alternatives=_alternatives_view(structure, evaluation, lang.value, draws, seed),
        )
    else:
        write = _html_writer(structure, evaluation, lang.value, suffix, draws, seed, section)
    try:
        write_atomically(output, write)
    except ReportWriteError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"{output}: written")
    if isinstance(write, _HtmlReport) and write.missing_glyphs:
        from rendement.report.pdf import missing_glyphs_line

        typer.echo(missing_glyphs_line(output, write.missing_glyphs), err=True)


def _html_writer(
    structure: Any,
    evaluation: Any,
    lang: str,
    suffix: str,
    draws: int | None,
    seed: int,
    forecast: Any = None,
) -> _HtmlReport:
    """The case report rendered once (simulation, sensitivity), written as HTML or PDF."""
    from rendement.report.context import build_context
    from rendement.report.html import render_case
    from rendement.usecases.analysis import sensitivity_of

    if draws is None:
        draws = 10_000 if structure.ranged else 0
    simulation = None
    if draws:
        from rendement.cli.progress import simulate_with_progress

        simulation = simulate_with_progress(structure, draws, seed, quiet=False)
    ctx = build_context(
        structure,
        evaluation,
        lang,
        simulation,
        sensitivity_of(structure),
        forecast=forecast,
        alternatives=_alternatives_view(structure, evaluation, lang, draws, seed),
    )
    html = render_case(ctx)
    return _HtmlReport(html, pdf=suffix == ".pdf")


def _alternatives_view(
    structure: Any, evaluation: Any, lang: str, draws: int | None, seed: int
) -> Any:
    """The report's alternatives section (method.md §13), or None: none in the case, or a
    scenario asked for (alternatives are compared at their own values)."""
    if not structure.case.alternatives or evaluation.conventions.scenario != "base":
        return None
    from rendement.report.alternatives import alternatives_view
    from rendement.usecases.alternatives import compare

    comparison = compare(structure, None, draws or None, seed)
    return alternatives_view(comparison.overview, comparison.choice, lang)


@dataclass
class _HtmlReport:
    """Writes the rendered case report as HTML or PDF; remembers the characters the PDF had
    no glyph for."""

    html: str
    pdf: bool
    missing_glyphs: tuple[str, ...] = ()

    def __call__(self, path: Path) -> None:
        if not self.pdf:
            path.write_text(self.html, encoding="utf-8")
            return
        from rendement.report.pdf import write_pdf

        self.missing_glyphs = write_pdf(self.html, path)


from rendement.cli.forecast_commands import register as register_forecast  # noqa: E402
from rendement.cli.fund import register as register_fund  # noqa: E402
from rendement.cli.registry import register  # noqa: E402
from rendement.cli.web import register as register_web  # noqa: E402

register(app)
register_web(app)
register_forecast(app)
register_fund(app)


def main() -> None:
    """Entry point: library errors become lines on stderr and exit status 2, never a traceback."""
    debug = "--debug" in sys.argv
    try:
        app()
    except UserError as error:
        # invalid, not found, conflict, forbidden: the person can act on it; exit 2 for all
        if debug:
            raise
        lines = (
            [str(issue) for issue in error.issues] if isinstance(error, CaseError) else [str(error)]
        )
        for line in lines:
            typer.echo(line, err=True)
        sys.exit(2)
    except OSError as error:
        # a path the person gave cannot be read or written: say which and why
        if debug:
            raise
        where = error.filename or "a file"
        typer.echo(f"{where}: cannot be used ({error.strerror or error})", err=True)
        sys.exit(2)
    except Exception as error:
        if debug:
            raise
        if isinstance(error, ValidationError) and error.title == "Settings":
            # a setting from the environment (RENDEMENT_…) is not one the service can use
            for line in settings_problems(error):
                typer.echo(line, err=True)
            sys.exit(2)
        typer.echo(
            f"internal error: {error.__class__.__name__}: {error} (run with --debug for details)",
            err=True,
        )
        sys.exit(1)
