"""Forecast against actual, the registry's calibration, and a start from comparable cases
(method.md §14, §15), once for both shells.

A forecast is found in the registry by ``case.forecast`` (``{id, version}``, the newest
version when none is given) or given as a file. The comparison itself is the engine's; the
calibration and the prediction are the meta-analysis's. This module finds the cases, prices
them in one year and says why a comparison cannot be made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rendement.engine import Structure, prepare
from rendement.engine.forecast import ForecastComparison, compare_forecast
from rendement.engine.simulate import DEFAULT_DRAWS
from rendement.io.yamlio import MAX_FILE_BYTES
from rendement.meta.calibration import Calibration, ForecastPair, calibration
from rendement.meta.predict import Prediction, predict
from rendement.model import Case, CaseError, Issue, Summary, parse_document
from rendement.model.errors import UserError
from rendement.reference import PriceYearError, load_catalogue, load_cpi
from rendement.registry import Registry, RegistryError
from rendement.usecases.analysis import analyse_file
from rendement.usecases.browse import clean_filters
from rendement.usecases.registry import meta_inputs

# the draws of a forecast's own distribution (method.md §14: N draws, seed 0, default 10,000)
FORECAST_DRAWS = DEFAULT_DRAWS
FORECAST_SEED = 0


@dataclass(frozen=True)
class Compared:
    """A comparison and where its forecast came from: a registry version or a file."""

    comparison: ForecastComparison
    forecast_id: str
    forecast_version: int | None  # None for a forecast given as a file
    forecast_file: str | None = None
    # the id the ex-post case names in case.forecast, when the file given is another case
    named_otherwise: str | None = None


def _reprice(forecast: Case, actual: Case) -> float:
    """The CPI factor from the forecast's price year to the actual's (method.md §1)."""
    f, a = forecast.case.price_year, actual.case.price_year
    if f == a:
        return 1.0
    try:
        return load_cpi().factor(f, a)
    except PriceYearError as error:
        raise CaseError(
            [
                Issue(
                    ("case", "price_year"), f"cannot re-price the forecast from {f} to {a}: {error}"
                )
            ]
        ) from None


def compare_structures(
    forecast: Structure,
    actual: Structure,
    *,
    draws: int = FORECAST_DRAWS,
    seed: int = FORECAST_SEED,
) -> ForecastComparison:
    return compare_forecast(
        forecast, actual, draws=draws, seed=seed, reprice=_reprice(forecast.case, actual.case)
    )


def compare_files(
    actual_path: Path,
    forecast_path: Path,
    *,
    draws: int = FORECAST_DRAWS,
    seed: int = FORECAST_SEED,
    max_bytes: int = MAX_FILE_BYTES,
) -> Compared:
    """``rendement compare EX_POST --forecast EX_ANTE``: both files read, validated and
    compared; every problem located in its file."""
    actual = analyse_file(actual_path, None, max_bytes)
    forecast = analyse_file(forecast_path, None, max_bytes)
    try:
        comparison = compare_structures(
            forecast.structure, actual.structure, draws=draws, seed=seed
        )
    except CaseError as error:  # the price years: said of the forecast's file
        raise error.located(str(forecast_path), lambda loc: None) from None
    named = actual.case.case.forecast
    otherwise = named.id if named is not None and named.id != forecast.case.case.id else None
    return Compared(comparison, forecast.case.case.id, None, str(forecast_path), otherwise)


def resolve_forecast(registry: Registry, actual: Case) -> tuple[Case, int]:
    """The forecast a case names, from the registry: the version it names or the newest.

    Raises ``NotFoundError`` naming the id (with the closest known one) or the version (with
    the versions there are), and ``RegistryError`` for a case that names no forecast or a
    forecast that is a summary entry (which has no parameters to compare)."""
    ref = actual.case.forecast
    if ref is None:
        raise RegistryError(f"{actual.case.id}: names no forecast (case.forecast)")
    version = registry.get(ref.id, ref.version)
    document = parse_document(version.data)
    if isinstance(document, Summary):
        raise RegistryError(
            f"case.forecast {ref.id}: a summary entry, not a case; a forecast must be a full case"
        )
    return document, version.number


def compare_in_registry(
    registry: Registry,
    actual: Case,
    *,
    draws: int = FORECAST_DRAWS,
    seed: int = FORECAST_SEED,
    actual_structure: Structure | None = None,
) -> Compared:
    forecast, number = resolve_forecast(registry, actual)
    comparison = compare_structures(
        prepare(forecast), actual_structure or prepare(actual), draws=draws, seed=seed
    )
    return Compared(comparison, forecast.case.id, number)


@dataclass(frozen=True)
class CalcForecast:
    """What ``calc`` adds for a case naming a forecast: the comparison, or why there is none."""

    compared: Compared | None
    problem: str | None = None


def forecast_for_calc(
    url: str, actual: Case, structure: Structure, *, draws: int = FORECAST_DRAWS
) -> CalcForecast | None:
    """None for a case that names no forecast. A registry that does not exist or lacks the
    forecast is no error for ``calc`` (the case itself is sound, and ``make run`` computes the
    examples before importing them): the problem is returned, to be said in one line."""
    ref = actual.case.forecast
    if ref is None:
        return None
    try:
        registry = Registry.open(url, create=False)
    except UserError as error:
        return CalcForecast(None, str(error))
    try:
        return CalcForecast(
            compare_in_registry(registry, actual, draws=draws, actual_structure=structure)
        )
    except UserError as error:
        return CalcForecast(None, str(error))
    finally:
        registry.close()


@dataclass(frozen=True)
class CalibrationView:
    calibration: Calibration
    skipped: tuple[tuple[str, str], ...]  # (ex-post case, why it is not a pair)


def pair_of(case_id: str, comparison: ForecastComparison) -> ForecastPair:
    spread = comparison.forecast_ratio_spread
    return ForecastPair(
        id=case_id,
        forecast_id=comparison.forecast_id,
        forecast_ratio=comparison.forecast_ratio,
        actual_ratio=comparison.actual_ratio,
        p5=spread.p5,
        p95=spread.p95,
        pit=comparison.ratio_pit,
    )


def calibration_of(
    registry: Registry,
    filters: Mapping[str, str | None] | None = None,
    *,
    draws: int = FORECAST_DRAWS,
    resamples: int = 10_000,
    seed: int = 0,
) -> CalibrationView:
    """method.md §14 over the registry: every ex-post case (not excluded) that names a
    forecast the registry holds. A case whose forecast cannot be found or compared is listed
    with the reason, not counted."""
    chosen = clean_filters(dict(filters or {}))
    chosen["timing"] = "ex-post"
    chosen["kind"] = "case"
    pairs: list[ForecastPair] = []
    skipped: list[tuple[str, str]] = []
    for entry in registry.entries(**chosen):
        if entry.status == "excluded":
            continue
        document = parse_document(registry.get(entry.id).data)
        if not isinstance(document, Case) or document.case.forecast is None:
            continue
        try:
            compared = compare_in_registry(registry, document, draws=draws, seed=FORECAST_SEED)
        except UserError as error:
            skipped.append((entry.id, str(error)))
            continue
        pairs.append(pair_of(entry.id, compared.comparison))
    return CalibrationView(calibration(pairs, resamples=resamples, seed=seed), tuple(skipped))


def predict_from_registry(
    registry: Registry,
    filters: Mapping[str, str | None],
    investment: float | None = None,
    estimator: str = "dl",
) -> Prediction:
    """method.md §15 over the registry's included cases matching ``filters`` (checked
    against their choices: a bad value is an error naming the filter)."""
    if investment is not None and not 0 < investment <= 1e15:
        raise RegistryError(f"investment: must be above 0 and at most 1e15 (got {investment:g})")
    entries = registry.entries(**clean_filters(dict(filters)))
    return predict(meta_inputs(entries), investment, estimator)


def parse_like(text: str) -> dict[str, str | None]:
    """``"quadrant=preventive/multiple,domain=ouderenwerk"`` → the filters it names."""
    out: dict[str, str | None] = {}
    for part in text.split(","):
        name, sep, value = part.strip().partition("=")
        if not sep or not name.strip() or not value.strip():
            raise RegistryError(
                f"--like {text!r}: give filters as name=value, separated by commas "
                "(e.g. quadrant=preventive/multiple)"
            )
        out[name.strip().replace("-", "_")] = value.strip()
    return out


@dataclass(frozen=True)
class RefUse:
    """An outcome kind (a catalogue entry) and the comparable cases that use it."""

    ref: str
    cases: tuple[str, ...]
    payer: str  # the stakeholder kind that pays for this care (the outcome's default)
    name_nl: str
    name_en: str


@dataclass(frozen=True)
class Start:
    """A start from comparable cases: the prediction (from the included cases), and the
    union of the outcome kinds (catalogue refs) the comparable full cases not excluded use."""

    filters: dict[str, str | None]
    prediction: Prediction
    outcome_refs: tuple[RefUse, ...]


def start_like(registry: Registry, like: str, investment: float | None = None) -> Start:
    filters = parse_like(like)
    prediction = predict_from_registry(registry, filters, investment)
    chosen = clean_filters(dict(filters))
    chosen["kind"] = "case"
    users: dict[str, list[str]] = {}
    for entry in registry.entries(**chosen):
        # every comparable full case not screened out: a longlisted case shows what is
        # measured in such work as well as an included one
        if entry.status == "excluded":
            continue
        document = parse_document(registry.get(entry.id).data)
        if not isinstance(document, Case):
            continue
        for outcome in document.outcomes:
            if outcome.proxy is not None and outcome.proxy.ref is not None:
                users.setdefault(outcome.proxy.ref, [])
                if entry.id not in users[outcome.proxy.ref]:
                    users[outcome.proxy.ref].append(entry.id)
    catalogue = load_catalogue()
    uses = []
    for ref, ids in sorted(users.items()):
        priced = catalogue.get(ref)
        uses.append(RefUse(ref, tuple(ids), priced.payer, priced.name_nl, priced.name_en))
    return Start(filters, prediction, tuple(uses))


def as_filters(values: Mapping[str, Any]) -> dict[str, str | None]:
    """Command-line filter options as the text filters :func:`clean_filters` checks."""
    return {k: None if v is None else str(v) for k, v in values.items()}
