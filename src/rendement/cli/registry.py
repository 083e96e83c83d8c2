"""`rendement registry …` and `rendement meta`: the registry of cases on the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from rendement.cli.limits import MAX_RESAMPLES, MIN_RESAMPLES, check_count
from rendement.usecases.errors import NotFoundError, RegistryError

if TYPE_CHECKING:
    from rendement.usecases.store import Registry

app = typer.Typer(
    help=(
        "Keep many business cases: import, screen, history, diff, export.\n\n"
        "Example: rendement registry import examples/ examples/registry/"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

Database = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Database URL (default: RENDEMENT_DATABASE_URL, else a SQLite file in your "
        "data folder).",
    ),
]


def open_registry(database: str | None, *, create: bool = False) -> Registry:
    """The registry named by --database or the settings; only ``import`` may create one."""
    from rendement.settings import Settings
    from rendement.usecases.registry import open_registry as open_

    return open_(database or Settings().database_url, create=create)


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=2)


def _author(author: str | None) -> str:
    from rendement.settings import Settings
    from rendement.usecases.registry import AUTHOR_LENGTH

    name = author or Settings().author
    if len(name) > AUTHOR_LENGTH:
        where = "--author" if author else "RENDEMENT_AUTHOR"
        raise _fail(f"{where}: at most {AUTHOR_LENGTH} characters (got {len(name)})")
    return name


def _plain(value: str) -> str:
    """Text from the registry as the terminal must show it: control and bidi characters by
    name, so a saved message cannot move the cursor or reverse a line."""
    from rendement.report.neutral import neutralise

    return neutralise(value)


def _dump(data: Any) -> None:
    """Strict JSON (no NaN or Infinity); dates and other values as text."""
    from rendement.io.jsonio import finite_json

    typer.echo(finite_json(json.loads(json.dumps(data, default=str))))


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Case or summary files, or folders of them.")],
    message: Annotated[str, typer.Option(help="Why: kept with every new version.")] = "",
    author: Annotated[str | None, typer.Option(help="Who (default: RENDEMENT_AUTHOR).")] = None,
    database: Database = None,
) -> None:
    """Import files; each is added, updated, unchanged or rejected whole.

    Example: rendement registry import examples/
    """
    from rendement.cli.main import _max_file_bytes
    from rendement.usecases.registry import import_paths

    name = _author(author)
    max_bytes = _max_file_bytes()
    registry = open_registry(database, create=True)
    reports = import_paths(registry, paths, name, message, max_bytes)
    rejected = 0
    for r in reports:
        if r.action == "rejected":
            rejected += 1
            typer.echo(f"rejected   {r.file}", err=True)
            for problem in r.problems:
                typer.echo(f"  {problem}", err=True)
        else:
            note = f"  ({r.note})" if r.note else ""
            typer.echo(f"{r.action:<10} {r.entry_id} (version {r.version})  {r.file}{note}")
    counts = {a: sum(r.action == a for r in reports) for a in ("added", "updated", "unchanged")}
    typer.echo(
        f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{rejected} rejected"
    )
    if rejected:
        raise typer.Exit(code=2)


def _filters(
    status: str | None,
    method: str | None,
    domain: str | None,
    quadrant: str | None,
    timing: str | None,
    evidence_level: int | None,
) -> dict[str, Any]:
    """The filters given on the command line, for ``Registry.entries``; a value outside its
    choices is refused as ``--estimator`` is, naming the option and the choices."""
    from rendement.usecases.registry import FILTER_CHOICES

    for option, value in (
        ("status", status),
        ("method", method),
        ("quadrant", quadrant),
        ("timing", timing),
    ):
        choices = FILTER_CHOICES[option]
        if value is not None and value not in choices:
            raise _fail(f"--{option} {value}: choose from {', '.join(choices)}")
    given = {
        "status": status,
        "method": method,
        "domain": domain,
        "quadrant": quadrant,
        "timing": timing,
        "evidence_level": evidence_level,
    }
    return {k: v for k, v in given.items() if v is not None}


LANGUAGES = ("nl", "en")

Status = Annotated[str | None, typer.Option(help="longlist | included | excluded")]
Method = Annotated[str | None, typer.Option(help="sroi | mkba | business-case")]
Domain = Annotated[str | None, typer.Option(help="A domain, e.g. ouderenwerk.")]
Quadrant = Annotated[str | None, typer.Option(help="e.g. preventive/multiple")]
Timing = Annotated[str | None, typer.Option(help="ex-ante | ex-post")]
Level = Annotated[int | None, typer.Option("--evidence-level", min=1, max=5, help="1 to 5")]


@app.command("list")
def list_(
    status: Status = None,
    method: Method = None,
    domain: Domain = None,
    quadrant: Quadrant = None,
    timing: Timing = None,
    evidence_level: Level = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    database: Database = None,
) -> None:
    """List the entries, with filters.

    Example: rendement registry list --status included --method mkba
    """
    entries = open_registry(database).entries(
        **_filters(status, method, domain, quadrant, timing, evidence_level)
    )
    if as_json:
        _dump(
            [
                {
                    "id": e.id,
                    "kind": e.kind,
                    "version": e.current_version,
                    "title": e.title,
                    "status": e.status,
                    "analysis": e.analysis,
                    "method": e.method,
                    "domain": e.domain,
                    "quadrant": e.quadrant,
                    "timing": e.timing,
                    "evidence_level": e.evidence_level,
                    "ratio": e.ratio,
                    "balance": e.balance,
                }
                for e in entries
            ]
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(entries)} entries", title_justify="left")
    for name in ("id", "v", "status", "method", "quadrant", "level", "ratio"):
        table.add_column(name, no_wrap=True)
    for e in entries:
        table.add_row(
            e.id,
            str(e.current_version),
            e.status,
            e.method or "–",
            e.quadrant or "–",
            str(e.evidence_level or "–"),
            "–" if e.ratio is None else f"{e.ratio:.2f}",
        )
    Console(highlight=False).print(table)


@app.command()
def show(
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    version: Annotated[int | None, typer.Option(help="An older version.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    database: Database = None,
) -> None:
    """Show an entry's document and figures (the newest version unless --version).

    Example: rendement registry show samenoud --version 1
    """
    from dataclasses import asdict

    v = open_registry(database).get(entry_id, version)
    if as_json:
        _dump(
            {
                "id": v.entry_id,
                "version": v.number,
                "author": v.author,
                "message": v.message,
                "created_at": v.created_at.isoformat(),
                "figures": asdict(v.figures),
                "document": v.data,
            }
        )
        return
    import sys

    from ruamel.yaml import YAML

    when = f"{v.created_at:%Y-%m-%d %H:%M}"
    message, author = _plain(v.message), _plain(v.author)
    typer.echo(f"# {v.entry_id}, version {v.number}: {message} ({author}, {when})")
    yaml = YAML(typ="rt")
    yaml.dump(v.data, sys.stdout)
    f = v.figures
    typer.echo(
        f"# ratio {f.ratio if f.ratio is not None else '–'}, interval "
        f"{[f.ratio_low, f.ratio_high] if f.ratio_low is not None else '–'}, minimum variant "
        f"{f.conservative_ratio if f.conservative_ratio is not None else '–'}, "
        f"balance {f.balance or '–'}, evidence level {f.evidence_level or '–'}"
    )


@app.command()
def history(
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    database: Database = None,
) -> None:
    """Every version of an entry: who, when, why.

    Example: rendement registry history samenoud
    """
    for v in open_registry(database).history(entry_id):
        ratio = "–" if v.figures.ratio is None else f"{v.figures.ratio:.2f}"
        typer.echo(
            f"{v.number:>4}  {v.created_at:%Y-%m-%d %H:%M:%S}  {_plain(v.author):<12}  "
            f"ratio {ratio:<6} {_plain(v.message)}"
        )


@app.command()
def diff(
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    old: Annotated[int, typer.Argument(metavar="V1")],
    new: Annotated[int, typer.Argument(metavar="V2")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    database: Database = None,
) -> None:
    """Which inputs changed between two versions, and how the result moved.

    Example: rendement registry diff samenoud 1 2
    """
    from rendement.usecases.registry import diff as compare

    d = compare(open_registry(database), entry_id, old, new)
    if as_json:
        _dump(
            {
                "id": d.entry_id,
                "from": d.old_version,
                "to": d.new_version,
                "inputs": [{"path": c.path, "old": c.old, "new": c.new} for c in d.inputs],
                "results": [{"figure": c.path, "old": c.old, "new": c.new} for c in d.results],
            }
        )
        return
    typer.echo(f"{entry_id}: version {old} → {new}")
    if not d.inputs:
        typer.echo("  no input changed")
    for c in d.inputs:
        typer.echo(f"  {_plain(c.path)}: {_plain(repr(c.old))} → {_plain(repr(c.new))}")
    for c in d.results:
        typer.echo(f"  result {c.path}: {c.old!r} → {c.new!r}")


@app.command()
def screen(
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    include: Annotated[
        bool, typer.Option("--include", help="Include the entry in the analysis.")
    ] = False,
    exclude: Annotated[
        str | None, typer.Option("--exclude", metavar="REASON", help="Exclude it, saying why.")
    ] = None,
    longlist: Annotated[bool, typer.Option("--longlist", help="Put it back unscreened.")] = False,
    reason: Annotated[str | None, typer.Option(help="A note with an inclusion.")] = None,
    base_version: Annotated[
        int | None, typer.Option(help="Refuse if the entry moved past this version.")
    ] = None,
    author: Annotated[str | None, typer.Option()] = None,
    database: Database = None,
) -> None:
    """Screen an entry: --include, --exclude REASON or --longlist.

    Example: rendement registry screen teentalk --exclude "no effect measured"
    """
    from rendement.usecases.registry import screen as do_screen

    chosen = [
        name
        for name, on in (
            ("include", include),
            ("exclude", exclude is not None),
            ("longlist", longlist),
        )
        if on
    ]
    if len(chosen) != 1:
        typer.echo("give exactly one of --include, --exclude REASON, --longlist", err=True)
        raise typer.Exit(code=2)
    status = {"include": "included", "exclude": "excluded", "longlist": "longlist"}[chosen[0]]
    name = _author(author)
    registry = open_registry(database)
    if base_version is not None:
        registry.entry(entry_id)  # an unknown id is said as such, not as a bad option
        try:
            registry.check_version(entry_id, base_version)
        except NotFoundError as error:
            raise _fail(f"--base-version {base_version}: {error}") from None
    number = do_screen(
        registry, entry_id, status, exclude if status == "excluded" else reason, name, base_version
    )
    typer.echo(f"{entry_id}: {status} (version {number})")


@app.command()
def restore(
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    version: Annotated[int, typer.Argument(metavar="VERSION")],
    author: Annotated[str | None, typer.Option()] = None,
    database: Database = None,
) -> None:
    """Make an old version the newest again (as a new version).

    Example: rendement registry restore samenoud 1
    """
    from rendement.usecases.registry import restore as do_restore

    name = _author(author)
    number = do_restore(open_registry(database), entry_id, version, name)
    typer.echo(f"{entry_id}: version {version} restored as version {number}")


@app.command()
def export(
    folder: Annotated[Path, typer.Argument(metavar="DIR")],
    force: Annotated[bool, typer.Option("--force", help="Replace files already in DIR.")] = False,
    database: Database = None,
) -> None:
    """Write every entry's newest version to DIR/<id>.yaml (import reads them back).

    Kept: each entry's newest document with its screening. Not kept: the history (earlier
    versions, authors, messages). A file already in DIR is replaced only with --force.

    Example: rendement registry export backup/
    """
    from rendement.usecases.registry import export as do_export

    if folder.exists() and not folder.is_dir():
        raise _fail(f"{folder}: is a file; export writes into a folder")
    written = do_export(open_registry(database), folder, force=force)
    typer.echo(f"{len(written)} entries written to {folder}")


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    database: Database = None,
) -> None:
    """Back up the whole registry: versions, people, organisations, workshops, portfolios.

    FILE.sqlite3 is a copy by SQLite's online backup (for a SQLite registry); any other name
    gets a logical export that restores into SQLite or PostgreSQL.

    Example: rendement registry backup registry-2026-12-01.jsonl
    """
    from rendement.usecases.backup import backup as do_backup

    kind = do_backup(open_registry(database), file, force=force)
    typer.echo(f"{file}: backup written ({kind})")


@app.command("restore-backup")
def restore_backup(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    database: Database = None,
) -> None:
    """Restore a backup into an empty registry (nothing is changed when it is refused).

    Example: RENDEMENT_DATABASE_URL=postgresql+psycopg://… rendement registry restore-backup
    registry-2026-12-01.jsonl
    """
    from rendement.usecases.backup import restore_backup as do_restore

    kind = do_restore(open_registry(database, create=True), file)
    typer.echo(f"{file}: restored ({kind})")


def meta_command(
    status: Status = None,
    method: Method = None,
    domain: Domain = None,
    quadrant: Quadrant = None,
    timing: Timing = None,
    evidence_level: Level = None,
    by: Annotated[
        list[str] | None,
        typer.Option(help="Subgroups: quadrant, domain, method, evidence_level, timing."),
    ] = None,
    minimum: Annotated[
        bool, typer.Option("--minimum", help="Lead with the minimum variant (conservative).")
    ] = False,
    estimator: Annotated[str, typer.Option(help="τ² estimator: dl | pm | reml.")] = "dl",
    resamples: Annotated[int, typer.Option(help="Bootstrap resamples, 100 to 10^6.")] = 10_000,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Also write out.html or out.pdf.")
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of tables and report: nl | en.")] = "nl",
    database: Database = None,
    calibration: Annotated[
        bool,
        typer.Option(
            "--calibration",
            help="The calibration of forecasts instead: every ex-post case that names its "
            "forecast (method.md §14).",
        ),
    ] = False,
    draws: Annotated[
        int, typer.Option(help="With --calibration: draws of each forecast (1 to 10^6).")
    ] = 10_000,
) -> None:
    """Meta-analysis over the registry: funnel, mean, median, pooled and random-effects ratios.

    Example: rendement meta --by quadrant --minimum
    """
    from rendement.usecases.registry import (
        ESTIMATORS,
        SUBGROUP_FIELDS,
        meta_inputs,
        meta_to_dict,
        summarise,
    )

    check_count("--resamples", resamples, MIN_RESAMPLES, MAX_RESAMPLES)
    if lang not in LANGUAGES:
        raise _fail(f"--lang {lang}: choose from {', '.join(LANGUAGES)}")
    if estimator not in ESTIMATORS:
        typer.echo(f"--estimator {estimator}: choose from {', '.join(ESTIMATORS)}", err=True)
        raise typer.Exit(code=2)
    fields = tuple(by) if by else tuple(SUBGROUP_FIELDS)
    unknown = [f for f in fields if f not in SUBGROUP_FIELDS]
    if unknown:
        typer.echo(f"--by {unknown[0]}: choose from {', '.join(SUBGROUP_FIELDS)}", err=True)
        raise typer.Exit(code=2)
    registry = open_registry(database)
    if calibration:
        from rendement.cli.forecast import calibration_command

        filters = {"status": status, "method": method, "domain": domain, "quadrant": quadrant}
        level = None if evidence_level is None else str(evidence_level)
        calibration_command(
            registry, {**filters, "evidence_level": level}, draws, resamples, seed, as_json, lang
        )
        return
    entries = registry.entries(**_filters(status, method, domain, quadrant, timing, evidence_level))
    summary = summarise(
        meta_inputs(entries), by=fields, estimator=estimator, resamples=resamples, seed=seed
    )
    result = meta_to_dict(summary)
    if report is not None:
        from rendement.cli.forecast import calibration_json

        level = None if evidence_level is None else str(evidence_level)
        chosen = {"status": status, "method": method, "domain": domain, "quadrant": quadrant}
        calibrated = calibration_json(
            registry, {**chosen, "evidence_level": level}, resamples, seed
        )
        _write_registry_report(report, result, entries, fields, lang, summary.notices, calibrated)
    if as_json:
        _dump(result)
        return
    from rendement.cli.meta_tables import print_meta

    print_meta(result, fields, minimum, lang, summary.notices)


def _write_registry_report(
    path: Path,
    result: dict[str, Any],
    entries: list[Any],
    fields: tuple[str, ...],
    lang: str,
    notices: tuple[Any, ...],
    calibration: dict[str, Any] | None = None,
) -> None:
    if path.suffix.lower() not in (".html", ".pdf") or lang not in ("nl", "en"):
        typer.echo(f"{path}: the report must end in .html or .pdf (--lang nl or en)", err=True)
        raise typer.Exit(code=2)
    from rendement.report.atomic import ReportWriteError, write_atomically
    from rendement.report.pdf import write_pdf
    from rendement.report.registry import render_registry
    from rendement.usecases.registry import report_cases

    html = render_registry(result, report_cases(entries), fields, lang, notices, calibration)

    def write(target: Path) -> None:
        if path.suffix.lower() == ".html":
            target.write_text(html, encoding="utf-8")
        else:
            write_pdf(html, target)

    try:
        write_atomically(path, write)
    except ReportWriteError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"{path}: written", err=True)


def register(main_app: typer.Typer) -> None:
    main_app.add_typer(app, name="registry")
    main_app.command("meta")(meta_command)


__all__ = ["RegistryError", "register"]
