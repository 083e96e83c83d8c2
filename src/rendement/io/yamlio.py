"""Read case files (YAML or JSON) keeping the line of every key, so errors can point at it."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from yaml import YAMLError as LibYamlError

from rendement.io.excel import CellMap, is_workbook, read_workbook
from rendement.io.fastyaml import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    check_events,
    fast_load,
    too_deep,
    yaml_events,
)
from rendement.io.syntax import yaml_issue
from rendement.model import Case, CaseError, Issue, Summary, parse_case, parse_document
from rendement.model.errors import Loc

MAX_FILE_BYTES = 10_000_000  # the default; settings.max_file_bytes (RENDEMENT_MAX_FILE_BYTES)


class SourceMap:
    """Line (1-based) of every key and list item of a document.

    Read lazily: a valid file is parsed by the fast reader alone, and the lines are only
    worked out (by ruamel.yaml) when an error needs one.
    """

    def __init__(self, lines: dict[Loc, int] | None = None, text: str | None = None) -> None:
        self._lines = lines
        self._text = text

    @property
    def lines(self) -> dict[Loc, int]:
        if self._lines is None:
            try:
                _, self._lines = _rt_parse(self._text or "", "<lines>")
            except CaseError:
                self._lines = {(): 1}
        return self._lines

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest ancestor that exists in the file."""
        lines = self.lines
        for end in range(len(loc), -1, -1):
            line = lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


def _locate(error: CaseError, file: str, source: SourceMap | CellMap) -> CaseError:
    """Name the file and the line (a case file) or the cell (a workbook) of each problem."""
    if isinstance(source, CellMap):
        return source.locate(error)
    return error.located(file, source.line_of)


def locator(file: str, source: SourceMap | CellMap) -> Callable[[CaseError], CaseError]:
    """What names the file and the line or cell of problems found in a document read from
    ``file`` (for a caller that validates it later, as an import does)."""
    return lambda error: _locate(error, file, source)


@dataclass(frozen=True)
class LoadedCase:
    case: Case
    file: str
    source: SourceMap | CellMap
    data: Any = None  # the document as plain data, as read

    def locate(self, error: CaseError) -> CaseError:
        """Attach this file's name and lines to problems found after loading (engine checks)."""
        return _locate(error, self.file, self.source)


@dataclass(frozen=True)
class LoadedDocument:
    """A case or a summary entry, as read."""

    document: Case | Summary
    file: str
    source: SourceMap | CellMap
    data: Any

    def locate(self, error: CaseError) -> CaseError:
        """Attach this file's name and lines to problems found after loading (engine checks)."""
        return _locate(error, self.file, self.source)


def _plain(node: Any, loc: Loc, lines: dict[Loc, int]) -> Any:
    """Convert ruamel's commented containers to dicts and lists, recording lines."""
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for raw_key, value in node.items():
            # a key YAML reads as a number or a date is still a key the person typed
            key = raw_key if isinstance(raw_key, str) else str(raw_key)
            child = (*loc, key)
            with contextlib.suppress(KeyError, TypeError):
                lines[child] = node.lc.key(raw_key)[0] + 1
            out[key] = _plain(value, child, lines)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            child = (*loc, i)
            with contextlib.suppress(KeyError, TypeError, IndexError):
                lines[child] = node.lc.item(i)[0] + 1
            items.append(_plain(value, child, lines))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _rt_parse(text: str, file: str, checked: bool = True) -> tuple[Any, dict[Loc, int]]:
    """Parse with ruamel.yaml, keeping lines; YAML problems become a CaseError with the line.

    ``checked``: the text already passed the limits of io.fastyaml (the fast reader read it);
    otherwise ruamel.yaml's own events are checked first, so that nothing deep, looping or
    exploding reaches its recursive composer.
    """
    try:
        with warnings.catch_warnings():
            # YAML 1.2 lets a later anchor reuse a name; ruamel.yaml's warning is no error
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            if not checked:
                check_events(_yaml().parse(text), file)
            node = _yaml().load(text)
    except DuplicateKeyError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        key = str(error.problem).split('"')[1] if '"' in str(error.problem) else "a key"
        raise CaseError([Issue((), f"duplicate key '{key}'", file=file, line=line)]) from None
    except MarkedYAMLError as error:
        raise CaseError([yaml_issue(error, file)]) from None
    except YAMLError as error:
        raise CaseError([Issue((), f"not valid YAML: {error}", file=file, line=1)]) from None
    if node is None:
        raise CaseError([Issue((), "the file is empty", file=file, line=1)])
    lines: dict[Loc, int] = {(): 1}
    return _plain(node, (), lines), lines


