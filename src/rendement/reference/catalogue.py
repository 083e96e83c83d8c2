"""The catalogue of sourced unit prices and the professions behind them (method.md §9).

A case file refers to a row by id (``proxy: {ref: care/gp-consult}``). Each row carries a
unit price with its price year and source, the payer (a stakeholder kind, which becomes
the outcome's default stakeholder) and, where a source supports it, the staff time per unit
by profession. ``professions.csv`` gives each profession's productive hours per FTE, which
turns freed hours into FTE in the labour result.

Both files ship in ``data/`` and are checked on load by :func:`validate_rows` and
:func:`validate_profession_rows`; a bad row stops the load with every problem listed.

Exceptions::

    KeyError
      └── UnknownReferenceError      unknown catalogue or profession id, with suggestions
    ValueError
      └── CatalogueDataError         the bundled (or given) CSV data has problems
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rendement.reference.cpi import CpiTable, load_cpi, read_bundled

__all__ = [
    "CATALOGUE_COLUMNS",
    "CONFIDENCE_LABELS",
    "PAYER_KINDS",
    "PROFESSION_COLUMNS",
    "Catalogue",
    "CatalogueDataError",
    "CatalogueEntry",
    "Profession",
    "StaffTime",
    "UnknownReferenceError",
    "load_catalogue",
    "parse_catalogue",
    "parse_staff_time",
    "read_csv_rows",
    "validate_profession_rows",
    "validate_rows",
]

CATALOGUE_COLUMNS: tuple[str, ...] = (
    "id", "name_nl", "name_en", "unit_nl", "unit_en", "value", "currency", "price_year",
    "payer", "payer_scheme", "staff_time", "source", "url", "confidence", "notes",
)  # fmt: skip
PROFESSION_COLUMNS: tuple[str, ...] = (
    "id", "name_nl", "name_en", "productive_hours_per_fte", "source", "url", "confidence", "notes",
)  # fmt: skip

# The stakeholder kinds of case-format.md; a payer is always one of them.
PAYER_KINDS: tuple[str, ...] = (
    "municipality", "health-insurer", "care-office", "government", "welfare-organisation",
    "care-provider", "housing-corporation", "employer", "education", "justice", "fund",
    "clients", "informal-carers", "volunteers", "other",
)  # fmt: skip
# The evidence labels of the reference facts; "unverified" figures never enter the catalogue.
CONFIDENCE_LABELS: tuple[str, ...] = ("verified-in-source", "secondary-2x", "secondary", "derived")
CURRENCIES: tuple[str, ...] = ("EUR",)

ID_PATTERN = re.compile(r"^[a-z]+/[a-z0-9-]+$")
PROFESSION_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_URL_PATTERN = re.compile(r"^https?://\S+$")
_REQUIRED_ENTRY_TEXT = (
    "name_nl", "name_en", "unit_nl", "unit_en", "payer_scheme", "source", "url",
)  # fmt: skip
_REQUIRED_PROFESSION_TEXT = ("name_nl", "name_en", "source", "url")
_SUGGESTION_CUTOFF = 0.6
_MAX_SUGGESTIONS = 3


class UnknownReferenceError(KeyError):
    """A catalogue or profession id that does not exist; ``suggestions`` holds the closest ids."""

    def __init__(self, ref: str, suggestions: Sequence[str], what: str = "catalogue id") -> None:
        super().__init__(ref)
        self.ref = ref
        self.suggestions = list(suggestions)
        self.what = what

    def __str__(self) -> str:
        message = f"unknown {self.what} {self.ref!r}"
        if self.suggestions:
            message += f" (closest: {', '.join(self.suggestions)})"
        return message


class CatalogueDataError(ValueError):
    """The catalogue or profession data has problems; ``problems`` lists each one."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid catalogue data:\n" + "\n".join(self.problems))


