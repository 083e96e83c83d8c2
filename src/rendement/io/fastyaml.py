"""A fast first reading of YAML with libyaml (PyYAML's C parser), under YAML 1.2 rules, and the
limits every reading of a file obeys.

ruamel.yaml keeps the line of every key, which every error message needs, but it parses in pure
Python: a registry import of thousands of files spent most of its time there. Valid files are
the common case, so they are read here, from libyaml's events, about ten times faster; when
anything is off (a syntax error, a duplicate key, or later a validation error) the caller reads
the file again with ruamel.yaml for the lines. To give the same data as ruamel.yaml, scalars
follow the YAML 1.2 core schema (``yes``/``no``/``on``/``off`` stay text, ``010`` is ten,
``0o10`` eight) and a duplicate key is left to ruamel.yaml to report.

Building the data from events, not with a recursive constructor, is also what makes the limits
cheap to keep: nesting deeper than :data:`MAX_DEPTH`, an alias inside the node it names, aliases
that would expand the document by more than :data:`MAX_ALIAS_VALUES` values (the "billion
laughs" of a few hundred bytes), integers longer than :data:`MAX_INT_DIGITS` digits and unknown
tags are refused with their line while the events stream by, before anything recursive or large
is built. :func:`check_events` applies the same limits to ruamel.yaml's events.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Iterable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from rendement.model import CaseError, Issue
from rendement.model.errors import Loc

MAX_DEPTH = 64  # a case file needs about six levels
MAX_ALIAS_VALUES = 100_000  # values aliases may add, over what the file spells out
MAX_INT_DIGITS = 100  # far beyond any amount; int() of 4,300+ digits raises

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP, _SEQ, _MAP = (_CORE + t for t in ("timestamp", "seq", "map"))

_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"),
    (
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+0123456789.",
    ),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL)$"), "~nN"),
    (
        _TIMESTAMP,
        re.compile(
            r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
            r"(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
            r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?)$"
        ),
        "0123456789",
    ),
)
# the tags that may be tried for a plain scalar, by its first character, in the order above
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _first in _PATTERNS:
    for _char in _first:
        _BY_FIRST.setdefault(_char, []).append((_tag, _pattern))

_TIMESTAMPS = SafeConstructor()


def too_deep(file: str | None, line: int | None) -> CaseError:
    return CaseError([Issue((), f"nested more than {MAX_DEPTH} levels deep", file=file, line=line)])


class Fallback(Exception):
    """libyaml read the text, but ruamel.yaml should describe what is wrong with it."""


class _TooLarge(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits


def _int(text: str) -> int:
    digits = text.lstrip("+-")
    if digits[:2] in ("0o", "0x"):
        digits = digits[2:]
    if len(digits) > MAX_INT_DIGITS:
        raise _TooLarge(len(digits))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered.endswith(".nan"):
        return float("nan")
    return float(text)


def _timestamp(text: str) -> datetime.date:
    value = _TIMESTAMPS.construct_yaml_timestamp(ScalarNode(_TIMESTAMP, text))
    assert isinstance(value, datetime.date)
    return value


def _typed(tag: str, text: str) -> Any:
    if tag == _BOOL:
        return text in ("true", "True", "TRUE")
    if tag == _INT:
        return _int(text)
    if tag == _FLOAT:
        return _float(text)
    if tag == _NULL:
        return None
    return _timestamp(text)


def _implicit_tag(text: str) -> str:
    if not text:
        return _NULL
    for tag, pattern in _BY_FIRST.get(text[0], ()):
        if pattern.match(text):
            return tag
    return _STR


def _shown(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Frame:
    __slots__ = ("anchor", "container", "key", "size", "slot")

    def __init__(self, container: dict[Any, Any] | list[Any], slot: str | int, anchor: Any):
        self.container = container
        self.slot = slot  # where it sits in its parent
        self.key: Any = _NO_KEY  # a mapping's key waiting for its value
        self.size = 1  # values it holds, aliases expanded
        self.anchor = anchor


_NO_KEY = object()


class _Builder:
    """Plain data from a stream of parser events (libyaml's or ruamel.yaml's: the same shape).

    ``strict``: anything ruamel.yaml should report (a duplicate key, a key that is a list or
    mapping, a second document, a scalar its explicit tag does not fit) raises
    :class:`Fallback`; otherwise it is let through, as only the limits are being checked.
    """

    def __init__(self, file: str | None, strict: bool) -> None:
        self.file = file
        self.strict = strict
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.added = 0
        self.documents = 0
        self.root: Any = None

    def refuse(self, event: Any, message: str, here: bool = True) -> CaseError:
        loc: Loc = ()
        if here and self.stack:
            parts: list[str | int] = [f.slot for f in self.stack[1:]]
            top = self.stack[-1]
            if isinstance(top.container, list):
                parts.append(len(top.container))
            elif top.key is not _NO_KEY:
                parts.append(top.key if isinstance(top.key, str) else "?")
            loc = tuple(parts)
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        return CaseError([Issue(loc, message, file=self.file, line=line)])

    def place(self, value: Any) -> str | int:
        """Put a value where the next one goes; its slot in the parent (for paths)."""
        if not self.stack:
            self.root = value
            return ""
        top = self.stack[-1]
        container = top.container
        if isinstance(container, list):
            container.append(value)
            return len(container) - 1
        if top.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                if self.strict:
                    raise Fallback
                top.key = object()
            else:
                key: Any = value if isinstance(value, str) else str(value)
                if key in container:
                    if self.strict:
                        raise Fallback
                    key = object()
                top.key = key
            return "?"
        slot = top.key
        container[slot] = value
        top.key = _NO_KEY
        return slot if isinstance(slot, str) else "?"

    def scalar(self, event: Any) -> Any:
        tag, text = event.tag, event.value
        try:
            if tag is None and event.implicit[0]:
                found = _implicit_tag(text)
                return text if found == _STR else _typed(found, text)
            if tag is None or tag in ("!", _STR):
                return text
            if tag in (_INT, _FLOAT, _BOOL, _NULL):
                if _implicit_tag(text) != tag:
                    if self.strict:
                        raise Fallback
                    return text
                return _typed(tag, text)
        except _TooLarge as error:
            raise self.refuse(event, f"number too large ({error.digits} digits)") from None
        except ValueError:  # a date that does not exist: ruamel.yaml says so
            if self.strict:
                raise Fallback from None
            return text
        raise self.refuse(event, f"unknown tag '{_shown(tag)}'; write the value without a tag")

    def alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise self.refuse(
                event,
                f"alias '*{name}' refers to the list or mapping that contains it (a loop)",
            )
        if name not in self.anchors:
            raise self.refuse(event, f"alias '*{name}' names no anchor '&{name}' above it")
        value, size = self.anchors[name]
        self.added += size
        if self.added > MAX_ALIAS_VALUES:
            raise self.refuse(
                event,
                f"aliases expand the document beyond {MAX_ALIAS_VALUES} values (an alias bomb?)",
            )
        # a copy, as ruamel.yaml's data has: an edit of one place must not change the other
        self.place(copy.deepcopy(value) if isinstance(value, (dict, list)) else value)
        if self.stack:
            self.stack[-1].size += size

    def start(self, event: Any, container: dict[Any, Any] | list[Any], tag: str) -> None:
        if event.tag not in (None, "!", tag):
            raise self.refuse(
                event, f"unknown tag '{_shown(event.tag)}'; write the value without a tag"
            )
        if len(self.stack) >= MAX_DEPTH:
            raise too_deep(self.file, event.start_mark.line + 1)
        slot = self.place(container)
        self.stack.append(_Frame(container, slot, event.anchor))
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, frame.size)
            self.open_anchors.discard(frame.anchor)
        if self.stack:
            self.stack[-1].size += frame.size

    def feed(self, events: Iterable[Any]) -> Any:
        for event in events:
            kind = type(event).__name__
            if kind == "ScalarEvent":
                value = self.scalar(event)
                self.place(value)
                if self.stack:
                    self.stack[-1].size += 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind == "MappingStartEvent":
                self.start(event, {}, _MAP)
            elif kind == "SequenceStartEvent":
                self.start(event, [], _SEQ)
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                self.end()
            elif kind == "AliasEvent":
                self.alias(event)
            elif kind == "DocumentStartEvent":
                self.documents += 1
                self.anchors = {}
                if self.documents > 1 and self.strict:
                    raise Fallback
        return self.root


def fast_load(text: str, file: str | None = None) -> tuple[bool, Any]:
    """``(True, data)`` for a document libyaml reads cleanly; ``(False, None)`` otherwise.

    Raises :class:`CaseError` (with the line) when the text breaks one of the limits.
    """
    builder = _Builder(file, strict=True)
    try:
        data = builder.feed(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        if "maximum nesting depth" in (error.problem or ""):  # libyaml's own limit, 1000
            raise too_deep(
                file, error.problem_mark.line + 1 if error.problem_mark else None
            ) from None
        return False, None
    except (yaml.YAMLError, Fallback):
        return False, None
    if builder.documents != 1 or data is None:
        return False, None
    return True, data


def check_events(events: Iterable[Any], file: str | None = None) -> None:
    """Refuse (CaseError with the line) events that break a limit; parser errors pass through."""
    _Builder(file, strict=False).feed(events)


def yaml_events(text: str) -> Iterable[Any]:
    """libyaml's events of a text, for :func:`check_events`."""
    return yaml.parse(text, Loader=_Loader)
