"""A case as an Excel workbook (.xlsx): read values, never formulas, from a checked file.

The layout, one sheet per part of the case file (case-format.md):

- ``case``: two columns, a key and its value, e.g. ``title`` | ``Buurtcoaches``; a key is a path
  below ``case:`` in the YAML, dotted, with ``[n]`` for an item of a list (``typology.approach``,
  ``organisations[0]``, ``staff[0].fte``). A first row ``key`` | ``value`` is a header.
- ``stakeholders``, ``investments``, ``outcomes``: the first row names the fields by the same
  paths (``id``, ``quantity``, ``quantity.low``, ``proxy.ref``, ``schedule[0]``), every other
  row is one item. A cell left empty leaves the field out. A number column with its own range
  columns (``quantity`` beside ``quantity.low``) is the value of that range.
- ``scenarios``: ``scenario`` | ``parameter`` | ``value``, one override per row.

Reading is safe on a file from anyone: the zip container is checked before it is opened
(parts, size unpacked, compression ratio: a zip bomb is refused), XML with entity declarations
is refused (defusedxml, which openpyxl uses when it is installed), a formula is reported at its
cell instead of being computed or trusted, and every problem names the sheet and the cell.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from rendement.model import CaseError, Issue
from rendement.model.errors import Loc, closest

MAX_PARTS = 1_000  # files inside the zip container
MAX_UNPACKED = 40_000_000  # bytes of all parts unpacked
MAX_RATIO = 200  # unpacked / packed size of one large part; sheets of text reach about 20
MAX_ROWS = 5_000  # rows read from one sheet
MAX_COLUMNS = 200  # columns read from one row
MAX_TEXT = 20_000  # characters of one cell

TABLES = ("stakeholders", "investments", "outcomes")
SHEETS = ("case", *TABLES, "scenarios")
_HOLE = object()  # a list item not (yet) given
_SEGMENT = re.compile(r"[a-z_][a-z0-9_-]*(\[\d{1,4}\])*$")


@dataclass
class CellMap:
    """The cell (``sheet!B7``) every key of the document came from, for naming it in errors."""

    file: str
    cells: dict[Loc, str] = field(default_factory=dict)

    def cell_of(self, loc: Loc) -> str | None:
        for end in range(len(loc), -1, -1):
            cell = self.cells.get(tuple(loc[:end]))
            if cell is not None:
                return cell
        return None

    def locate(self, error: CaseError) -> CaseError:
        """The same problems, each with the workbook's name and the cell it is about."""
        issues = []
        for issue in error.issues:
            cell = self.cell_of(issue.loc) if issue.loc else None
            where = self.file if cell is None else f"{self.file} {cell}"
            issues.append(replace(issue, file=where, line=None))
        return CaseError(issues)

    def in_messages(self, error: CaseError) -> CaseError:
        """The same problems at their paths, each message starting with its cell (for a form
        that shows a problem at its field and has no place for the file)."""
        issues = []
        for issue in error.issues:
            cell = self.cell_of(issue.loc) if issue.loc else None
            message = issue.message if cell is None else f"{cell}: {issue.message}"
            issues.append(replace(issue, message=message))
        return CaseError(issues)


def is_workbook(raw: bytes, name: str) -> bool:
    """Whether an uploaded or given file is meant as a workbook (by its name or its bytes)."""
    lowered = name.lower()
    return lowered.endswith((".xlsx", ".xlsm", ".xls")) or raw[:4] in (
        b"PK\x03\x04",
        b"\xd0\xcf\x11\xe0",
    )


def _refuse(name: str, message: str) -> CaseError:
    return CaseError([Issue((), message, file=name)])


