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
    "simulation.title": {
        "nl": "Monte-Carlosimulatie ({draws} trekkingen, seed {seed})",
        "en": "Monte Carlo simulation ({draws} draws, seed {seed})",
    },
    "stat.mean": {"nl": "Gemiddelde", "en": "Mean"},
    "stat.p5": {"nl": "P5", "en": "P5"},
    "stat.p50": {"nl": "Mediaan", "en": "Median"},
    "stat.p95": {"nl": "P95", "en": "P95"},
    "p_npv_positive": {"nl": "Kans op positief saldo", "en": "Probability of a positive NPV"},
    "mcse": {
        "nl": "Monte-Carlofout van het gemiddelde",
        "en": "Monte Carlo standard error of the mean",
    },
    "evpi": {
        "nl": "Waarde van volledige informatie (EVPI)",
        "en": "Expected value of perfect information (EVPI)",
    },
    "evppi": {
        "nl": "Eerst meten loont het meest bij (EVPPI)",
        "en": "Worth measuring first (EVPPI)",
    },
    "risk.title": {"nl": "Saldo per belanghebbende", "en": "Net value per stakeholder"},
    "risk.p_net_positive": {"nl": "Kans saldo > 0", "en": "P(net > 0)"},
    "risk.p_cofinanced": {
        "nl": "Kans saldo > 0 bij cofinanciering",
        "en": "P(net > 0), co-financed",
    },
    "parameter": {"nl": "Parameter", "en": "Parameter"},
    "catalogue.title": {
        "nl": "Referentiecatalogus van kostprijzen",
        "en": "Reference catalogue of unit prices",
    },
    "catalogue.none": {"nl": "Geen posten gevonden.", "en": "No entries found."},
    "catalogue.id": {"nl": "Id", "en": "Id"},
    "catalogue.name": {"nl": "Omschrijving (eenheid)", "en": "Description (unit)"},
    "catalogue.value": {"nl": "Prijs", "en": "Price"},
    "catalogue.price_year": {"nl": "Prijspeil", "en": "Price year"},
    "catalogue.payer": {"nl": "Betaler (regeling)", "en": "Payer (scheme)"},
    "catalogue.staff": {"nl": "Personeelstijd", "en": "Staff time"},
    "catalogue.confidence": {"nl": "Zekerheid", "en": "Confidence"},
    "catalogue.note": {
        "nl": "Bronnen en toelichting per post: rendement catalogue ID --json",
        "en": "Sources and notes per entry: rendement catalogue ID --json",
    },
    "labour.title": {
        "nl": "Arbeidsmarkteffect: vrijgespeelde zorgtijd per jaar (gemiddeld over de looptijd)",
        "en": "Labour effect: care staff time freed per year (mean over the horizon)",
    },
    "labour.profession": {"nl": "Beroep", "en": "Profession"},
    "labour.hours": {"nl": "Uren", "en": "Hours"},
    "labour.fte": {"nl": "Fte vrij", "en": "FTE freed"},
    "labour.staff": {"nl": "Fte ingezet", "en": "FTE used"},
    "labour.balance": {"nl": "Saldo fte", "en": "Net FTE"},
    "labour.net": {"nl": "Totaal", "en": "Total"},
    "tornado.title": {
        "nl": "Tornado: netto contante waarde bij laag en hoog",
        "en": "Tornado: net present value at low and high",
    },
    "tornado.low": {"nl": "Laag", "en": "Low"},
    "tornado.high": {"nl": "Hoog", "en": "High"},
    "tornado.npv_low": {"nl": "NCW bij laag", "en": "NPV at low"},
    "tornado.npv_high": {"nl": "NCW bij hoog", "en": "NPV at high"},
    "tornado.swing": {"nl": "Uitslag", "en": "Swing"},
    "tornado.none": {
        "nl": "Geen parameter heeft een bandbreedte (low/high): geen tornado.",
        "en": "No parameter has a range (low/high): no tornado.",
    },
    "switching.title": {
        "nl": "Omslagwaarden: waarde waarbij de netto contante waarde 0 wordt",
        "en": "Switching values: the value at which the net present value becomes 0",
    },
    "switching.base": {"nl": "Basiswaarde", "en": "Base value"},
    "switching.value": {"nl": "Omslagwaarde", "en": "Switching value"},
    "switching.note": {
        "nl": "Parameters zonder omslagwaarde binnen hun toegestane bereik zijn weggelaten.",
        "en": "Parameters with no switching value inside their admissible range are left out.",
    },
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
