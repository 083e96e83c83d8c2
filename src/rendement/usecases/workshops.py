"""Workshop mode: the people at the table work on one case at once, each on their own device.

An editor of the case's organisation opens a workshop and becomes its facilitator. Anyone with
the join code joins by giving a name and the stakeholder they speak for; that grants access to
this one case, through the workshop's own pages, while the workshop is open and the participant
is not removed. What participants may do is the workshop's ``permission``: ``view``;
``estimate`` (give low/likely/high for the parameter on the table, comment, sign off); ``edit``
(also change the case). Every change is a new version attributed to who made it, and an event
every open page of the workshop hears of (see :mod:`rendement.web.live`).
"""

from __future__ import annotations

import copy
import re
import secrets
from dataclasses import dataclass
from typing import Any

from rendement.engine import prepare
from rendement.model import CaseError, Issue
from rendement.registry.accounts import Accounts
from rendement.registry.errors import ConflictError, NotFoundError, RegistryError
from rendement.registry.workshops import PERMISSIONS, Participant, Workshop, Workshops
from rendement.usecases.accounts import Principal, digest
from rendement.usecases.analysis import parse_case_document
from rendement.usecases.errors import ForbiddenError
from rendement.usecases.figures import figures_for
from rendement.usecases.store import Registry, Store

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud without doubt
CODE_LENGTH = 8  # 32⁸ ≈ 1.1e12 codes
MAX_NAME = 80
MAX_TEXT = 2000
SAVE_RETRIES = 8
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# the parameters a table can discuss: those of outcomes and investments, and the discount rate
TABLE_PATH = re.compile(r"^(outcomes|investments)\.[a-z0-9-]+\.[a-z_]+(\.[0-9]+)?$|^discount_rate$")


def show_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normal_code(raw: str) -> str:
    """A code as typed (any case, with a hyphen or spaces) in its stored form; a string that
    cannot be a code is simply not found."""
    code = re.sub(r"[\s-]", "", raw or "").upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise NotFoundError("no open workshop has this code")
    return code


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_text(raw: str, field: str, limit: int = MAX_TEXT) -> str:
    text = " ".join((raw or "").split())
    if not text:
        raise RegistryError(f"{field}: write something")
    if len(text) > limit:
        raise RegistryError(f"{field}: at most {limit} characters (got {len(text)})")
    if _CONTROL.search(text):
        raise RegistryError(f"{field}: control characters are not allowed")
    return text


@dataclass(frozen=True)
class Attendee:
    """Who is at a workshop's page: its facilitator (an editor of the case's organisation) or a
    participant who joined by code."""

    workshop: Workshop
    name: str
    stakeholder: str | None
    facilitator: bool
    participant_id: int | None
    csrf: str
    author: str  # how their versions, comments and sign-offs name them

    @property
    def may_estimate(self) -> bool:
        return self.facilitator or self.workshop.permission in ("estimate", "edit")

    @property
    def may_edit(self) -> bool:
        return self.facilitator or self.workshop.permission == "edit"

    @property
    def may_comment(self) -> bool:
        return self.may_estimate

    def require(self, what: str) -> None:
        allowed = {
            "estimate": self.may_estimate,
            "edit": self.may_edit,
            "comment": self.may_comment,
            "facilitate": self.facilitator,
            "sign": self.stakeholder is not None,
        }[what]
        if not allowed:
            messages = {
                "estimate": "the facilitator has not opened estimates to participants",
                "edit": "the facilitator has not opened editing to participants",
                "comment": "the facilitator has not opened comments to participants",
                "facilitate": "only the facilitator can do this",
                "sign": "only a participant who speaks for a stakeholder signs off",
            }
            raise ForbiddenError(messages[what])


# ---- opening and joining ---------------------------------------------------------------------


def open_workshop(store: Store, principal: Principal, key: str, permission: str) -> Workshop:
    owner = store.accounts.owner(key)
    if not principal.may_see(owner) or store.registry.current_version(key) is None:
        raise NotFoundError(f"{key}: no such case")
    if owner is None:
        raise ForbiddenError(f"{key}: a case of the common registry has no workshops")
    principal.require_role(owner.organisation_id, "editor")
    if permission not in PERMISSIONS:
        raise RegistryError(
            f"permission: choose from {', '.join(PERMISSIONS)} (got {permission!r})"
        )
    for _ in range(5):
        try:
            return store.workshops.create(
                _new_code(), key, owner.organisation_id, principal.user.id, permission
            )
        except ConflictError:
            continue  # a code taken already: draw another
    raise ConflictError("no free join code was found; try again")