def _check_container(raw: bytes, name: str) -> None:
    """Refuse what is not a sound, modest .xlsx before any XML in it is parsed."""
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        raise _refuse(
            name,
            "an old .xls or a password-protected workbook; save it in Excel as .xlsx "
            "without a password",
        )
    if raw[:4] != b"PK\x03\x04":
        raise _refuse(name, "not an Excel workbook (.xlsx); a case file is YAML, JSON or .xlsx")
    try:
        container = zipfile.ZipFile(io.BytesIO(raw))
        parts = container.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _refuse(name, "a damaged .xlsx (its zip container cannot be read)") from None
    if len(parts) > MAX_PARTS:
        raise _refuse(name, f"holds {len(parts):,} parts; a workbook has at most {MAX_PARTS:,}")
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED:
        raise _refuse(
            name,
            f"unpacks to {unpacked:,} bytes, more than the {MAX_UNPACKED:,} a case workbook "
            "may take (refused as a possible zip bomb)",
        )
    for part in parts:
        if part.file_size > 1_000_000 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise _refuse(
                name,
                f"its part {part.filename[:80]} is compressed more than {MAX_RATIO} times "
                "(refused as a possible zip bomb)",
            )
        if part.flag_bits & 0x1:
            raise _refuse(name, "encrypted; save it without a password")
    names = {p.filename for p in parts}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse(name, "a zip file, but not an Excel workbook (.xlsx)")


def _defused() -> type[Exception]:
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]

    kind: type[Exception] = DefusedXmlException
    return kind


def _open(raw: bytes, name: str) -> Any:
    import openpyxl

    DefusedXmlException = _defused()
    try:
        return openpyxl.load_workbook(
            io.BytesIO(raw), read_only=True, data_only=False, keep_vba=False, keep_links=False
        )
    except Exception as error:  # openpyxl raises what its parsers raise on a damaged part
        if _caused_by(error, DefusedXmlException):
            raise _refuse(name, _ENTITIES) from None
        raise _refuse(
            name, f"a damaged .xlsx ({type(error).__name__}: {str(error)[:120]})"
        ) from None


_ENTITIES = "its XML declares entities or a document type, which are refused"


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``error`` or what it was raised from or during is a ``kind``."""
    seen: BaseException | None = error
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@dataclass(frozen=True)
class _Cell:
    ref: str  # sheet!B7
    value: Any


def _column(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _value(cell: Any, ref: str, issues: list[Issue]) -> Any:
    """A cell's value as case data, or None for empty; a problem goes to ``issues``."""
    value = cell.value
    kind = getattr(cell, "data_type", None)
    if value is None:
        return None
    if kind == "f" or (isinstance(value, str) and kind != "s" and value.startswith("=")):
        issues.append(
            Issue(
                (),
                f"{ref}: a formula ({str(value)[:60]}); the import reads values, not formulas: "
                "paste the value itself (Paste Special, Values)",
            )
        )
        return None
    if kind == "e":
        issues.append(Issue((), f"{ref}: an error value ({value}); enter a number or a text"))
        return None
    if isinstance(value, datetime | date | time | timedelta):
        issues.append(Issue((), f"{ref}: a date or time; enter a number or a text"))
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if not math.isfinite(value):
            issues.append(Issue((), f"{ref}: not a finite number"))
            return None
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    text = str(value)
    if len(text) > MAX_TEXT:
        issues.append(Issue((), f"{ref}: {len(text):,} characters; at most {MAX_TEXT:,}"))
        return None
    text = text.strip()
    return text or None


def _rows(sheet: Any, title: str, issues: list[Issue]) -> Iterator[tuple[int, list[_Cell]]]:
    """Row number and cells of every row with something in it, within the limits."""
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
        if number > MAX_ROWS:
            issues.append(Issue((), f"{title}: more than {MAX_ROWS:,} rows"))
            return
        cells: list[_Cell] = []
        for col, cell in enumerate(row, start=1):
            if getattr(cell, "value", None) is None:
                continue
            if col > MAX_COLUMNS:
                issues.append(Issue((), f"{title}: more than {MAX_COLUMNS} columns"))
                return
            ref = f"{title}!{_column(col)}{number}"
            value = _value(cell, ref, issues)
            if value is not None:
                cells.append(_Cell(ref, value))
        if cells:
            yield number, cells


