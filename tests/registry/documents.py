"""Small documents for the registry tests, and saving them as the service does."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

from rendement.model import parse_document
from rendement.registry import Registry, SaveResult
from rendement.usecases.figures import figures_for

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
EXAMPLE_REGISTRY = EXAMPLES / "registry"
ARRANGEMENTS = (
    "mentorproject-den-haag",
    "samenoud",
    "meer-kracht-minder-zorg",
    "thuisbegeleiding-amersfoort",
)


def summary(entry_id: str, **fields: Any) -> dict[str, Any]:
    """A summary entry with a title and whatever ``fields`` add."""
    return {
        "rendement": 1,
        "summary": {"id": entry_id, "title": f"Entry {entry_id}", **fields},
    }


def small_case(
    entry_id: str = "kleine-case",
    *,
    quantity: float | dict[str, float] = 100,
    method: str = "sroi",
    proxy: dict[str, Any] | None = None,
    stakeholders: int = 2,
    **registry_block: Any,
) -> dict[str, Any]:
    """A one-year case: 10,000 invested by the municipality, ``quantity`` × 300 gained by the
    health insurer (ratio 3.0 at quantity 100, no discounting in year 0)."""
    people = [
        {"id": "gemeente", "name": "Gemeente", "kind": "municipality"},
        {"id": "zvw", "name": "Zorgverzekeraar", "kind": "health-insurer"},
    ][:stakeholders]
    data: dict[str, Any] = {
        "rendement": 1,
        "case": {
            "id": entry_id,
            "title": f"Case {entry_id}",
            "typology": {"approach": "preventive", "problems": "multiple"},
            "method": method,
            "timing": "ex-ante",
            "price_year": 2024,
            "horizon": 1,
            "evidence": {"design": "pre-post", "control_group": False},
        },
        "stakeholders": people,
        "investments": [{"id": "team", "stakeholder": "gemeente", "amount": 10000, "years": 1}],
        "outcomes": [
            {
                "id": "minder-zorg",
                "stakeholder": people[-1]["id"],
                "quantity": quantity,
                "proxy": proxy or {"value": 300, "price_year": 2024, "source": "schatting"},
                "duration": 1,
            }
        ],
    }
    if registry_block:
        data["registry"] = registry_block
    return data


def save(
    registry: Registry,
    data: dict[str, Any],
    *,
    base_version: int | None = None,
    author: str = "tester",
    message: str = "",
) -> SaveResult:
    """Validate, evaluate and save a document, as an import or a screening does."""
    data = copy.deepcopy(data)
    document = parse_document(data)
    return registry.save(
        document,
        data,
        figures_for(document),
        base_version=base_version,
        author=author,
        message=message or "saved by a test",
    )


def write(path: Path, data: dict[str, Any]) -> Path:
    """Write a document as YAML (``.yaml``) or JSON (``.json``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        path.write_text(
            yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return path
