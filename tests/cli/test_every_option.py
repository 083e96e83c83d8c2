"""Every option and argument of every command, found by walking the command tree, given values a
person can mistype: each invocation ends as the console script ends it, with its output or with
lines naming what is wrong, never with an exception that ``main()`` would call an internal error.

``serve`` is left out: a value it accepts starts a server that runs until stopped; its
refusals are pinned in ``test_serve_options.py``, each run with a time limit.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import typer.main
from pydantic import ValidationError
from typer.testing import CliRunner

from rendement.cli.main import app
from rendement.model.errors import UserError

ROOT = Path(__file__).parents[2]
EMAIL = "ana@gemeente.nl"
LEFT_OUT = {("serve",)}

INTEGERS = ["", "-1", "0", "99999999999999999999", "1.5", "nan", "abc", "2147483648"]
FLOATS = ["", "-1", "nan", "inf", "-inf", "1e309", "abc", "0"]
TEXTS = [
    "",
    " ",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "=HYPERLINK(1)",
    "e\u0301\u202e\u2713",
    "x" * 5000,
    "\n",
]
DATABASES = [
    "",
    "not a url",
    "mysql://root@127.0.0.1/test",
    "sqlite:////nonexistent-folder/registry.sqlite3",
    "postgresql://nobody@127.0.0.1:1/none",
]


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield path, command


COMMANDS = dict(_commands(typer.main.get_command(app)))


def _annotation(parameter: Any) -> Any:
    annotation = parameter.type_descriptor.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    return annotation


def _paths(folder: Path) -> list[str]:
    """Files and folders that are not what a command wants: relative ones stay inside the sweep's
    own folder (it is the working directory) and no absolute one can be written."""
    return [
        "",
        ".",
        "..",
        str(folder / "missing.yaml"),
        str(folder / "missing-folder" / "deeper" / "file.yaml"),
        str(folder / "binary.yaml"),
        str(folder / "broken.yaml"),
        str(folder / "latin1.yaml"),
        str(folder / "case.xlsx"),
        "/proc/version",
        "y" * 300,
        "../../etc/passwd",
    ]


def _hostile(parameter: Any, folder: Path) -> list[str]:
    annotation = _annotation(parameter)
    if parameter.name == "database":
        return DATABASES
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return ["", "xx", TEXTS[3]]
    if annotation is int:
        return INTEGERS
    if annotation is float:
        return FLOATS
    if annotation is Path:
        return _paths(folder)
    return TEXTS


def _switch(parameter: Any) -> bool:
    return getattr(parameter, "is_flag", False) or parameter.name == "help"


def _sweep_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sweep")
    shutil.copytree(ROOT / "examples", folder / "examples")
    (folder / "binary.yaml").write_bytes(bytes(range(256)) * 8)
    (folder / "broken.yaml").write_text("case: [unclosed\n  - :\n", encoding="utf-8")
    (folder / "latin1.yaml").write_bytes("case:\n  title: caf\xe9\n".encode("latin-1"))
    (folder / "case.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    # ../../ from the working directory stays inside the sweep's folder
    (folder / "work" / "here").mkdir(parents=True)
    return folder


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = _sweep_folder(tmp_path_factory)
    database = f"sqlite:///{folder / 'registry.sqlite3'}"
    runner = CliRunner()
    setup = [
        (["registry", "import", str(folder / "examples"), "--database", database], None),
        (["users", "add", EMAIL, "--org", "noord", "--database", database], "lang-wachtwoord\n"),
    ]
    for args, stdin in setup:
        result = runner.invoke(app, args, input=stdin)
        assert result.exit_code == 0, result.output
    return {"folder": folder, "database": database, "runner": runner}


def _valid(path: tuple[str, ...], folder: Path, database: str) -> dict[str, list[str]]:
    """A valid value for every required parameter (and a fast one for a slow default), by name;
    an option's flag is put before it where it is used."""
    case = str(folder / "examples" / "samenoud.yaml")
    values: dict[str, list[str]] = {
        "file": [case],
        "files": [case],
        "paths": [case],
        "entry_id": ["samenoud"],
        "version": ["1"],
        "old": ["1"],
        "new": ["1"],
        "email": [EMAIL],
        "org": ["noord"],
        "output": [str(folder / "report.html")],
        "folder": [str(folder / "export")],
        "database": [database],
        "draws": ["200"],
        "resamples": ["200"],
    }
    if path == ("fund",):
        values["file"] = [str(folder / "examples" / "portfolios" / "voorbeeldstad.yaml")]
    if path == ("compare",):
        values["file"] = [str(folder / "examples" / "buurtcoaches-ouderen-realisatie.yaml")]
    if path == ("new",):
        values["file"] = [str(folder / "new-case.yaml")]
    if path == ("registry", "backup"):
        values["file"] = [str(folder / "backup.sqlite3")]
    if path == ("registry", "restore-backup"):
        values["file"] = [str(folder / "missing-backup.sqlite3")]
    return values