class _JsonTooLarge(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits


def _json_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _JsonTooLarge(digits)
    return int(text)


def _json_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def _too_deep(data: Any) -> bool:
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


_JSON_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


_JSON_LONG_NUMBER = re.compile(r'"(?:[^"\\]|\\.)*"|[0-9]{' + str(MAX_INT_DIGITS + 1) + ",}")


def _json_too_deep(text: str, file: str) -> CaseError:
    """Nesting beyond the limit, at the line where it goes one level too deep."""
    depth = 0
    for token in _JSON_NESTING.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return too_deep(file, text.count("\n", 0, token.start()) + 1)
        elif char in "]}":
            depth -= 1
    return too_deep(file, None)


def _json_beyond_limits(text: str, file: str, message: str) -> CaseError:
    """The JSON broke a limit; read it as YAML (JSON is nearly a subset) to find the line."""
    try:
        check_events(yaml_events(text), file)
    except CaseError as error:
        return error
    except LibYamlError:
        pass  # not readable as YAML: the line of the first long number outside a text
    for token in _JSON_LONG_NUMBER.finditer(text):
        if not token.group().startswith('"'):
            return CaseError(
                [Issue((), message, file=file, line=text.count("\n", 0, token.start()) + 1)]
            )
    return CaseError([Issue((), message, file=file)])


def _read_json(text: str, file: str) -> tuple[Any, SourceMap]:
    try:
        data = json.loads(text, object_pairs_hook=_json_without_duplicates, parse_int=_json_int)
    except json.JSONDecodeError as error:
        if error.msg.startswith("Invalid control character"):
            raise CaseError([_control_issue(text, error.pos, file)]) from None
        raise CaseError(
            [Issue((), f"not valid JSON: {error.msg}", file=file, line=error.lineno)]
        ) from None
    except _JsonTooLarge as error:
        raise _json_beyond_limits(text, file, f"number too large ({error.digits} digits)") from None
    except RecursionError:
        raise _json_too_deep(text, file) from None
    except ValueError:
        data, lines = _rt_parse(text, file, checked=False)  # the duplicate key, with its line
        return data, SourceMap(lines)
    if isinstance(data, (dict, list)) and _too_deep(data):
        raise _json_too_deep(text, file)
    return data, SourceMap(text=text)


# YAML allows only printable characters anywhere in a file (YAML 1.2, 5.1); JSON only
# forbids the C0 controls, inside texts (outside them only whitespace is allowed anyway)
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_JSON = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _control_issue(text: str, pos: int, file: str) -> Issue:
    char = text[pos]
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    kind = "control character" if unicodedata.category(char) == "Cc" else "character"
    return Issue(
        (),
        f"{kind} U+{ord(char):04X} (column {column}) is not allowed in a case file",
        file=file,
        line=line,
    )


def read_document(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML (JSON is a subset) into plain data and its source map.

    Raises :class:`CaseError` for syntax errors, duplicate keys, empty files and texts beyond
    the limits of io.fastyaml (nesting, aliases, long integers, tags), with the line.
    """
    text = text.removeprefix("\ufeff")  # a byte order mark is not content
    if not text.strip():
        raise CaseError([Issue((), "the file is empty", file=file, line=1)])
    is_json = file.endswith(".json")
    bad = (_NOT_JSON if is_json else _NOT_YAML).search(text)
    if bad is not None:
        raise CaseError([_control_issue(text, bad.start(), file)])
    if is_json:
        return _read_json(text, file)
    ok, data = fast_load(text, file)
    if ok:
        return data, SourceMap(text=text)
    data, lines = _rt_parse(text, file, checked=False)
    return data, SourceMap(lines)


def document_json(data: Any) -> str:
    """A document as a JSON case file: what ``read_document`` reads back as the same data."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _summary_not_case(data: Any, file: str) -> None:
    if isinstance(data, dict) and "summary" in data and "case" not in data:
        raise CaseError(
            [
                Issue(
                    (),
                    "this is a registry summary entry, not a case; "
                    f"use `rendement registry import {file}`",
                    file=file,
                )
            ]
        )


def load_case_text(text: str, file: str = "<case>") -> LoadedCase:
    data, source = read_document(text, file)
    _summary_not_case(data, file)
    try:
        case = parse_case(data)
    except CaseError as error:
        raise error.located(file, source.line_of) from None
    return LoadedCase(case=case, file=file, source=source, data=data)


def is_workbook_path(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read_any(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, SourceMap | CellMap]:
    """The document in a case file (YAML, JSON) or a case workbook (.xlsx), and where each of
    its keys was."""
    if is_workbook_path(path):
        return read_workbook(read_bytes(path, max_bytes), str(path))
    return read_document(read_text(path, max_bytes), str(path))


def read_upload(raw: bytes, name: str) -> tuple[Any, SourceMap | CellMap]:
    """The document in the bytes of an uploaded file: a case workbook when its name or its
    first bytes say so, else YAML or JSON text in UTF-8."""
    if is_workbook(raw, name):
        return read_workbook(raw, name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise CaseError(
            [Issue((), f"not UTF-8 text (byte 0x{raw[error.start]:02x})", file=name, line=line)]
        ) from None
    return read_document(text, name)


def load_document(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> LoadedDocument:
    """Read a case or a summary entry; every problem comes back at once in a CaseError."""
    path = Path(path)
    data, source = read_any(path, max_bytes)
    try:
        document = parse_document(data)
    except CaseError as error:
        raise _locate(error, str(path), source) from None
    return LoadedDocument(document=document, file=str(path), source=source, data=data)


def _refuse(path: Path, message: str, line: int | None = None) -> CaseError:
    return CaseError([Issue((), message, file=str(path), line=line)])


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` bytes.

    A pipe, device or socket is refused before it is opened for real (reading ``/dev/zero`` or
    a FIFO nobody writes to would never end), and never more than ``max_bytes + 1`` bytes are
    read, so a file that grows while it is read is refused too.
    """
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(path, "is a folder, not a case file")
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, "not a regular file (a pipe, device or socket); give a case file")
        # O_NONBLOCK: should the path have become a FIFO since, opening it does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise _refuse(
                    path, "not a regular file (a pipe, device or socket); give a case file"
                )
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise _refuse(path, "no such file") from None
    except IsADirectoryError:
        raise _refuse(path, "is a folder, not a case file") from None
    except OSError as error:
        raise _refuse(path, f"cannot be read ({error.strerror})") from None
    if len(raw) > max_bytes:
        raise _refuse(
            path,
            f"larger than the limit of {max_bytes} bytes "
            "(set RENDEMENT_MAX_FILE_BYTES to allow more)",
        )
    return raw


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The text of a regular file of at most ``max_bytes`` bytes, in UTF-8, BOM removed."""
    raw = read_bytes(path, max_bytes)
    if raw[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            path, "an Excel workbook, not a text file; name it .xlsx to read it as a case workbook"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start]
        raise _refuse(path, f"not a UTF-8 text file (byte 0x{byte:02x})", line) from None
    return text.removeprefix("\ufeff")


def load_case(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> LoadedCase:
    """Read and validate a case file; every problem comes back at once in a CaseError."""
    path = Path(path)
    if is_workbook_path(path):
        data, cells = read_workbook(read_bytes(path, max_bytes), str(path))
        try:
            case = parse_case(data)
        except CaseError as error:
            raise cells.locate(error) from None
        return LoadedCase(case=case, file=str(path), source=cells, data=data)
    return load_case_text(read_text(path, max_bytes), str(path))


def iter_case_files(paths: list[Path]) -> Iterator[Path]:
    """Files given, and what is named .yaml/.yml/.json inside folders given, in a stable order.

    Inside a folder, anything with such a name is listed, also a FIFO or a folder named
    ``x.yaml``: reading it then says what it is, instead of the file silently missing.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
        else:
            yield path
