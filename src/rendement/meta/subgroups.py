"""Partition of registry entries into subgroups (method.md §10, last paragraph).

Every statistic is also given per subgroup: typology quadrant, domain, method (SROI / MKBA /
business case), evidence level, and timing (ex ante / ex post). An entry without a value for a
field goes to the group ``"unknown"``, so the groups of one field always partition the entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from rendement.meta._arrays import IntArray

SUBGROUP_FIELDS = ("quadrant", "domain", "method", "evidence_level", "timing")
UNKNOWN = "unknown"

SROI = "sroi"
# Methods that produce a cost-benefit ratio in the MKBA sense (method.md §10: SROI and MKBA
# ratios are not the same quantity).
MKBA_LIKE = frozenset({"mkba", "business-case"})


def field_value(fields: Mapping[str, str | None], field: str) -> str:
    """The entry's value for ``field``; ``"unknown"`` when missing, None or blank."""
    value = fields.get(field)
    if value is None or not value.strip():
        return UNKNOWN
    return value


def normalised_method(value: str | None) -> str | None:
    """``"SROI"``, ``"Business case"``, ``"business_case"`` → ``"sroi"``, ``"business-case"``."""
    if value is None:
        return None
    return "-".join(value.strip().lower().replace("_", " ").split()) or None


def partition(values: Iterable[str]) -> dict[str, IntArray]:
    """Positions of the entries per value, values in sorted order.

    Parameters
    ----------
    values : iterable of str
        One value per entry (see :func:`field_value`).

    Returns
    -------
    dict
        ``{value: ascending positions}``; the arrays are disjoint and together hold every
        position once.

    Examples
    --------
    >>> {k: v.tolist() for k, v in partition(["b", "a", "b", "unknown"]).items()}
    {'a': [1], 'b': [0, 2], 'unknown': [3]}
    """
    labels = list(values)
    if not labels:
        return {}
    names, codes = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(names.size + 1))
    return {
        str(name): order[bounds[g] : bounds[g + 1]].astype(np.intp) for g, name in enumerate(names)
    }


def mixes_methods(methods: Iterable[str | None]) -> bool:
    """True when SROI ratios and MKBA or business-case ratios are both present."""
    present = {normalised_method(m) for m in methods}
    return SROI in present and bool(present & MKBA_LIKE)
