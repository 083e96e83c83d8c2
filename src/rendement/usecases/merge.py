"""Three-way merge of case documents: two people changed one version; keep both where they
changed different things, and name the places where they changed the same thing differently.

Mappings merge key by key; lists of items with unique ``id`` s (stakeholders, investments,
outcomes, estimates by ``by``) merge item by item, so one person's new investment and another's
changed outcome both survive; any other value is a leaf that only one side may change.
"""

from __future__ import annotations

from typing import Any

_MISSING = object()


def _keyed(items: Any) -> str | None:
    """The key that identifies the items of a list, when every item has a unique one."""
    if not isinstance(items, list) or not items:
        return None
    for key in ("id", "by"):
        names = [x.get(key) if isinstance(x, dict) else None for x in items]
        if all(isinstance(n, str) for n in names) and len(set(names)) == len(names):
            return key
    return None


def _name(prefix: str, part: str) -> str:
    return f"{prefix}.{part}" if prefix else part


def _merge(
    base: Any, mine: Any, theirs: Any, path: str, conflicts: list[tuple[str, Any, Any]]
) -> Any:
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if (
        isinstance(mine, dict)
        and isinstance(theirs, dict)
        and (isinstance(base, dict) or base is _MISSING)
    ):
        b = base if isinstance(base, dict) else {}
        out: dict[str, Any] = {}
        for key in [*theirs, *(k for k in mine if k not in theirs)]:
            merged = _merge(
                b.get(key, _MISSING),
                mine.get(key, _MISSING),
                theirs.get(key, _MISSING),
                _name(path, str(key)),
                conflicts,
            )
            if merged is not _MISSING:
                out[key] = merged
        return out
    key = _keyed(mine) or _keyed(theirs)
    if key is not None and all(isinstance(x, list) for x in (mine, theirs)):
        b_items = (
            {x[key]: x for x in base} if isinstance(base, list) and _keyed(base) == key else {}
        )
        m_items = {x[key]: x for x in mine} if _keyed(mine) == key or not mine else None
        t_items = {x[key]: x for x in theirs} if _keyed(theirs) == key or not theirs else None
        if m_items is not None and t_items is not None:
            order = [*t_items, *(k for k in m_items if k not in t_items)]
            merged_list = []
            for name in order:
                merged = _merge(
                    b_items.get(name, _MISSING),
                    m_items.get(name, _MISSING),
                    t_items.get(name, _MISSING),
                    _name(path, name),
                    conflicts,
                )
                if merged is not _MISSING:
                    merged_list.append(merged)
            return merged_list
    conflicts.append(
        (
            path or "(document)",
            None if mine is _MISSING else mine,
            None if theirs is _MISSING else theirs,
        )
    )
    return theirs


def three_way_merge(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], tuple[tuple[str, Any, Any], ...]]:
    """``mine`` and ``theirs`` both start from ``base``: the merged document, and the places
    (path, mine, theirs) where both changed the same thing differently (then ``theirs`` is
    kept there, and the caller should not save without asking)."""
    conflicts: list[tuple[str, Any, Any]] = []
    merged = _merge(base, mine, theirs, "", conflicts)
    return (merged if isinstance(merged, dict) else theirs), tuple(conflicts)
