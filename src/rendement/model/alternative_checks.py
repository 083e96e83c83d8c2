"""Cross-references of project alternatives (method.md §13), read from the raw document.

Beside the structural checks of the model, an alternative must name what exists: an added
item's id is new in its list and its stakeholder is declared; a removed id names one
investment or outcome of the case; an alternative does not both remove an item and set one
of its parameters. Whether a ``set`` path names a parameter, and its value lies in that
parameter's domain, needs the resolved case: the engine checks it (``engine.alternatives``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rendement.model.errors import Issue, closest

RESERVED = ("base", "do-nothing")
"""Names of the two options every comparison holds: the case itself and the nulalternatief."""

SECTIONS = ("investments", "outcomes")
_SINGULAR = {"investments": "investment", "outcomes": "outcome"}


def _ids(data: Mapping[str, Any], section: str) -> list[str]:
    seq = data.get(section)
    if not isinstance(seq, list):
        return []
    return [
        item["id"].strip()
        for item in seq
        if isinstance(item, Mapping) and isinstance(item.get("id"), str)
    ]


def removed_item(entry: str, existing: Mapping[str, list[str]]) -> tuple[str, str] | str:
    """``(section, id)`` of a ``remove`` entry, or the message saying why it names none."""
    if "." in entry:
        section, _, ident = entry.partition(".")
        if section not in SECTIONS:
            return f"must be an id, or investments.<id> or outcomes.<id> (got '{entry}')"
        if ident in existing[section]:
            return section, ident
        hint = closest(ident, existing[section], n=1)
        tail = f" (did you mean '{section}.{hint[0]}'?)" if hint else ""
        return f"no {_SINGULAR[section]} '{ident}' in the case{tail}"
    found = [s for s in SECTIONS if entry in existing[s]]
    if len(found) == 1:
        return found[0], entry
    if found:
        return (
            f"'{entry}' is both an investment and an outcome: write investments.{entry} "
            f"or outcomes.{entry}"
        )
    hint = closest(entry, [*existing["investments"], *existing["outcomes"]], n=1)
    tail = f" (did you mean '{hint[0]}'?)" if hint else ""
    return f"no investment or outcome '{entry}' in the case{tail}"


def alternative_issues(data: Any, declared: list[str]) -> list[Issue]:
    """Every cross-reference problem of the ``alternatives`` block of a raw document."""
    alternatives = data.get("alternatives") if isinstance(data, Mapping) else None
    if not isinstance(alternatives, Mapping):
        return []
    existing = {section: _ids(data, section) for section in SECTIONS}
    issues: list[Issue] = []
    for name, alternative in alternatives.items():
        if name in RESERVED:
            issues.append(
                Issue(
                    ("alternatives", name),
                    f"'{name}' names an option every comparison has "
                    f"({' and '.join(RESERVED)}); give yours another name",
                )
            )
        if not isinstance(alternative, Mapping):
            continue
        issues.extend(_added_issues(name, alternative, existing, declared))
        issues.extend(_removed_issues(name, alternative, existing))
    return issues


def _added_issues(
    name: str,
    alternative: Mapping[str, Any],
    existing: Mapping[str, list[str]],
    declared: list[str],
) -> list[Issue]:
    add = alternative.get("add")
    if not isinstance(add, Mapping):
        return []
    issues: list[Issue] = []
    for section in SECTIONS:
        items = add.get(section)
        if not isinstance(items, list):
            continue
        seen: dict[str, int] = {}
        for k, item in enumerate(items):
            if not isinstance(item, Mapping):
                continue
            loc = ("alternatives", name, "add", section, k)
            ident = item.get("id")
            if isinstance(ident, str):
                ident = ident.strip()
                if ident in existing[section]:
                    issues.append(
                        Issue(
                            (*loc, "id"),
                            f"the case already has {_SINGULAR[section]} '{ident}'; an added "
                            "item needs a new id (change the existing one with set)",
                        )
                    )
                elif ident in seen:
                    also = f"also add.{section}[{seen[ident]}]"
                    issues.append(Issue((*loc, "id"), f"duplicate id '{ident}' ({also})"))
                else:
                    seen[ident] = k
            ref = item.get("stakeholder")
            if declared and isinstance(ref, str) and ref.strip() not in declared:
                hint = closest(ref, declared)
                tail = f"did you mean '{hint[0]}'?" if hint else f"declared: {', '.join(declared)}"
                issues.append(
                    Issue(
                        (*loc, "stakeholder"),
                        f"unknown stakeholder '{ref}' ({tail}); "
                        "an alternative adds no stakeholders",
                    )
                )
    return issues


def _removed_issues(
    name: str, alternative: Mapping[str, Any], existing: Mapping[str, list[str]]
) -> list[Issue]:
    remove = alternative.get("remove")
    if not isinstance(remove, list):
        return []
    overrides = alternative.get("set")
    paths = [p for p in overrides if isinstance(p, str)] if isinstance(overrides, Mapping) else []
    issues: list[Issue] = []
    seen: dict[tuple[str, str], int] = {}
    for k, entry in enumerate(remove):
        if not isinstance(entry, str):
            continue  # the model says it must be text
        loc = ("alternatives", name, "remove", k)
        found = removed_item(entry.strip(), existing)
        if isinstance(found, str):
            issues.append(Issue(loc, found))
            continue
        if found in seen:
            issues.append(Issue(loc, f"'{entry}' is removed twice (also remove[{seen[found]}])"))
            continue
        seen[found] = k
        section, ident = found
        prefix = f"{section}.{ident}."
        touched = [p for p in paths if p.startswith(prefix)]
        if touched:
            issues.append(
                Issue(
                    loc,
                    f"removes {_SINGULAR[section]} '{ident}', whose {touched[0]} this "
                    "alternative also sets; drop one of the two",
                )
            )
    return issues
