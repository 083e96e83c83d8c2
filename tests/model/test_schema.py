"""`rendement schema` states the rules with standard JSON Schema keywords, so any validator can
check a case file (issue 11, item 3): the good examples pass it, bad files fail it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BAD = ROOT / "tests" / "data" / "bad"

# the keywords of JSON Schema 2020-12 (core, applicator, validation, meta-data)
STANDARD = {
    "$schema", "$defs", "$ref", "title", "description", "default", "type", "enum", "const",
    "properties", "additionalProperties", "patternProperties", "propertyNames", "required",
    "items", "prefixItems", "anyOf", "oneOf", "allOf", "not", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems",
    "maxItems", "uniqueItems", "minProperties", "maxProperties", "format",
}  # fmt: skip
# the keys of mappings whose keys are names, not keywords; and of values that are data
NAMED = {"properties", "$defs", "patternProperties"}
DATA = {"default", "const", "enum"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    # the schema as the command prints it, not as the library returns it
    out = subprocess.run(
        [sys.executable, "-c", "from rendement.cli.main import main; main()", "schema"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=120,
    ).stdout
    loaded: dict[str, Any] = json.loads(out)
    return loaded


def as_json(path: Path) -> Any:
    """A YAML case file as the plain data a JSON file of it would hold."""
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data))


def keywords(node: Any, named: bool = False) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if not named:
                found.add(key)
            if named or key not in DATA:
                found |= keywords(value, named=not named and key in NAMED)
    elif isinstance(node, list):
        for item in node:
            found |= keywords(item)
    return found


def test_the_schema_is_a_valid_2020_12_schema(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_uses_only_standard_keywords(schema: dict[str, Any]) -> None:
    assert keywords(schema) - STANDARD == set()


def test_the_schema_states_the_magnitude_limit_and_the_share_domain(
    schema: dict[str, Any],
) -> None:
    amount = schema["$defs"]["Investment"]["properties"]["amount"]["anyOf"][0]
    assert amount == {"type": "number", "minimum": 0.0, "maximum": 1e15}
    deadweight = schema["$defs"]["Outcome"]["properties"]["deadweight"]["anyOf"][0]
    assert deadweight == {"type": "number", "minimum": 0.0, "maximum": 1.0}
    total = schema["$defs"]["Published"]["properties"]["total_value"]["anyOf"][0]
    assert total == {"type": "number", "minimum": -1e15, "maximum": 1e15}
    years = schema["$defs"]["Investment"]["properties"]["years"]
    assert (years["type"], years["minimum"], years["maximum"]) == ("integer", 1, 200)


def test_there_are_examples_to_validate() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_a_good_example_passes_the_schema(schema: dict[str, Any], path: Path) -> None:
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(as_json(path))]
    assert errors == []


@pytest.mark.parametrize(
    "name",
    [
        "share-above-1.yaml",
        "negative-amount.yaml",
        "duration-below-1.yaml",
        "unknown-key-outcome.yaml",
        "stakeholder-kind.yaml",
        "wrong-version.yaml",
        "investment-years-zero.yaml",
        "model-magnitude-proxy.yaml",
        "model-magnitude-published.yaml",
        "model-magnitude-staff-participants.yaml",
        "model-magnitude-range.yaml",
        "model-version-true.yaml",
        "pool-domain.yaml",
        "pool-weight.yaml",
        "pool-empty.yaml",
        "pool-with-range.yaml",
        "pool-unknown-key.yaml",
        "pool-too-many.yaml",
        "pool-author-empty.yaml",
    ],
)
def test_a_bad_file_fails_the_schema(schema: dict[str, Any], name: str) -> None:
    assert not Draft202012Validator(schema).is_valid(as_json(BAD / name))
