"""Labels and sentences in Dutch and English, and number formats (Babel).

Every label a user reads comes from one message catalogue per language,
``locale/<lang>/LC_MESSAGES/messages.po``, read with Babel; a test fails when a key is missing
in either language or a key used in the code or a template is missing.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

LANGS = ("nl", "en")
# parsed once: babel parses a locale given by name on every call
_LOCALE = {"nl": Locale.parse("nl_NL"), "en": Locale.parse("en_GB")}


# messages.po: the CLI and the reports; web.po: the pages of the web instrument; workshop.po:
# pooled estimates and the assurance check (CLI, reports, web); alternatives.po: project
# alternatives (method.md §13), in the CLI and the reports
DOMAINS = ("messages", "web", "workshop", "alternatives")


def _load_catalogues() -> dict[str, dict[str, str]]:
    """key -> {language: text}, from the Babel catalogues in ``rendement/locale``."""
    messages: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        for domain in DOMAINS:
            path = resources.files("rendement").joinpath(f"locale/{lang}/LC_MESSAGES/{domain}.po")
            with path.open("rb") as handle:
                catalogue = read_po(handle, locale=lang)
            for message in catalogue:
                if message.id:
                    messages.setdefault(str(message.id), {})[lang] = str(message.string)
    return messages


MESSAGES: dict[str, dict[str, str]] = _load_catalogues()


def text(key: str, lang: str = "nl", **values: object) -> str:
    template = MESSAGES[key][lang if lang in LANGS else "nl"]
    return template.format(**values) if values else template


def money(x: float, lang: str = "nl", currency: str = "EUR", cents: bool = False) -> str:
    """``€ 41.364`` in Dutch, ``€41,364`` in English: whole units, as the sources print;
    with ``cents`` (unit prices) ``€ 30,87``."""
    digits = ".00" if cents else ""
    pattern = (
        f"¤ #,##0{digits};¤ -#,##0{digits}" if lang == "nl" else f"¤#,##0{digits};-¤#,##0{digits}"
    )
    value = x + 0.0 if cents else round(x) + 0.0  # + 0.0 turns -0.0 into 0.0
    return _currency(value, currency, pattern, lang)


@lru_cache(maxsize=65_536)
def _currency(value: float, currency: str, pattern: str, lang: str) -> str:
    # a page shows a thousand amounts, most of them the same from one edit to the next; babel
    # takes a tenth of a millisecond for each
    return format_currency(
        value, currency, format=pattern, locale=_LOCALE[lang], currency_digits=False
    )


def number(x: float | None, lang: str = "nl", digits: int = 2) -> str:
    """``1,96`` in Dutch, ``1.96`` in English; an undefined figure reads as such."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return text("undefined", lang)
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(round(x, digits) + 0.0, format=pattern, locale=_LOCALE[lang])


def figure(x: float | None, lang: str = "nl", max_digits: int | None = None) -> str:
    """A parameter as it was given: no trailing zeros, so 3.9 reads ``3,9`` (not ``3,9000``)
    and 52.5 reads ``52,5`` (not ``52``). At most ``max_digits`` decimals; by default four below
    10, two below 10,000 and none above (a computed switching value carries no noise digits)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return text("undefined", lang)
    if max_digits is None:
        max_digits = 4 if abs(x) < 10 else 2 if abs(x) < 10_000 else 0
    pattern = "#,##0." + "#" * max_digits if max_digits else "#,##0"
    return format_decimal(round(x, max_digits) + 0.0, format=pattern, locale=_LOCALE[lang])


def percent(x: float, lang: str = "nl", digits: int = 1) -> str:
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return format_percent(x, format=pattern, locale=_LOCALE[lang])
