"""Read case files (YAML or JSON) keeping the line of every key, so errors can point at it."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from rendement.io.fastyaml import fast_load
from rendement.model import Case, CaseError, Issue, Summary, parse_case, parse_document
from rendement.model.errors import Loc


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


@dataclass(frozen=True)
class LoadedCase:
    case: Case
    file: str
    source: SourceMap
    data: Any = None  # the document as plain data, as read

    def locate(self, error: CaseError) -> CaseError:
        """Attach this file's name and lines to problems found after loading (engine checks)."""
        return error.located(self.file, self.source.line_of)


@dataclass(frozen=True)
class LoadedDocument:
    """A case or a summary entry, as read."""

    document: Case | Summary
    file: str
    source: SourceMap
    data: Any

    def locate(self, error: CaseError) -> CaseError:
        """Attach this file's name and lines to problems found after loading (engine checks)."""
        return error.located(self.file, self.source.line_of)


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


def _yaml_issue(error: MarkedYAMLError, file: str) -> Issue:
    """A syntax error at the line the parser stopped, with where the construct began."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    problem = error.problem or "unreadable"
    context = error.context
    context_line = error.context_mark.line + 1 if error.context_mark else None
    if context and problem.startswith("but"):
        reason = f"{context}, {problem}"  # ruamel splits one sentence in two
    elif context and context_line is not None and context_line != line:
        reason = f"{problem} ({context}, started on line {context_line})"
    elif context:
        reason = f"{problem} ({context})"
    else:
        reason = problem
    return Issue((), f"not valid YAML: {reason}", file=file, line=line)


def _rt_parse(text: str, file: str) -> tuple[Any, dict[Loc, int]]:
    """Parse with ruamel.yaml, keeping lines; YAML problems become a CaseError with the line."""
    try:
        node = _yaml().load(text)
    except DuplicateKeyError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        key = str(error.problem).split('"')[1] if '"' in str(error.problem) else "a key"
        raise CaseError([Issue((), f"duplicate key '{key}'", file=file, line=line)]) from None
    except MarkedYAMLError as error:
        raise CaseError([_yaml_issue(error, file)]) from None
    except YAMLError as error:
        raise CaseError([Issue((), f"not valid YAML: {error}", file=file, line=1)]) from None
    if node is None:
        raise CaseError([Issue((), "the file is empty", file=file, line=1)])
    lines: dict[Loc, int] = {(): 1}
    return _plain(node, (), lines), lines


def _json_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def read_document(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML (JSON is a subset) into plain data and its source map.

    Raises :class:`CaseError` for syntax errors, duplicate keys and empty files, with the line.
    """
    if not text.strip():
        raise CaseError([Issue((), "the file is empty", file=file, line=1)])
    if file.endswith(".json"):
        try:
            data = json.loads(text, object_pairs_hook=_json_without_duplicates)
        except json.JSONDecodeError as error:
            raise CaseError(
                [Issue((), f"not valid JSON: {error.msg}", file=file, line=error.lineno)]
            ) from None
        except ValueError:
            data, lines = _rt_parse(text, file)  # reports the duplicate key with its line
            return data, SourceMap(lines)
        return data, SourceMap(text=text)
    ok, data = fast_load(text)
    if ok:
        return data, SourceMap(text=text)
    data, lines = _rt_parse(text, file)
    return data, SourceMap(lines)


def load_case_text(text: str, file: str = "<case>") -> LoadedCase:
    data, source = read_document(text, file)
    try:
        case = parse_case(data)
    except CaseError as error:
        raise error.located(file, source.line_of) from None
    return LoadedCase(case=case, file=file, source=source, data=data)


def load_document(path: str | Path) -> LoadedDocument:
    """Read a case or a summary entry; every problem comes back at once in a CaseError."""
    path = Path(path)
    text = _read_text(path)
    data, source = read_document(text, str(path))
    try:
        document = parse_document(data)
    except CaseError as error:
        raise error.located(str(path), source.line_of) from None
    return LoadedDocument(document=document, file=str(path), source=source, data=data)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseError([Issue((), "no such file", file=str(path))]) from None
    except IsADirectoryError:
        raise CaseError([Issue((), "is a folder, not a case file", file=str(path))]) from None
    except UnicodeDecodeError:
        raise CaseError([Issue((), "not a UTF-8 text file", file=str(path))]) from None
    except OSError as error:
        raise CaseError([Issue((), f"cannot be read ({error.strerror})", file=str(path))]) from None


def load_case(path: str | Path) -> LoadedCase:
    """Read and validate a case file; every problem comes back at once in a CaseError."""
    path = Path(path)
    return load_case_text(_read_text(path), str(path))


def iter_case_files(paths: list[Path]) -> Iterator[Path]:
    """Files given, and the .yaml/.yml/.json files inside folders given, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file()
            )
        else:
            yield path
