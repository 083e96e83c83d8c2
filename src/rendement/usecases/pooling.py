"""Pooled estimates for the workshop (method.md §12): one parameter while people are still
typing, and every pooled parameter of a case.

Both return :class:`rendement.engine.pooling.PooledParameter`::

    PooledParameter(parameter, estimates, value, agreed, p5, p50, p95, disagreement)
    EstimateRow(by, low, value, high, weight, share, p5, p50, p95)

``estimates`` are in the order given; ``share`` is the normalised weight; ``value`` is the agreed
value when one was given (``agreed`` true) or else the pool's median; ``disagreement`` is
``(max value_k − min value_k) / (P95 − P5)``, ``None`` when undefined (see
:mod:`rendement.engine.pooling`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from rendement.engine import Structure, prepare
from rendement.engine.pooling import PooledParameter
from rendement.engine.pooling import pool_summary as _pool_summary
from rendement.model import Case, CaseError, Issue
from rendement.model.errors import issues_from_validation
from rendement.model.numbers import Estimate, NestedValueError, Uncertain, in_range

Domain = tuple[float | None, float | None]

SHARE: Domain = (0.0, 1.0)
NON_NEGATIVE: Domain = (0.0, None)
DURATION: Domain = (1.0, None)
ANY: Domain = (None, None)

_SHARES = ("deadweight", "attribution", "displacement", "drop_off")
_NON_NEGATIVE = ("quantity", "amount", "hours", "rate")


def parameter_domain(path: str) -> Domain:
    """The domain a parameter's estimates must lie in, from its path as in scenarios
    (``outcomes.<id>.deadweight`` → ``(0, 1)``). The discount rate's domain (> −1) is
    approximated by ``(-1, None)``; a proxy may be any number."""
    parts = path.split(".")
    if path == "discount_rate":
        return (-1.0, None)
    if parts[0] == "investments" and "schedule" in parts:
        return NON_NEGATIVE
    last = parts[-1]
    if last in _SHARES:
        return SHARE
    if last in _NON_NEGATIVE:
        return NON_NEGATIVE
    if last == "duration":
        return DURATION
    return ANY


def _allowed_keys(loc: Any) -> list[str]:
    if (loc and loc[-1] == "estimates") or (len(loc) >= 2 and loc[-2] == "estimates"):
        return list(Estimate.model_fields)
    return ["value", "estimates"]


def pool_summary(
    estimates: Sequence[Mapping[str, Any] | Estimate],
    domain: Domain | None = None,
    *,
    value: float | None = None,
    parameter: str = "",
) -> PooledParameter:
    """The pool of estimates as people give them: mappings ``{by, low, value, high, weight?}``
    (or :class:`Estimate`), checked like a case file's, in ``domain`` (by default the domain
    of ``parameter``'s path, :func:`parameter_domain`; any number without either). ``value`` is
    an agreed value, if any. Example::

        pool_summary(
            [{"by": "zvw", "low": 0.1, "value": 0.2, "high": 0.4},
             {"by": "gemeente", "low": 0.2, "value": 0.3, "high": 0.5, "weight": 2}],
            parameter="outcomes.minder-huisartsbezoek.attribution",
        )

    Raises :class:`CaseError` whose issues name the place relative to the number:
    ``estimates[1].low``, ``estimates[2].by``, ``value``.
    """
    raw: dict[str, Any] = {
        "estimates": [e.model_dump() if isinstance(e, Estimate) else e for e in estimates]
    }
    if value is not None:
        raw["value"] = value
    if domain is None:
        domain = parameter_domain(parameter) if parameter else ANY
    try:
        number = Uncertain.model_validate(raw)
        in_range(domain[0], domain[1], low_open=parameter == "discount_rate")(number)
    except ValidationError as error:
        raise CaseError(issues_from_validation(error, _allowed_keys)) from None
    except NestedValueError as error:
        raise CaseError([Issue(error.loc, error.message)]) from None
    except ValueError as error:
        raise CaseError([Issue(("value",), str(error))]) from None
    assert number.estimates is not None
    return _pool_summary(
        number.estimates, parameter=parameter, value=number.value if number.agreed else None
    )


def pooled_of(structure: Structure) -> tuple[PooledParameter, ...]:
    """The pooled parameters of a prepared case (``Analysis.structure``), in parameter order."""
    return structure.pooled


def pooled_parameters(case: Case) -> tuple[PooledParameter, ...]:
    """Every parameter of a case that carries estimates, with its pool. Raises
    :class:`CaseError` when the case cannot be resolved (an unknown catalogue entry, …)."""
    return prepare(case).pooled
