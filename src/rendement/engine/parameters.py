"""From a case to numbers: the parameter table and the fixed structure the flows are built on.

Every numeric parameter of a case becomes one column of a matrix ``X`` of shape ``(n, P)``:
one row per draw (``n = 1`` for the point case). Scenarios, the tornado, switching values and
the Monte-Carlo simulation all fill that matrix differently and share every line after it.
A parameter is named by its path, as in scenarios: ``outcomes.<id>.quantity``,
``investments.<id>.amount``, ``discount_rate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from rendement.engine.pooling import Pool, PooledParameter, summarise
from rendement.model import Case, CaseError, Issue, Uncertain
from rendement.model.errors import Loc, closest
from rendement.reference import (
    Catalogue,
    CatalogueEntry,
    CpiTable,
    PriceYearError,
    Profession,
    UnknownReferenceError,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SHARE = (0.0, 1.0)
NON_NEGATIVE = (0.0, None)


@dataclass(frozen=True)
class Parameter:
    """One numeric input of a case, in its own units (a proxy in its own price year)."""

    path: str
    loc: Loc
    number: Uncertain
    domain: tuple[float | None, float | None]
    low_open: bool = False  # the low bound itself is excluded (a discount rate > −1)
    # method.md §12: a number with estimates is drawn from their pool, and ``number.value``
    # is the agreed value or else the pool's median
    pool: Pool | None = None
    pooled: PooledParameter | None = None

    @property
    def is_ranged(self) -> bool:
        return self.number.is_ranged

    @property
    def floor(self) -> float:
        """The lowest value the parameter may take; an open bound is moved just inside."""
        low = self.domain[0]
        if low is None:
            return -np.inf
        return low + 1e-9 if self.low_open else low

    @property
    def ceiling(self) -> float:
        return np.inf if self.domain[1] is None else self.domain[1]

    @property
    def span(self) -> tuple[float, float]:
        """The ends used by scenarios and the tornado (method.md §7), in the domain.

        A normal without low/high has value ± 1.96 sd as its ends, which may lie outside the
        parameter's domain (a share below 0, a quantity below 0): they are clipped to it, as
        the simulation clips its draws, so the ends reported are the ends used. A pooled
        number has the pool's P5 and P95 as its ends (method.md §12).
        """
        if self.pooled is not None:
            return self.pooled.p5, self.pooled.p95
        low, high = self.number.span
        return (
            float(np.clip(low, self.floor, self.ceiling)),
            float(np.clip(high, self.floor, self.ceiling)),
        )


@dataclass(frozen=True)
class OutcomeSpec:
    """The fixed part of a monetised outcome and the columns of its parameters."""

    id: str
    stakeholder: str
    start: int
    quantity: int
    proxy: int
    deadweight: int
    attribution: int
    displacement: int
    drop_off: int
    duration: int
    price_factor: float
    catalogue: CatalogueEntry | None


@dataclass(frozen=True)
class InvestmentSpec:
    """The fixed part of an investment: for each year offset, the column(s) giving its amount."""

    id: str
    stakeholder: str
    start: int
    # year offset k -> (column, rate column or -1): amount a[start + k] = X[col] (× X[rate])
    cells: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Structure:
    """Everything about a case that is not sampled, plus the parameter table."""

    case: Case
    parameters: tuple[Parameter, ...]
    outcomes: tuple[OutcomeSpec, ...]
    investments: tuple[InvestmentSpec, ...]
    stakeholder_ids: tuple[str, ...]
    discount_rate: int
    horizon: int | None
    discounting: str
    index: dict[str, int] = field(default_factory=dict)
    # method.md §9: professions whose time the case frees or uses, and its own staff
    professions: dict[str, Profession] = field(default_factory=dict)
    staff: tuple[tuple[str, float], ...] = ()

    def column(self, path: str) -> int:
        return self.index[path]

    def base_row(self) -> FloatArray:
        """The point values of every parameter, shape ``(1, P)``."""
        return np.array([[p.number.value for p in self.parameters]], dtype=np.float64)

    @property
    def ranged(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.is_ranged)

    @property
    def pooled(self) -> tuple[PooledParameter, ...]:
        """Every parameter with estimates, its pool summarised (method.md §12)."""
        return tuple(p.pooled for p in self.parameters if p.pooled is not None)


def _outcome_default_stakeholder(
    case: Case, i: int, entry: CatalogueEntry, issues: list[Issue]
) -> str:
    for s in case.stakeholders:
        if s.kind == entry.payer:
            return s.id
    issues.append(
        Issue(
            ("outcomes", i, "stakeholder"),
            f"no stakeholder given, and none of kind '{entry.payer}' (the payer of "
            f"{entry.id}) is declared; add one or name the stakeholder",
        )
    )
    return ""


def build_structure(case: Case, catalogue: Catalogue, cpi: CpiTable) -> Structure:
    """Resolve catalogue proxies, re-price to the case's price year, and lay out the columns.

    Raises :class:`CaseError` (with paths) for an unknown catalogue id, a price year outside
    the CPI table, or a stakeholder default that cannot be found.
    """
    issues: list[Issue] = []
    params: list[Parameter] = []

    def add(
        path: str,
        loc: Loc,
        number: Uncertain,
        domain: tuple[float | None, float | None],
        low_open: bool = False,
    ) -> int:
        params.append(pooled_parameter(path, loc, number, domain, low_open))
        return len(params) - 1

    price_year = case.case.price_year
    disc = add(
        "discount_rate", ("case", "discount_rate"), case.case.discount_rate, (-1.0, None), True
    )

    outcomes: list[OutcomeSpec] = []
    for i, o in enumerate(case.outcomes):
        if o.is_pm:
            continue
        assert o.quantity is not None and o.proxy is not None
        base = f"outcomes.{o.id}"
        loc: Loc = ("outcomes", i)
        entry: CatalogueEntry | None = None
        factor = 1.0
        stakeholder = o.stakeholder or ""
        if o.proxy.ref is not None:
            try:
                entry = catalogue.get(o.proxy.ref)
            except UnknownReferenceError as error:
                issues.append(Issue((*loc, "proxy", "ref"), str(error)))
                proxy_number = Uncertain(value=0.0)
            else:
                if entry.currency != case.case.currency:
                    issues.append(
                        Issue(
                            (*loc, "proxy", "ref"),
                            f"{entry.id} is priced in {entry.currency}, the case in "
                            f"{case.case.currency}; give the proxy's own value in "
                            f"{case.case.currency} with its source instead",
                        )
                    )
                proxy_number = Uncertain(value=entry.value)
                proxy_year = entry.price_year
                if not o.stakeholder:
                    stakeholder = _outcome_default_stakeholder(case, i, entry, issues)
                factor = _price_factor(cpi, proxy_year, price_year, (*loc, "proxy", "ref"), issues)
        else:
            proxy_number = o.proxy.number
            if o.proxy.price_year is not None and o.proxy.price_year != price_year:
                factor = _price_factor(
                    cpi, o.proxy.price_year, price_year, (*loc, "proxy", "price_year"), issues
                )
        outcomes.append(
            OutcomeSpec(
                id=o.id,
                stakeholder=stakeholder,
                start=o.start,
                quantity=add(f"{base}.quantity", (*loc, "quantity"), o.quantity, NON_NEGATIVE),
                proxy=add(f"{base}.proxy", (*loc, "proxy"), proxy_number, (None, None)),
                deadweight=add(f"{base}.deadweight", (*loc, "deadweight"), o.deadweight, SHARE),
                attribution=add(f"{base}.attribution", (*loc, "attribution"), o.attribution, SHARE),
                displacement=add(
                    f"{base}.displacement", (*loc, "displacement"), o.displacement, SHARE
                ),
                drop_off=add(f"{base}.drop_off", (*loc, "drop_off"), o.drop_off, SHARE),
                duration=add(f"{base}.duration", (*loc, "duration"), o.duration, (1.0, None)),
                price_factor=factor,
                catalogue=entry,
            )
        )

    investments: list[InvestmentSpec] = []
    for j, inv in enumerate(case.investments):
        base = f"investments.{inv.id}"
        loc = ("investments", j)
        cells: list[tuple[int, int]] = []
        if inv.schedule is not None:
            for k, number in enumerate(inv.schedule):
                col = add(f"{base}.schedule.{k}", (*loc, "schedule", k), number, NON_NEGATIVE)
                cells.append((col, -1))
        elif inv.amount is not None:
            col = add(f"{base}.amount", (*loc, "amount"), inv.amount, NON_NEGATIVE)
            cells = [(col, -1)] * inv.years
        else:
            assert inv.hours is not None and inv.rate is not None
            hours = add(f"{base}.hours", (*loc, "hours"), inv.hours, NON_NEGATIVE)
            rate = add(f"{base}.rate", (*loc, "rate"), inv.rate, NON_NEGATIVE)
            cells = [(hours, rate)] * inv.years
        investments.append(
            InvestmentSpec(
                id=inv.id, stakeholder=inv.stakeholder, start=inv.start, cells=tuple(cells)
            )
        )

    professions: dict[str, Profession] = {}
    for spec in outcomes:
        if spec.catalogue is not None:
            for pid in spec.catalogue.staff_time:
                professions[pid] = catalogue.profession(pid)
    for k, line in enumerate(case.case.staff):
        try:
            professions[line.profession] = catalogue.profession(line.profession)
        except UnknownReferenceError as error:
            issues.append(Issue(("case", "staff", k, "profession"), str(error)))

    if issues:
        raise CaseError(issues)
    return Structure(
        case=case,
        parameters=tuple(params),
        outcomes=tuple(outcomes),
        investments=tuple(investments),
        stakeholder_ids=tuple(s.id for s in case.stakeholders),
        discount_rate=disc,
        horizon=case.case.horizon,
        discounting=case.case.discounting,
        index={p.path: k for k, p in enumerate(params)},
        professions=professions,
        staff=tuple((line.profession, line.fte) for line in case.case.staff),
    )


def pooled_parameter(
    path: str,
    loc: Loc,
    number: Uncertain,
    domain: tuple[float | None, float | None],
    low_open: bool = False,
) -> Parameter:
    """A parameter; one with estimates gets its pool, and its point value resolved to the
    agreed value or else the pool's median (method.md §12)."""
    if number.estimates is None:
        return Parameter(path=path, loc=loc, number=number, domain=domain, low_open=low_open)
    pool = Pool.of(number.estimates)
    pooled = summarise(
        pool, number.estimates, parameter=path, value=number.value if number.agreed else None
    )
    return Parameter(
        path=path,
        loc=loc,
        number=number.with_value(pooled.value),
        domain=domain,
        low_open=low_open,
        pool=pool,
        pooled=pooled,
    )


def _price_factor(
    cpi: CpiTable, from_year: int, to_year: int, loc: Loc, issues: list[Issue]
) -> float:
    """method.md §1: v_case = v × CPI[case year] / CPI[proxy year]; never a silent 1.0."""
    if from_year == to_year:
        return 1.0
    try:
        return cpi.factor(from_year, to_year)
    except PriceYearError as error:
        issues.append(Issue(loc, f"cannot re-price from {from_year} to {to_year}: {error}"))
        return 1.0


def unknown_parameter_message(path: str, structure: Structure) -> str:
    hint = closest(path, structure.index, n=1)
    tail = f" (did you mean '{hint[0]}'?)" if hint else ""
    return f"no parameter '{path}' in this case{tail}"


def in_domain(parameter: Parameter, value: float) -> bool:
    low, high = parameter.domain
    if low is not None and (value <= low if parameter.low_open else value < low):
        return False
    return not (high is not None and value > high)
