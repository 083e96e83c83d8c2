"""What a workshop page reads in one request: the case's newest version, its results, the
parameter on the table with everyone's estimates and their pool, comments, decisions,
sign-offs and who is there. Presentation only; figures come from the use cases."""

from __future__ import annotations

from typing import Any

from rendement.model import CaseError
from rendement.usecases import workshops as uw
from rendement.usecases.analysis import analyse_document, simulation_of
from rendement.usecases.errors import RegistryError
from rendement.usecases.store import Store
from rendement.web.cache import ResultCache, digest
from rendement.web.present import results_fragment

PROJECTOR_DRAWS = 2000


def _p_positive(document: dict[str, Any]) -> float | None:
    try:
        analysis = analyse_document(document)
    except CaseError:
        return None
    return float(simulation_of(analysis, PROJECTOR_DRAWS, 0).p_npv_positive)


def _parameters(document: dict[str, Any]) -> list[str]:
    try:
        analysis = analyse_document(document)
    except CaseError:
        return []
    return [p.path for p in analysis.structure.parameters]


def _table(document: dict[str, Any], path: str | None) -> dict[str, Any] | None:
    if not path:
        return None
    try:
        _, number = uw.table_parameter(document, path)
    except (RegistryError, CaseError):
        return {"parameter": path, "missing": True}
    return {
        "parameter": path,
        "missing": False,
        "value": uw.point_of(number),
        "estimates": uw.estimates_of(number),
        "pooled": _pooled(number, path),
    }


def _pooled(number: Any, path: str) -> dict[str, Any] | None:
    """The pool of the estimates on the table (method.md §12), or None while there are none."""
    estimates = uw.estimates_of(number)
    if not estimates:
        return None
    from rendement.usecases.pooling import parameter_domain, pool_summary

    agreed = number.get("value") if isinstance(number, dict) else None
    try:
        pool = pool_summary(estimates, parameter_domain(path), value=agreed, parameter=path)
    except CaseError:
        return None
    return {
        "value": pool.value,
        "agreed": pool.agreed,
        "p5": pool.p5,
        "p50": pool.p50,
        "p95": pool.p95,
        "disagreement": pool.disagreement,
    }


def workshop_state(store: Store, who: uw.Attendee, lang: str, cache: ResultCache) -> dict[str, Any]:
    workshop = store.workshops.by_id(who.workshop.id)  # the newest settings
    key = workshop.entry_id
    last = store.workshops.last_event_id(workshop.id)
    current = store.registry.get(key)
    document = current.data
    seen = digest(document)
    html, errors = cache.get(("results", seen, lang), lambda: results_fragment(document, lang))
    p_positive = cache.get(("p", seen, PROJECTOR_DRAWS), lambda: _p_positive(document))
    parameters = cache.get(("params", seen), lambda: _parameters(document))
    stakeholders = dict(uw.stakeholders_of(store.registry, workshop))
    return {
        "workshop": {
            "code": workshop.code,
            "shown_code": uw.show_code(workshop.code),
            "permission": workshop.permission,
            "on_table": workshop.on_table,
            "open": workshop.is_open,
        },
        "me": {
            "name": who.name,
            "stakeholder": who.stakeholder,
            "facilitator": who.facilitator,
            "may_estimate": who.may_estimate,
            "may_edit": who.may_edit,
            "may_comment": who.may_comment,
            "by": uw.estimate_by(who),
        },
        "last_event": last,
        "version": current.number,
        "author": current.author,
        "title": document.get("case", {}).get("title", ""),
        "document": document,
        "results_html": html,
        "errors": errors,
        "p_npv_positive": p_positive,
        "parameters": parameters,
        "table": _table(document, workshop.on_table),
        "stakeholders": [{"id": k, "name": v} for k, v in stakeholders.items()],
        "participants": [
            {"id": p.id, "name": p.name, "stakeholder": p.stakeholder}
            for p in uw.participants(store, who)
        ],
        "comments": [
            {
                "id": c.id,
                "target": c.target,
                "author": c.author,
                "body": c.body,
                "at": c.created_at.isoformat(timespec="seconds"),
                "resolved": c.resolved_at is not None,
            }
            for c in store.workshops.comments(key)
        ],
        "targets": uw.comment_targets(document),
        "decisions": [
            {
                "author": d.author,
                "body": d.body,
                "version": d.version,
                "at": d.created_at.isoformat(timespec="seconds"),
            }
            for d in store.workshops.decisions(key)
        ],
        "agreements": [
            {
                "stakeholder": a.stakeholder,
                "name": a.name,
                "version": a.version,
                "agreed": a.agreed,
                "author": a.author,
            }
            for a in uw.agreements(store, key)
        ],
    }