def _parse_path(text: Any) -> Loc | None:
    """``staff[0].fte`` → ``('staff', 0, 'fte')``; None when it is no such path."""
    if not isinstance(text, str) or not text or len(text) > 200:
        return None
    loc: list[str | int] = []
    for segment in text.split("."):
        if not _SEGMENT.match(segment):
            return None
        key, *indices = segment.split("[")
        loc.append(key)
        loc.extend(int(i.rstrip("]")) for i in indices)
    return tuple(loc)


class _Builder:
    """Nested data put together path by path, with the cell of every key."""

    def __init__(self, cells: dict[Loc, str], issues: list[Issue]) -> None:
        self.cells = cells
        self.issues = issues
        self.holes: list[tuple[list[Any], int, str, Loc]] = []

    def check_holes(self) -> None:
        """A list item no cell filled: ``schedule[2]`` without ``schedule[1]``."""
        for node, index, ref, path in self.holes:
            if node[index] is _HOLE:
                self.issues.append(
                    Issue((), f"{ref}: no {_show(path)} before it; number the items from 0 up")
                )
                node[index] = None
        self.holes.clear()

    def put(self, root: dict[str, Any], base: Loc, path: Loc, value: Any, ref: str) -> None:
        node: Any = root
        for depth, part in enumerate(path):
            last = depth == len(path) - 1
            here = (*base, *path[: depth + 1])
            self.cells.setdefault(here, ref)
            if isinstance(part, int):
                if not isinstance(node, list):
                    self.issues.append(Issue((), f"{ref}: {_show(path)} is not a list here"))
                    return
                if part >= len(node):
                    # columns may come in any order: schedule[1] before schedule[0]
                    for hole in range(len(node), part):
                        self.holes.append((node, hole, ref, (*path[:depth], hole)))
                    node.extend([_HOLE] * (part + 1 - len(node)))
                if node[part] is _HOLE:
                    node[part] = value if last else self._empty(path[depth + 1])
                elif last:
                    self.issues.append(Issue((), f"{ref}: {_show(path)} is given twice"))
                    return
                elif not isinstance(node[part], dict | list):
                    node[part] = self._below(node[part], path[depth + 1])
                node = node[part]
                continue
            if not isinstance(node, dict):
                self.issues.append(Issue((), f"{ref}: {_show(path)} cannot go below a value"))
                return
            if last:
                if part in node and isinstance(node[part], dict):
                    if "value" in node[part]:
                        self.issues.append(Issue((), f"{ref}: {_show(path)} is given twice"))
                    else:
                        node[part]["value"] = value
                elif part in node:
                    self.issues.append(Issue((), f"{ref}: {_show(path)} is given twice"))
                else:
                    node[part] = value
                return
            child = node.get(part)
            if child is None:
                node[part] = self._empty(path[depth + 1])
            elif not isinstance(child, dict | list):
                node[part] = self._below(child, path[depth + 1])
            node = node[part]

    @staticmethod
    def _below(value: Any, next_part: str | int) -> Any:
        """``quantity`` given as a number and then ``quantity.low``: the number is the value
        of that range (a list cannot hold a value, so that stays the problem it is)."""
        return value if isinstance(next_part, int) else {"value": value}

    @staticmethod
    def _empty(next_part: str | int) -> Any:
        return [] if isinstance(next_part, int) else {}


def _show(path: Loc) -> str:
    from rendement.model.errors import render_path

    return render_path(path)


