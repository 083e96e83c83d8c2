"""Use cases that combine the layers: import into the registry, screen, diff, export, meta.

The registry stores and the engine computes; this module is where a document read by ``io``
is evaluated by ``engine`` and saved by ``registry``, so that the CLI and the web app only
present. It holds no formula of its own.
"""

from __future__ import annotations

import copy
import stat
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from rendement.io.yamlio import MAX_FILE_BYTES, iter_case_files, load_document

# the choices, limits and statistics the shells show, taken from the layer that holds them
from rendement.meta import ESTIMATORS as ESTIMATORS
from rendement.meta import SUBGROUP_FIELDS as SUBGROUP_FIELDS
from rendement.meta import meta_to_dict as meta_to_dict
from rendement.meta import summarise as summarise
from rendement.model import Case, CaseError, Summary, parse_document
from rendement.registry import Figures, Registry, RegistryError
from rendement.registry.repo import FILTER_CHOICES as FILTER_CHOICES
from rendement.registry.repo import Entry
from rendement.registry.tables import AUTHOR_LENGTH as AUTHOR_LENGTH
from rendement.usecases.figures import figures_for


@dataclass(frozen=True)
class ImportReport:
    file: str
    action: str  # added | updated | unchanged | rejected
    entry_id: str | None = None
    version: int | None = None
    problems: tuple[str, ...] = ()
    note: str | None = None  # e.g. "screening kept: excluded (no effect measured)"


# files read and saved per transaction: each file has its own savepoint, so it is imported
# whole or not at all; a process killed mid-import loses only the unfinished batch
IMPORT_BATCH = 500

# the screening of an entry: decided in the registry, kept in the file so an export loses none
SCREENING_KEYS = ("status", "reason", "evidence_override")


@dataclass(frozen=True)
class _Prepared:
    path: Path
    entry_id: str
    document: Case | Summary
    data: Any
    figures: Figures


def _rejected(path: Path, *problems: str) -> ImportReport:
    return ImportReport(str(path), "rejected", problems=problems)


def _prepare(path: Path, max_bytes: int = MAX_FILE_BYTES) -> _Prepared | ImportReport:
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None  # let the reader say what is wrong with it
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # a pipe or a device would be read forever (or never end)
        return _rejected(path, f"{path}: not a regular file (a pipe or device); not read")
    from rendement.io.portfolio import is_portfolio_file

    if mode is not None and stat.S_ISREG(mode) and is_portfolio_file(path, max_bytes):
        message = f"{path}: a portfolio, not a case (run `rendement fund {path}`); not stored"
        return _rejected(path, message)
    try:
        loaded = load_document(path, max_bytes)
        try:
            figures = figures_for(loaded.document)
        except CaseError as error:
            raise loaded.locate(error) from None
    except CaseError as error:
        return _rejected(path, *(str(i) for i in error.issues))
    except OSError as error:
        return _rejected(path, f"{path}: cannot be read ({error.strerror or error})")
    except RecursionError:
        return _rejected(path, f"{path}: nested too deeply to read")
    document = loaded.document
    entry_id = document.summary.id if isinstance(document, Summary) else document.case.id
    return _Prepared(path, entry_id, document, loaded.data, figures)


def _screening_block(data: dict[str, Any]) -> dict[str, Any]:
    if "summary" in data:
        block: dict[str, Any] = data["summary"]
        return block
    return dict(data.get("registry") or {})


def screening_of(data: dict[str, Any]) -> dict[str, Any]:
    """An entry's screening as its document holds it (status longlist when not given)."""
    block = _screening_block(data)
    return {
        "status": block.get("status", "longlist"),
        "reason": block.get("reason"),
        "evidence_override": block.get("evidence_override"),
    }


