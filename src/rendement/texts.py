"""Labels and sentences in Dutch and English, and number formats (Babel).

Every label a user reads comes from here, so both languages stay complete (a test checks).
"""

from __future__ import annotations

import math

from babel.numbers import format_currency, format_decimal, format_percent

LANGS = ("nl", "en")
_LOCALE = {"nl": "nl_NL", "en": "en_GB"}

MESSAGES: dict[str, dict[str, str]] = {
    "stakeholder": {"nl": "Belanghebbende", "en": "Stakeholder"},
    "investment": {"nl": "Investering", "en": "Investment"},
    "value": {"nl": "Sociale waarde", "en": "Social value"},
    "net": {"nl": "Sociale meerwaarde", "en": "Social surplus"},
    "total": {"nl": "Totaal", "en": "Total"},
    "pv_benefits": {"nl": "Contante waarde baten", "en": "Present value of benefits"},
    "pv_investment": {"nl": "Contante waarde investeringen", "en": "Present value of investment"},
    "npv": {"nl": "Netto contante waarde", "en": "Net present value"},
    "sroi_ratio": {"nl": "SROI-ratio", "en": "SROI ratio"},
    "net_sroi_ratio": {"nl": "Netto SROI-ratio", "en": "Net SROI ratio"},
    "bcr": {"nl": "Baten-kostenverhouding (MKBA)", "en": "Benefit-cost ratio (MKBA)"},
    "payback_years": {"nl": "Terugverdientijd", "en": "Payback period"},
    "years_unit": {"nl": "jaar", "en": "years"},
    "not_within_horizon": {"nl": "niet binnen de looptijd", "en": "not within the horizon"},
    "undefined": {"nl": "niet te bepalen", "en": "undefined"},
    "conclusion": {"nl": "Conclusie", "en": "Conclusion"},
    "conclusion.positive": {"nl": "positief saldo", "en": "positive balance"},
    "conclusion.negative": {"nl": "negatief saldo", "en": "negative balance"},
    "conclusion.undetermined": {"nl": "saldo onbepaald", "en": "balance undetermined"},
    "pm_items": {"nl": "PM-posten (niet in geld uitgedrukt)", "en": "PM items (not monetised)"},
    "pm.positive": {"nl": "positief", "en": "positive"},
    "pm.negative": {"nl": "negatief", "en": "negative"},
    "pm.large": {"nl": "groot", "en": "large"},
    "pm.small": {"nl": "klein", "en": "small"},
    "cofinancing": {
        "nl": "Voorstel cofinanciering (naar rato van de baten)",
        "en": "Co-financing proposal (in proportion to benefits)",
    },
    "current": {"nl": "Huidige investering", "en": "Current investment"},
    "proposed": {"nl": "Voorgestelde bijdrage", "en": "Proposed contribution"},
    "transfer": {"nl": "Verschuiving", "en": "Transfer"},
    "net_after": {"nl": "Houdt over", "en": "Keeps"},
    "cofinancing.short": {
        "nl": "De positieve baten ({positive}) dekken de investering ({investment}) niet: "
        "niet iedere begunstigde houdt iets over.",
        "en": "The positive benefits ({positive}) do not cover the investment ({investment}): "
        "not every beneficiary keeps a share.",
    },
    "cofinancing.none": {
        "nl": "Geen voorstel: geen enkele belanghebbende heeft baten.",
        "en": "No proposal: no stakeholder gains.",
    },
    "warnings": {"nl": "Waarschuwingen", "en": "Warnings"},
    "conventions": {"nl": "Uitgangspunten", "en": "Conventions"},
    "conventions.line": {
        "nl": "prijspeil {price_year}, {currency}; disconteren volgens {discounting} tegen {rate}; "
        "looptijd {horizon} jaar; scenario {scenario}",
        "en": "prices of {price_year}, {currency}; discounting by {discounting} at {rate}; "
        "horizon {horizon} years; scenario {scenario}",
    },
    "warning.no-investment": {
        "nl": "De totale investering is 0: de SROI-ratio is niet te bepalen.",
        "en": "Total investment is 0: the SROI ratio is undefined.",
    },
    "warning.published-arithmetic": {
        "nl": "{subject}: gepubliceerd {printed}, maar {how} geeft {expected} "
        "(verschil {difference})",
        "en": "{subject}: printed {printed}, but {how} gives {expected} (difference {difference})",
    },
    "warning.published-recomputed": {
        "nl": "{subject}: gepubliceerd {printed}, berekend uit de invoer {expected} "
        "(verschil {difference})",
        "en": "{subject}: printed {printed}, computed from the inputs {expected} "
        "(difference {difference})",
    },
    "how.value − investment": {"nl": "waarde − investering", "en": "value − investment"},
    "how.total value − total investment": {
        "nl": "totale waarde − totale investering",
        "en": "total value − total investment",
    },
    "how.total value / total investment": {
        "nl": "totale waarde / totale investering",
        "en": "total value / total investment",
    },
    "how.sum of the printed investment rows": {
        "nl": "de som van de gepubliceerde investeringen",
        "en": "the sum of the printed investment rows",
    },
    "how.sum of the printed value rows": {
        "nl": "de som van de gepubliceerde waarden",
        "en": "the sum of the printed value rows",
    },
    "how.sum of the printed surplus rows": {
        "nl": "de som van de gepubliceerde meerwaarden",
        "en": "the sum of the printed surplus rows",
    },
    "year": {"nl": "Jaar", "en": "Year"},
    "benefits": {"nl": "Baten", "en": "Benefits"},
    "discount_factor": {"nl": "Disconteringsfactor", "en": "Discount factor"},
    "valid": {"nl": "in orde", "en": "valid"},
    "errors_found": {"nl": "{n} fout(en) gevonden", "en": "{n} error(s) found"},
}


def text(key: str, lang: str = "nl", **values: object) -> str:
    template = MESSAGES[key][lang if lang in LANGS else "nl"]
    return template.format(**values) if values else template


def money(x: float, lang: str = "nl", currency: str = "EUR") -> str:
    """``€ 41.364`` in Dutch, ``€41,364`` in English: whole units, as the sources print."""
    rounded = round(x) + 0.0  # turn -0.0 into 0.0
    pattern = "¤ #,##0;¤ -#,##0" if lang == "nl" else "¤#,##0;-¤#,##0"
    return format_currency(
        rounded, currency, format=pattern, locale=_LOCALE[lang], currency_digits=False
    )


def number(x: float | None, lang: str = "nl", digits: int = 2) -> str:
    """``1,96`` in Dutch, ``1.96`` in English; an undefined figure reads as such."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return text("undefined", lang)
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(round(x, digits) + 0.0, format=pattern, locale=_LOCALE[lang])


def percent(x: float, lang: str = "nl", digits: int = 1) -> str:
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return format_percent(x, format=pattern, locale=_LOCALE[lang])
