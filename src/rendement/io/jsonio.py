"""The one place results become JSON: the keys of case-format.md, strict JSON (no NaN or
Infinity). Warnings are said in English sentences (:mod:`rendement.io.notices`)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import Any

from rendement.engine.alternatives import Overview
from rendement.engine.choice import Acceptability, Choice
from rendement.engine.evaluate import Evaluation
from rendement.engine.sensitivity import Sensitivity
from rendement.engine.simulate import Simulation, Spread
from rendement.io.notices import notice_text


def finite_json(data: Any) -> str:
    """``data`` as strict JSON text: never ``NaN`` or ``Infinity``, which strict parsers refuse.

    A non-finite number (none should reach here: inputs are bounded) becomes null, and the
    ``warnings`` list of a top-level mapping says which figure and why.
    """
    reasons: list[str] = []

    def clean(node: Any, path: str) -> Any:
        if isinstance(node, float) and not math.isfinite(node):
            reasons.append(f"{path or '(result)'}: not a finite number ({node}); given as null")
            return None
        if isinstance(node, dict):
            return {k: clean(v, f"{path}.{k}" if path else str(k)) for k, v in node.items()}
        if isinstance(node, list | tuple):
            return [clean(v, f"{path}[{i}]") for i, v in enumerate(node)]
        return node

    cleaned = clean(data, "")
    if reasons and isinstance(cleaned, dict):
        cleaned["warnings"] = [*cleaned.get("warnings", []), *reasons]
    return json.dumps(cleaned, indent=2, ensure_ascii=False, allow_nan=False)


def _round_float(x: float | None) -> float | None:
    return None if x is None else float(x)


def evaluation_to_dict(ev: Evaluation) -> dict[str, Any]:
    cof = ev.cofinancing
    return {
        "case": ev.case_id,
        "title": ev.title,
        "conventions": asdict(ev.conventions),
        "pv_benefits": ev.pv_benefits,
        "pv_investment": ev.pv_investment,
        "npv": ev.npv,
        "sroi_ratio": _round_float(ev.sroi_ratio),
        "net_sroi_ratio": _round_float(ev.net_sroi_ratio),
        "bcr": _round_float(ev.bcr),
        "payback_years": _round_float(ev.payback_years),
        "conclusion": ev.conclusion,
        "pm_items": [asdict(p) for p in ev.pm_items],
        "stakeholders": [
            {
                "id": s.id,
                "name": s.name,
                "kind": s.kind,
                "investment": s.investment,
                "value": s.value,
                "net": s.net,
            }
            for s in ev.stakeholders
        ],
        "outcomes": [
            {"id": o.id, "stakeholder": o.stakeholder, "pv": o.pv, "by_year": list(o.by_year)}
            for o in ev.outcomes
        ],
        "investments": [
            {"id": j.id, "stakeholder": j.stakeholder, "pv": j.pv, "by_year": list(j.by_year)}
            for j in ev.investments
        ],
        "years": [asdict(y) for y in ev.years],
        "cofinancing": {
            "total_investment": cof.total_investment,
            "total_positive_value": cof.total_positive_value,
            "covers_investment": cof.covers_investment,
            "reason": cof.reason,
            "stakeholders": [asdict(r) for r in cof.rows],
        },
        "labour": {
            "professions": [
                {
                    "profession": r.id,
                    "name": r.name_en,
                    "hours": r.hours,
                    "fte": r.fte,
                    "hours_by_year": list(r.hours_by_year),
                    "productive_hours_per_fte": r.productive_hours_per_fte,
                    "staff_fte": r.staff_fte,
                }
                for r in ev.labour.professions
            ],
            "freed_fte": ev.labour.freed_fte,
            "staff_fte": ev.labour.staff_fte,
            "net_fte": ev.labour.net_fte,
            "outcomes_without_staff_time": [
                {"outcome": u.outcome, "ref": u.ref} for u in ev.labour.uncounted
            ],
        },
        "warnings": [notice_text(w) for w in ev.warnings],
    }


def simulation_to_dict(sim: Simulation) -> dict[str, Any]:
    """The ``simulation`` object of case-format.md."""

    def ratio(s: Spread) -> dict[str, float | None]:
        return {"mean": s.mean, "p5": s.p5, "p50": s.p50, "p95": s.p95}

    return {
        "draws": sim.draws,
        "seed": sim.seed,
        "npv": {
            "mean": sim.npv.mean,
            "sd": sim.npv.sd,
            "mcse": sim.npv_mcse,
            "p5": sim.npv.p5,
            "p50": sim.npv.p50,
            "p95": sim.npv.p95,
        },
        "sroi_ratio": ratio(sim.sroi_ratio),
        "bcr": ratio(sim.bcr),
        "p_npv_positive": sim.p_npv_positive,
        "evpi": sim.evpi,
        "evppi": [{"parameter": path, "value": value} for path, value in sim.evppi],
        "stakeholders": [
            {
                "id": s.id,
                "net": {"p5": s.p5, "p50": s.p50, "p95": s.p95},
                "p_net_positive": s.p_net_positive,
                "p_net_positive_cofinanced": s.p_net_positive_cofinanced,
            }
            for s in sim.stakeholders
        ],
    }


def sensitivity_to_dict(sens: Sensitivity) -> dict[str, Any]:
    """``tornado`` and ``switching_values`` of case-format.md."""
    return {
        "npv": sens.base_npv,
        "tornado": [
            {
                "parameter": b.parameter,
                "low": b.low,
                "high": b.high,
                "npv_low": b.npv_low,
                "npv_high": b.npv_high,
                "ratio_low": b.ratio_low,
                "ratio_high": b.ratio_high,
                "swing": b.swing,
            }
            for b in sens.tornado
        ],
        "switching_values": [
            {"parameter": s.parameter, "base": s.base, "value": s.value}
            for s in sens.switching_values
        ],
    }


def overview_to_dict(overview: Overview) -> dict[str, Any]:
    """``alternatives`` (the case first, as ``base``) and ``increments`` of case-format.md
    (method.md §13); ``irr`` is null with ``irr_reason`` (no-flows, no-sign-change,
    several-sign-changes) when no single rate exists."""
    return {
        "reference": overview.reference,
        "alternatives": [
            {
                **evaluation_to_dict(r.evaluation),
                "id": r.id,
                "title": r.title,
                "irr": r.irr.rate,
                "irr_reason": r.irr.reason,
            }
            for r in overview.options
        ],
        "increments": [
            {
                "id": i.id,
                "reference": i.reference,
                "d_investment": i.d_investment,
                "d_benefits": i.d_benefits,
                "d_npv": i.d_npv,
                "incremental_ratio": i.incremental_ratio,
            }
            for i in overview.increments
        ],
    }


def p_best_to_dict(choice: Choice) -> dict[str, float]:
    """``simulation.p_best``: P(best) per option, do-nothing first."""
    return dict(choice.p_best)


def acceptability_to_dict(curve: Acceptability) -> dict[str, Any]:
    """``acceptability`` of ``rendement sensitivity --alternatives --parameter PATH``."""
    return {
        "acceptability": {
            "parameter": curve.parameter,
            "low": curve.low,
            "high": curve.high,
            "draws": curve.draws,
            "seed": curve.seed,
            "points": [{"value": p.value, "p_best": dict(p.p_best)} for p in curve.points],
        }
    }
