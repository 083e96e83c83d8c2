"""Validate a loaded document: structure (pydantic) and cross-references, all problems at once."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from rendement.model.alternative_checks import alternative_issues
from rendement.model.case import Case
from rendement.model.errors import CaseError, Issue, Loc, closest, issues_from_validation
from rendement.model.numbers import show_value
from rendement.model.summary import Summary

RESERVED_SCENARIOS = ("base", "conservative", "optimistic")


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (through Annotated, Optional, unions)."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def _step(annotation: Any, part: str | int) -> Any:
    for option in _unwrap(annotation):
        origin = get_origin(option)
        if isinstance(part, int) and origin in (list, tuple):
            return get_args(option)[0]
        if isinstance(part, str):
            if origin is dict:
                return get_args(option)[1]
            if isinstance(option, type) and issubclass(option, BaseModel):
                field = _fields_by_key(option).get(part)
                if field is not None:
                    return field.annotation
    return None


def allowed_keys(loc: Loc, root: Any = Case) -> list[str]:
    """The keys a case (or summary) document allows in the mapping at ``loc``."""
    annotation: Any = root
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    for option in _unwrap(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return list(_fields_by_key(option))
    return []


def _fields_by_key(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key a document writes (the alias where one is given:
    an alternative's ``set``)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _items(data: Any, key: str) -> list[tuple[int, Mapping[str, Any]]]:
    seq = data.get(key) if isinstance(data, Mapping) else None
    if not isinstance(seq, list):
        return []
    return [(i, item) for i, item in enumerate(seq) if isinstance(item, Mapping)]


def cross_reference_issues(data: Any) -> list[Issue]:
    """Unique ids and references to declared stakeholders, read from the raw document.

    Works on partly broken documents too, so these problems appear beside structural ones.
    """
    issues: list[Issue] = []
    for section in ("stakeholders", "investments", "outcomes"):
        seen: dict[str, int] = {}
        for i, item in _items(data, section):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            ident = ident.strip()  # 'zvw ' and 'zvw' are one id (the spaces are an error too)
            if ident in seen:
                issues.append(
                    Issue(
                        (section, i, "id"),
                        f"duplicate id '{ident}' (also {section}[{seen[ident]}])",
                    )
                )
            else:
                seen[ident] = i
    declared = [
        item["id"].strip()
        for _, item in _items(data, "stakeholders")
        if isinstance(item.get("id"), str)
    ]
    issues.extend(alternative_issues(data, declared))
    if not declared:
        return issues

    def unknown(ref: str) -> str:
        hint = closest(ref, declared)
        tail = f"did you mean '{hint[0]}'?" if hint else f"declared: {', '.join(declared)}"
        return f"unknown stakeholder '{ref}' ({tail})"

    for section in ("investments", "outcomes"):
        for i, item in _items(data, section):
            ref = item.get("stakeholder")
            if isinstance(ref, str) and ref.strip() not in declared:
                issues.append(Issue((section, i, "stakeholder"), unknown(ref)))
    published = data.get("published") if isinstance(data, Mapping) else None
    rows = published.get("stakeholders") if isinstance(published, Mapping) else None
    if isinstance(rows, Mapping):
        for key in rows:
            if isinstance(key, str) and key.strip() not in declared:
                issues.append(Issue(("published", "stakeholders", key), unknown(key)))
    scenarios = data.get("scenarios") if isinstance(data, Mapping) else None
    if isinstance(scenarios, Mapping):
        for name in scenarios:
            if name in RESERVED_SCENARIOS:
                issues.append(
                    Issue(
                        ("scenarios", name),
                        f"'{name}' is a built-in scenario; give yours another name",
                    )
                )
    return issues


MULTILINE_KEYS = frozenset({"description", "indicator", "notes", "reason", "source"})
"""Texts where a tab or a line break makes sense; everywhere else a text is one line."""
TITLE_KEYS = frozenset({"title"})
"""Texts that may run over lines as printed (YAML ``title: |``), but hold no tab."""


_CONTROLS = {
    # C0 controls, DEL and C1 controls; the second and third keep tab and/or line feed
    "": re.compile(r"[\x00-\x1f\x7f-\x9f]"),
    "\n": re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]"),
    "\t\n": re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"),
}


def control_character(text: str, allowed: str) -> str | None:
    """The message for the first control character of ``text`` (C0, DEL or C1) not in
    ``allowed`` ("", "\\n" or "\\t\\n"), if any; its position counts characters from 1."""
    found = _CONTROLS[allowed].search(text)
    if found is None:
        return None
    code = ord(found.group())
    return f"contains a control character (U+{code:04X}) at position {found.start() + 1}"


def _allowed_controls(key: str) -> str:
    if key in MULTILINE_KEYS:
        return "\t\n"
    return "\n" if key in TITLE_KEYS else ""


def _clean(node: Any, key: str) -> bool:
    """True when no text under ``node`` holds a control character it may not: the fast path,
    which builds no paths (most documents are clean)."""
    kind = type(node)
    if kind is str:
        return _CONTROLS[_allowed_controls(key)].search(node) is None
    if kind is list:
        return all(_clean(item, key) for item in node)
    if kind is dict or isinstance(node, Mapping):
        strict = _CONTROLS[""]
        for k, v in node.items():
            if type(k) is str:
                if strict.search(k) is not None or not _clean(v, k):
                    return False
            elif not _clean(v, key):
                return False
        return True
    # a subclass of str or list (a ruamel scalar, say): the full walk judges it
    return not isinstance(node, str | list)


def control_character_issues(data: Any) -> tuple[list[Issue], list[Loc]]:
    """Every text of a document (keys too) that holds a control character: NUL, ESC, form
    feed, … would reach terminals, reports and databases (PostgreSQL refuses NUL).

    A key is reported at the mapping that holds it, so the message never prints the character.
    Also returns the places these cover, where no other problem needs reporting.
    """
    issues: list[Issue] = []
    covered: list[Loc] = []
    if _clean(data, ""):
        return issues, covered
    stack: list[tuple[Loc, Any]] = [((), data)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                if isinstance(key, str):
                    problem = control_character(key, allowed="")
                    if problem is not None:
                        issues.append(Issue(loc, f"a key {problem}"))
                        covered.append((*loc, key))
                        continue
                stack.append(((*loc, key), value))
        elif isinstance(node, list):
            stack.extend(((*loc, i), item) for i, item in enumerate(node))
        elif isinstance(node, str):
            last_key = next((part for part in reversed(loc) if isinstance(part, str)), "")
            problem = control_character(node, allowed=_allowed_controls(last_key))
            if problem is not None:
                issues.append(Issue(loc, problem))
                covered.append(loc)
    return issues, covered


def _outside(issues: list[Issue], covered: list[Loc]) -> list[Issue]:
    """Drop problems inside a place already reported (a text with a control character is not
    also "not a slug")."""
    return [i for i in issues if not any(i.loc[: len(loc)] == loc for loc in covered)]


def horizon_issues(case: Case) -> list[Issue]:
    """An investment or monetised outcome that starts at or after an explicit horizon would
    vanish from every total without a word (all investment gone reads as "positive")."""
    horizon = case.case.horizon
    if horizon is None:
        return []
    issues: list[Issue] = []
    items: list[tuple[str, int, int]] = [
        ("investments", j, inv.start) for j, inv in enumerate(case.investments)
    ]
    items += [("outcomes", i, o.start) for i, o in enumerate(case.outcomes) if not o.is_pm]
    span = "1 year (year 0 only)" if horizon == 1 else f"{horizon} years (years 0 to {horizon - 1})"
    for section, k, start in items:
        if start >= horizon:
            issues.append(
                Issue((section, k), f"starts in year {start}, after the horizon of {span}")
            )
    return issues


def forecast_issues(case: Case) -> list[Issue]:
    """A case that names its forecast is the realisation of it (method.md §14), so it is ex
    post: an error, not a warning, since the registry's calibration and its ex-ante/ex-post
    subgroups would otherwise count the same case on both sides."""
    info = case.case
    if info.forecast is None:
        return []
    issues = []
    if info.forecast.id == info.id:
        issues.append(
            Issue(
                ("case", "forecast", "id"),
                f"names the case itself ('{info.id}'); give the id of the ex-ante case it realises",
            )
        )
    if info.timing == "ex-post":
        return issues
    if info.timing is None:
        return [
            Issue(
                ("case", "forecast"),
                "a case that names its forecast is its realisation: add timing: ex-post",
            ),
            *issues,
        ]
    return [
        Issue(
            ("case", "timing"),
            f"must be ex-post when the case names its forecast (got {info.timing})",
        ),
        *issues,
    ]


def parse_case(data: Any) -> Case:
    """Validate a document (already read from YAML/JSON) into a :class:`Case`.

    Raises :class:`CaseError` with every problem found, each with its path.
    """
    if not isinstance(data, Mapping):
        raise CaseError(
            [
                Issue(
                    (),
                    f"a case file must be a mapping of keys to values (got {show_value(data)})",
                    line=1,
                )
            ]
        )
    issues: list[Issue] = []
    case: Case | None = None
    try:
        case = Case.model_validate(dict(data))
    except ValidationError as error:
        issues.extend(issues_from_validation(error, allowed_keys))
    issues.extend(cross_reference_issues(data))
    controls, covered = control_character_issues(data)
    issues = _outside(issues, covered) + controls
    if case is not None:
        issues.extend(horizon_issues(case))
        issues.extend(forecast_issues(case))
    if issues or case is None:
        raise CaseError(_dedupe(issues))
    return case


def parse_summary(data: Any) -> Summary:
    """Validate a summary entry document; raises :class:`CaseError` with every problem."""
    if not isinstance(data, Mapping):
        raise CaseError([Issue((), "a summary file must be a mapping of keys to values", line=1)])
    issues: list[Issue] = []
    summary: Summary | None = None
    try:
        summary = Summary.model_validate(dict(data))
    except ValidationError as error:
        issues.extend(issues_from_validation(error, lambda loc: allowed_keys(loc, Summary)))
    controls, covered = control_character_issues(data)
    issues = _outside(issues, covered) + controls
    if issues or summary is None:
        raise CaseError(_dedupe(issues))
    return summary


def parse_document(data: Any) -> Case | Summary:
    """A case document, or a summary entry when it has a top-level ``summary:`` block."""
    if isinstance(data, Mapping) and "summary" in data and "case" not in data:
        return parse_summary(data)
    return parse_case(data)


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[Loc, str]] = set()
    out: list[Issue] = []
    for issue in issues:
        key = (issue.loc, issue.message)
        if key not in seen:
            seen.add(key)
            out.append(issue)
    return out
