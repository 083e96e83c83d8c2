"""The assurance check in words: each check's title, and for a failed one the advice naming
the outcomes to fix (the engine itself says nothing in words; engine/assurance.py)."""

from __future__ import annotations

from rendement.engine.assurance import AssuranceCheck, AssuranceItem
from rendement.texts import text


def item_text(item: AssuranceItem, lang: str = "en", with_fields: bool = True) -> str:
    """``minder-huisartsbezoek (deadweight, attribution)`` (or without the fields, where the
    check's advice names the one field), ``care/gp-consult for zvw: a, b``, or the key to
    state (``case.evidence.stakeholders_engaged``)."""
    if item.ref is not None:
        return text(
            "assurance.item.double",
            lang,
            ref=item.ref,
            stakeholder=item.stakeholder or "",
            outcomes=", ".join(item.outcomes),
        )
    if item.outcomes and not with_fields:
        return ", ".join(item.outcomes)
    if item.outcomes:
        return text(
            "assurance.item.fields",
            lang,
            outcome=", ".join(item.outcomes),
            fields=", ".join(item.fields),
        )
    return ", ".join(item.fields)


def check_title(check: AssuranceCheck, lang: str = "en") -> str:
    return text(f"assurance.{check.check}.title", lang)


def advice_text(check: AssuranceCheck, lang: str = "en") -> str | None:
    """What to do, naming the places; ``None`` for a check that passed."""
    if check.passed:
        return None
    # only deadweight-attribution leaves out one field or the other; the rest name theirs
    with_fields = check.check == "deadweight-attribution"
    sep = "; " if with_fields or check.check == "double-counting" else ", "
    items = sep.join(item_text(i, lang, with_fields) for i in check.items)
    return text(f"assurance.{check.check}.advice", lang, items=items)
