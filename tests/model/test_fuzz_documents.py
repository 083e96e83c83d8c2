"""Hostile documents through the model and the engine: a bundled case (or portfolio) with
random parts deleted, replaced by random JSON values or joined by random keys. Every one
either is refused with a CaseError whose every issue names a place and a message, or gives a
finite result; no other exception escapes."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rendement.engine import evaluate
from rendement.io.yamlio import load_document, read_document
from rendement.model import CaseError
from rendement.model.portfolio import parse_portfolio
from rendement.usecases.analysis import parse_case_document

ROOT = Path(__file__).parents[2]
CASE = json.loads(json.dumps(load_document(ROOT / "examples" / "buurtcoaches-ouderen.yaml").data))
VARIANTS = json.loads(
    json.dumps(load_document(ROOT / "examples" / "buurtcoaches-varianten.yaml").data)
)
PORTFOLIO_TEXT = (ROOT / "examples" / "portfolios" / "voorbeeldstad.yaml").read_text("utf-8")
PORTFOLIO = json.loads(json.dumps(read_document(PORTFOLIO_TEXT, "p.yaml")[0]))

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _places(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _places(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _places(v, (*prefix, i))
    return out


@st.composite
def mutated(draw: st.DrawFn, original: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 4))):
        places = [p for p in _places(doc) if p]
        if not places:
            break
        place = draw(st.sampled_from(places))
        parent: Any = doc
        for part in place[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        if action == "delete":
            del parent[place[-1]]
        elif action == "replace":
            parent[place[-1]] = draw(json_values)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(json_values)
        else:
            parent.append(draw(json_values))
    return doc


def _refused_well(error: CaseError) -> None:
    assert error.issues
    for issue in error.issues:
        assert issue.message and isinstance(issue.message, str)
        assert str(issue)  # renders with its place


def _finite(value: Any) -> None:
    if isinstance(value, float):
        assert math.isfinite(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated(CASE), mutated(VARIANTS)))
def test_a_mutated_case_is_refused_by_place_or_evaluated_to_finite_figures(
    doc: dict[str, Any],
) -> None:
    try:
        case = parse_case_document(doc)
        evaluation = evaluate(case)
    except CaseError as error:
        _refused_well(error)
        return
    for figure in (evaluation.npv, evaluation.pv_benefits, evaluation.pv_investment):
        _finite(figure)
    for s in evaluation.stakeholders:
        _finite(s.net)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(PORTFOLIO))
def test_a_mutated_portfolio_is_refused_by_place_or_parsed(doc: dict[str, Any]) -> None:
    try:
        parse_portfolio(doc)
    except CaseError as error:
        _refused_well(error)
