"""Uncertain numbers: a plain number, ``{value, low, high, dist, sd}`` (method.md §7), or
``{value?, estimates: [{by, low, value, high, weight?}]}``: the estimates of several participants,
pooled by the engine (method.md §12).

Every numeric parameter of a case is stored as an :class:`Uncertain`. A plain number in a case
file becomes ``Uncertain(value=x)``; the JSON Schema still shows both spellings. Domain checks
(shares in [0, 1], amounts ≥ 0, …) are attached per field with :func:`in_range`, so an error
names the field that is wrong, not the inner key.

Every number a document holds is at most :data:`MAX_MAGNITUDE` in absolute value. Money of
social work never comes near it, and with it no product or sum of a case's figures over its
years (at most ~1e30 × 200 years) can overflow a float: so no result is ever infinite or NaN.
The JSON Schema states each domain with the standard ``minimum``/``maximum`` keywords.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    model_validator,
)

Dist = Literal["pert", "triangular", "uniform", "normal", "fixed"]
DISTS: tuple[str, ...] = ("pert", "triangular", "uniform", "normal", "fixed")


def format_number(x: float) -> str:
    """Render a number as a person typed it: ``1.5``, ``3``, ``-0.1``."""
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def show_value(raw: Any) -> str:
    """A value as the person wrote it, for an error message."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, str):
        return f"'{raw}'"
    if isinstance(raw, dict):
        return "a mapping"
    if isinstance(raw, list):
        return "a list"
    if raw is None:
        return "nothing"
    if isinstance(raw, int | float):
        return format_number(float(raw))
    return str(raw)


MAX_MAGNITUDE = 1e15
"""The largest absolute value any number of a case or summary document may have."""


def too_large(raw: int | float) -> str:
    """The message for a number beyond :data:`MAX_MAGNITUDE` (an int may be too big to print)."""
    if isinstance(raw, int):
        digits = int(raw.bit_length() * math.log10(2)) + 1
        got = f"a whole number of about {digits} digits" if digits > 17 else f"{float(raw):.6g}"
    else:
        got = f"{raw:.6g}"
    return f"must be at most 1e15 in absolute value (got {got})"


def require_number(raw: Any) -> float:
    """Accept ints and floats (not booleans, not strings); reject NaN, infinity and any number
    beyond :data:`MAX_MAGNITUDE`."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"must be a number (got {show_value(raw)})")
    if isinstance(raw, int) and abs(raw) > MAX_MAGNITUDE:
        raise ValueError(too_large(raw))  # before float(): a 400-digit int overflows it
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number (got {raw})")
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(too_large(value))
    return value


class NestedValueError(ValueError):
    """A problem a validator finds below the value it checks: ``loc`` is the place relative to
    that value (``("estimates", 1, "low")``), so the error names the exact key and its line."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


MAX_ESTIMATES = 200
"""The most estimates one number may carry (a workshop is a table, not a survey)."""


def plain_json_schema(
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    integer: bool = False,
) -> dict[str, Any]:
    """The JSON Schema of a plain number in a domain, bounded by :data:`MAX_MAGNITUDE`."""
    schema: dict[str, Any] = {"type": "integer" if integer else "number"}
    schema["exclusiveMinimum" if low_open else "minimum"] = -MAX_MAGNITUDE if low is None else low
    schema["maximum"] = MAX_MAGNITUDE if high is None else high
    return schema


def number_json_schema(
    low: float | None = None, high: float | None = None, *, low_open: bool = False
) -> dict[str, Any]:
    """The JSON Schema of an uncertain number: plain, or ``{value, low, high, dist, sd}``."""
    bound = plain_json_schema(low, high, low_open=low_open)
    return {
        "anyOf": [
            bound,
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["value"],
                "properties": {
                    "value": bound,
                    "low": bound,
                    "high": bound,
                    "dist": {"enum": list(DISTS)},
                    "sd": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_MAGNITUDE},
                },
            },
            pooled_json_schema(bound),
        ]
    }


def pooled_json_schema(bound: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of ``{value?, estimates: [...]}`` (method.md §12)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["estimates"],
        "properties": {"value": bound, "estimates": estimates_json_schema(bound)},
    }


