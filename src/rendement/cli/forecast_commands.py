"""The commands `rendement compare` and `rendement predict` (method.md §14, §15).

Light at import, as the CLI must start fast: the tables, the use cases and the libraries they
need load inside each command (see :mod:`rendement.cli.forecast`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rendement.cli.limits import MAX_DRAWS, check_count

COMPARE_MAX_DRAWS = min(MAX_DRAWS, 1_000_000)  # the forecast's draws are all kept


def compare_command(
    file: Annotated[Path, typer.Argument(help="The ex-post case file (YAML or JSON).")],
    forecast: Annotated[
        Path | None,
        typer.Option(
            "--forecast",
            help="The ex-ante case file; default: case.forecast looked up in the registry.",
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option(help="Draws of the forecast's distribution (1 to 10^6).")
    ] = 10_000,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    lang: Annotated[str, typer.Option(help="Language of the tables: nl | en.")] = "nl",
    database: Annotated[
        str | None,
        typer.Option("--database", help="Registry URL, when no --forecast file is given."),
    ] = None,
) -> None:
    """Put a realisation next to its forecast: per item, per parameter (with its PIT), and
    for the whole case; new and dropped items.

    Example: rendement compare examples/buurtcoaches-ouderen-realisatie.yaml
    --forecast examples/buurtcoaches-ouderen.yaml
    """
    from rendement.cli.main import _max_file_bytes

    check_count("--draws", draws, 1, COMPARE_MAX_DRAWS)
    if lang not in ("nl", "en"):
        typer.echo(f"--lang {lang}: choose from nl, en", err=True)
        raise typer.Exit(code=2)
    if forecast is not None:
        from rendement.usecases.forecast import compare_files

        compared = compare_files(file, forecast, draws=draws, max_bytes=_max_file_bytes())
        if compared.named_otherwise is not None:
            from rendement.texts import text

            typer.echo(
                text(
                    "forecast.other_file",
                    lang,
                    named=compared.named_otherwise,
                    forecast=compared.forecast_id,
                ),
                err=True,
            )
    else:
        from rendement.cli.registry import open_registry
        from rendement.usecases.analysis import analyse_file
        from rendement.usecases.forecast import compare_in_registry

        analysis = analyse_file(file, None, _max_file_bytes())
        if analysis.case.case.forecast is None:
            typer.echo(
                f"{file}: names no forecast (case.forecast); give one with --forecast FILE",
                err=True,
            )
            raise typer.Exit(code=2)
        registry = open_registry(database)
        try:
            compared = compare_in_registry(
                registry, analysis.case, draws=draws, actual_structure=analysis.structure
            )
        finally:
            registry.close()
    if as_json:
        from rendement.io.jsonio import finite_json, forecast_comparison_to_dict

        typer.echo(finite_json(forecast_comparison_to_dict(compared)))
        return
    from rendement.cli.forecast import print_comparison

    print_comparison(compared, lang)


def predict_command(
    status: Annotated[str | None, typer.Option(help="longlist | included | excluded")] = None,
    method: Annotated[str | None, typer.Option(help="sroi | mkba | business-case")] = None,
    domain: Annotated[str | None, typer.Option(help="A domain, e.g. ouderenwerk.")] = None,
    quadrant: Annotated[str | None, typer.Option(help="e.g. preventive/multiple")] = None,
    timing: Annotated[str | None, typer.Option(help="ex-ante | ex-post")] = None,
    evidence_level: Annotated[str | None, typer.Option("--evidence-level", help="1 to 5")] = None,
    investment: Annotated[
        float | None, typer.Option(help="An investment C: the value C · r_new too.")
    ] = None,
    estimator: Annotated[str, typer.Option(help="τ² estimator: dl | pm | reml.")] = "dl",
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    lang: Annotated[str, typer.Option(help="Language of the table: nl | en.")] = "nl",
    database: Annotated[str | None, typer.Option("--database", help="Registry URL.")] = None,
) -> None:
    """What to expect of a new case like the registry's comparable ones: the predictive
    median ratio, its 80% and 95% intervals and P(ratio > 1) (random effects, t with k − 2).

    Example: rendement predict --quadrant preventive/multiple --investment 250000
    """
    from rendement.cli.registry import open_registry
    from rendement.usecases.forecast import predict_from_registry
    from rendement.usecases.registry import ESTIMATORS

    if lang not in ("nl", "en"):
        typer.echo(f"--lang {lang}: choose from nl, en", err=True)
        raise typer.Exit(code=2)
    if estimator not in ESTIMATORS:
        typer.echo(f"--estimator {estimator}: choose from {', '.join(ESTIMATORS)}", err=True)
        raise typer.Exit(code=2)
    filters = {
        "status": status,
        "method": method,
        "domain": domain,
        "quadrant": quadrant,
        "timing": timing,
        "evidence_level": evidence_level,
    }
    registry = open_registry(database)
    try:
        prediction = predict_from_registry(registry, filters, investment, estimator)
    finally:
        registry.close()
    if as_json:
        from rendement.io.jsonio import finite_json, prediction_to_dict

        typer.echo(finite_json(prediction_to_dict(prediction)))
        return
    from rendement.cli.forecast import print_prediction

    print_prediction(prediction, lang)


def register(main_app: typer.Typer) -> None:
    main_app.command("compare")(compare_command)
    main_app.command("predict")(predict_command)
