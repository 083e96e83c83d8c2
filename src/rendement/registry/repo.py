"""The registry of business cases: entries, their immutable versions, screening and filters.

Every save is a new version carrying the document as read, the figures computed from it (by
the caller: the registry stores, it does not compute), an author, a time and a message. A save
names the version it was based on; when another save came first, it is refused with a
:class:`ConflictError` — no update is lost. The check is one conditional ``UPDATE … WHERE
current_version = base`` in the same transaction as the insert of the new version, which both
SQLite (one writer at a time) and PostgreSQL (row lock, re-checked after the other commits)
make atomic.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, get_args

from sqlalchemy import Connection, Engine, and_, bindparam, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from rendement.model import Case, Summary
from rendement.model.case import Analysis, Method, Status, Timing
from rendement.registry import tables as t
from rendement.registry.db import connect
from rendement.registry.errors import ConflictError, NotFoundError, RegistryError

FILTERS = ("status", "analysis", "method", "domain", "timing", "quadrant", "evidence_level", "kind")

# the values a filter can take, in the order they are offered (the model's choices)
FILTER_CHOICES: dict[str, tuple[str, ...]] = {
    "status": get_args(Status),
    "analysis": get_args(Analysis),
    "method": get_args(Method),
    "timing": get_args(Timing),
    "quadrant": tuple(
        f"{approach}/{problems}"
        for approach in ("preventive", "curative")
        for problems in ("single", "multiple")
    ),
    "kind": ("case", "summary"),
}


@dataclass(frozen=True)
class Figures:
    """What the caller computed from a document; stored with its version."""

    analysis: str
    ratio: float | None = None
    ratio_low: float | None = None
    ratio_high: float | None = None
    conservative_ratio: float | None = None
    benefits: float | None = None
    costs: float | None = None
    conservative_benefits: float | None = None
    conservative_costs: float | None = None
    npv: float | None = None
    balance: str | None = None
    evidence_level: int | None = None
    evidence_level_derived: int | None = None
    flags: dict[str, bool | None] = field(default_factory=dict)
    conventions: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Figures:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class Version:
    entry_id: str
    number: int
    data: dict[str, Any]
    figures: Figures
    author: str
    message: str
    created_at: datetime


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    current_version: int
    title: str
    status: str
    reason: str | None
    analysis: str
    method: str | None
    domain: str | None
    timing: str | None
    approach: str | None
    problems: str | None
    year: int | None
    evidence_level: int | None
    ratio: float | None
    ratio_low: float | None
    ratio_high: float | None
    conservative_ratio: float | None
    benefits: float | None
    costs: float | None
    conservative_benefits: float | None
    conservative_costs: float | None
    balance: str | None
    updated_at: datetime

    @property
    def quadrant(self) -> str | None:
        """The SEOR typology quadrant, e.g. ``preventive/multiple``."""
        if self.approach is None or self.problems is None:
            return None
        return f"{self.approach}/{self.problems}"


@dataclass(frozen=True)
class SaveResult:
    entry_id: str
    version: int
    action: str  # added | updated


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def projection(document: Case | Summary, figures: Figures) -> dict[str, Any]:
    """The columns of ``entries`` for a document and its figures."""
    if isinstance(document, Summary):
        s = document.summary
        typology = s.typology
        return {
            "id": s.id,
            "kind": "summary",
            "title": s.title,
            "status": s.status,
            "reason": s.reason,
            "analysis": figures.analysis,
            "method": s.method,
            "domain": s.domain,
            "timing": s.timing,
            "approach": typology.approach if typology else None,
            "problems": typology.problems if typology else None,
            "year": s.year,
        }
    info = document.case
    registry = document.registry
    return {
        "id": info.id,
        "kind": "case",
        "title": info.title,
        "status": registry.status if registry else "longlist",
        "reason": registry.reason if registry else None,
        "analysis": figures.analysis,
        "method": info.method,
        "domain": info.domain,
        "timing": info.timing,
        "approach": info.typology.approach if info.typology else None,
        "problems": info.typology.problems if info.typology else None,
        "year": None,
    }


def _figure_columns(figures: Figures) -> dict[str, Any]:
    return {
        "evidence_level": figures.evidence_level,
        "ratio": figures.ratio,
        "ratio_low": figures.ratio_low,
        "ratio_high": figures.ratio_high,
        "conservative_ratio": figures.conservative_ratio,
        "benefits": figures.benefits,
        "costs": figures.costs,
        "conservative_benefits": figures.conservative_benefits,
        "conservative_costs": figures.conservative_costs,
        "balance": figures.balance,
    }


class Registry:
    """A registry in one database (see :func:`rendement.registry.db.connect`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> Registry:
        """The registry at ``url``; with ``create=False`` a missing SQLite file is an error."""
        return cls(connect(url, create=create))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                connection.execution_options(write=True)
                with connection.begin():
                    yield connection
        except DBAPIError as error:
            raise RegistryError(f"the database refused the change: {error.orig}") from None

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """Many saves in one transaction, each in its own savepoint: a save that fails leaves
        the others, and nothing is visible to others until the whole batch commits."""
        with self._transaction() as conn:
            yield Batch(conn)

    # ---- writing ------------------------------------------------------------------------

    def save(
        self,
        document: Case | Summary,
        data: dict[str, Any],
        figures: Figures,
        *,
        base_version: int | None,
        author: str,
        message: str,
        file_screening: dict[str, Any] | None = None,
        entry_id: str | None = None,
    ) -> SaveResult:
        """Store a new version of an entry.

        ``base_version`` is the version this one was made from (None for a new entry). If the
        entry has moved on since, nothing is stored and :class:`ConflictError` is raised.
        """
        with self.batch() as batch:
            return batch.save(
                document,
                data,
                figures,
                base_version=base_version,
                author=author,
                message=message,
                file_screening=file_screening,
                entry_id=entry_id,
            )

    # ---- reading ------------------------------------------------------------------------

    def current_version(self, entry_id: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(t.entries.c.current_version).where(t.entries.c.id == entry_id)
            ).scalar_one_or_none()

    def entry(self, entry_id: str) -> Entry:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.entries).where(t.entries.c.id == entry_id)).first()
        if row is None:
            raise NotFoundError(self._not_found(entry_id))
        return _entry(row._mapping)

    def get(self, entry_id: str, version: int | None = None) -> Version:
        """A version of an entry (the newest when ``version`` is None)."""
        number = version if version is not None else self.current_version(entry_id)
        if number is None:
            raise NotFoundError(self._not_found(entry_id))
        if not 1 <= number <= t.INTEGER_LIMIT:  # beyond the column's integers: no such version
            raise NotFoundError(self._no_version(entry_id, number))
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.versions).where(
                    and_(t.versions.c.entry_id == entry_id, t.versions.c.number == number)
                )
            ).first()
        if row is None:
            raise NotFoundError(self._no_version(entry_id, number))
        return _version(row._mapping)

    def check_version(self, entry_id: str, number: int) -> None:
        """Raise :class:`NotFoundError` unless the entry has a version ``number``."""
        current = self.current_version(entry_id)
        if current is None:
            raise NotFoundError(self._not_found(entry_id))
        if not 1 <= number <= current:
            raise NotFoundError(self._no_version(entry_id, number))

    def _no_version(self, entry_id: str, number: int) -> str:
        newest = self.current_version(entry_id)
        if newest is None:
            return self._not_found(entry_id)
        return f"{entry_id}: no version {number} ({versions_text(newest)})"

    def history(self, entry_id: str) -> list[Version]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.versions)
                .where(t.versions.c.entry_id == entry_id)
                .order_by(t.versions.c.number)
            ).all()
        if not rows:
            raise NotFoundError(self._not_found(entry_id))
        return [_version(r._mapping) for r in rows]

    def entries(self, **filters: str | int | None) -> list[Entry]:
        """Entries matching every given filter (see ``FILTERS``), ordered by id."""
        unknown = set(filters) - set(FILTERS)
        if unknown:
            raise RegistryError(
                f"unknown filter {', '.join(sorted(unknown))} (known: {', '.join(FILTERS)})"
            )
        query = select(t.entries).order_by(t.entries.c.id)
        for name, value in filters.items():
            if value is None:
                continue
            choices = FILTER_CHOICES.get(name)
            if choices is not None and value not in choices:
                raise RegistryError(f"{name} {value}: choose from {', '.join(choices)}")
            if name == "quadrant":
                approach, _, problems = str(value).partition("/")
                query = query.where(
                    and_(t.entries.c.approach == approach, t.entries.c.problems == problems)
                )
            else:
                query = query.where(t.entries.c[name] == value)
        with self.engine.connect() as conn:
            return [_entry(r._mapping) for r in conn.execute(query)]

    def stamp(self) -> tuple[int, int]:
        """What changes whenever an entry does: how many entries there are and how many
        versions they hold. Only a save changes an entry, every save adds a version, and none
        is ever removed, so both only grow (no clock involved: workers on machines whose clocks
        differ agree). Equal stamps, equal :meth:`entries`: a page may keep the list it read for
        as long as the stamp holds."""
        versions = func.coalesce(func.sum(t.entries.c.current_version), 0)
        query = select(func.count(), versions).select_from(t.entries)
        with self.engine.connect() as conn:
            count, total = conn.execute(query).one()
        return int(count), int(total)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t.entries)).scalar_one())

    def consistency_problems(self) -> list[str]:
        """Entries whose current version is missing, or versions past the current one."""
        with self.engine.connect() as conn:
            newest = dict(
                conn.execute(
                    select(t.versions.c.entry_id, func.max(t.versions.c.number)).group_by(
                        t.versions.c.entry_id
                    )
                ).all()
            )
            current = dict(conn.execute(select(t.entries.c.id, t.entries.c.current_version)).all())
        problems = [
            f"{eid}: current version {v}, newest stored {newest.get(eid)}"
            for eid, v in current.items()
            if newest.get(eid) != v
        ]
        problems += [f"{eid}: versions without an entry" for eid in set(newest) - set(current)]
        return problems

    def _not_found(self, entry_id: str) -> str:
        from rendement.model.errors import closest

        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(select(t.entries.c.id))]
        hint = closest(entry_id, ids, n=1)
        return f"no case '{entry_id}' in the registry" + (
            f" (did you mean '{hint[0]}'?)" if hint else ""
        )