def _read_case_sheet(
    rows: Iterator[tuple[int, list[_Cell]]], doc: dict[str, Any], b: _Builder
) -> None:
    info: dict[str, Any] = {}
    doc["case"] = info
    for _, cells in rows:
        key, rest = cells[0], cells[1:]
        if not key.ref.split("!")[1].startswith("A"):
            b.issues.append(Issue((), f"{key.ref}: the key goes in column A, its value in B"))
            continue
        if str(key.value).lower() == "key" and rest and str(rest[0].value).lower() == "value":
            continue
        path = _parse_path(key.value)
        if path is None:
            b.issues.append(
                Issue(
                    (),
                    f"{key.ref}: '{str(key.value)[:60]}' is not a key of case "
                    "(a dotted path such as typology.approach or staff[0].fte)",
                )
            )
            continue
        if not rest:
            continue
        if len(rest) > 1:
            b.issues.append(Issue((), f"{rest[1].ref}: one value per key, in column B"))
        b.put(info, ("case",), path, rest[0].value, rest[0].ref)


def _read_table(
    title: str, rows: Iterator[tuple[int, list[_Cell]]], doc: dict[str, Any], b: _Builder
) -> None:
    items: list[Any] = []
    doc[title] = items
    header: dict[str, Loc] | None = None
    bad: set[str] = set()  # columns whose name is already reported
    for number, cells in rows:
        if header is None:
            header = {}
            seen: dict[Loc, str] = {}
            for cell in cells:
                column = cell.ref.split("!")[1].rstrip("0123456789")
                path = _parse_path(cell.value)
                if path is None:
                    bad.add(column)
                    b.issues.append(
                        Issue(
                            (),
                            f"{cell.ref}: '{str(cell.value)[:60]}' is not a field name "
                            "(a name such as deadweight, quantity.low or schedule[0])",
                        )
                    )
                elif path in seen:
                    bad.add(column)
                    b.issues.append(
                        Issue((), f"{cell.ref}: the column {cell.value} twice (also {seen[path]})")
                    )
                else:
                    seen[path] = cell.ref
                    header[column] = path
            continue
        item: dict[str, Any] = {}
        index = len(items)
        items.append(item)
        b.cells[(title, index)] = f"{title}!A{number}"
        for cell in cells:
            path = header.get(_col_of(cell))
            if path is None:
                if _col_of(cell) not in bad:
                    b.issues.append(
                        Issue((), f"{cell.ref}: a value in a column the header row names no field")
                    )
                continue
            b.put(item, (title, index), path, cell.value, cell.ref)


def _col_of(cell: _Cell) -> str:
    return cell.ref.split("!")[1].rstrip("0123456789")


def _read_scenarios(
    rows: Iterator[tuple[int, list[_Cell]]], doc: dict[str, Any], b: _Builder
) -> None:
    scenarios: dict[str, dict[str, Any]] = {}
    for _, cells in rows:
        by_col = {_col_of(c): c for c in cells}
        first = by_col.get("A")
        if first is not None and str(first.value).lower() == "scenario":
            continue
        name, parameter, value = (by_col.get(c) for c in ("A", "B", "C"))
        if name is None or parameter is None or value is None:
            ref = cells[0].ref
            b.issues.append(
                Issue(
                    (),
                    f"{ref}: a scenario row names the scenario (A), the parameter (B) "
                    "and its value (C)",
                )
            )
            continue
        overrides = scenarios.setdefault(str(name.value), {})
        b.cells.setdefault(("scenarios", str(name.value)), name.ref)
        key = str(parameter.value)
        if key in overrides:
            b.issues.append(Issue((), f"{parameter.ref}: {key} twice in scenario {name.value}"))
            continue
        overrides[key] = value.value
        b.cells[("scenarios", str(name.value), key)] = value.ref
    if scenarios:
        doc["scenarios"] = scenarios


