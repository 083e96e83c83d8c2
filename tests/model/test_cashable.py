"""``cashable`` on outcomes and ``shared`` on uncertain numbers (method.md §16)."""

from __future__ import annotations

import pytest
from tests.engine.builders import case_dict, out

from rendement.model import parse_case
from rendement.model.case import STAKEHOLDER_KINDS, cashable_by_kind


@pytest.mark.parametrize("kind", ["clients", "informal-carers", "volunteers"])
def test_people_are_not_cashable_by_default(kind: str) -> None:
    assert cashable_by_kind(kind) is False


def test_every_organisation_kind_is_cashable_by_default() -> None:
    organisations = set(STAKEHOLDER_KINDS) - {"clients", "informal-carers", "volunteers"}
    # 15 kinds, 3 of them people: 12 organisations
    assert len(organisations) == 12
    assert all(cashable_by_kind(k) for k in organisations)


def test_cashable_is_left_unset_unless_given() -> None:
    case = parse_case(case_dict(outcomes=[out("a", "zvw"), out("b", "zvw", cashable=False)]))
    assert case.outcomes[0].cashable is None
    assert case.outcomes[1].cashable is False


def test_shared_key_is_kept_on_a_number_and_a_proxy() -> None:
    quantity = {"value": 10, "low": 5, "high": 15, "shared": "vergrijzing"}
    proxy = {"value": 100, "low": 80, "high": 120, "shared": "tarieven"}
    case = parse_case(case_dict(outcomes=[out("a", "zvw", quantity=quantity, proxy=proxy)]))
    outcome = case.outcomes[0]
    assert outcome.quantity is not None and outcome.quantity.shared == "vergrijzing"
    assert outcome.proxy is not None and outcome.proxy.number.shared == "tarieven"
