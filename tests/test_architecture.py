"""The import rules of architecture.md, read from the source with ``ast``: computation stays in
engine and meta, which touch no files, database, texts or shells; the shells (cli, web) reach
the rest through the use-case layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "rendement"

# package → the packages of ours it may import (itself always)
ALLOWED = {
    "model": set(),
    "reference": {"model"},
    "engine": {"model", "reference"},
    "meta": {"engine", "model"},
    "registry": {"model"},
    # io serialises the results (their types) and says the engine's warnings in words
    "io": {"model", "engine", "meta", "reference", "texts"},
    "report": {"engine", "meta", "model", "reference", "texts", "io"},
    "usecases": {
        "model",
        "reference",
        "engine",
        "meta",
        "registry",
        "io",
        "report",
        "texts",
        "service",
        "settings",
    },
    "web": {"usecases", "report", "io", "model", "texts", "settings"},
    "cli": {
        "usecases",
        "report",
        "io",
        "model",
        "texts",
        "settings",
        "service",
        "registry",
        "engine",
        "meta",
        "reference",
    },
}
# modules at the top of the package and what they may import
TOP = {"texts": set(), "settings": set()}


def _type_only(tree: ast.AST) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:``: type hints, never run."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING",):
            for child in node.body:
                out |= {id(n) for n in ast.walk(child)}
    return out


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    hints = _type_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "rendement" and len(parts) > 1:
                found.add(parts[1])
    return found


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).parts
        package = relative[0].removesuffix(".py") if len(relative) == 1 else relative[0]
        if package == "__init__":
            continue
        out.append((package, path))
    return out


@pytest.mark.parametrize(("package", "path"), _modules(), ids=lambda x: str(x))
def test_imports_follow_the_architecture(package: str, path: Path) -> None:
    allowed = ALLOWED.get(package, TOP.get(package))
    assert allowed is not None, f"{package}: a package architecture.md does not name"
    wrong = sorted(_imports(path) - allowed - {package})
    assert wrong == [], f"{path.relative_to(SRC)} imports {wrong}"


def test_engine_and_meta_read_no_clock_files_or_environment() -> None:
    forbidden = {"os", "pathlib", "datetime", "time", "sqlalchemy", "jinja2", "babel"}
    for package in ("engine", "meta"):
        for path in (SRC / package).rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name.split(".")[0] for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module.split(".")[0]]
                assert not set(names) & forbidden, f"{path.relative_to(SRC)} imports {names}"