class StaffTime(Mapping[str, float]):
    """Hours of staff time per unit, by profession id: an immutable, hashable mapping."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, float] | Iterable[tuple[str, float]] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        collected: dict[str, float] = {}
        for profession, hours in pairs:
            if profession in collected:
                raise ValueError(f"profession {profession!r} appears twice in staff time")
            collected[profession] = float(hours)
        self._items: tuple[tuple[str, float], ...] = tuple(sorted(collected.items()))

    def __getitem__(self, profession: str) -> float:
        for key, hours in self._items:
            if key == profession:
                return hours
        raise KeyError(profession)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StaffTime):
            return self._items == other._items
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"StaffTime({dict(self._items)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (StaffTime, (self._items,))

    @property
    def total_hours(self) -> float:
        return sum(hours for _, hours in self._items)


def _pick_language(lang: str, dutch: str, english: str) -> str:
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code == "nl":
        return dutch
    if code == "en":
        return english
    raise ValueError(f"unsupported language {lang!r} (use 'nl' or 'en')")


@dataclass(frozen=True)
class CatalogueEntry:
    """One sourced unit price."""

    id: str
    name_nl: str
    name_en: str
    unit_nl: str
    unit_en: str
    value: float
    currency: str
    price_year: int
    payer: str
    payer_scheme: str
    staff_time: Mapping[str, float]
    source: str
    url: str
    confidence: str
    notes: str

    def name(self, lang: str) -> str:
        return _pick_language(lang, self.name_nl, self.name_en)

    def unit(self, lang: str) -> str:
        return _pick_language(lang, self.unit_nl, self.unit_en)

    def value_in(self, price_year: int, cpi: CpiTable | None = None) -> float:
        """The value re-priced to ``price_year`` (method.md §1); raises PriceYearError."""
        table = cpi if cpi is not None else load_cpi()
        return self.value * table.factor(self.price_year, price_year)


@dataclass(frozen=True)
class Profession:
    """A profession named in staff time, with the hours one FTE works productively per year."""

    id: str
    name_nl: str
    name_en: str
    productive_hours_per_fte: float
    source: str
    url: str
    confidence: str = ""
    notes: str = ""

    def name(self, lang: str) -> str:
        return _pick_language(lang, self.name_nl, self.name_en)


def _closest(ref: str, ids: Iterable[str]) -> list[str]:
    """Up to three ids most like ``ref``; the part after the slash also counts, so a missing
    category prefix ('gp-consult') still finds 'care/gp-consult'."""
    needle = ref.strip().lower()
    scored: list[tuple[float, str]] = []
    for candidate in ids:
        tail = candidate.split("/", 1)[-1]
        score = max(
            difflib.SequenceMatcher(None, needle, candidate).ratio(),
            difflib.SequenceMatcher(None, needle, tail).ratio(),
        )
        if score >= _SUGGESTION_CUTOFF:
            scored.append((score, candidate))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [candidate for _, candidate in scored[:_MAX_SUGGESTIONS]]


@dataclass(frozen=True)
class Catalogue:
    """All catalogue entries and professions, looked up by id."""

    entries: tuple[CatalogueEntry, ...]
    professions: tuple[Profession, ...]
    _by_id: Mapping[str, CatalogueEntry] = field(init=False, repr=False, compare=False)
    _professions_by_id: Mapping[str, Profession] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})
        object.__setattr__(self, "_professions_by_id", {item.id: item for item in self.professions})

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[CatalogueEntry]:
        return iter(self.entries)

    def __contains__(self, ref: object) -> bool:
        return ref in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(entry.id for entry in self.entries)

    def get(self, ref: str) -> CatalogueEntry:
        """The entry with id ``ref``; raises UnknownReferenceError naming the closest ids."""
        try:
            return self._by_id[ref]
        except KeyError:
            raise UnknownReferenceError(ref, _closest(ref, self._by_id)) from None

    def profession(self, id: str) -> Profession:
        """The profession with ``id``; raises UnknownReferenceError naming the closest ids."""
        try:
            return self._professions_by_id[id]
        except KeyError:
            suggestions = _closest(id, self._professions_by_id)
            raise UnknownReferenceError(id, suggestions, what="profession id") from None

    def search(self, query: str | None) -> list[CatalogueEntry]:
        """Entries whose id, Dutch or English name, payer or scheme contain every word of
        ``query`` (case-insensitive); all entries for an empty query."""
        words = (query or "").lower().split()
        if not words:
            return list(self.entries)
        found: list[CatalogueEntry] = []
        for entry in self.entries:
            haystack = " ".join(
                (entry.id, entry.name_nl, entry.name_en, entry.payer, entry.payer_scheme)
            ).lower()
            if all(word in haystack for word in words):
                found.append(entry)
        return found


# --- reading and checking the CSV files -------------------------------------------------


def read_csv_rows(text: str, columns: Sequence[str], name: str) -> list[dict[str, str]]:
    """The rows of a CSV text whose header must be exactly ``columns``."""
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header != tuple(columns):
        raise CatalogueDataError(
            [f"{name}: the header must be {','.join(columns)} (got {','.join(header)})"]
        )
    rows: list[dict[str, str]] = []
    for row in reader:
        if None in row:
            raise CatalogueDataError(
                [f"{name} line {reader.line_num}: more fields than the header has columns"]
            )
        rows.append({key: (value or "") for key, value in row.items()})
    return rows


def parse_staff_time(text: str) -> StaffTime:
    """Parse ``profession:hours;profession:hours``; an empty text is no staff time."""
    pairs: list[tuple[str, float]] = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        profession, separator, hours = part.partition(":")
        if not separator:
            raise ValueError(f"{part!r} is not profession:hours")
        try:
            value = float(hours)
        except ValueError:
            message = f"hours for {profession.strip()!r} must be a number (got {hours!r})"
            raise ValueError(message) from None
        pairs.append((profession.strip(), value))
    return StaffTime(pairs)


def _positive_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) and number > 0 else None


def validate_profession_rows(rows: Sequence[Mapping[str, str]]) -> list[str]:
    """Problems in professions.csv rows (an empty list when the rows are sound)."""
    problems: list[str] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        ident = row.get("id", "").strip()
        where = f"professions.csv row {number} ({ident or 'no id'})"
        if not PROFESSION_ID_PATTERN.match(ident):
            problems.append(f"{where}: id must be a slug like 'social-worker'")
        elif ident in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(ident)
        for column in _REQUIRED_PROFESSION_TEXT:
            if not row.get(column, "").strip():
                problems.append(f"{where}: {column} is empty")
        if row.get("url", "").strip() and not _URL_PATTERN.match(row["url"].strip()):
            problems.append(f"{where}: url must start with http:// or https://")
        hours = row.get("productive_hours_per_fte", "")
        if _positive_number(hours) is None:
            problems.append(
                f"{where}: productive_hours_per_fte must be a positive number (got {hours!r})"
            )
        confidence = row.get("confidence", "").strip()
        if confidence not in CONFIDENCE_LABELS:
            problems.append(
                f"{where}: confidence must be one of {', '.join(CONFIDENCE_LABELS)} "
                f"(got {confidence!r})"
            )
    return problems


def validate_rows(
    rows: Sequence[Mapping[str, str]],
    professions: Collection[str] | None = None,
    cpi: CpiTable | None = None,
) -> list[str]:
    """Problems in catalogue.csv rows (an empty list when the rows are sound).

    ``professions`` are the known profession ids and ``cpi`` the index that must cover every
    price year; both default to the bundled data.
    """
    if professions is None:
        professions = {row["id"] for row in _bundled_profession_rows()}
    table = cpi if cpi is not None else load_cpi()
    problems: list[str] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        ident = row.get("id", "").strip()
        where = f"catalogue.csv row {number} ({ident or 'no id'})"
        if not ID_PATTERN.match(ident):
            problems.append(f"{where}: id must look like 'care/gp-consult' (category/slug)")
        elif ident in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(ident)
        for column in _REQUIRED_ENTRY_TEXT:
            if not row.get(column, "").strip():
                problems.append(f"{where}: {column} is empty")
        url = row.get("url", "").strip()
        if url and not _URL_PATTERN.match(url):
            problems.append(f"{where}: url must start with http:// or https://")
        value = row.get("value", "")
        if _positive_number(value) is None:
            problems.append(f"{where}: value must be a positive finite number (got {value!r})")
        currency = row.get("currency", "").strip()
        if currency not in CURRENCIES:
            problems.append(f"{where}: currency must be {', '.join(CURRENCIES)} (got {currency!r})")
        year_text = row.get("price_year", "").strip()
        try:
            year = int(year_text)
        except ValueError:
            problems.append(f"{where}: price_year must be a whole year (got {year_text!r})")
        else:
            if not table.covers(year):
                problems.append(
                    f"{where}: price_year {year} is outside the CPI table "
                    f"({table.first_year}–{table.last_year})"
                )
        payer = row.get("payer", "").strip()
        if payer not in PAYER_KINDS:
            problems.append(f"{where}: payer must be a stakeholder kind (got {payer!r})")
        confidence = row.get("confidence", "").strip()
        if confidence not in CONFIDENCE_LABELS:
            problems.append(
                f"{where}: confidence must be one of {', '.join(CONFIDENCE_LABELS)} "
                f"(got {confidence!r})"
            )
        try:
            staff_time = parse_staff_time(row.get("staff_time", ""))
        except ValueError as error:
            problems.append(f"{where}: staff_time: {error}")
        else:
            for profession, hours in staff_time.items():
                if profession not in professions:
                    problems.append(f"{where}: staff_time names unknown profession {profession!r}")
                if not (math.isfinite(hours) and hours > 0):
                    problems.append(
                        f"{where}: staff_time hours for {profession!r} must be positive "
                        f"(got {hours})"
                    )
    return problems


def _entry(row: Mapping[str, str]) -> CatalogueEntry:
    return CatalogueEntry(
        id=row["id"].strip(),
        name_nl=row["name_nl"].strip(),
        name_en=row["name_en"].strip(),
        unit_nl=row["unit_nl"].strip(),
        unit_en=row["unit_en"].strip(),
        value=float(row["value"]),
        currency=row["currency"].strip(),
        price_year=int(row["price_year"]),
        payer=row["payer"].strip(),
        payer_scheme=row["payer_scheme"].strip(),
        staff_time=parse_staff_time(row["staff_time"]),
        source=row["source"].strip(),
        url=row["url"].strip(),
        confidence=row["confidence"].strip(),
        notes=row["notes"].strip(),
    )


def _profession(row: Mapping[str, str]) -> Profession:
    return Profession(
        id=row["id"].strip(),
        name_nl=row["name_nl"].strip(),
        name_en=row["name_en"].strip(),
        productive_hours_per_fte=float(row["productive_hours_per_fte"]),
        source=row["source"].strip(),
        url=row["url"].strip(),
        confidence=row["confidence"].strip(),
        notes=row["notes"].strip(),
    )


def parse_catalogue(
    catalogue_text: str, professions_text: str, cpi: CpiTable | None = None
) -> Catalogue:
    """Build a catalogue from CSV texts; raises CatalogueDataError listing every problem."""
    profession_rows = read_csv_rows(professions_text, PROFESSION_COLUMNS, "professions.csv")
    rows = read_csv_rows(catalogue_text, CATALOGUE_COLUMNS, "catalogue.csv")
    known = {row["id"].strip() for row in profession_rows}
    problems = validate_profession_rows(profession_rows) + validate_rows(rows, known, cpi)
    if problems:
        raise CatalogueDataError(problems)
    return Catalogue(
        entries=tuple(_entry(row) for row in rows),
        professions=tuple(_profession(row) for row in profession_rows),
    )


@cache
def _bundled_profession_rows() -> tuple[dict[str, str], ...]:
    text = read_bundled("professions.csv")
    return tuple(read_csv_rows(text, PROFESSION_COLUMNS, "professions.csv"))


@cache
def load_catalogue() -> Catalogue:
    """The catalogue that ships with rendement (read and checked once, then cached)."""
    return parse_catalogue(read_bundled("catalogue.csv"), read_bundled("professions.csv"))
