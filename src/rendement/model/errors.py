"""The one error type of the model layer, and the base of every error a user can act on.

``UserError`` is the base: its ``kind`` (invalid, not-found, conflict, forbidden,
unauthorised) is what the CLI maps to an exit status and the web to an HTTP status, each in one
handler. The other layers' errors derive from it::

    UserError                      kind
      ├── model.CaseError          invalid: problems in a document, each with its place
      ├── registry.RegistryError   invalid
      │     ├── NotFoundError      not-found
      │     └── ConflictError      conflict
      ├── usecases.ForbiddenError  forbidden
      └── usecases.UnauthorisedError  unauthorised

``CaseError`` carries :class:`Issue` items ``(file, line, path, message)``. The model fills in
``path`` and ``message``; the I/O layer, which knows the file, adds ``file`` and ``line``. The
CLI and the web present them; nothing else catches them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError

Loc = tuple[str | int, ...]


def render_path(loc: Loc) -> str:
    """``('outcomes', 1, 'deadweight')`` → ``outcomes[1].deadweight``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


@dataclass(frozen=True)
class Issue:
    loc: Loc
    message: str
    file: str | None = None
    line: int | None = None

    @property
    def path(self) -> str:
        return render_path(self.loc)

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.loc:
            where = f"{where} {self.path}" if where else self.path
        return f"{where}: {self.message}" if where else self.message


class UserError(Exception):
    """A problem the person who asked can act on: shown as a message, never a traceback."""

    kind: str = "invalid"


class CaseError(UserError):
    """One or more problems with a case document."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))

    def located(self, file: str | None, line_of: Any) -> CaseError:
        """The same problems with file and line filled in by ``line_of(loc)``."""
        issues = [
            replace(i, file=file, line=line_of(i.loc) if i.loc else i.line) for i in self.issues
        ]
        issues.sort(key=lambda i: (i.line or 0, i.path))
        return CaseError(issues)


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.5)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return str(value)


def issues_from_validation(error: ValidationError, allowed_keys: Any) -> list[Issue]:
    """Turn pydantic's errors into our messages.

    ``allowed_keys(loc)`` returns the keys valid at the mapping that holds ``loc[-1]``, for the
    "did you mean" of an unknown key.
    """
    issues: list[Issue] = []
    for err in error.errors(include_url=False):
        # pydantic marks a bad mapping key with a "[key]" step; the key itself is the place
        loc: Loc = tuple(part for part in err["loc"] if part != "[key]")
        kind = err["type"]
        ctx = err.get("ctx") or {}
        got = err.get("input")
        if kind == "missing":
            message = "required, but missing"
        elif kind == "extra_forbidden":
            key = str(loc[-1]) if loc else ""
            allowed = allowed_keys(loc[:-1])
            hint = closest(key, allowed)
            message = "unknown key"
            if hint:
                message += f" (did you mean '{hint[0]}'?)"
            elif allowed:
                message += f" (allowed: {', '.join(sorted(allowed))})"
        elif kind == "literal_error" and loc == ("rendement",):
            message = f"must be 1, the only format version this rendement reads (got {_show(got)})"
        elif kind in ("literal_error", "enum"):
            message = f"must be one of {ctx.get('expected', '')} (got {_show(got)})"
        elif kind == "value_error":
            raised = ctx.get("error")
            below = getattr(raised, "loc", None)  # a NestedValueError names a deeper place
            if isinstance(below, tuple):
                loc = (*loc, *below)
            message = str(raised if raised is not None else err["msg"])
        elif kind == "assertion_error":
            message = err["msg"]
        elif kind == "string_pattern_mismatch":
            if loc and loc[-1] == "ref":
                message = f"must be a catalogue id like 'care/gp-consult' (got {_show(got)})"
            elif loc and loc[-1] == "currency":
                message = f"must be a three-letter currency code like 'EUR' (got {_show(got)})"
            else:
                message = (
                    "must be a slug: lower-case letters, digits and hyphens, "
                    f"starting with a letter or digit (got {_show(got)})"
                )
        elif kind == "string_too_long":
            message = f"is too long: at most {ctx.get('max_length')} characters"
        elif kind == "string_too_short":
            message = "must not be empty"
        elif kind in ("string_type",):
            message = f"must be text (got {_show(got)})"
        elif kind in ("bool_type", "bool_parsing"):
            message = f"must be true or false (got {_show(got)})"
        elif kind in ("list_type",):
            message = f"must be a list (got {_show(got)})"
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            message = f"must be a mapping of keys to values (got {_show(got)})"
        elif kind == "too_short":
            message = "must list at least one item"
        elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
            word = {
                "greater_than_equal": "at least",
                "greater_than": "greater than",
                "less_than_equal": "at most",
                "less_than": "less than",
            }[kind]
            limit = next(iter(ctx.values()), "")
            message = f"must be {word} {limit} (got {_show(got)})"
        else:
            message = err["msg"]
        issues.append(Issue(loc=loc, message=message))
    return issues
