"""A warning of the engine as a sentence in Dutch or English, with its figures in plain
notation so they can be searched for (the engine itself says nothing in words)."""

from __future__ import annotations

from rendement.engine.evaluate import Notice
from rendement.texts import number, text


def _as_typed(x: float, lang: str) -> str:
    """A figure with as many decimals as it has (``3.5``, ``350``, ``0.035``), at most six."""
    digits = next((d for d in range(7) if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x))), 6)
    return number(x, lang, digits)


def notice_text(notice: Notice, lang: str = "en") -> str:
    """A warning as a sentence; figures in plain notation so they can be searched for."""
    f = notice.finding
    if f is None and notice.figure is not None:
        rate = notice.figure
        return text(
            f"warning.{notice.code}",
            lang,
            rate=_as_typed(rate, lang),
            percent=_as_typed(rate * 100, lang),
            suggestion=_as_typed(rate / 100, lang),
        )
    if f is None:
        return text(f"warning.{notice.code}", lang)

    def show(x: float) -> str:
        # ratios to three decimals, money to whole units unless a cent matters
        digits = 3 if f.is_ratio else (0 if abs(x - round(x)) < 0.005 else 2)
        return number(x, lang, digits)

    how_key = f"how.{f.how}"
    return text(
        f"warning.{notice.code}",
        lang,
        subject=f.subject,
        printed=show(f.printed),
        expected=show(f.expected),
        how=text(how_key, lang) if f.how != "computed" else "",
        difference=show(f.difference),
    )
