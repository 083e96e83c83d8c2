"""Use cases that combine the layers: import into the registry, screen, diff, export, meta.

The registry stores and the engine computes; this module is where a document read by ``io``
is evaluated by ``engine`` and saved by ``registry``, so that the CLI and the web app only
present. It holds no formula of its own.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from rendement.engine import prepare, scenario_row
from rendement.engine.evaluate import point_evaluation
from rendement.engine.simulate import simulate
from rendement.io.yamlio import iter_case_files, load_document
from rendement.model import Case, CaseError, Summary, parse_document
from rendement.model.evidence import case_flags, derived_level, summary_flags
from rendement.registry import Figures, Registry, RegistryError
from rendement.registry.repo import Entry

# draws used for a full case's own interval of its ratio (method.md §10)
INTERVAL_DRAWS = 2000
INTERVAL_SEED = 0


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _case_ratio(method: str | None, sroi: float | None, bcr: float | None) -> float | None:
    """The ratio a case reports: the benefit-cost ratio for an MKBA, else the SROI ratio."""
    return bcr if method == "mkba" else sroi


def figures_for(document: Case | Summary) -> Figures:
    """Evaluate a document for the registry: ratio, interval, minimum variant, evidence."""
    if isinstance(document, Summary):
        s = document.summary
        derived = derived_level(s.evidence)
        level = s.evidence_override.level if s.evidence_override else derived
        ratio = s.ratio.value if s.ratio else None
        balance = s.balance
        if balance is None and ratio is not None:
            balance = "positive" if ratio > 1 else "negative" if ratio < 1 else "undetermined"
        low, high = (s.ratio.low, s.ratio.high) if s.ratio else (None, None)
        return Figures(
            analysis=s.derived_analysis,
            ratio=ratio,
            ratio_low=low,
            ratio_high=high,
            conservative_ratio=s.conservative_ratio,
            benefits=s.value,
            costs=s.investment,
            npv=None if s.value is None or s.investment is None else s.value - s.investment,
            balance=balance,
            evidence_level=level,
            evidence_level_derived=derived,
            flags=summary_flags(s.evidence),
        )
    structure = prepare(document)
    base = point_evaluation(structure, scenario_row(structure, None), "base")
    conservative = point_evaluation(
        structure, scenario_row(structure, "conservative"), "conservative"
    )
    method = document.case.method
    ratio = _case_ratio(method, base.sroi_ratio, base.bcr)
    low = high = None
    if structure.ranged:
        sim = simulate(structure, INTERVAL_DRAWS, INTERVAL_SEED)
        spread = sim.bcr if method == "mkba" else sim.sroi_ratio
        low, high = spread.p2_5, spread.p97_5
        if low is None or high is None or low <= 0 or not low < high:
            low = high = None  # no interval on the log scale
    registry = document.registry
    derived = derived_level(document.case.evidence)
    level = registry.evidence_override.level if registry and registry.evidence_override else derived
    monetised = any(not o.is_pm for o in document.outcomes) and base.pv_investment > 0
    analysis = (registry.analysis if registry and registry.analysis else None) or (
        "quantitative" if monetised else "qualitative"
    )
    c = base.conventions
    return Figures(
        analysis=analysis,
        ratio=_finite(ratio),
        ratio_low=low,
        ratio_high=high,
        conservative_ratio=_finite(_case_ratio(method, conservative.sroi_ratio, conservative.bcr)),
        benefits=base.pv_benefits,
        costs=base.pv_investment,
        conservative_benefits=conservative.pv_benefits,
        conservative_costs=conservative.pv_investment,
        npv=base.npv,
        balance=base.conclusion,
        evidence_level=level,
        evidence_level_derived=derived,
        flags=dict(case_flags(document)),
        conventions=(
            f"{c.discounting} {c.discount_rate:.4f}, prices of {c.price_year} {c.currency}, "
            f"horizon {c.horizon}"
        ),
    )


@dataclass(frozen=True)
class ImportReport:
    file: str
    action: str  # added | updated | unchanged | rejected
    entry_id: str | None = None
    version: int | None = None
    problems: tuple[str, ...] = ()


# files read and saved per transaction: each file has its own savepoint, so it is imported
# whole or not at all; a process killed mid-import loses only the unfinished batch
IMPORT_BATCH = 500


@dataclass(frozen=True)
class _Prepared:
    path: Path
    entry_id: str
    document: Case | Summary
    data: Any
    figures: Figures


def _prepare(path: Path) -> _Prepared | ImportReport:
    try:
        loaded = load_document(path)
        try:
            figures = figures_for(loaded.document)
        except CaseError as error:
            raise loaded.locate(error) from None
    except CaseError as error:
        return ImportReport(str(path), "rejected", problems=tuple(str(i) for i in error.issues))
    document = loaded.document
    entry_id = document.summary.id if isinstance(document, Summary) else document.case.id
    return _Prepared(path, entry_id, document, loaded.data, figures)


def import_paths(
    registry: Registry, paths: list[Path], author: str, message: str = ""
) -> list[ImportReport]:
    """Import files and folders; every file is added, updated, unchanged or rejected whole."""
    reports = []
    for path in paths:
        if path.is_dir() and not any(iter_case_files([path])):
            reports.append(
                ImportReport(str(path), "rejected", problems=("no case files in this folder",))
            )
    files = list(iter_case_files(paths))
    for first in range(0, len(files), IMPORT_BATCH):
        prepared = [_prepare(f) for f in files[first : first + IMPORT_BATCH]]
        with registry.batch() as batch:
            current = batch.current([p.entry_id for p in prepared if isinstance(p, _Prepared)])
            for item in prepared:
                if isinstance(item, ImportReport):
                    reports.append(item)
                    continue
                version, data = current.get(item.entry_id, (None, None))
                if data == item.data:
                    reports.append(
                        ImportReport(str(item.path), "unchanged", item.entry_id, version)
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
                    )
                except RegistryError as error:
                    reports.append(
                        ImportReport(
                            str(item.path), "rejected", item.entry_id, problems=(str(error),)
                        )
                    )
                    continue
                current[item.entry_id] = (result.version, item.data)
                reports.append(
                    ImportReport(str(item.path), result.action, item.entry_id, result.version)
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


def export(registry: Registry, folder: Path) -> list[Path]:
    """Write every entry's newest document to ``folder/<id>.yaml`` (import reads them back)."""
    folder.mkdir(parents=True, exist_ok=True)
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    written = []
    for entry in registry.entries():
        version = registry.get(entry.id)
        path = folder / f"{entry.id}.yaml"
        with path.open("w", encoding="utf-8") as handle:
            # a comment is one line: a title or author over several lines is folded onto it
            heading = " ".join(
                f"{entry.title}: version {version.number} of the registry, "
                f"saved by {version.author}".split()
            )
            handle.write(f"# {heading}\n")
            yaml.dump(version.data, handle)
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