def versions_text(newest: int) -> str:
    """Which versions exist: ``versions 1–3``, or ``only version 1``."""
    return "only version 1" if newest == 1 else f"versions 1–{newest}"


# statements built once: building them per save cost more than running them
_INSERT_ENTRY = insert(t.entries)
_INSERT_VERSION = insert(t.versions)
_UPDATE_ENTRY = update(t.entries).where(
    and_(t.entries.c.id == bindparam("_id"), t.entries.c.current_version == bindparam("_base"))
)


def _save_on(
    conn: Connection,
    document: Case | Summary,
    data: dict[str, Any],
    figures: Figures,
    base_version: int | None,
    author: str,
    message: str,
    file_screening: dict[str, Any] | None = None,
    entry_id: str | None = None,
) -> SaveResult:
    """One save on an open transaction (see :meth:`Registry.save`); ``entry_id`` stores the
    document under another key than its own id (an organisation's case: ``org/case-id``)."""
    if len(author) > t.AUTHOR_LENGTH:
        raise RegistryError(f"author: at most {t.AUTHOR_LENGTH} characters (got {len(author)})")
    columns = projection(document, figures)
    if entry_id is not None:
        columns["id"] = entry_id
    entry_id = columns["id"]
    now = datetime.now(UTC)
    row = {**columns, **_figure_columns(figures), "updated_at": now}
    if base_version is None:
        try:
            conn.execute(_INSERT_ENTRY, {**row, "current_version": 1})
        except IntegrityError:
            raise ConflictError(
                f"{entry_id}: already in the registry; save on top of its newest version"
            ) from None
        number, action = 1, "added"
    else:
        changed = conn.execute(
            _UPDATE_ENTRY,
            {**row, "current_version": base_version + 1, "_id": entry_id, "_base": base_version},
        )
        if changed.rowcount != 1:
            current = conn.execute(
                select(t.entries.c.current_version).where(t.entries.c.id == entry_id)
            ).scalar_one_or_none()
            if current is None:
                raise NotFoundError(f"no case '{entry_id}' in the registry")
            raise ConflictError(
                f"{entry_id}: version {base_version} is no longer the newest "
                f"(version {current} was saved meanwhile); nothing was saved — "
                "reload and apply your change again"
            )
        number, action = base_version + 1, "updated"
    conn.execute(
        _INSERT_VERSION,
        {
            "entry_id": entry_id,
            "number": number,
            "document": json.dumps(data, ensure_ascii=False),
            "figures": figures.to_json(),
            "author": author,
            "message": message,
            "created_at": now,
            "file_screening": None if file_screening is None else json.dumps(file_screening),
        },
    )
    return SaveResult(entry_id=entry_id, version=number, action=action)


