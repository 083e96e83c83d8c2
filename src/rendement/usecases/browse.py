"""The registry as the web sees it: filters checked against their choices, a text search, the
meta-analysis over what the caller may see, import of files for an organisation, screening."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rendement.meta import ESTIMATORS, SUBGROUP_FIELDS, meta_to_dict, summarise
from rendement.model import CaseError, Summary
from rendement.registry import Registry
from rendement.registry.accounts import Accounts
from rendement.registry.errors import ConflictError, RegistryError
from rendement.registry.repo import Entry
from rendement.usecases.accounts import Principal
from rendement.usecases.cases import _editable, case_key, visible_entries
from rendement.usecases.errors import ForbiddenError
from rendement.usecases.figures import figures_for
from rendement.usecases.memo import Memo, compute
from rendement.usecases.registry import ImportReport, meta_inputs, report_cases, screen

CHOICES: dict[str, tuple[str, ...]] = {
    "status": ("longlist", "included", "excluded"),
    "method": ("sroi", "mkba", "business-case"),
    "timing": ("ex-ante", "ex-post"),
    "quadrant": (
        "preventive/single",
        "preventive/multiple",
        "curative/single",
        "curative/multiple",
    ),
    "evidence_level": ("1", "2", "3", "4", "5"),
}
TEXT_FILTERS = ("domain",)


def clean_filters(raw: dict[str, str | None]) -> dict[str, str | int | None]:
    """Filter values from a form or query string: empty means no filter; a value outside
    its choices is an error naming the filter and the choices."""
    out: dict[str, str | int | None] = {}
    for name, value in raw.items():
        if value is None or value == "":
            continue
        if name in CHOICES:
            if value not in CHOICES[name]:
                raise RegistryError(f"{name} {value!r}: choose from {', '.join(CHOICES[name])}")
            out[name] = int(value) if name == "evidence_level" else value
        elif name in TEXT_FILTERS:
            if len(value) > 200:
                raise RegistryError(f"{name}: at most 200 characters")
            out[name] = value
        else:
            raise RegistryError(f"unknown filter {name!r}")
    return out


def search(entries: list[Entry], query: str | None) -> list[Entry]:
    if not query:
        return entries
    words = query.lower().split()
    return [e for e in entries if all(w in f"{e.id} {e.title}".lower() for w in words)]


@dataclass(frozen=True)
class MetaView:
    result: dict[str, Any]
    cases: list[dict[str, Any]]
    fields: tuple[str, ...]
    notices: tuple[Any, ...]


def meta_view(
    registry: Registry,
    accounts: Accounts,
    principal: Principal,
    filters: dict[str, str | int | None],
    by: list[str] | None = None,
    estimator: str = "dl",
    resamples: int = 2000,
    memo: Memo[Any] = compute,
) -> MetaView:
    if estimator not in ESTIMATORS:
        raise RegistryError(f"estimator {estimator!r}: choose from {', '.join(ESTIMATORS)}")
    fields = tuple(by) if by else tuple(SUBGROUP_FIELDS)
    unknown = [f for f in fields if f not in SUBGROUP_FIELDS]
    if unknown:
        raise RegistryError(f"by {unknown[0]!r}: choose from {', '.join(SUBGROUP_FIELDS)}")
    if not 100 <= resamples <= 1_000_000:
        raise RegistryError(f"resamples: from 100 to 1,000,000 (got {resamples:,})")
    entries = visible_entries(registry, accounts, principal, memo, **filters)
    inputs = meta_inputs(entries)

    def run() -> tuple[dict[str, Any], tuple[Any, ...]]:
        summary = summarise(inputs, by=fields, estimator=estimator, resamples=resamples)
        return meta_to_dict(summary), summary.notices

    # the summary follows from the inputs alone (its bootstrap has a fixed seed)
    seen = hashlib.sha256(repr(inputs).encode()).hexdigest()
    result, notices = memo(("meta", seen, fields, estimator, resamples), run)
    return MetaView(result, report_cases(entries), fields, notices)


@dataclass(frozen=True)
class ReadFile:
    """A file as the caller read it: its document, or why it could not be read, and what names
    the line or cell of a problem found in it later."""

    name: str
    data: dict[str, Any] | CaseError
    locate: Callable[[CaseError], CaseError] | None = None


def import_for_organisation(
    registry: Registry,
    accounts: Accounts,
    principal: Principal,
    org_slug: str,
    files: list[ReadFile],
) -> list[ImportReport]:
    """Files read by the caller, saved as cases of one organisation, each added, updated,
    unchanged or rejected whole (a rejected file leaves the others); a problem in a file is
    named at its line or cell."""
    from rendement.model import parse_document

    org = accounts.organisation(org_slug)
    if org is None or org.id not in principal.roles:
        raise RegistryError(f"{org_slug}: no such organisation")
    if not principal.has_role(org.id, "editor"):
        raise ForbiddenError("importing needs the role editor in the organisation")
    reports: list[ImportReport] = []
    seen: dict[str, str] = {}
    for read in files:
        name, data = read.name, read.data
        if isinstance(data, CaseError):
            reports.append(ImportReport(name, "rejected", problems=tuple(map(str, data.issues))))
            continue
        try:
            document = parse_document(data)
            if isinstance(document, Summary):
                raise RegistryError(
                    "a summary entry belongs in the common registry (rendement registry import)"
                )
            key = case_key(org.slug, document.case.id)
            if key in seen:
                raise ConflictError(f"{document.case.id}: the same id as {seen[key]}")
            seen[key] = name
            figures = figures_for(document)
        except (CaseError, RegistryError) as error:
            if isinstance(error, CaseError) and read.locate is not None:
                error = read.locate(error)
            problems = (
                tuple(str(i) for i in error.issues)
                if isinstance(error, CaseError)
                else (str(error),)
            )
            reports.append(ImportReport(name, "rejected", problems=problems))
            continue
        with registry.batch() as batch:
            current = batch.current([key]).get(key)
            if current is not None and current[1] == data:
                reports.append(ImportReport(name, "unchanged", key, current[0]))
                continue
            if current is not None:
                owner = accounts.owner(key)
                if owner is None or owner.organisation_id != org.id:
                    reports.append(ImportReport(name, "rejected", problems=("id in use",)))
                    continue
            result = batch.save(
                document,
                data,
                figures,
                base_version=None if current is None else current[0],
                author=principal.user.email,
                message=f"imported from {name}",
                entry_id=key,
            )
            if current is None:
                accounts.set_owner_on(batch.conn, key, org.id)
        reports.append(ImportReport(name, result.action, key, result.version))
    return reports


def screen_case(
    registry: Registry,
    accounts: Accounts,
    principal: Principal,
    key: str,
    status: str,
    reason: str | None,
) -> int:
    if status not in CHOICES["status"]:
        raise RegistryError(f"status {status!r}: choose from {', '.join(CHOICES['status'])}")
    _editable(accounts, principal, key)
    return screen(registry, key, status, reason or None, principal.user.email)


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
