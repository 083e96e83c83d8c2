"""The starter case of a start from comparable cases (``rendement new FILE --like FILTERS``
and the web's new-case page, method.md §15): YAML text whose header comment carries the
prediction and whose outcomes are the outcome kinds the comparable cases use."""

from __future__ import annotations

from typing import Any

STAKEHOLDER_NAMES = {
    "municipality": ("gemeente", "Gemeente (fill in)"),
    "health-insurer": ("zorgverzekeraar", "Zorgverzekeraar"),
    "care-office": ("zorgkantoor", "Zorgkantoor"),
    "government": ("rijk", "Rijksoverheid"),
    "care-provider": ("zorgaanbieder", "Zorgaanbieder"),
    "housing-corporation": ("woningcorporatie", "Woningcorporatie"),
    "employer": ("werkgever", "Werkgever"),
    "justice": ("justitie", "Justitie"),
    "education": ("onderwijs", "Onderwijs"),
    "welfare-organisation": ("welzijn", "Welzijnsorganisatie"),
    "fund": ("fonds", "Fonds"),
    "clients": ("deelnemers", "Deelnemers"),
    "informal-carers": ("mantelzorgers", "Mantelzorgers"),
    "volunteers": ("vrijwilligers", "Vrijwilligers"),
    "other": ("overig", "Overig"),
}


def _yaml_text(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def like_starter(start: Any, like: str) -> str:
    """The starter case of ``rendement new FILE --like FILTERS``: a header comment carrying
    the prediction from the comparable cases (method.md §15), and one outcome per outcome
    kind (catalogue ref) the comparable full cases use, each with its quantity left to fill
    in. Comments are in English, as in the bundled templates."""
    p = start.prediction
    filters = start.filters
    used = ", ".join(p.cases) or "none"
    lines = [
        f"# A rendement business case started from comparable cases in the registry ({like}).",
        "# What the comparable cases lead you to expect (method.md §15: random effects over",
        f"# k = {p.k} included cases with a ratio and an interval: {used}):",
    ]
    if p.median is not None and p.interval_80 and p.interval_95:
        lines += [
            f"#   predictive median ratio {p.median:.2f}",
            f"#   80% interval {p.interval_80[0]:.2f} to {p.interval_80[1]:.2f}",
            f"#   95% interval {p.interval_95[0]:.2f} to {p.interval_95[1]:.2f}",
            f"#   P(ratio > 1) = {100 * (p.p_ratio_above_1 or 0.0):.0f}%",
        ]
        if p.value is not None and p.investment is not None:
            v = p.value
            lines.append(
                f"#   for an investment of {p.investment:,.0f}: value {v.median:,.0f} "
                f"(80%: {v.interval_80[0]:,.0f} to {v.interval_80[1]:,.0f})"
            )
    else:
        lines += [
            f"#   no prediction: {p.k} such case(s); at least 3 are needed (the t distribution",
            "#   of a new case has k - 2 degrees of freedom). Import more cases, or widen --like.",
        ]
    refs = start.outcome_refs
    lines += [
        "# The outcomes below are the outcome kinds (catalogue entries) the comparable full cases",
        "# use; `rendement catalogue` shows each price, its source and payer. Fill in the",
        "# investments and every empty `quantity:`, remove what does not apply, then run",
        "# `rendement check` and `rendement calc`.",
        "rendement: 1",
        "case:",
        "  id: nieuwe-case                      # fill in: a slug",
        "  title: Nieuwe case                   # fill in",
    ]
    quadrant = filters.get("quadrant")
    if quadrant:
        approach, _, problems = quadrant.partition("/")
        lines.append(f"  typology: {{approach: {approach}, problems: {problems}}}")
    for key in ("domain", "method"):
        if filters.get(key):
            lines.append(f"  {key}: {_yaml_text(str(filters[key]))}")
    lines += [
        "  timing: ex-ante",
        "  price_year: 2024",
        f"  source: {_yaml_text('Started from comparable cases (' + like + '); fill in')}",
        "",
        "stakeholders:",
    ]
    kinds = ["municipality", *sorted({r.payer for r in refs} - {"municipality"})]
    for kind in kinds:
        sid, name = STAKEHOLDER_NAMES.get(kind, (kind, kind))
        lines.append(f"  - {{id: {sid}, name: {_yaml_text(name)}, kind: {kind}}}")
    lines += [
        "",
        "investments:",
        "  - id: uitvoering",
        "    stakeholder: gemeente",
        "    amount: 0                          # fill in: per year",
        "    years: 1",
        "",
    ]
    if refs:
        lines.append("outcomes:")
        taken: set[str] = set()
        for r in refs:
            oid = r.ref.split("/", 1)[1]
            if oid in taken:  # the same name in two parts of the catalogue
                oid = r.ref.replace("/", "-")
            taken.add(oid)
            lines += [
                f"  - id: {oid}",
                f"    description: {_yaml_text(r.name_en)}",
                "    quantity:                          # fill in: units per year",
                f"    proxy: {{ref: {r.ref}}}  # used by {', '.join(r.cases)}",
            ]
    else:
        lines.append("outcomes: []                         # no comparable full case names one")
    return "\n".join(lines) + "\n"