def find_open(workshops: Workshops, code: str) -> Workshop:
    found = workshops.by_code(normal_code(code))
    if found is None or not found.is_open:
        raise NotFoundError("no open workshop has this code")
    return found


def find(workshops: Workshops, code: str) -> Workshop:
    found = workshops.by_code(normal_code(code))
    if found is None:
        raise NotFoundError("no workshop has this code")
    return found


def stakeholders_of(registry: Registry, workshop: Workshop) -> list[tuple[str, str]]:
    data = registry.get(workshop.entry_id).data
    return [
        (str(s.get("id")), str(s.get("name") or s.get("id")))
        for s in data.get("stakeholders") or []
        if isinstance(s, dict) and s.get("id")
    ]


@dataclass(frozen=True)
class Joined:
    token: str  # the cookie value, given to the browser only
    participant: Participant


def join(store: Store, code: str, name: str, stakeholder: str) -> Joined:
    workshop = find_open(store.workshops, code)
    name = clean_text(name, "name", MAX_NAME)
    known = dict(stakeholders_of(store.registry, workshop))
    if stakeholder not in known:
        raise RegistryError(
            f"stakeholder: choose one of the case's stakeholders ({', '.join(known) or 'none'})"
        )
    token = "rdw_" + secrets.token_urlsafe(32)
    participant = store.workshops.add_participant(
        workshop.id, digest(token), secrets.token_urlsafe(32), name, stakeholder
    )
    store.workshops.record(
        workshop.id, "joined", {"name": name, "stakeholder": stakeholder, "id": participant.id}
    )
    return Joined(token, participant)


def attendee(
    store: Store, code: str, principal: Principal | None, participant_token: str | None
) -> Attendee:
    """The facilitator or a participant of the workshop with this code; anyone else (and a
    participant of another workshop, or one removed, or after closing) finds nothing."""
    workshop = find(store.workshops, code)
    if principal is not None and principal.has_role(workshop.organisation_id, "editor"):
        return Attendee(
            workshop,
            principal.user.name,
            None,
            True,
            None,
            principal.csrf or "",
            principal.user.email,
        )
    if participant_token and workshop.is_open:
        found = store.workshops.participant(digest(participant_token))
        if found is not None and found.workshop_id == workshop.id and found.removed_at is None:
            return Attendee(
                workshop,
                found.name,
                found.stakeholder,
                False,
                found.id,
                found.csrf,
                f"{found.name} ({found.stakeholder}, workshop {show_code(workshop.code)})",
            )
    raise NotFoundError("no open workshop has this code")


# ---- what a workshop page shows --------------------------------------------------------------


def table_parameter(document: dict[str, Any], path: str) -> tuple[tuple[str | int, ...], Any]:
    """The place in the document of the parameter at a scenario path, and what is there."""
    if not TABLE_PATH.match(path or ""):
        raise RegistryError(
            f"parameter: {path!r} is not a parameter path (outcomes.<id>.quantity, "
            "investments.<id>.amount, discount_rate, …)"
        )
    structure = prepare(parse_case_document(document))
    by_path = {p.path: p for p in structure.parameters}
    if path not in by_path:
        raise RegistryError(f"parameter: the case has no parameter {path}")
    loc = by_path[path].loc
    node: Any = document
    for part in loc:
        node = node[part]
    if loc[-1] == "proxy":
        if isinstance(node, dict) and "ref" in node:
            raise RegistryError(
                f"parameter: {path} is a catalogue price; give the proxy its own value first"
            )
        if isinstance(node, dict):
            loc = (*loc, "value")
            node = node.get("value")
    return loc, node


def _set(document: dict[str, Any], loc: tuple[str | int, ...], value: Any) -> None:
    node: Any = document
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value


def estimates_of(number: Any) -> list[dict[str, Any]]:
    if isinstance(number, dict) and isinstance(number.get("estimates"), list):
        return [e for e in number["estimates"] if isinstance(e, dict)]
    return []


def point_of(number: Any) -> Any:
    return number.get("value") if isinstance(number, dict) else number


# ---- changes (each a new version, on the newest, attributed) -----------------------------


