"""Care staff freed by substitution, and the net FTE balance (method.md §9).

An outcome whose proxy cites a catalogue entry with staff time per unit frees, in year t,
``units[t] × hours per unit`` hours of each profession, where ``units[t]`` is the attributable
quantity ``q · (1 − d) · (1 − a) · (1 − x)`` with the outcome's duration and drop-off — the
same units that carry its value. (method.md §9 wrote ``q × hours per unit``; counting the
unadjusted quantity would credit the intervention with care that would have been avoided
anyway, and its value already excludes that.) FTE = hours / productive hours per FTE of the
profession. The net balance sets the FTE freed against the staff the case itself uses.

An outcome that avoids professional care whose catalogue entry gives no staff time (a hospital
day, a nursing-home day, a social-work contact) frees staff that cannot be counted; the result
names those outcomes, so that a small FTE figure is not read as "no staff freed".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rendement.engine.flows import attributable_quantity, outcome_profile
from rendement.engine.parameters import FloatArray, Structure


@dataclass(frozen=True)
class ProfessionLabour:
    id: str
    name_nl: str
    name_en: str
    productive_hours_per_fte: float
    hours_by_year: tuple[float, ...]  # hours freed in each year of the horizon
    hours: float  # mean per year over the horizon
    fte: float  # mean FTE per year over the horizon
    staff_fte: float  # FTE of this profession the case itself uses
    source: str


@dataclass(frozen=True)
class UncountedOutcome:
    """An outcome avoiding professional care whose catalogue entry has no staff time."""

    outcome: str
    ref: str


@dataclass(frozen=True)
class Labour:
    professions: tuple[ProfessionLabour, ...]
    freed_fte: float
    staff_fte: float
    uncounted: tuple[UncountedOutcome, ...] = ()

    @property
    def net_fte(self) -> float:
        return self.freed_fte - self.staff_fte


def labour(structure: Structure, X: FloatArray, years: int) -> Labour:
    """The labour result of one parameter row (shape (1, P))."""
    hours: dict[str, FloatArray] = {}
    uncounted = tuple(
        UncountedOutcome(spec.id, spec.catalogue.id)
        for spec in structure.outcomes
        if spec.catalogue is not None
        and not spec.catalogue.staff_time
        and _is_professional_care(spec.catalogue.id, spec.catalogue.payer)
    )
    if structure.outcomes:
        units = (
            attributable_quantity(structure, X)[0, :, None]
            * outcome_profile(structure, X, years)[0]
        )
        for i, spec in enumerate(structure.outcomes):
            if spec.catalogue is None:
                continue
            for pid, per_unit in spec.catalogue.staff_time.items():
                hours[pid] = hours.get(pid, np.zeros(years)) + units[i] * per_unit
    staff: dict[str, float] = {}
    for pid, fte in structure.staff:
        staff[pid] = staff.get(pid, 0.0) + fte
    rows = []
    for pid in sorted(set(hours) | set(staff)):
        p = structure.professions[pid]
        by_year = hours.get(pid, np.zeros(years))
        mean_hours = float(by_year.mean()) if years else 0.0
        rows.append(
            ProfessionLabour(
                id=pid,
                name_nl=p.name_nl,
                name_en=p.name_en,
                productive_hours_per_fte=p.productive_hours_per_fte,
                hours_by_year=tuple(float(h) for h in by_year),
                hours=mean_hours,
                fte=mean_hours / p.productive_hours_per_fte,
                staff_fte=staff.get(pid, 0.0),
                source=p.source,
            )
        )
    return Labour(
        professions=tuple(rows),
        freed_fte=sum(r.fte for r in rows),
        staff_fte=sum(staff.values()),
        uncounted=uncounted,
    )


def _is_professional_care(ref: str, payer: str) -> bool:
    # care the catalogue prices for a payer of care, not the time of informal carers
    return ref.startswith("care/") and payer != "informal-carers"