class Batch:
    """Saves on one open transaction; see :meth:`Registry.batch`."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def current(self, entry_ids: Sequence[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        """Newest version number and document of each of ``entry_ids`` that exists."""
        out: dict[str, tuple[int, dict[str, Any]]] = {}
        ids = list(entry_ids)
        for first in range(0, len(ids), 500):
            rows = self.conn.execute(
                select(t.versions.c.entry_id, t.versions.c.number, t.versions.c.document)
                .join(
                    t.entries,
                    and_(
                        t.entries.c.id == t.versions.c.entry_id,
                        t.entries.c.current_version == t.versions.c.number,
                    ),
                )
                .where(t.entries.c.id.in_(ids[first : first + 500]))
            )
            for entry_id, number, document in rows:
                out[entry_id] = (number, json.loads(document))
        return out

    def file_screenings(self, entry_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The screening each entry's newest imported file carried (entries without one are
        left out: made before the registry kept it, or never imported)."""
        out: dict[str, tuple[int, dict[str, Any]]] = {}
        ids = list(entry_ids)
        for first in range(0, len(ids), 500):
            rows = self.conn.execute(
                select(t.versions.c.entry_id, t.versions.c.number, t.versions.c.file_screening)
                .where(t.versions.c.entry_id.in_(ids[first : first + 500]))
                .where(t.versions.c.file_screening.is_not(None))
            )
            for entry_id, number, screening in rows:
                if entry_id not in out or out[entry_id][0] < number:
                    out[entry_id] = (number, json.loads(screening))
        return {entry_id: screening for entry_id, (_, screening) in out.items()}

    def save(
        self,
        document: Case | Summary,
        data: dict[str, Any],
        figures: Figures,
        *,
        base_version: int | None,
        author: str,
        message: str,
        file_screening: dict[str, Any] | None = None,
        entry_id: str | None = None,
    ) -> SaveResult:
        try:
            with self.conn.begin_nested():
                return _save_on(
                    self.conn,
                    document,
                    data,
                    figures,
                    base_version,
                    author,
                    message,
                    file_screening,
                    entry_id,
                )
        except DBAPIError as error:
            # only this save's savepoint is rolled back; the batch goes on
            raise RegistryError(f"the database refused this entry: {error.orig}") from None


def _entry(row: Any) -> Entry:
    values = dict(row)
    values["updated_at"] = _utc(values["updated_at"])
    return Entry(**values)


def _version(row: Any) -> Version:
    return Version(
        entry_id=row["entry_id"],
        number=row["number"],
        data=json.loads(row["document"]),
        figures=Figures.from_json(row["figures"]),
        author=row["author"],
        message=row["message"],
        created_at=_utc(row["created_at"]),
    )


def filters_from(values: Sequence[tuple[str, str | None]]) -> dict[str, str | int | None]:
    """Filter values as given on a command line, with the evidence level as a number."""
    out: dict[str, str | int | None] = {}
    for name, value in values:
        if value is None:
            continue
        out[name] = int(value) if name == "evidence_level" else value
    return out