def _commit(
    store: Store,
    who: Attendee,
    change: Any,
    message: str,
) -> int:
    """Save ``change(document, version)`` of the newest version (a copy of it, changed in place
    or returned new); a save that raced with another is redone on the newer version, so a
    change is a patch, never a whole document written over someone else's."""
    key = who.workshop.entry_id
    for _ in range(SAVE_RETRIES):
        current = store.registry.get(key)
        document = copy.deepcopy(current.data)
        document = change(document, current.number) or document
        case = parse_case_document(document)
        try:
            result = store.registry.save(
                case,
                document,
                figures_for(case),
                base_version=current.number,
                author=who.author,
                message=message,
                entry_id=key,
            )
        except ConflictError:
            continue
        announce_version(store.workshops, key, result.version, who.author)
        return result.version
    raise ConflictError("the case changed too often meanwhile; try again")


def announce_version(workshops: Workshops, key: str, version: int, author: str) -> None:
    """Tell every open workshop of a case that a version was saved (by any route)."""
    for workshop in workshops.of_entry(key):
        workshops.record(workshop.id, "version", {"version": version, "by": author})


def estimate_by(who: Attendee) -> str:
    return f"{who.name} ({who.stakeholder})" if who.stakeholder else who.name


def give_estimate(
    store: Store, who: Attendee, low: float, value: float, high: float, weight: float = 1.0
) -> int:
    """The attendee's low / likely / high for the parameter on the table (method.md §12),
    replacing their earlier estimate; the pool replaces the parameter's own range."""
    who.require("estimate")
    path = who.workshop.on_table
    if not path:
        raise RegistryError("no parameter is on the table")
    by = estimate_by(who)

    def change(document: dict[str, Any], _version: int) -> None:
        loc, number = table_parameter(document, path)
        estimate: dict[str, Any] = {"by": by, "low": low, "value": value, "high": high}
        if weight != 1.0:
            estimate["weight"] = weight
        given = estimates_of(number)
        # a second estimate of one person takes the place of their first
        mine = [k for k, e in enumerate(given) if e.get("by") == by]
        if mine:
            given[mine[0]] = estimate
        else:
            given.append(estimate)
        pooled: dict[str, Any] = {"estimates": given}
        if isinstance(number, dict) and number.get("estimates") and "value" in number:
            pooled = {"value": number["value"], **pooled}  # a value agreed earlier stays
        _set(document, loc, pooled)

    return _commit(store, who, change, f"estimate of {path} by {by}")


def adopt_value(store: Store, who: Attendee, value: float) -> int:
    """The value the table agreed on for the parameter on the table; the estimates stay."""
    who.require("facilitate")
    path = who.workshop.on_table
    if not path:
        raise RegistryError("no parameter is on the table")

    def change(document: dict[str, Any], _version: int) -> None:
        loc, number = table_parameter(document, path)
        if estimates_of(number):
            _set(document, loc, {"value": value, "estimates": estimates_of(number)})
        elif isinstance(number, dict):
            _set(document, loc, {**number, "value": value})
        else:
            _set(document, loc, value)

    return _commit(store, who, change, f"agreed value of {path}: {value:g}")


def save_document(
    store: Store, who: Attendee, document: Any, base_version: int, message: str = ""
) -> int:
    """A whole edited document saved on top of ``base_version``. When others saved meanwhile,
    the two sets of changes are merged field by field (:mod:`rendement.usecases.merge`); where
    both changed the same field differently, nothing is saved and the conflict names the
    fields (the versions feature), never a silent overwrite."""
    who.require("edit")
    from rendement.usecases.cases import StaleSave
    from rendement.usecases.merge import three_way_merge

    key = who.workshop.entry_id
    case = parse_case_document(document)
    try:
        base = store.registry.get(key, base_version).data
    except NotFoundError:
        raise RegistryError(f"base_version: the case has no version {base_version}") from None
    if case.case.id != base.get("case", {}).get("id"):
        raise CaseError(
            [Issue(("case", "id"), f"a saved case keeps its id ({base['case']['id']})")]
        )
    text = " ".join(message.split())[:MAX_TEXT] or "edited in the workshop"

    def merge(current: dict[str, Any], version: int) -> dict[str, Any]:
        merged, both = three_way_merge(base, document, current)
        if both:
            raise StaleSave(key, base_version, version, both, current)
        return merged

    return _commit(store, who, merge, text)


def put_on_table(store: Store, who: Attendee, path: str | None) -> None:
    who.require("facilitate")
    if path:
        table_parameter(copy.deepcopy(store.registry.get(who.workshop.entry_id).data), path)
    store.workshops.change(who.workshop.id, on_table=path or None)
    store.workshops.record(who.workshop.id, "table", {"parameter": path or None})


