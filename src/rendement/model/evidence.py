"""Evidence level and quality flags of an entry (the registry's screening, SEOR's critique).

The five steps follow the Dutch recognition levels for social interventions:
1 well described, 2 theoretically sound, 3 first indications of effect, 4 good indications,
5 strong indications. The level is derived from the evidence fields; a registry may record an
override with its reason.
"""

from __future__ import annotations

from rendement.model.case import Case, Evidence

LEVELS: dict[int, dict[str, str]] = {
    1: {"nl": "goed beschreven", "en": "well described"},
    2: {"nl": "goed onderbouwd", "en": "theoretically sound"},
    3: {"nl": "eerste aanwijzingen voor effectiviteit", "en": "first indications of effect"},
    4: {"nl": "goede aanwijzingen voor effectiviteit", "en": "good indications of effect"},
    5: {"nl": "sterke aanwijzingen voor effectiviteit", "en": "strong indications of effect"},
}


def derived_level(evidence: Evidence | None) -> int | None:
    """The level the evidence fields support; None when nothing is said about the evidence.

    - an RCT or quasi-experiment with a control group: 5 with a follow-up of at least a year,
      else 4;
    - a control group in any other design, or a measured pre-post comparison: 3;
    - monitoring figures or effects taken from the literature: 2;
    - expert or stakeholder estimates only: 1.
    """
    if evidence is None or evidence.design is None:
        return None
    controlled = bool(evidence.control_group)
    follow_up = evidence.follow_up_years or 0.0
    if evidence.design in ("rct", "quasi-experimental") and controlled:
        return 5 if follow_up >= 1 else 4
    if controlled or evidence.design in ("pre-post", "rct", "quasi-experimental"):
        return 3
    if evidence.design in ("monitoring", "literature"):
        return 2
    return 1


def case_flags(case: Case) -> dict[str, bool]:
    """The flags the SEOR study asks for, derived from a full case where it does not state them.

    - ``subjective_key_figures``: a monetised outcome's proxy has neither a catalogue reference
      nor a source;
    - ``expert_only``: the evidence is expert or stakeholder estimates only;
    - ``adjustments_applied``: some outcome has deadweight, attribution or displacement;
    - ``sensitivity_analysis``: some parameter has a range, or the case has a named scenario;
    - ``distribution_shown``: more than one stakeholder invests or gains.
    """
    evidence = case.case.evidence or Evidence()
    monetised = [o for o in case.outcomes if not o.is_pm]
    derived = {
        "subjective_key_figures": any(
            o.proxy is not None and o.proxy.ref is None and not o.proxy.source for o in monetised
        ),
        "expert_only": evidence.design == "expert-estimate",
        "adjustments_applied": any(
            n.value > 0 or (n.high or 0) > 0
            for o in monetised
            for n in (o.deadweight, o.attribution, o.displacement)
        ),
        "sensitivity_analysis": bool(case.scenarios)
        or any(
            n is not None and n.is_ranged
            for o in monetised
            for n in (
                o.quantity,
                o.deadweight,
                o.attribution,
                o.displacement,
                o.drop_off,
                o.duration,
            )
        )
        or any(
            o.proxy is not None and o.proxy.ref is None and o.proxy.number.is_ranged
            for o in monetised
        )
        or any(
            n is not None and n.is_ranged
            for i in case.investments
            for n in (i.amount, i.hours, i.rate, *(i.schedule or []))
        ),
        "distribution_shown": len(
            {i.stakeholder for i in case.investments} | {o.stakeholder for o in monetised}
        )
        > 1,
    }
    stated = {
        "subjective_key_figures": evidence.subjective_key_figures,
        "adjustments_applied": evidence.adjustments_applied,
        "sensitivity_analysis": evidence.sensitivity_analysis,
        "distribution_shown": evidence.distribution_shown,
    }
    return {k: stated.get(k) if stated.get(k) is not None else v for k, v in derived.items()}  # type: ignore[misc]


def summary_flags(evidence: Evidence | None) -> dict[str, bool | None]:
    """The flags of a summary entry: only what it states (unknown stays None)."""
    e = evidence or Evidence()
    return {
        "subjective_key_figures": e.subjective_key_figures,
        "expert_only": None if e.design is None else e.design == "expert-estimate",
        "adjustments_applied": e.adjustments_applied,
        "sensitivity_analysis": e.sensitivity_analysis,
        "distribution_shown": e.distribution_shown,
    }
