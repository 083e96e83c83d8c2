"""The one place results become JSON: the keys of case-format.md, strict JSON (no NaN or
Infinity). Warnings are said in English sentences (:mod:`rendement.io.notices`)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import Any

from rendement.engine.alternatives import Overview
from rendement.engine.assurance import AssuranceCheck
from rendement.engine.choice import Acceptability, Choice
from rendement.engine.cofinance import CompensatingProposal
from rendement.engine.evaluate import Evaluation
from rendement.engine.fund import FundResult
from rendement.engine.pooling import PooledParameter
from rendement.engine.sensitivity import Sensitivity
from rendement.engine.simulate import Simulation, Spread
from rendement.io.assurance_text import advice_text
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
            "compensating": compensating_to_dict(cof.compensating),
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
        "pooled": pooled_to_list(ev.pooled),
        "assurance": assurance_to_list(ev.assurance),
    }


def compensating_to_dict(comp: CompensatingProposal | None) -> dict[str, Any] | None:
    """``cofinancing.compensating`` (method.md §8): rows when the surplus is ≥ 0, else the
    shortfall and no rows."""
    if comp is None:
        return None
    return {
        "surplus": comp.surplus,
        "shortfall": comp.shortfall,
        "stakeholders": [asdict(r) for r in comp.rows],
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


# method.md §14, §15: forecast against actual, calibration, prediction (case-format.md keys)

RATIO_REASONS = {"forecast-zero": "the forecast's present value is 0"}
PREDICTION_REASONS = {
    "too-few-cases": (
        "fewer than 3 comparable included cases with a ratio and an interval: the t "
        "distribution of a new case needs k - 2 >= 1 degrees of freedom"
    )
}


def forecast_comparison_to_dict(compared: Any) -> dict[str, Any]:
    """``forecast_comparison`` of ``calc --json`` and ``compare --json``; ``compared`` is a
    :class:`rendement.usecases.forecast.Compared`."""
    c = compared.comparison
    forecast: dict[str, Any] = {"id": compared.forecast_id, "version": compared.forecast_version}
    if compared.forecast_file is not None:
        forecast["file"] = compared.forecast_file
    spread = c.forecast_ratio_spread
    return {
        "forecast": forecast,
        "draws": c.draws,
        "seed": c.seed,
        "reprice": c.reprice,
        "ratio_name": c.ratio_name,
        "forecast_npv": c.forecast_npv,
        "actual_npv": c.actual_npv,
        "forecast_ratio": c.forecast_ratio,
        "actual_ratio": c.actual_ratio,
        "forecast_ratio_p5_p95": None if spread.p5 is None else [spread.p5, spread.p95],
        "items": [
            {
                "id": i.id,
                "kind": i.kind,
                "forecast_pv": i.forecast_pv,
                "actual_pv": i.actual_pv,
                "difference": i.difference,
                "ratio": i.ratio,
                **({"reason": RATIO_REASONS[i.ratio_reason]} if i.ratio_reason else {}),
            }
            for i in c.items
        ],
        "parameters": [
            {
                "parameter": p.parameter,
                "forecast": p.forecast,
                "low": p.low,
                "high": p.high,
                "actual": p.actual,
                "pit": p.pit,
            }
            for p in c.parameters
        ],
        "npv_pit": c.npv_pit,
        "ratio_pit": c.ratio_pit,
        "new": [{"id": u.id, "kind": u.kind} for u in c.new],
        "dropped": [{"id": u.id, "kind": u.kind} for u in c.dropped],
    }


def calibration_to_dict(view: Any) -> dict[str, Any]:
    """``meta --calibration --json``; ``view`` is a ``usecases.forecast.CalibrationView``."""
    cal = view.calibration
    return {
        "n_pairs": cal.n_pairs,
        "mean_log_ratio": cal.mean_log_ratio,
        "ci": None if cal.ci is None else list(cal.ci),
        "coverage_p5_p95": cal.coverage_p5_p95,
        "pit": list(cal.pit),
        "pit_histogram": list(cal.pit_histogram),
        "pairs": [
            {
                "id": p.id,
                "forecast": p.forecast_id,
                "forecast_ratio": p.forecast_ratio,
                "actual_ratio": p.actual_ratio,
                "p5": p.p5,
                "p95": p.p95,
                "pit": p.pit,
            }
            for p in cal.pairs
        ],
        "skipped": [{"id": case_id, "reason": reason} for case_id, reason in view.skipped],
    }


def prediction_to_dict(p: Any) -> dict[str, Any]:
    """``rendement predict --json``; ``p`` is a :class:`rendement.meta.predict.Prediction`."""
    value = None
    if p.value is not None:
        value = {
            "median": p.value.median,
            "interval_80": list(p.value.interval_80),
            "interval_95": list(p.value.interval_95),
        }
    return {
        "k": p.k,
        "cases": list(p.cases),
        "median": p.median,
        "interval_80": None if p.interval_80 is None else list(p.interval_80),
        "interval_95": None if p.interval_95 is None else list(p.interval_95),
        "p_ratio_above_1": p.p_ratio_above_1,
        "investment": p.investment,
        "value": value,
        "reason": None if p.reason is None else PREDICTION_REASONS[p.reason],
    }


def fund_to_dict(result: FundResult) -> dict[str, Any]:
    """``rendement fund --json`` (case-format.md): parties by year (nominal, with the
    discounted figures beside), the fund balance, shortfall, bridging capital and the
    compensating proposal at portfolio level; ``simulation`` with draws."""
    rule = result.rule
    out: dict[str, Any] = {
        "portfolio": result.id,
        "title": result.title,
        "conventions": {
            "price_year": result.price_year,
            "currency": result.currency,
            "discount_rate": result.discount_rate,
            "discounting": result.discounting,
            "horizon": result.horizon,
        },
        "rule": {
            "rule": rule.rule,
            "share": rule.share if rule.rule == "shared-savings" else None,
            "shares": (
                {p.party: s for p, s in zip(result.parties, rule.shares, strict=True)}
                if rule.rule == "fixed"
                else None
            ),
            "seed": {p.party: s for p, s in zip(result.parties, rule.seed, strict=True) if s},
        },
        "members": [
            {"case": case, "scale": scale, "start": start} for case, scale, start in result.members
        ],
        "parties": [
            {
                "party": p.party,
                "name": p.name,
                "kind": p.kind,
                "by_year": [
                    {
                        "t": y.t,
                        "investment": y.investment,
                        "cashable": y.cashable,
                        "non_cashable": y.non_cashable,
                        "contribution": y.contribution,
                        "discounted": {
                            "investment": y.investment_pv,
                            "cashable": y.cashable_pv,
                            "non_cashable": y.non_cashable_pv,
                            "contribution": y.contribution_pv,
                        },
                    }
                    for y in p.by_year
                ],
                "investment": p.investment,
                "cashable": p.cashable,
                "non_cashable": p.non_cashable,
                "contribution": p.contribution,
                "npv": p.npv,
                "break_even_year": p.break_even_year,
                "p_net_nonnegative": p.p_net_nonnegative,
            }
            for p in result.parties
        ],
        "years": [asdict(y) for y in result.years],
        "fund_balance": list(result.fund_balance),
        "first_shortfall_year": result.first_shortfall_year,
        "bridging_capital": result.bridging_capital,
        "compensating_proposal": compensating_to_dict(result.compensating),
    }
    sim = result.simulation
    if sim is not None:
        out["simulation"] = {
            "draws": sim.draws,
            "seed": sim.seed,
            "bridging_capital": asdict(sim.bridging_capital),
            "p_shortfall": sim.p_shortfall,
            "parties": [
                {"party": r.party, "npv": asdict(r.npv), "p_net_nonnegative": r.p_net_nonnegative}
                for r in sim.parties
            ],
        }
    return out


def pooled_to_list(pooled: tuple[PooledParameter, ...]) -> list[dict[str, Any]]:
    """``pooled`` of case-format.md: per parameter with estimates, who said what and the pool
    (method.md §12). Beyond the documented keys: ``agreed`` (whether ``value`` was given or is
    the pool's median) and each estimate's normalised ``share`` and own ``p5``/``p50``/``p95``."""
    return [
        {
            "parameter": p.parameter,
            "estimates": [
                {
                    "by": e.by,
                    "low": e.low,
                    "value": e.value,
                    "high": e.high,
                    "weight": e.weight,
                    "share": e.share,
                    "p5": e.p5,
                    "p50": e.p50,
                    "p95": e.p95,
                }
                for e in p.estimates
            ],
            "value": p.value,
            "agreed": p.agreed,
            "p5": p.p5,
            "p50": p.p50,
            "p95": p.p95,
            "disagreement": p.disagreement,
        }
        for p in pooled
    ]


def assurance_to_list(checks: tuple[AssuranceCheck, ...]) -> list[dict[str, Any]]:
    """``assurance``: per check of engine/assurance.py whether it passed, what to fix (items)
    and the advice in English (null when it passed)."""
    return [
        {
            "check": c.check,
            "principle": c.principle,
            "passed": c.passed,
            "items": [
                {
                    "outcomes": list(i.outcomes),
                    "fields": list(i.fields),
                    "ref": i.ref,
                    "stakeholder": i.stakeholder,
                }
                for i in c.items
            ],
            "advice": advice_text(c, "en"),
        }
        for c in checks
    ]


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


def _as_text(value: Any) -> str:
    isoformat = getattr(value, "isoformat", None)
    return str(isoformat()) if callable(isoformat) else str(value)


def as_json_data(data: Any) -> Any:
    """A document read from YAML as plain JSON data: a date or time the YAML parser made of a
    value becomes its text (``2024-03-12``), so the model names it at its field instead of
    anything failing on an object JSON does not know; NaN and infinity stay numbers here."""
    return json.loads(json.dumps(data, default=_as_text))