def estimates_json_schema(bound: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of an ``estimates`` list whose numbers lie in ``bound``."""
    return {
        "type": "array",
        "minItems": 1,
        "maxItems": MAX_ESTIMATES,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["by", "low", "value", "high"],
            "properties": {
                "by": {"type": "string", "minLength": 1, "maxLength": 200},
                "low": bound,
                "value": bound,
                "high": bound,
                "weight": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "maximum": MAX_MAGNITUDE,
                    "default": 1,
                },
            },
        },
    }


StrictNumber = Annotated[
    float, BeforeValidator(require_number), WithJsonSchema(plain_json_schema())
]


class Estimate(BaseModel):
    """One participant's estimate of a number: a PERT(low, value, high) (method.md §12)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    by: str
    low: StrictNumber
    value: StrictNumber
    high: StrictNumber
    weight: StrictNumber = 1.0

    @model_validator(mode="before")
    @classmethod
    def _author(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("by"), str) and not data["by"].strip():
            raise NestedValueError(("by",), "must name who gave the estimate (got an empty text)")
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Estimate:
        if len(self.by) > 200:
            raise NestedValueError(("by",), "is too long: at most 200 characters")
        if not (self.low <= self.value <= self.high):
            raise ValueError(
                "needs low ≤ value ≤ high "
                f"(got low {format_number(self.low)}, value {format_number(self.value)}, "
                f"high {format_number(self.high)})"
            )
        if self.weight <= 0:
            raise NestedValueError(
                ("weight",), f"must be greater than 0 (got {format_number(self.weight)})"
            )
        return self


def _author_key(by: str) -> str:
    return by.strip().casefold()


class Uncertain(BaseModel):
    """A point value with an optional range and distribution for simulation, or the pooled
    estimates of several participants (method.md §12).

    A pooled number without an agreed ``value`` carries a provisional one, the mean of the
    pool (Σ w_k (low_k + 4 value_k + high_k) / 6), so that every number has a value; the
    engine replaces it with the pool's median (``Parameter.number`` is the resolved number).
    :attr:`agreed` tells the two apart.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: StrictNumber
    low: StrictNumber | None = None
    high: StrictNumber | None = None
    dist: Dist | None = None
    sd: StrictNumber | None = None
    # method.md §16: a text naming a common cause; in a portfolio, every parameter carrying
    # the same key has one draw for all members
    shared: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    estimates: tuple[Estimate, ...] | None = None
    _agreed: bool = PrivateAttr(default=True)

    @model_validator(mode="wrap")
    @classmethod
    def _provisional_value(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Uncertain:
        missing = isinstance(data, dict) and "value" not in data and "estimates" in data
        if not missing:
            result: Uncertain = handler(data)
            return result
        number: Uncertain = handler({**data, "value": 0.0})
        if not number.estimates:
            return number  # refused by the checks after this one
        total = sum(e.weight for e in number.estimates)
        mean = sum(e.weight * (e.low + 4.0 * e.value + e.high) / 6.0 for e in number.estimates)
        copy = number.model_copy(update={"value": mean / total})
        copy._agreed = False
        return copy

    @property
    def agreed(self) -> bool:
        """False for a pooled number whose ``value`` was not given (it is provisional)."""
        return self._agreed

    @property
    def is_pooled(self) -> bool:
        return self.estimates is not None

    @model_validator(mode="after")
    def _consistent(self) -> Uncertain:
        if self.estimates is not None:
            return self._consistent_pool(self.estimates)
        if (self.low is None) != (self.high is None):
            missing = "high" if self.high is None else "low"
            raise ValueError(f"give both low and high, or neither ({missing} is missing)")
        if (
            self.low is not None
            and self.high is not None
            and not (self.low <= self.value <= self.high)
        ):
            raise ValueError(
                "needs low ≤ value ≤ high "
                f"(got low {format_number(self.low)}, value {format_number(self.value)}, "
                f"high {format_number(self.high)})"
            )
        dist = self.effective_dist
        if dist in ("pert", "triangular", "uniform") and self.low is None:
            raise ValueError(f"dist '{dist}' needs low and high")
        if dist == "normal" and self.sd is None:
            raise ValueError("dist 'normal' needs sd")
        if self.sd is not None and self.sd <= 0:
            raise ValueError(f"sd must be greater than 0 (got {format_number(self.sd)})")
        if self.sd is not None and dist != "normal":
            raise ValueError("sd is only used with dist 'normal'")
        return self

    def _consistent_pool(self, estimates: tuple[Estimate, ...]) -> Uncertain:
        combined = [n for n in ("low", "high", "dist", "sd") if getattr(self, n) is not None]
        if combined:
            raise ValueError(
                f"estimates cannot be combined with {', '.join(combined)}: the pooled estimates "
                f"replace the range and distribution (remove {', '.join(combined)})"
            )
        if not estimates:
            raise NestedValueError(("estimates",), "must list at least one estimate")
        if len(estimates) > MAX_ESTIMATES:
            raise NestedValueError(
                ("estimates",),
                f"holds {len(estimates)} estimates; at most {MAX_ESTIMATES} are allowed",
            )
        first: dict[str, int] = {}
        for k, e in enumerate(estimates):
            key = _author_key(e.by)
            if key in first:
                raise NestedValueError(
                    ("estimates", k, "by"),
                    f"a second estimate by '{e.by}' (estimates[{first[key]}] is by "
                    f"'{estimates[first[key]].by}'); keep one estimate per participant",
                )
            first[key] = k
        return self

    @property
    def is_ranged(self) -> bool:
        """True when the parameter varies in scenarios, tornado and simulation."""
        return self.effective_dist != "fixed"

    @property
    def span(self) -> tuple[float, float]:
        """The ends used by scenarios and the tornado: low and high, or for a normal without
        them its central 95% interval, value ± 1.959964 sd."""
        if self.estimates is not None:
            # the envelope of every estimate: what a draw may reach (the engine's
            # ``Parameter.span`` gives the pool's P5 and P95 for scenarios and the tornado)
            return min(e.low for e in self.estimates), max(e.high for e in self.estimates)
        if self.low is not None and self.high is not None:
            return self.low, self.high
        if self.sd is not None:
            return self.value - 1.959964 * self.sd, self.value + 1.959964 * self.sd
        return self.value, self.value

    @property
    def effective_dist(self) -> str:
        """The distribution used for simulation; ``pert`` when a range is given (method.md §7),
        ``pooled`` for estimates (method.md §12)."""
        if self.estimates is not None:
            return "pooled"
        if self.low is not None and self.low == self.high:
            return "fixed"  # a range of zero width is a number
        if self.dist is not None:
            return self.dist
        return "pert" if self.low is not None else "fixed"

    def with_value(self, value: float) -> Uncertain:
        return self.model_copy(update={"value": value})


def _number_to_mapping(raw: Any) -> Any:
    if isinstance(raw, dict):
        return raw
    return {"value": require_number(raw)}


Number = Annotated[
    Uncertain, BeforeValidator(_number_to_mapping), WithJsonSchema(number_json_schema())
]


def in_range(
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
) -> Callable[[Uncertain], Uncertain]:
    """A validator that checks value, low and high of an uncertain number lie in a domain."""

    def describe() -> str:
        if low is not None and high is not None:
            return f"between {format_number(low)} and {format_number(high)}"
        if low is not None:
            return (
                f"greater than {format_number(low)}"
                if low_open
                else f"at least {format_number(low)}"
            )
        assert high is not None
        return f"at most {format_number(high)}"

    def ok(x: float) -> bool:
        if low is not None and (x <= low if low_open else x < low):
            return False
        return not (high is not None and x > high)

    def check(number: Uncertain) -> Uncertain:
        for name in ("value", "low", "high"):
            x = getattr(number, name)
            if x is not None and not ok(x) and (name != "value" or number.agreed):
                prefix = "" if name == "value" else f"{name} "
                raise ValueError(f"{prefix}must be {describe()} (got {format_number(x)})")
        for k, e in enumerate(number.estimates or ()):
            for name in ("low", "value", "high"):
                x = getattr(e, name)
                if not ok(x):
                    raise NestedValueError(
                        ("estimates", k, name), f"must be {describe()} (got {format_number(x)})"
                    )
        return number

    return check


def plain_in_range(low: float | None = None, *, low_open: bool = False) -> Callable[[float], float]:
    """A validator that checks a plain number lies above a bound, worded as :func:`in_range`."""

    def check(x: float) -> float:
        if low is not None and (x <= low if low_open else x < low):
            word = "greater than" if low_open else "at least"
            raise ValueError(f"must be {word} {format_number(low)} (got {format_number(x)})")
        return x

    return check


Share = Annotated[
    Number, AfterValidator(in_range(0.0, 1.0)), WithJsonSchema(number_json_schema(0.0, 1.0))
]
NonNegative = Annotated[
    Number, AfterValidator(in_range(0.0)), WithJsonSchema(number_json_schema(0.0))
]
Duration = Annotated[Number, AfterValidator(in_range(1.0)), WithJsonSchema(number_json_schema(1.0))]
Rate = Annotated[
    Number,
    AfterValidator(in_range(-1.0, low_open=True)),
    WithJsonSchema(number_json_schema(-1.0, low_open=True)),
]
NonNegativeNumber = Annotated[
    StrictNumber, AfterValidator(plain_in_range(0.0)), WithJsonSchema(plain_json_schema(0.0))
]
"""A plain number ≥ 0 (participants, FTE, follow-up years, published investments)."""
PositiveNumber = Annotated[
    StrictNumber,
    AfterValidator(plain_in_range(0.0, low_open=True)),
    WithJsonSchema(plain_json_schema(0.0, low_open=True)),
]