def with_screening(data: dict[str, Any], screening: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its screening replaced by ``screening`` (absent keys stay absent)."""
    out = copy.deepcopy(data)
    block = out["summary"] if "summary" in out else dict(out.get("registry") or {})
    for key in SCREENING_KEYS:
        block.pop(key, None)
        if screening.get(key) is not None:
            block[key] = screening[key]
    if "summary" not in out:
        if block:
            out["registry"] = block
        else:
            out.pop("registry", None)
    return out


def _screening_text(screening: dict[str, Any]) -> str:
    reason = screening.get("reason")
    text = f"screening kept: {screening['status']}" + (f" ({reason})" if reason else "")
    override = screening.get("evidence_override")
    if override:
        text += f", evidence level {override['level']} ({override['reason']})"
    return text


def _keep_screening(
    item: _Prepared, stored: dict[str, Any], file_before: dict[str, Any] | None
) -> tuple[_Prepared, str | None]:
    """The file's document with the registry's screening, unless the file changed its own.

    A screening decided in the registry (``registry screen``) is newer than the file's; the
    file's screening wins only when it differs from what the file said at its last import.
    """
    from_file = screening_of(item.data)
    in_registry = screening_of(stored)
    before = from_file if file_before is None else file_before
    if from_file != before or from_file == in_registry:
        return item, None
    data = with_screening(item.data, in_registry)
    document = parse_document(data)
    override = in_registry["evidence_override"]
    level = override["level"] if override else item.figures.evidence_level_derived
    figures = replace(item.figures, evidence_level=level)
    return _Prepared(item.path, item.entry_id, document, data, figures), _screening_text(
        in_registry
    )


def _unique_files(paths: list[Path]) -> list[Path]:
    """The files to read, each once (a file named twice, or inside two folders given)."""
    from rendement.io.portfolio import is_portfolio_file

    seen: set[Path] = set()
    out = []
    for f in iter_case_files(paths):
        if f not in paths and is_portfolio_file(f):
            # method.md §16: a portfolio found in a folder is not a registry entry (yet)
            continue
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def import_paths(
    registry: Registry,
    paths: list[Path],
    author: str,
    message: str = "",
    max_bytes: int = MAX_FILE_BYTES,
) -> list[ImportReport]:
    """Import files and folders; every file is added, updated, unchanged or rejected whole
    (a file larger than ``max_bytes`` is rejected unread).

    Two files with one id are a conflict: the first (in the order read) is imported, every
    later one is rejected naming it, so no file silently becomes a version of another. A
    screening decided in the registry survives a re-import (see :func:`_keep_screening`).
    """
    reports = []
    for path in paths:
        if path.is_dir() and not any(iter_case_files([path])):
            reports.append(_rejected(path, "no case files in this folder"))
    files = _unique_files(paths)
    first_file: dict[str, Path] = {}
    for first in range(0, len(files), IMPORT_BATCH):
        prepared = [_prepare(f, max_bytes) for f in files[first : first + IMPORT_BATCH]]
        with registry.batch() as batch:
            ids = [p.entry_id for p in prepared if isinstance(p, _Prepared)]
            current = batch.current(ids)
            file_before = batch.file_screenings(ids)
            for item in prepared:
                if isinstance(item, ImportReport):
                    reports.append(item)
                    continue
                earlier = first_file.setdefault(item.entry_id, item.path)
                if earlier != item.path:
                    reports.append(
                        ImportReport(
                            str(item.path),
                            "rejected",
                            item.entry_id,
                            problems=(
                                f"{item.path}: id '{item.entry_id}' is also the id of "
                                f"{earlier}, imported first; this file was not saved "
                                "(give each entry its own id)",
                            ),
                        )
                    )
                    continue
                version, data = current.get(item.entry_id, (None, None))
                file_screening = screening_of(item.data)
                note = None
                if data is not None:
                    item, note = _keep_screening(item, data, file_before.get(item.entry_id))
                if data == item.data:
                    reports.append(
                        ImportReport(str(item.path), "unchanged", item.entry_id, version, note=note)
                    )
                    continue
                try:
                    result = batch.save(
                        item.document,
                        item.data,
                        item.figures,
                        base_version=version,
                        author=author,
                        message=message or f"imported from {item.path.name}",
                        file_screening=file_screening,
                    )
                except RegistryError as error:
                    reports.append(
                        ImportReport(
                            str(item.path), "rejected", item.entry_id, problems=(str(error),)
                        )
                    )
                    continue
                reports.append(
                    ImportReport(
                        str(item.path), result.action, item.entry_id, result.version, note=note
                    )
                )
    return reports


def _save_data(
    registry: Registry, entry_id: str, data: dict[str, Any], base: int, author: str, message: str
) -> int:
    document = parse_document(data)
    result = registry.save(
        document,
        data,
        figures_for(document),
        base_version=base,
        author=author,
        message=message,
        entry_id=entry_id,
    )
    return result.version


def screen(
    registry: Registry,
    entry_id: str,
    status: str,
    reason: str | None,
    author: str,
    base_version: int | None = None,
) -> int:
    """Set an entry's screening status (an exclusion needs a reason) as a new version."""
    if status == "excluded" and not reason:
        raise RegistryError(f"{entry_id}: an exclusion needs a reason")
    current = registry.get(entry_id)
    if base_version is not None:
        registry.check_version(entry_id, base_version)
    base = current.number if base_version is None else base_version
    data = copy.deepcopy(current.data)
    if "summary" in data:
        data["summary"]["status"] = status
        data["summary"].pop("reason", None)
        if reason:
            data["summary"]["reason"] = reason
    else:
        block = dict(data.get("registry") or {})
        block["status"] = status
        block.pop("reason", None)
        if reason:
            block["reason"] = reason
        data["registry"] = block
    words = {"included": "included", "excluded": "excluded", "longlist": "back on the longlist"}
    message = f"screened: {words[status]}" + (f" ({reason})" if reason else "")
    return _save_data(registry, entry_id, data, base, author, message)


def restore(registry: Registry, entry_id: str, version: int, author: str) -> int:
    """Make an old version the newest again, as a new version (history is never rewritten)."""
    old = registry.get(entry_id, version)
    current = registry.get(entry_id)
    return _save_data(
        registry, entry_id, old.data, current.number, author, f"restored version {version}"
    )


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Paths to leaf values; list items with an ``id`` are named by it, as scenario paths are."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            name = value["id"] if isinstance(value, dict) and "id" in value else str(i)
            out.update(flatten(value, f"{prefix}.{name}" if prefix else name))
    else:
        out[prefix] = data
    return out


@dataclass(frozen=True)
class Change:
    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Diff:
    entry_id: str
    old_version: int
    new_version: int
    inputs: tuple[Change, ...]
    results: tuple[Change, ...]


def diff(registry: Registry, entry_id: str, old: int, new: int) -> Diff:
    """Which inputs changed between two versions, and how the results moved."""
    a, b = registry.get(entry_id, old), registry.get(entry_id, new)
    fa, fb = flatten(a.data), flatten(b.data)
    inputs = tuple(
        Change(p, fa.get(p), fb.get(p)) for p in sorted(set(fa) | set(fb)) if fa.get(p) != fb.get(p)
    )
    results = tuple(
        Change(f.name, getattr(a.figures, f.name), getattr(b.figures, f.name))
        for f in fields(Figures)
        if getattr(a.figures, f.name) != getattr(b.figures, f.name)
    )
    return Diff(entry_id, old, new, inputs, results)


def export(registry: Registry, folder: Path, *, force: bool = False) -> list[Path]:
    """Write every entry's newest document to ``folder/<id>.yaml`` (import reads them back).

    What is kept: the newest version's document, with its screening (status, reason, evidence
    override). What is not: the earlier versions, their authors and messages. An existing
    file is never replaced unless ``force``; every target is checked before anything is
    written, so a refused export writes nothing.
    """
    entries = registry.entries()
    targets: dict[str, Path] = {}
    for entry in entries:
        path = folder / f"{entry.id}.yaml"
        other = targets.get(path.name.casefold())
        if other is not None:
            raise RegistryError(
                f"{path}: two entries would be written to one file ({other.stem} and {entry.id})"
            )
        targets[path.name.casefold()] = path
    if folder.exists() and not force:
        existing = [p for p in targets.values() if p.exists()]
        if existing:
            more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
            verb = "already exist" if more else "already exists"
            raise RegistryError(
                f"{existing[0]}{more}: {verb}; export replaces no file unless --force"
            )
    folder.mkdir(parents=True, exist_ok=True)
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    written = []
    for entry in entries:
        version = registry.get(entry.id)
        path = folder / f"{entry.id}.yaml"
        partial = path.with_name(f".{path.name}.partial")
        with partial.open("w", encoding="utf-8") as handle:
            # a comment is one line: a title or author over several lines is folded onto it
            heading = " ".join(
                f"{entry.title}: version {version.number} of the registry, "
                f"saved by {version.author}".split()
            )
            handle.write(f"# {heading}\n")
            yaml.dump(version.data, handle)
        partial.replace(path)  # a failed write leaves any earlier file whole
        written.append(path)
    return written


def meta_inputs(entries: list[Entry]) -> list[Any]:
    """The registry's entries as the meta-analysis sees them."""
    from rendement.meta import CaseSummary

    return [
        CaseSummary(
            id=e.id,
            status=e.status,
            analysis=e.analysis,
            ratio=e.ratio,
            low=e.ratio_low,
            high=e.ratio_high,
            conservative_ratio=e.conservative_ratio,
            benefits=e.benefits,
            costs=e.costs,
            conservative_benefits=e.conservative_benefits,
            conservative_costs=e.conservative_costs,
            fields={
                "quadrant": e.quadrant,
                "domain": e.domain,
                "method": e.method,
                "evidence_level": None if e.evidence_level is None else str(e.evidence_level),
                "timing": e.timing,
            },
            balance=e.balance,
        )
        for e in entries
    ]


def report_cases(entries: list[Entry]) -> list[dict[str, Any]]:
    """The entries as the registry report draws them."""
    return [
        {
            "id": e.id,
            "label": e.title,
            "approach": e.approach,
            "problems": e.problems,
            "ratio": e.ratio,
            "low": e.ratio_low,
            "high": e.ratio_high,
            "investment": e.costs,
            "status": e.status,
            "analysis": e.analysis,
            "method": e.method,
        }
        for e in entries
    ]


def open_registry(url: str, *, create: bool = True) -> Registry:
    """The registry at ``url``; with ``create=False`` a missing one is an error (a command
    that only reads must not leave a database behind)."""
    return Registry.open(url, create=create)