def read_workbook(raw: bytes, name: str) -> tuple[dict[str, Any], CellMap]:
    """The case document a workbook holds, and the cell of each of its keys.

    Raises :class:`CaseError` naming the sheet and cell of every problem found.
    """
    _check_container(raw, name)
    workbook = _open(raw, name)
    issues: list[Issue] = []
    cells = CellMap(name)
    builder = _Builder(cells.cells, issues)
    doc: dict[str, Any] = {"rendement": 1}
    try:
        by_name: dict[str, Any] = {}
        for sheet in workbook.worksheets:
            key = sheet.title.strip().lower()
            if key not in SHEETS:
                near = closest(key, SHEETS)
                hint = f" (did you mean {near[0]}?)" if near else ""
                issues.append(
                    Issue(
                        (),
                        f"sheet '{sheet.title[:40]}' is not part of a case workbook{hint}; "
                        f"its sheets are {', '.join(SHEETS)}",
                    )
                )
                continue
            by_name[key] = sheet
        if "case" not in by_name:
            issues.append(Issue((), "no sheet 'case' (the case's id, title and conventions)"))
        for key in SHEETS:
            sheet = by_name.get(key)
            if sheet is None:
                continue
            try:
                rows = _rows(sheet, key, issues)
                if key == "case":
                    _read_case_sheet(rows, doc, builder)
                elif key == "scenarios":
                    _read_scenarios(rows, doc, builder)
                else:
                    _read_table(key, rows, doc, builder)
            except CaseError:
                raise
            except Exception as error:  # a damaged sheet part, found while streaming it
                if _caused_by(error, _defused()):
                    raise _refuse(name, _ENTITIES) from None
                issues.append(
                    Issue(
                        (), f"sheet {key} is damaged ({type(error).__name__}: {str(error)[:120]})"
                    )
                )
    finally:
        workbook.close()
    builder.check_holes()
    if issues:
        raise CaseError([replace(i, file=name) for i in issues])
    return doc, cells


# -- writing: a case document as such a workbook (``rendement new case.xlsx``) ---------------


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if "value" in value and path:
            out[path] = value["value"]
        for key, child in value.items():
            if key == "value" and path:
                continue
            _flatten(child, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            _flatten(child, f"{path}[{i}]", out)
    else:
        out[path] = value  # None too: its column is there to fill in


class WorkbookLayoutError(ValueError):
    """A document holds parts the workbook layout has no sheet for."""


def write_workbook(document: dict[str, Any]) -> bytes:
    """The workbook :func:`read_workbook` reads back as the same document.

    Only the parts the layout holds may be in it (``rendement``, ``case``, the three tables and
    ``scenarios``); anything else raises :class:`WorkbookLayoutError` rather than being lost.
    """
    import openpyxl

    extra = sorted(set(document) - {"rendement", *SHEETS})
    if extra:
        raise WorkbookLayoutError(
            f"a case workbook has no sheet for {', '.join(extra)}; keep this case in YAML"
        )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "case"
    flat: dict[str, Any] = {}
    _flatten(document.get("case", {}), "", flat)
    _write_rows(ws, [["key", "value"], *([k, v] for k, v in flat.items())])
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 50
    for title in TABLES:
        rows = []
        columns: dict[str, None] = {}
        for item in document.get(title, []):
            flat = {}
            _flatten(item, "", flat)
            rows.append(flat)
            columns.update(dict.fromkeys(flat))
        _write_rows(
            wb.create_sheet(title), [list(columns), *([r.get(c) for c in columns] for r in rows)]
        )
    scenarios = document.get("scenarios") or {}
    if scenarios:
        lines: list[list[Any]] = [["scenario", "parameter", "value"]]
        for scenario, overrides in scenarios.items():
            lines.extend([scenario, parameter, value] for parameter, value in overrides.items())
        _write_rows(wb.create_sheet("scenarios"), lines)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_rows(sheet: Any, rows: list[list[Any]]) -> None:
    """Rows into a sheet, the first in bold; a text is always a text cell, never a formula
    (a title such as ``=HYPERLINK(...)`` stays the words it is, also when edited in Excel)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    bold = Font(bold=True)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            if isinstance(value, str):
                cell = sheet.cell(row=r, column=c, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"
                if value[:1] in ("=", "+", "-", "@"):
                    cell.quotePrefix = True
            else:
                cell = sheet.cell(row=r, column=c, value=value)
            if r == 1:
                cell.font = bold