def set_permission(store: Store, who: Attendee, permission: str) -> None:
    who.require("facilitate")
    if permission not in PERMISSIONS:
        raise RegistryError(
            f"permission: choose from {', '.join(PERMISSIONS)} (got {permission!r})"
        )
    store.workshops.change(who.workshop.id, permission=permission)
    store.workshops.record(who.workshop.id, "permission", {"permission": permission})


def remove_participant(store: Store, who: Attendee, participant_id: int) -> None:
    who.require("facilitate")
    store.workshops.remove_participant(who.workshop.id, participant_id)
    store.workshops.record(who.workshop.id, "removed", {"id": participant_id})


def close(store: Store, who: Attendee) -> None:
    who.require("facilitate")
    from datetime import UTC, datetime

    store.workshops.change(who.workshop.id, closed_at=datetime.now(UTC))
    store.workshops.record(who.workshop.id, "closed", {})


def comment(store: Store, who: Attendee, target: str, body: str) -> None:
    who.require("comment")
    target = clean_text(target, "target", 300)
    document = store.registry.get(who.workshop.entry_id).data
    if target not in comment_targets(document):
        raise RegistryError(f"target: the case has no outcome, investment or parameter {target}")
    store.workshops.add_comment(
        who.workshop.entry_id, target, who.author, clean_text(body, "comment")
    )
    store.workshops.record(who.workshop.id, "comment", {"target": target, "by": who.name})


def resolve_comment(store: Store, who: Attendee, comment_id: int) -> None:
    who.require("facilitate")
    store.workshops.resolve_comment(who.workshop.entry_id, comment_id, who.author)
    store.workshops.record(who.workshop.id, "comment", {"resolved": comment_id})


def decide(store: Store, who: Attendee, body: str) -> None:
    who.require("facilitate")
    version = store.registry.current_version(who.workshop.entry_id) or 0
    store.workshops.add_decision(
        who.workshop.entry_id, who.workshop.id, who.author, clean_text(body, "decision"), version
    )
    store.workshops.record(who.workshop.id, "decision", {"version": version})


def sign_off(store: Store, who: Attendee, agreed: bool) -> int:
    """The participant's stakeholder agrees (or does not) to the newest version."""
    who.require("sign")
    assert who.stakeholder is not None
    version = store.registry.current_version(who.workshop.entry_id) or 0
    store.workshops.add_signoff(who.workshop.entry_id, version, who.stakeholder, who.author, agreed)
    store.workshops.record(
        who.workshop.id,
        "signoff",
        {"version": version, "stakeholder": who.stakeholder, "agreed": agreed},
    )
    return version


def comment_targets(document: dict[str, Any]) -> list[str]:
    """What a comment can be about: each outcome and investment, and each parameter."""
    out: list[str] = []
    for group in ("outcomes", "investments"):
        for item in document.get(group) or []:
            if isinstance(item, dict) and item.get("id"):
                out.append(f"{group}.{item['id']}")
    try:
        structure = prepare(parse_case_document(document))
    except CaseError:
        return out
    out.extend(p.path for p in structure.parameters)
    return out


@dataclass(frozen=True)
class Agreement:
    """Which stakeholders agreed to which version, and which did not (the newest word of
    each stakeholder counts)."""

    stakeholder: str
    name: str
    version: int | None
    agreed: bool | None
    author: str | None


def agreements(store: Store, key: str) -> list[Agreement]:
    data = store.registry.get(key).data
    latest: dict[str, Any] = {}
    for s in store.workshops.signoffs(key):
        latest[s.stakeholder] = s
    out = []
    for s in data.get("stakeholders") or []:
        if not isinstance(s, dict) or not s.get("id"):
            continue
        found = latest.get(str(s["id"]))
        out.append(
            Agreement(
                str(s["id"]),
                str(s.get("name") or s["id"]),
                found.version if found else None,
                found.agreed if found else None,
                found.author if found else None,
            )
        )
    return out


def participants(store: Store, who: Attendee) -> list[Participant]:
    return [p for p in store.workshops.participants(who.workshop.id) if p.removed_at is None]


def for_organisation(
    accounts: Accounts, principal: Principal, workshops: Workshops, key: str
) -> list[Workshop]:
    """The open workshops of a case, for its editor page (only to editors of its owner)."""
    owner = accounts.owner(key)
    if owner is None or not principal.has_role(owner.organisation_id, "editor"):
        return []
    return workshops.of_entry(key)
