"""Cases of an organisation in the web instrument: list, open, create, save, history, diff,
restore, share.

A case made in the web belongs to one organisation and is stored under the key
``<organisation>/<case id>``; it is private to that organisation until an editor shares it to
the common registry. A case the caller may not see is *not found*, never *forbidden*, so its
existence is not told. Every save is a new version; a save on a stale version is refused with
the fields both sides changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rendement.model import Case
from rendement.registry import Registry
from rendement.registry.accounts import Accounts, Owner
from rendement.registry.errors import ConflictError, NotFoundError, RegistryError
from rendement.registry.repo import Entry, Version
from rendement.registry.tables import INTEGER_LIMIT as INTEGER_LIMIT
from rendement.usecases.accounts import Principal
from rendement.usecases.analysis import parse_case_document
from rendement.usecases.errors import ForbiddenError
from rendement.usecases.figures import figures_for
from rendement.usecases.memo import Memo
from rendement.usecases.registry import Diff, diff, flatten, restore

MAX_MESSAGE = 2000


def case_key(org_slug: str, case_id: str) -> str:
    return f"{org_slug}/{case_id}"


@dataclass(frozen=True)
class CaseView:
    key: str
    version: Version
    owner: Owner | None
    editable: bool

    @property
    def organisation(self) -> str:
        return self.key.split("/", 1)[0]

    @property
    def case_id(self) -> str:
        return self.key.split("/", 1)[1]


class StaleSave(ConflictError):
    """A save on a version that is no longer the newest: what both sides changed."""

    def __init__(
        self,
        key: str,
        base_version: int,
        current_version: int,
        both_changed: tuple[tuple[str, Any, Any], ...],
        current: dict[str, Any],
    ) -> None:
        self.key = key
        self.base_version = base_version
        self.current_version = current_version
        self.both_changed = both_changed  # (path, mine, theirs)
        self.current = current
        fields = ", ".join(p for p, _, _ in both_changed) or "no field in common"
        super().__init__(
            f"{key}: version {base_version} is no longer the newest (version "
            f"{current_version} was saved meanwhile; changed on both sides: {fields}); "
            "nothing was saved"
        )


def visible_entries(
    registry: Registry,
    accounts: Accounts,
    principal: Principal,
    memo: Memo[list[Entry]] | None = None,
    **filters: str | int | None,
) -> list[Entry]:
    """The entries the caller may see; with ``memo`` the registry's list is read once per
    state of the registry (:meth:`~rendement.registry.Registry.stamp`), not every time."""
    owned = accounts.owned_entry_ids()
    mine = accounts.visible_entry_ids(principal.organisation_ids)
    if memo is None:
        every = registry.entries(**filters)
    else:
        key = ("entries", registry.stamp(), tuple(sorted(filters.items())))
        every = memo(key, lambda: registry.entries(**filters))
    return [e for e in every if e.id not in owned or e.id in mine]


def open_case(
    registry: Registry,
    accounts: Accounts,
    principal: Principal,
    key: str,
    version: int | None = None,
) -> CaseView:
    owner = accounts.owner(key)
    if not principal.may_see(owner) or registry.current_version(key) is None:
        raise NotFoundError(f"{key}: no such case")
    found = registry.get(key, version)
    return CaseView(key, found, owner, principal.may_edit(owner))


def _editable(accounts: Accounts, principal: Principal, key: str) -> Owner:
    owner = accounts.owner(key)
    if not principal.may_see(owner):
        raise NotFoundError(f"{key}: no such case")
    if owner is None:
        raise ForbiddenError(
            f"{key}: a case of the common registry is changed with rendement registry import"
        )
    principal.require_role(owner.organisation_id, "editor")
    return owner


def _message(message: str) -> str:
    message = " ".join(message.split())
    if len(message) > MAX_MESSAGE:
        raise RegistryError(f"message: at most {MAX_MESSAGE} characters (got {len(message)})")
    return message


def create_case(
    registry: Registry,
    accounts: Accounts,
    principal: Principal,
    org_slug: str,
    data: dict[str, Any],
    message: str = "",
) -> str:
    """Save a new case for an organisation; invalid documents raise CaseError, nothing saved."""
    org = accounts.organisation(org_slug)
    if org is None or org.id not in principal.roles:
        raise NotFoundError(f"{org_slug}: no such organisation")
    principal.require_role(org.id, "editor")
    case = parse_case_document(data)
    key = case_key(org.slug, case.case.id)
    figures = figures_for(case)
    with registry.batch() as batch:
        if batch.current([key]):
            raise ConflictError(
                f"{case.case.id}: your organisation has a case with this id already; "
                "open it, or give the new case another id"
            )
        batch.save(
            case,
            data,
            figures,
            base_version=None,
            author=principal.user.email,
            message=_message(message) or "created",
            entry_id=key,
        )
        accounts.set_owner_on(batch.conn, key, org.id)
    return key


def _both_changed(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]
) -> tuple[tuple[str, Any, Any], ...]:
    fb, fm, ft = flatten(base), flatten(mine), flatten(theirs)
    paths = sorted(set(fb) | set(fm) | set(ft))
    return tuple(
        (p, fm.get(p), ft.get(p))
        for p in paths
        if fm.get(p) != fb.get(p) and ft.get(p) != fb.get(p) and fm.get(p) != ft.get(p)
    )


def save_case(
    registry: Registry,
    accounts: Accounts,
    principal: Principal,
    key: str,
    data: dict[str, Any],
    base_version: int,
    message: str = "",
) -> int:
    """A new version of a case on top of ``base_version``; a stale base raises StaleSave."""
    _editable(accounts, principal, key)
    case = parse_case_document(data)
    org_slug = key.split("/", 1)[0]
    if case_key(org_slug, case.case.id) != key:
        raise RegistryError(
            f"case.id: a saved case keeps its id ({key.split('/', 1)[1]}); "
            "to make a copy under another id, create a new case"
        )
    try:
        result = registry.save(
            case,
            data,
            figures_for(case),
            base_version=base_version,
            author=principal.user.email,
            message=_message(message) or "saved",
            entry_id=key,
        )
    except ConflictError:
        raise stale_save(registry, key, base_version, data) from None
    return result.version


def stale_save(registry: Registry, key: str, base_version: int, data: dict[str, Any]) -> StaleSave:
    """The refusal of a save on ``base_version`` when a newer version exists: what both sides
    changed, and the newest document."""
    current = registry.get(key)
    try:
        base = registry.get(key, base_version).data
    except NotFoundError:
        base = {}
    return StaleSave(
        key,
        base_version,
        current.number,
        _both_changed(base, data, current.data),
        current.data,
    )


def history(
    registry: Registry, accounts: Accounts, principal: Principal, key: str
) -> list[Version]:
    open_case(registry, accounts, principal, key)
    return registry.history(key)


def compare(
    registry: Registry, accounts: Accounts, principal: Principal, key: str, old: int, new: int
) -> Diff:
    open_case(registry, accounts, principal, key)
    return diff(registry, key, old, new)


def restore_version(
    registry: Registry, accounts: Accounts, principal: Principal, key: str, version: int
) -> int:
    _editable(accounts, principal, key)
    return restore(registry, key, version, principal.user.email)


def share(
    registry: Registry, accounts: Accounts, principal: Principal, key: str, shared: bool
) -> None:
    _editable(accounts, principal, key)
    accounts.set_shared(key, shared)


def document_of(view: CaseView) -> Case:
    return parse_case_document(view.version.data)


def add_missing_cases(
    registry: Registry,
    accounts: Accounts,
    principal: Principal,
    org_slug: str,
    documents: list[dict[str, Any]],
) -> list[str]:
    """Create each case document the organisation does not hold yet (by case id); summary
    entries and documents that do not validate are left out. Returns the keys created."""
    from rendement.model import CaseError

    made = []
    for data in documents:
        case = data.get("case") if isinstance(data, dict) else None
        if not isinstance(case, dict) or registry.current_version(
            case_key(org_slug, str(case.get("id")))
        ):
            continue
        try:
            made.append(create_case(registry, accounts, principal, org_slug, data, "demo"))
        except CaseError:
            continue
    return made
