"""The case document: the public file format of case-format.md as pydantic models.

Glossary of the Dutch terms the sources use, for readers of the code:

- *maatschappelijke kosten-batenanalyse* (MKBA): social cost-benefit analysis.
- *sociale meerwaarde*: social surplus, a stakeholder's value minus its investment (``net``).
- *belanghebbende*: stakeholder. *investering*: investment. *sociale waarde*: social value.
- *deadweight* / *autonome ontwikkeling*: what would have happened anyway.
- *attributie*: the share of the effect due to others.
- *uitverdieneffect*: a cost shift, a negative value borne by a stakeholder.
- *PM-post* (pro memorie): an effect named but not monetised.
- *kengetal*: a key figure (unit price) taken from elsewhere.
- *verdelingseffecten*: who pays and who gains.
- *minimumvariant*: the conservative reading of a case.

Structural rules live here (types, ranges, required keys, unknown keys). Rules that relate
parts of a document to each other (unique ids, references, scenario paths) live in
``model.checks`` so that all of them can be reported together.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from rendement.model.numbers import (
    MAX_MAGNITUDE,
    Duration,
    Estimate,
    NonNegative,
    NonNegativeNumber,
    Number,
    Rate,
    Share,
    StrictNumber,
    Uncertain,
    estimates_json_schema,
    plain_json_schema,
    require_number,
    show_value,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def _unpadded(raw: Any) -> Any:
    # Text is stripped, but an id is also compared and referred to: 'zvw ' would silently become
    # 'zvw', so an id (and a reference to one) with spaces around it is refused, not stripped.
    if isinstance(raw, str) and raw != raw.strip():
        raise ValueError(f"must not begin or end with a space (got '{raw}')")
    return raw


Slug = Annotated[str, BeforeValidator(_unpadded), Field(pattern=SLUG_PATTERN, max_length=120)]


def _format_version(raw: Any) -> Any:
    # only the integer 1: YAML's `true` and `1.0` are equal to 1 in Python, but not version 1
    if type(raw) is not int or raw != 1:
        got = repr(raw) if isinstance(raw, float) else show_value(raw)
        raise ValueError(f"must be 1, the only format version this rendement reads (got {got})")
    return raw


FormatVersion = Annotated[Literal[1], BeforeValidator(_format_version)]

StakeholderKind = Literal[
    "municipality",
    "health-insurer",
    "care-office",
    "government",
    "welfare-organisation",
    "care-provider",
    "housing-corporation",
    "employer",
    "education",
    "justice",
    "fund",
    "clients",
    "informal-carers",
    "volunteers",
    "other",
]
STAKEHOLDER_KINDS: tuple[str, ...] = StakeholderKind.__args__  # type: ignore[attr-defined]

Method = Literal["sroi", "mkba", "business-case"]
Timing = Literal["ex-ante", "ex-post"]
Discounting = Literal["mkba", "svi"]
Design = Literal[
    "rct", "quasi-experimental", "pre-post", "monitoring", "expert-estimate", "literature"
]


def _require_whole(raw: Any) -> Any:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        require_number(raw)  # finite and within MAX_MAGNITUDE, so int() below is safe
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ValueError(f"must be a whole number (got {show_value(raw)})")
    return raw


def _whole_between(low: int, high: int) -> Any:
    def check(x: int) -> int:
        if x < low:
            raise ValueError(f"must be at least {low} (got {x})")
        if x > high:
            raise ValueError(f"must be at most {high} (got {x})")
        return x

    return check


# A whole number in [low, high]: checked with our wording, stated in the schema.
Whole = Annotated[
    int,
    BeforeValidator(_require_whole),
    WithJsonSchema(plain_json_schema(-MAX_MAGNITUDE, MAX_MAGNITUDE, integer=True)),
]
Year = Annotated[
    Whole,
    AfterValidator(_whole_between(1900, 2200)),
    WithJsonSchema(plain_json_schema(1900, 2200, integer=True)),
]
YearCount = Annotated[
    Whole,
    AfterValidator(_whole_between(1, 200)),
    WithJsonSchema(plain_json_schema(1, 200, integer=True)),
]
"""A number of years (``years``, ``horizon``)."""
YearOffset = Annotated[
    Whole,
    AfterValidator(_whole_between(0, 200)),
    WithJsonSchema(plain_json_schema(0, 200, integer=True)),
]
"""A year counted from year 0, the first of the intervention (``start``)."""
Level = Annotated[
    Whole,
    AfterValidator(_whole_between(1, 5)),
    WithJsonSchema(plain_json_schema(1, 5, integer=True)),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Typology(_Strict):
    approach: Literal["preventive", "curative"] | None = None
    problems: Literal["single", "multiple"] | None = None


class Evidence(_Strict):
    """How the figures were found. The flags the SEOR study asks for may be stated; for a full
    case the registry derives them from the model where they are not."""

    design: Design | None = None
    control_group: bool | None = None
    follow_up_years: NonNegativeNumber | None = None
    stakeholders_engaged: bool | None = None
    subjective_key_figures: bool | None = None
    adjustments_applied: bool | None = None
    sensitivity_analysis: bool | None = None
    distribution_shown: bool | None = None
    notes: str | None = None
    # the assurance check (engine/assurance.py): true = negative outcomes were looked for and
    # none found; false = not considered
    negative_outcomes_considered: bool | None = None


Status = Literal["longlist", "included", "excluded"]
Analysis = Literal["quantitative", "qualitative"]


class EvidenceOverride(_Strict):
    level: Level
    reason: Annotated[str, Field(min_length=1)]


class RegistryInfo(_Strict):
    """Screening of an entry in a registry (kept in the file so an export loses nothing)."""

    status: Status = "longlist"
    reason: str | None = None
    analysis: Analysis | None = None
    evidence_override: EvidenceOverride | None = None

    @model_validator(mode="after")
    def _reason_for_exclusion(self) -> RegistryInfo:
        if self.status == "excluded" and not self.reason:
            raise ValueError("an excluded entry needs a reason")
        return self


class StaffLine(_Strict):
    """Social-work staff the intervention itself uses (method.md §9, net FTE balance)."""

    profession: Slug
    fte: NonNegativeNumber


PositiveWhole = Annotated[
    Whole,
    AfterValidator(_whole_between(1, 1_000_000)),
    WithJsonSchema(plain_json_schema(1, 1_000_000, integer=True)),
]


class Forecast(_Strict):
    """The ex-ante case an ex-post case realises (method.md §14): a registry id, and the
    version compared with (the newest when omitted)."""

    id: Slug
    version: PositiveWhole | None = None


class CaseInfo(_Strict):
    id: Slug
    title: Annotated[str, Field(min_length=1)]
    region: str | None = None
    organisations: list[str] = Field(default_factory=list)
    domain: str | None = None
    typology: Typology | None = None
    method: Method | None = None
    timing: Timing | None = None
    participants: NonNegativeNumber | None = None
    price_year: Year
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    discount_rate: Rate = Uncertain(value=0.0225)
    discounting: Discounting = "mkba"
    horizon: YearCount | None = None
    source: str | None = None
    evidence: Evidence | None = None
    staff: list[StaffLine] = Field(default_factory=list)
    forecast: Forecast | None = None


class Stakeholder(_Strict):
    id: Slug
    name: Annotated[str, Field(min_length=1)]
    kind: StakeholderKind


class Investment(_Strict):
    """Money or time one stakeholder puts in (method.md §2)."""

    id: Slug
    stakeholder: Slug
    description: str | None = None
    amount: NonNegative | None = None
    hours: NonNegative | None = None
    rate: NonNegative | None = None
    schedule: list[NonNegative] | None = None
    years: YearCount = 1
    start: YearOffset = 0

    @model_validator(mode="after")
    def _one_kind(self) -> Investment:
        given = [
            name
            for name, present in (
                ("amount", self.amount is not None),
                ("schedule", self.schedule is not None),
                ("hours", self.hours is not None or self.rate is not None),
            )
            if present
        ]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise ValueError(
                f"give exactly one of amount, schedule, or hours with rate (found: {found})"
            )
        if given == ["hours"] and (self.hours is None or self.rate is None):
            raise ValueError("in-kind time needs both hours and rate")
        if self.schedule is not None:
            if not self.schedule:
                raise ValueError("schedule must list at least one year")
            if "years" in self.model_fields_set:
                raise ValueError("years does not apply to a schedule (its length gives the years)")
        return self


def _proxy_to_mapping(raw: Any) -> Any:
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, str):
        raise ValueError(
            "must be a number or a mapping such as {ref: care/gp-consult} "
            f"(got {show_value(raw)})"
        )
    return {"value": require_number(raw)}


class Proxy(_Strict):
    """Money per unit of an outcome: a number, a sourced value, or a catalogue reference."""

    ref: Annotated[str, Field(pattern=r"^[a-z]+/[a-z0-9-]+$")] | None = None
    value: StrictNumber | None = None
    low: StrictNumber | None = None
    high: StrictNumber | None = None
    dist: Literal["pert", "triangular", "uniform", "normal", "fixed"] | None = None
    sd: StrictNumber | None = None
    price_year: Year | None = None
    source: str | None = None
    shared: Annotated[str, Field(min_length=1, max_length=200)] | None = None  # method.md §16
    estimates: Annotated[  # method.md §12, as for any number
        tuple[Estimate, ...] | None, WithJsonSchema(estimates_json_schema(plain_json_schema()))
    ] = None

    @model_validator(mode="after")
    def _value_or_ref(self) -> Proxy:
        if self.ref is not None:
            extra = [
                name
                for name in (
                    "value",
                    "low",
                    "high",
                    "dist",
                    "sd",
                    "price_year",
                    "shared",
                    "estimates",
                )
                if getattr(self, name) is not None
            ]
            if extra:
                raise ValueError(
                    f"a catalogue reference takes its value and price year from the catalogue; "
                    f"remove {', '.join(extra)}"
                )
        elif self.value is None and self.estimates is None:
            raise ValueError("give a value (money per unit), estimates or a catalogue ref")
        else:
            self.number  # noqa: B018 - validates low/high/dist/sd as an uncertain number
        return self

    @property
    def number(self) -> Uncertain:
        """The proxy as an uncertain number in its own price year (not for catalogue refs)."""
        fields = {
            name: getattr(self, name)
            for name in ("value", "low", "high", "dist", "sd", "estimates", "shared")
            if getattr(self, name) is not None
        }
        return Uncertain.model_validate(fields)


ProxyField = Annotated[
    Proxy,
    BeforeValidator(_proxy_to_mapping),
    WithJsonSchema({"anyOf": [plain_json_schema(), Proxy.model_json_schema()]}),
]


class Outcome(_Strict):
    """An effect valued for one stakeholder, or an unquantified (PM) item (method.md §3, §6)."""

    id: Slug
    stakeholder: Slug | None = None
    description: str | None = None
    indicator: str | None = None
    quantity: NonNegative | None = None
    proxy: ProxyField | None = None
    deadweight: Share = Uncertain(value=0.0)
    attribution: Share = Uncertain(value=0.0)
    displacement: Share = Uncertain(value=0.0)
    drop_off: Share = Uncertain(value=0.0)
    duration: Duration = Uncertain(value=1.0)
    start: YearOffset = 0
    pm: Literal["positive", "negative"] | None = None
    weight: Literal["small", "large"] | None = None
    # method.md §16: changes a budget; default by the stakeholder's kind (see ``cashable_by_kind``)
    cashable: StrictBool | None = None

    @field_validator("quantity", mode="after")
    @classmethod
    def _quantity_given(cls, value: Uncertain | None) -> Uncertain | None:
        # runs only when the key is present: an empty `quantity:` left to fill in
        if value is None:
            raise ValueError("left empty: fill in the units per year")
        return value

    @model_validator(mode="after")
    def _quantified_or_pm(self) -> Outcome:
        if self.pm is not None:
            monetised = [n for n in ("quantity", "proxy") if getattr(self, n) is not None]
            if monetised:
                raise ValueError(
                    f"a PM item is not monetised: remove {' and '.join(monetised)} or remove pm"
                )
        else:
            if self.weight is not None:
                raise ValueError("weight applies only to a PM item (pm: positive | negative)")
            missing = [n for n in ("quantity", "proxy") if getattr(self, n) is None]
            if missing:
                raise ValueError(
                    f"a monetised outcome needs {' and '.join(missing)} "
                    "(or mark it pm: positive | negative)"
                )
            if self.stakeholder is None and (self.proxy is None or self.proxy.ref is None):
                raise ValueError("needs a stakeholder (only a catalogue proxy supplies a default)")
        return self

    @property
    def is_pm(self) -> bool:
        return self.pm is not None

    @property
    def pm_weight(self) -> str:
        return self.weight or "large"


NON_CASHABLE_KINDS = ("clients", "informal-carers", "volunteers")


def cashable_by_kind(kind: str) -> bool:
    """method.md §16: an outcome is cashable (changes a budget) by default for organisations,
    not for clients, informal carers and volunteers."""
    return kind not in NON_CASHABLE_KINDS


class PublishedRow(_Strict):
    investment: StrictNumber | None = None
    value: StrictNumber | None = None
    surplus: StrictNumber | None = None


class Published(_Strict):
    """Figures printed in the source, checked against the computation (method.md §11)."""

    total_investment: StrictNumber | None = None
    total_value: StrictNumber | None = None
    total_surplus: StrictNumber | None = None
    ratio: StrictNumber | None = None
    stakeholders: dict[Slug, PublishedRow] = Field(default_factory=dict)


class AlternativeAdditions(_Strict):
    """Items an alternative adds to the case (method.md §13)."""

    investments: list[Investment] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)


class Alternative(_Strict):
    """A project alternative: the case with these edits, on its conventions and years
    (method.md §13). ``set`` overrides parameters by path as a scenario does (a number, or an
    uncertain number with its own range); ``remove`` names investments or outcomes by id
    (``investments.<id>`` or ``outcomes.<id>`` when an id names one of each)."""

    title: Annotated[str, Field(min_length=1)]
    description: str | None = None
    overrides: dict[str, Number] = Field(default_factory=dict, alias="set")
    add: AlternativeAdditions = Field(default_factory=AlternativeAdditions)
    remove: list[str] = Field(default_factory=list)


class Case(_Strict):
    """A whole case document (``rendement: 1``)."""

    rendement: FormatVersion
    case: CaseInfo
    stakeholders: Annotated[list[Stakeholder], Field(min_length=1)]
    investments: list[Investment] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    scenarios: dict[Slug, dict[str, StrictNumber]] = Field(default_factory=dict)
    published: Published | None = None
    registry: RegistryInfo | None = None
    alternatives: dict[Slug, Alternative] = Field(default_factory=dict)

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        for s in self.stakeholders:
            if s.id == stakeholder_id:
                return s
        raise KeyError(stakeholder_id)
