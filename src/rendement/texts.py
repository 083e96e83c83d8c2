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
    # report.html / report.pdf
    "report.title": {"nl": "Maatschappelijke businesscase", "en": "Social business case"},
    "report.see_warnings": {
        "nl": "Let op: {n} waarschuwing(en) bij de gepubliceerde of ingevoerde cijfers; zie onder.",
        "en": "Note: {n} warning(s) about the published or entered figures; see below.",
    },
    "report.who": {"nl": "Wie investeert en wie wint", "en": "Who invests and who gains"},
    "report.flows": {"nl": "Kosten en baten per jaar", "en": "Costs and benefits per year"},
    "report.pv_benefits_year": {"nl": "Contante waarde baten", "en": "PV of benefits"},
    "report.pv_investment_year": {"nl": "Contante waarde investering", "en": "PV of investment"},
    "report.outcomes": {"nl": "Effecten en hun waardering", "en": "Outcomes and their valuation"},
    "report.outcome": {"nl": "Effect", "en": "Outcome"},
    "report.quantity": {"nl": "Aantal per jaar", "en": "Quantity per year"},
    "report.proxy": {"nl": "Waarde per eenheid", "en": "Value per unit"},
    "report.adjustments_line": {
        "nl": "deadweight {d} · attributie {a} · verdringing {x} · afname {o} per jaar",
        "en": "deadweight {d} · attribution {a} · displacement {x} · drop-off {o} a year",
    },
    "report.duration": {"nl": "Looptijd (jaar)", "en": "Duration (years)"},
    "report.pv": {"nl": "Contante waarde", "en": "Present value"},
    "report.indicator": {"nl": "Indicator", "en": "Indicator"},
    "report.price_year": {"nl": "Prijspeil", "en": "Price year"},
    "report.from_year": {"nl": "vanaf jaar", "en": "from year"},
    "report.adjustments_note": {
        "nl": "Deadweight: wat zonder de aanpak ook was gebeurd. Attributie: het deel dat anderen "
        "toekomt. Verdringing: wat elders verloren gaat. Afname: de jaarlijkse afname van het "
        "effect vanaf het tweede jaar.",
        "en": "Deadweight: what would have happened anyway. Attribution: the share owed to "
        "others. Displacement: what is lost elsewhere. Drop-off: the yearly decline of the "
        "effect from its second year.",
    },
    "report.sources": {"nl": "Bronnen van de kengetallen", "en": "Sources of the unit values"},
    "report.no_source": {
        "nl": "geen bron opgegeven (subjectief kengetal)",
        "en": "no source given (a subjective key figure)",
    },
    "report.sensitivity": {
        "nl": "Gevoeligheid en onzekerheid",
        "en": "Sensitivity and uncertainty",
    },
    "report.simulation_line": {
        "nl": "Een Monte-Carlosimulatie van {draws} trekkingen (seed {seed}) geeft een kans op een "
        "positief saldo van {p}; 90% van de uitkomsten ligt tussen {p5} en {p95}.",
        "en": "A Monte Carlo simulation of {draws} draws (seed {seed}) gives a probability of a "
        "positive balance of {p}; 90% of the outcomes lie between {p5} and {p95}.",
    },
    "report.evpi_line": {
        "nl": "Volledige zekerheid over alle aannames zou de financier {evpi} waard zijn. "
        "Het meest loont het eerst te meten:",
        "en": "Full certainty about every assumption would be worth {evpi} to the funder. Most "
        "worth measuring first:",
    },
    "report.no_simulation": {
        "nl": "Geen simulatie gevraagd (rendement report --draws N).",
        "en": "No simulation requested (rendement report --draws N).",
    },
    "report.cofinancing_note": {
        "nl": "Ieder die baat heeft, draagt bij naar rato van zijn baten; een positieve "
        "verschuiving is een extra bijdrage, een negatieve een teruggave.",
        "en": "Everyone who gains contributes in proportion to their gain; a positive transfer "
        "is an extra contribution, a negative one a refund.",
    },
    "report.appendix": {
        "nl": "Bijlage: methode en herkomst",
        "en": "Appendix: method and provenance",
    },
    "report.method": {"nl": "Methode", "en": "Method"},
    "report.method_text": {
        "nl": "Per effect is de waarde per jaar het aantal maal de waarde per eenheid, verminderd "
        "met deadweight, attributie en verdringing; het effect duurt de opgegeven looptijd en "
        "neemt vanaf het tweede jaar af. Kosten en baten worden contant gemaakt naar het eerste "
        "jaar. De SROI-ratio is de contante waarde van de baten (negatieve effecten verrekend) "
        "gedeeld door die van de investeringen; de baten-kostenverhouding (MKBA) rekent negatieve "
        "effecten bij de kosten. PM-posten tellen niet mee, maar een grote PM-post tegen het "
        "teken van het saldo in maakt de conclusie onbepaald.",
        "en": "For each outcome the value per year is the quantity times the value per unit, "
        "reduced by deadweight, attribution and displacement; the outcome lasts its duration and "
        "declines from its second year. Costs and benefits are discounted to the first year. "
        "The SROI ratio is the present value of benefits (negative outcomes netted) divided by "
        "that of the investments; the benefit-cost ratio (MKBA) counts negative outcomes with "
        "the costs. PM items are not counted, but a large one against the sign of the balance "
        "makes the conclusion undetermined.",
    },
    "report.discounting": {"nl": "Disconteren", "en": "Discounting"},
    "report.discounting.mkba": {
        "nl": "MKBA-conventie: elk jaar t krijgt (1 + r)^−t, jaar 0 onverdisconteerd; r = {rate}",
        "en": "MKBA convention: each year t gets (1 + r)^−t, year 0 undiscounted; r = {rate}",
    },
    "report.discounting.svi": {
        "nl": "SVI-conventie: baten aan het eind van hun jaar, (1 + r)^−(t+1); investeringen "
        "aan het begin, (1 + r)^−t; r = {rate}",
        "en": "SVI convention: benefits at the end of their year, (1 + r)^−(t+1); investments "
        "at its start, (1 + r)^−t; r = {rate}",
    },
    "report.horizon": {"nl": "Looptijd", "en": "Horizon"},
    "report.scenario": {"nl": "Scenario", "en": "Scenario"},
    "report.provenance": {"nl": "Herkomst van de case", "en": "Provenance of the case"},
    "report.source": {"nl": "Bron", "en": "Source"},
    "report.method_used": {"nl": "Methode en moment", "en": "Method and timing"},
    "report.evidence_level": {"nl": "Bewijsniveau", "en": "Evidence level"},
    "report.design": {"nl": "Onderzoeksopzet", "en": "Study design"},
    "report.control_group": {"nl": "met controlegroep", "en": "with a control group"},
    "report.notes": {"nl": "Toelichting", "en": "Notes"},
    "report.generated": {
        "nl": "Gemaakt met rendement; alle cijfers volgen uit het casebestand en de bijgeleverde "
        "referentiecatalogus.",
        "en": "Made with rendement; every figure follows from the case file and the bundled "
        "reference catalogue.",
    },
    "flag.subjective_key_figures": {
        "nl": "Subjectieve kengetallen gebruikt",
        "en": "Subjective key figures used",
    },
    "flag.expert_only": {"nl": "Alleen schattingen van experts", "en": "Expert estimates only"},
    "flag.adjustments_applied": {
        "nl": "Correcties (deadweight, attributie) toegepast",
        "en": "Adjustments (deadweight, attribution) applied",
    },
    "flag.sensitivity_analysis": {"nl": "Gevoeligheidsanalyse", "en": "Sensitivity analysis"},
    "flag.distribution_shown": {
        "nl": "Verdeling over betalers getoond",
        "en": "Distribution over payers shown",
    },
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "chart.stakeholders": {
        "nl": "Investering en waarde per belanghebbende",
        "en": "Investment and value per stakeholder",
    },
    "chart.pv": {"nl": "Contante waarde", "en": "Present value"},
    "chart.flows": {
        "nl": "Contante waarde per jaar en cumulatief saldo",
        "en": "Present value per year and cumulative balance",
    },
    "chart.draws": {"nl": "Trekkingen", "en": "Draws"},
    "chart.distribution": {
        "nl": "Verdeling van de netto contante waarde",
        "en": "Distribution of the net present value",
    },
    # report.xlsx
    "xlsx.sheet.inputs": {"nl": "Invoer", "en": "Inputs"},
    "xlsx.sheet.calculation": {"nl": "Berekening", "en": "Calculation"},
    "xlsx.sheet.results": {"nl": "Resultaat", "en": "Results"},
    "xlsx.inputs_note": {
        "nl": "Gele cellen zijn invoer: wijzig ze en de berekening en het resultaat rekenen mee.",
        "en": "Yellow cells are inputs: change them and the calculation and results follow.",
    },
    "xlsx.calculation_note": {
        "nl": "Waarde per effect en jaar, investering per jaar en contante waarden: alles formules "
        "van de invoer.",
        "en": "Value per outcome and year, investment per year and present values: all formulas "
        "of the inputs.",
    },
    "xlsx.settings": {"nl": "Uitgangspunten", "en": "Case settings"},
    "xlsx.case_id": {"nl": "Casus", "en": "Case"},
    "xlsx.scenario": {"nl": "Scenario", "en": "Scenario"},
    "xlsx.price_year": {"nl": "Prijspeil", "en": "Price year"},
    "xlsx.currency": {"nl": "Valuta", "en": "Currency"},
    "xlsx.discount_rate": {"nl": "Discontovoet", "en": "Discount rate"},
    "xlsx.discounting": {"nl": "Disconteren volgens", "en": "Discounting convention"},
    "xlsx.discounting_note": {
        "nl": "mkba: alles (1 + r)^−t; svi: effecten (1 + r)^−(t+1), investeringen (1 + r)^−t",
        "en": "mkba: everything (1 + r)^−t; svi: outcomes (1 + r)^−(t+1), investments (1 + r)^−t",
    },
    "xlsx.horizon": {"nl": "Looptijd (jaren)", "en": "Horizon (years)"},
    "xlsx.horizon_note": {
        "nl": "het aantal jaarkolommen; een langere looptijd vraagt een nieuwe werkmap",
        "en": "the number of year columns; a longer horizon needs a new workbook",
    },
    "xlsx.stakeholders": {"nl": "Belanghebbenden", "en": "Stakeholders"},
    "xlsx.outcomes": {"nl": "Effecten (in geld)", "en": "Outcomes (monetised)"},
    "xlsx.investments": {"nl": "Investeringen", "en": "Investments"},
    "xlsx.id": {"nl": "Id", "en": "Id"},
    "xlsx.name": {"nl": "Naam", "en": "Name"},
    "xlsx.kind": {"nl": "Soort", "en": "Kind"},
    "xlsx.stakeholder_id": {"nl": "Belanghebbende", "en": "Stakeholder"},
    "xlsx.quantity": {"nl": "Aantal per jaar", "en": "Quantity per year"},
    "xlsx.proxy": {"nl": "Prijs per eenheid", "en": "Proxy per unit"},
    "xlsx.proxy_price_year": {"nl": "Prijspeil prijs", "en": "Proxy price year"},
    "xlsx.price_factor": {"nl": "Prijsindexfactor", "en": "Price factor"},
    "xlsx.price_factor_note": {
        "nl": "CPI {target} / CPI {source}: van prijspeil {source} naar {target}",
        "en": "CPI {target} / CPI {source}: from prices of {source} to {target}",
    },
    "xlsx.deadweight": {"nl": "Deadweight", "en": "Deadweight"},
    "xlsx.attribution": {"nl": "Attributie", "en": "Attribution"},
    "xlsx.displacement": {"nl": "Verplaatsing", "en": "Displacement"},
    "xlsx.drop_off": {"nl": "Afname per jaar", "en": "Drop-off"},
    "xlsx.duration": {"nl": "Duur (jaren)", "en": "Duration (years)"},
    "xlsx.start": {"nl": "Startjaar", "en": "Start year"},
    "xlsx.description": {"nl": "Omschrijving", "en": "Description"},
    "xlsx.input_kind": {"nl": "Vorm", "en": "Form"},
    "xlsx.input_kind.amount": {"nl": "bedrag × jaren", "en": "amount × years"},
    "xlsx.input_kind.hours": {"nl": "uren × tarief", "en": "hours × rate"},
    "xlsx.input_kind.schedule": {"nl": "schema per jaar", "en": "schedule by year"},
    "xlsx.amount": {"nl": "Bedrag per jaar", "en": "Amount per year"},
    "xlsx.hours": {"nl": "Uren per jaar", "en": "Hours per year"},
    "xlsx.rate": {"nl": "Uurtarief", "en": "Hourly rate"},
    "xlsx.years": {"nl": "Aantal jaren", "en": "Years"},
    "xlsx.df_outcomes": {
        "nl": "Disconteringsfactor effecten",
        "en": "Discount factor, outcomes",
    },
    "xlsx.df_investments": {
        "nl": "Disconteringsfactor investeringen",
        "en": "Discount factor, investments",
    },
    "xlsx.pv": {"nl": "Contante waarde", "en": "Present value"},
    "xlsx.outcome_values": {"nl": "Waarde per effect en jaar", "en": "Value per outcome and year"},
    "xlsx.investment_amounts": {
        "nl": "Investering per jaar",
        "en": "Investment per year",
    },
    "xlsx.direction": {"nl": "Richting", "en": "Direction"},
    "xlsx.weight": {"nl": "Gewicht", "en": "Weight"},
    "xlsx.no_pm_items": {"nl": "geen", "en": "none"},
    # report: the registry
    "registry.title": {
        "nl": "Overzicht van maatschappelijke businesscases",
        "en": "Overview of social business cases",
    },
    "registry.lead": {
        "nl": "{n} cases op de lange lijst, {included} na screening opgenomen, waarvan "
        "{quantitative} met een gemonetariseerde analyse.",
        "en": "{n} cases on the longlist, {included} included after screening, "
        "{quantitative} of them with a monetised analysis.",
    },
    "registry.excluded": {"nl": "{n} case(s) uitgesloten.", "en": "{n} case(s) excluded."},
    "registry.ratios": {
        "nl": "Rendement van de opgenomen, gemonetariseerde cases",
        "en": "Returns of the included, monetised cases",
    },
    "registry.all": {"nl": "alle cases", "en": "all cases"},
    "registry.minimum": {"nl": "minimumvariant", "en": "minimum variant"},
    "registry.bootstrap": {"nl": "95% (bootstrap)", "en": "95% (bootstrap)"},
    "registry.geometric": {"nl": "meetk. gem.", "en": "geom. mean"},
    "registry.pooled": {"nl": "gepoold ΣB/ΣC", "en": "pooled ΣB/ΣC"},
    "registry.random_effects": {
        "nl": "Random-effectsmodel (cases met een interval, logschaal)",
        "en": "Random-effects model (cases with an interval, log scale)",
    },
    "registry.prediction": {"nl": "voorspelinterval", "en": "prediction interval"},
    "registry.no_intervals": {
        "nl": "Te weinig cases met een onzekerheidsinterval voor een random-effectsmodel.",
        "en": "Too few cases with an uncertainty interval for a random-effects model.",
    },
    "registry.subgroups": {"nl": "Per subgroep", "en": "By subgroup"},
    "registry.cases": {"nl": "De cases", "en": "The cases"},
    "registry.case": {"nl": "Case", "en": "Case"},
    "registry.status": {"nl": "Status", "en": "Status"},
    "registry.method": {"nl": "Methode", "en": "Method"},
    "registry.reference": {
        "nl": "Ter vergelijking: SEOR (2020) vond over 14 gemonetariseerde MKBA's van sociaal werk "
        "een gemiddelde factor van 1,6 (minimumvariant). Dat is een referentiepunt, geen case.",
        "en": "For comparison: SEOR (2020) found an average factor of 1.6 (minimum variant) over "
        "14 monetised MKBAs of social work. That is a reference point, not a case.",
    },
    "ratio": {"nl": "Ratio", "en": "Ratio"},
    "funnel.title": {"nl": "Trechter", "en": "Funnel"},
    "funnel.longlist": {"nl": "lange lijst", "en": "longlist"},
    "funnel.included": {"nl": "opgenomen", "en": "included"},
    "funnel.quantitative": {"nl": "gemonetariseerd", "en": "monetised"},
    "funnel.cases": {"nl": "Aantal cases", "en": "Number of cases"},
    "quadrant.title": {"nl": "Typologie: vier kwadranten", "en": "Typology: four quadrants"},
    "quadrant.preventive": {"nl": "preventief", "en": "preventive"},
    "quadrant.curative": {"nl": "curatief", "en": "curative"},
    "quadrant.single": {"nl": "enkelvoudig", "en": "single problem"},
    "quadrant.multiple": {"nl": "meervoudig", "en": "multiple problems"},
    "forest.title": {
        "nl": "Ratio per case met 95%-interval en de gepoolde schatting",
        "en": "Ratio per case with its 95% interval and the pooled estimate",
    },
    "forest.pooled": {"nl": "gepoold (random effects)", "en": "pooled (random effects)"},
    "field.quadrant": {"nl": "Kwadrant", "en": "Quadrant"},
    "field.domain": {"nl": "Domein", "en": "Domain"},
    "field.method": {"nl": "Methode", "en": "Method"},
    "field.evidence_level": {"nl": "Bewijsniveau", "en": "Evidence level"},
    "field.timing": {"nl": "Moment (ex ante / ex post)", "en": "Timing (ex ante / ex post)"},
}


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
    return format_currency(
        value, currency, format=pattern, locale=_LOCALE[lang], currency_digits=False
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