def _invocation(
    path: tuple[str, ...], command: Any, target: Any, value: str, folder: Path, database: str
) -> list[str]:
    valid = _valid(path, folder, database)
    args = list(path)
    for parameter in command.params:
        if _switch(parameter):
            continue
        option = parameter.param_type_name == "option"
        flag = [parameter.opts[0]] if option else []
        if parameter is target:
            args += [*flag, value]
        elif parameter.name in valid and (parameter.required or option):
            args += [*flag, *valid[parameter.name]]
        elif parameter.required:
            raise AssertionError(f"{' '.join(path)}: no valid value for {parameter.name}")
    return args


def _fault(result: Any) -> str | None:
    """What is wrong with how an invocation ended, as ``main()`` would end it: a library error
    becomes its lines and exit status 2; anything else escaping is an internal error (exit 1)."""
    error = result.exception
    if isinstance(error, UserError):
        return None if str(error).strip() else f"a {type(error).__name__} that says nothing"
    if isinstance(error, OSError) or (
        isinstance(error, ValidationError) and error.title == "Settings"
    ):
        return None
    if error is not None and not isinstance(error, SystemExit):
        return f"internal error: {error!r}"
    if result.exit_code == 2 and not result.stderr.strip():
        return "exit 2 without a line saying why"
    if result.exit_code not in (0, 2):
        return f"exit {result.exit_code}: {result.stderr[-200:]}"
    return None


SWEPT = [
    (path, parameter.name)
    for path, command in COMMANDS.items()
    if path not in LEFT_OUT
    for parameter in command.params
    if not _switch(parameter)
]


def test_the_sweep_reaches_every_command_and_most_parameters() -> None:
    swept_commands = {path for path, _ in SWEPT}
    without_parameters = {path for path, command in COMMANDS.items() if not command.params}
    assert swept_commands == set(COMMANDS) - LEFT_OUT - without_parameters
    assert {"calc", "report", "fund", "registry", "users", "tokens"} <= {p[0] for p in COMMANDS}
    assert len(SWEPT) > 90


@pytest.mark.parametrize(("path", "name"), SWEPT, ids=[f"{' '.join(p)} {n}" for p, n in SWEPT])
def test_a_mistyped_value_is_answered_in_lines(
    sweep: dict[str, Any], monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...], name: str
) -> None:
    folder: Path = sweep["folder"]
    monkeypatch.chdir(folder / "work" / "here")
    command = COMMANDS[path]
    (target,) = [parameter for parameter in command.params if parameter.name == name]
    faults = []
    for value in _hostile(target, folder):
        args = _invocation(path, command, target, value, folder, sweep["database"])
        result = sweep["runner"].invoke(
            app,
            args,
            input="lang-wachtwoord\n",
            env={**os.environ, "RENDEMENT_DATABASE_URL": sweep["database"]},
        )
        fault = _fault(result)
        if fault is not None:
            faults.append(f"{value[:40]!r}: {fault}")
    assert faults == []
