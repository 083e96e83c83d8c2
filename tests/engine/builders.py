"""Small case documents for engine tests, written as the dicts a YAML file would give.

Defaults keep hand arithmetic short: price year 2024, discount rate 0 (pass ``discount_rate``
to discount; pass ``discount_rate=None`` to leave it out and get the case-format default), the
``mkba`` convention, a derived horizon, and four stakeholders of different kinds.
"""

from __future__ import annotations

from typing import Any

from rendement.engine import Evaluation, evaluate
from rendement.model import Case, parse_case

STAKEHOLDERS: list[dict[str, str]] = [
    {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
    {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
    {"id": "welzijn", "name": "Welzijnsorganisatie", "kind": "welfare-organisation"},
    {"id": "bewoners", "name": "Bewoners", "kind": "clients"},
]


def inv(id: str = "inv", stakeholder: str = "gemeente", **fields: Any) -> dict[str, Any]:
    """An investment; ``amount=...``, ``schedule=[...]`` or ``hours=..., rate=...``."""
    return {"id": id, "stakeholder": stakeholder, **fields}


def out(
    id: str = "out",
    stakeholder: str | None = "zvw",
    quantity: Any = 1,
    proxy: Any = 100,
    **fields: Any,
) -> dict[str, Any]:
    """A monetised outcome; other parameters (deadweight, drop_off, …) as keywords."""
    item: dict[str, Any] = {"id": id, "quantity": quantity, "proxy": proxy, **fields}
    if stakeholder is not None:
        item["stakeholder"] = stakeholder
    return item


def pm(id: str, direction: str, weight: str | None = None) -> dict[str, Any]:
    """An unquantified (PM) item."""
    item: dict[str, Any] = {"id": id, "stakeholder": "bewoners", "pm": direction}
    if weight is not None:
        item["weight"] = weight
    return item


def case_dict(
    *,
    investments: list[dict[str, Any]] | tuple[()] = (),
    outcomes: list[dict[str, Any]] | tuple[()] = (),
    scenarios: dict[str, dict[str, float]] | None = None,
    published: dict[str, Any] | None = None,
    stakeholders: list[dict[str, str]] | None = None,
    **info: Any,
) -> dict[str, Any]:
    case: dict[str, Any] = {"id": "test", "title": "Test", "price_year": 2024, "discount_rate": 0.0}
    case.update(info)
    case = {k: v for k, v in case.items() if v is not None}
    doc: dict[str, Any] = {
        "rendement": 1,
        "case": case,
        "stakeholders": stakeholders if stakeholders is not None else STAKEHOLDERS,
        "investments": list(investments),
        "outcomes": list(outcomes),
    }
    if scenarios is not None:
        doc["scenarios"] = scenarios
    if published is not None:
        doc["published"] = published
    return doc


def make_case(**kwargs: Any) -> Case:
    return parse_case(case_dict(**kwargs))


def run(scenario: str | None = None, **kwargs: Any) -> Evaluation:
    """Evaluate a case built from ``kwargs`` (see :func:`case_dict`)."""
    return evaluate(make_case(**kwargs), scenario)
