"""Bulk actions on a list's rows: one action (add a tag, set the status…) on many records at
once, set-based, audited once, and undone like an import.

Each action of each list is declared once in ACTIONS. `run_bulk` resolves the selection
(ids ticked, or the list's filters re-read in the user's scope), keeps the rows the user may
change (`models.scoping.editable_rows`; the others are counted as refused), writes with a
few `UPDATE … WHERE id IN (chunk)`, moves each record's version on (a form opened before
is then refused as stale, and an import's undo too), and records one `ChangeBatch` (each
record's id, old value and the version the action left) and one audit event. `undo_bulk`
puts the old values back while every record still has the version the action left it with.

A newsletter consent withdrawal is honoured at once (the law): it is never undone.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    and_,
    case,
    delete,
    exists,
    insert,
    select,
    true,
    type_coerce,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from importers.base import chunks
from models import clock
from models.audit import record
from models.base import db, utcnow
from models.cache import remembered
from models.change_batch import FINAL_ACTIONS, ChangeBatch
from models.commitment import CommitmentStatusChange
from models.consent import ConsentEvent
from models.contact import Contact
from models.interaction import Interaction
from models.lists import CommitmentList, ContactList, InteractionList, StakeholderList
from models.operations.common import OperationError, PermissionDenied, ValidationFailed
from models.reference import NATIONAL
from models.scoping import editable_rows, possible_assignees
from models.search import refresh_search_text
from models.stakeholder import Stakeholder, StakeholderTag
from models.user import OWNER_ROLES, User

LISTS = {
    "stakeholders": StakeholderList,
    "contacts": ContactList,
    "interactions": InteractionList,
    "commitments": CommitmentList,
}
TAG_LENGTH = StakeholderTag.name.type.length
WITHDRAWAL_SOURCE = "bulk change"


class UndoRefused(OperationError):
    """The bulk change cannot be undone; the message says why."""


@dataclass(frozen=True)
class Action:
    """One bulk action of one list.

    `column`: the column it sets (None: tags or consent, written by their own steps);
    `value`: what it takes ("tag" typed, a "choice" among `choices(labels)`, or None:
    `fixed`)."""

    kind: str
    name: str
    label: Any
    column: str | None = None
    value: str | None = None
    fixed: Any = None

    @property
    def undoable(self) -> bool:
        return self.name not in FINAL_ACTIONS

    @property
    def model(self):
        return LISTS[self.kind].id_column.class_

    @property
    def table(self):
        return self.model.__table__


ACTIONS: dict[str, dict[str, Action]] = {}
for _action in (
    Action("stakeholders", "add_tag", _l("Add a tag"), value="tag"),
    Action("stakeholders", "remove_tag", _l("Remove a tag"), value="tag"),
    Action("stakeholders", "set_owner", _l("Set the owner"), "owner_id", "choice"),
    Action("stakeholders", "set_stage", _l("Set the stage"), "stage", "choice"),
    Action("stakeholders", "archive", _l("Archive"), "archived", fixed=True),
    Action("stakeholders", "restore", _l("Restore"), "archived", fixed=False),
    Action(
        "interactions",
        "follow_up_done",
        _l("Mark follow-ups as done"),
        "follow_up_done",
        fixed=True,
    ),
    Action(
        "interactions",
        "follow_up_open",
        _l("Mark follow-ups as not done"),
        "follow_up_done",
        fixed=False,
    ),
    Action(
        "interactions",
        "assign_follow_ups",
        _l("Assign the follow-ups to"),
        "assigned_to_id",
        "choice",
    ),
    Action("commitments", "set_status", _l("Set the status"), "status", "choice"),
    Action("commitments", "set_involvement", _l("Set the involvement"), "involvement", "choice"),
    Action("contacts", "set_language", _l("Set the preferred language"), "language", "choice"),
    Action("contacts", "withdraw_consent", _l("Record a newsletter consent withdrawal")),
):
    ACTIONS.setdefault(_action.kind, {})[_action.name] = _action


def choices(action: Action, labels) -> dict[str, str]:
    """Return the values `action` may take → their words (empty for a typed tag)."""
    if action.value != "choice":
        return {}
    # The users' names, remembered until a user changes (every list page's bar shows them).
    if action.name == "set_owner":
        owners = remembered("bulk_owners", None, _owners, depends_on=("user",))
        return {"": str(_l("No owner"))} | {str(i): name or email for i, name, email in owners}
    if action.name == "assign_follow_ups":
        users = remembered("bulk_assignees", None, _assignees, depends_on=("user",))
        return {str(i): name or email for i, name, email in users}
    if action.name == "set_language":
        return {"fr": "Français", "en": "English"}
    table = {"stage": "stage", "status": "commitment_status", "involvement": "involvement"}
    return labels.active_table(table[action.column])


def _owners() -> list[tuple]:
    """Return the (id, name, email) of the users a stakeholder may be given to, by name."""
    owners = db.session.execute(
        select(User.id, User.name, User.email)
        .where(User.active.is_(True), User.role.in_(OWNER_ROLES))
        .order_by(User.name, User.email)
    )
    return [tuple(row) for row in owners]


def _assignees() -> list[tuple]:
    """Return the (id, name, email) of the users who may hold some follow-up, by name."""
    users = possible_assignees(None).with_only_columns(User.id, User.name, User.email)
    return [tuple(row) for row in db.session.execute(users)]


def actions_for(user, kind: str) -> dict[str, Action]:
    """Return the bulk actions `user` may take on the list `kind` (none: no bar)."""
    if user is None or kind not in ACTIONS:
        return {}
    if kind in ("stakeholders", "contacts"):
        allowed = user.can_manage_stakeholders
    else:
        allowed = user.can_log_interactions
    return ACTIONS[kind] if allowed else {}


def find_action(user, kind: str, name: str) -> Action:
    """Return the action `name` of the list `kind`, if `user` may take it."""
    if kind not in ACTIONS:
        raise ValidationFailed({"kind": _l("Unknown value: %(value)s", value=kind)})
    if not actions_for(user, kind):
        raise PermissionDenied()
    if name not in ACTIONS[kind]:
        raise ValidationFailed({"action": _l("Choose an action.")})
    return ACTIONS[kind][name]


def clean_value(action: Action, raw: str | None, labels) -> Any:
    """Return the value `raw` gives `action` (checked), or raise ValidationFailed naming it."""
    raw = (raw or "").strip()
    if action.value is None:
        return action.fixed
    if action.value == "tag":
        if not raw:
            raise ValidationFailed({"value": _l("Type the tag.")})
        if len(raw) > TAG_LENGTH:
            too_long = _l("The tag “%(value)s” is longer than %(num)s characters.",
                          value=raw, num=TAG_LENGTH)  # fmt: skip
            raise ValidationFailed({"value": too_long})
        return raw
    if raw not in choices(action, labels):
        raise ValidationFailed({"value": _l("Unknown value: %(value)s", value=raw)})
    if action.name in ("set_owner", "assign_follow_ups"):
        return int(raw) if raw else None
    return raw


def value_words(action: Action, value: Any, labels) -> str:
    """Return `value` as the user reads it (the owner's name, the stage's label…)."""
    if action.value == "tag":
        return str(value)
    if action.value == "choice":
        return choices(action, labels).get("" if value is None else str(value), str(value))
    return ""


# -- who may change which rows ----------------------------------------------------------------


def _fit(action: Action, value: Any):
    """Return the SQL condition on the rows that `value` fits them: an owner who may own
    the stakeholder (`User.may_own`), an assignee who may take the follow-up (there is one,
    and they may act on every stakeholder: `User.can_take_follow_up`); None: it fits every
    row."""
    if action.name == "assign_follow_ups":
        assignee = db.session.get(User, value)
        return and_(Interaction.follow_up_on.is_not(None), editable_rows(assignee, "interactions"))
    if action.name != "set_owner" or value is None:
        return None
    owner = db.session.get(User, value)
    if owner.role != "regional_lead":
        return None
    return and_(Stakeholder.level != NATIONAL, Stakeholder.region_code.in_(owner.region_codes))


# -- the selection ----------------------------------------------------------------------------


@dataclass
class Selection:
    """What the user picked: ticked `ids`, or every row matching `filters` (the list's
    arguments)."""

    ids: list[int] = field(default_factory=list)
    filters: Mapping | None = None

    @property
    def everything(self) -> bool:
        return self.filters is not None


def selected_ids(user, action: Action, selection: Selection) -> tuple[list[int], int]:
    """Return the ids in `user`'s scope the selection names, and how many it named that
    the user may not see (ids outside the scope, or forged)."""
    listing_class = LISTS[action.kind]
    if selection.everything:
        listing = listing_class.parse(user, selection.filters)
        return sorted(db.session.scalars(listing.ids())), 0
    asked = sorted(set(selection.ids))
    scoped = listing_class(user).scoped().with_only_columns(listing_class.id_column)
    found = []
    for part in chunks(asked):
        found += db.session.scalars(scoped.where(listing_class.id_column.in_(part)))
    found = sorted(set(found))
    return found, len(asked) - len(found)


@dataclass
class Outcome:
    """What a bulk action did (or would do): rows changed, already so, refused."""

    action: Action
    value: Any
    changed: list[int] = field(default_factory=list)  # ids
    unchanged: int = 0  # already so
    refused: int = 0  # outside the user's scope or rights
    unfit: int = 0  # the value does not fit them (an owner who may not own it)
    batch: ChangeBatch | None = None

    @property
    def count(self) -> int:
        return len(self.changed)


def plan(user, action: Action, value: Any, selection: Selection) -> tuple[Outcome, dict]:
    """Return what the action would do to the selection, and each changed row's
    (version, old value), read in a few queries."""
    ids, unseen = selected_ids(user, action, selection)
    outcome = Outcome(action, value, refused=unseen)
    if not ids:
        return outcome, {}
    table, model = action.table, action.model
    allowed, fit = editable_rows(user, action.kind), _fit(action, value)
    old = _old_value(action, value)
    query = select(model.id, model.version, allowed, fit if fit is not None else true(), old)
    rows = {}
    for part in chunks(ids):
        for row_id, version, may, fits, before in db.session.execute(
            query.where(table.c.id.in_(part))
        ):
            if not may:
                outcome.refused += 1
            elif not fits:
                outcome.unfit += 1
            elif _changes(action, value, before):
                rows[row_id] = (version, before)
            else:
                outcome.unchanged += 1
    outcome.changed = sorted(rows)
    return outcome, rows


def _old_value(action: Action, value: Any):
    """Return the SQL expression of what a row holds before `action` (for undo, and to
    tell whether it changes anything)."""
    if action.name in ("add_tag", "remove_tag"):
        return exists(
            select(StakeholderTag.name).where(
                StakeholderTag.stakeholder_id == Stakeholder.id, StakeholderTag.name == value
            )
        )
    if action.name == "withdraw_consent":
        return type_coerce(Contact.consent_withdrawn_on.is_not(None), Boolean())
    if action.name in ("follow_up_done", "follow_up_open"):
        # None: no follow-up to mark.
        done = case((Interaction.follow_up_on.is_(None), None), else_=Interaction.follow_up_done)
        return type_coerce(done, Boolean())
    return action.table.c[action.column]


def _changes(action: Action, value: Any, before: Any) -> bool:
    """Return whether `action` changes a row that holds `before`."""
    if action.name == "add_tag":
        return not before
    if action.name in ("remove_tag",):
        return bool(before)
    if action.name == "withdraw_consent":
        return not before
    if action.name == "follow_up_done":
        return before is not None and not before  # a follow-up not done yet
    if action.name == "follow_up_open":
        return bool(before)
    return before != value


# -- doing it ---------------------------------------------------------------------------------


def run_bulk(actor, kind: str, name: str, raw_value: str | None, selection: Selection, labels):
    """Do the action `name` of the list `kind` on the selection; return its Outcome (with
    its batch). Never commits."""
    action = find_action(actor, kind, name)
    value = clean_value(action, raw_value, labels)
    outcome, rows = plan(actor, action, value, selection)
    if not rows:  # nothing to change: no batch, nothing to undo, nothing audited
        return outcome
    actor_id = actor.id if actor is not None else None
    versions = _write(action, value, rows, actor_id)
    batch = ChangeBatch(
        user_id=actor_id,
        kind=kind,
        action=name,
        value="" if value is None else str(value)[:300],
        count=len(rows),
        changes={
            "records": [[i, _jsonable(rows[i][1]), versions[i]] for i in sorted(rows)],
            "added": versions.pop("added", []),
        },
    )
    db.session.add(batch)
    db.session.flush()
    record(actor, "bulk", "change_batch", batch.id, None, {
        "list": kind, "action": name, "value": batch.value, "count": batch.count,
        "refused": outcome.refused + outcome.unfit,
    })  # fmt: skip
    outcome.batch = batch
    db.session.expire_all()  # objects loaded before see the rows as written
    return outcome


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _write(action: Action, value: Any, rows: dict, actor_id: int | None) -> dict:
    """Write the action on `rows`; return each row's version after it (and, under "added",
    the ids of the rows it added to keep: status changes)."""
    ids = sorted(rows)
    values: dict[str, Any] = {}
    added: list[int] = []
    if action.column is not None:
        values[action.column] = value
    if action.name == "add_tag":
        # A tag someone added in between (after `plan` read them) is left as it is.
        tags = StakeholderTag.__table__
        dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
        db.session.execute(
            dialect.insert(tags).on_conflict_do_nothing(),
            [{"stakeholder_id": i, "name": value} for i in ids],
        )
    elif action.name == "remove_tag":
        for part in chunks(ids):
            db.session.execute(
                delete(StakeholderTag.__table__).where(
                    StakeholderTag.stakeholder_id.in_(part), StakeholderTag.name == value
                )
            )
    elif action.name == "withdraw_consent":
        today = clock.today()
        values["consent_withdrawn_on"] = today
        db.session.execute(insert(ConsentEvent.__table__), [
            {"contact_id": i, "kind": "withdrawn", "on": today, "source": WITHDRAWAL_SOURCE,
             "wording": "", "recorded_by_id": actor_id, "recorded_at": utcnow()}
            for i in ids
        ])  # fmt: skip
    versions = _update(action.table, ids, values, actor_id)
    if action.name == "set_status":
        table = CommitmentStatusChange.__table__
        today, now = clock.today(), utcnow()
        returned = db.session.execute(
            insert(table).returning(table.c.id),
            [
                {
                    "commitment_id": i,
                    "status": value,
                    "changed_on": today,
                    "changed_at": now,
                    "user_id": actor_id,
                }
                for i in ids
            ],
        )
        added = sorted(returned.scalars())
    if action.name in ("add_tag", "remove_tag"):
        _reindex(ids)
    return {**versions, "added": added}


def _reindex(ids: list[int]) -> None:
    """Refresh the search text of the stakeholders `ids`: it holds their tags (their
    contacts' text holds only their name, so it stays as it is)."""
    for part in chunks(ids):
        refresh_search_text(db.session, Stakeholder, Stakeholder.id.in_(part))


def _update(table, ids: Iterable[int], values: dict, actor_id: int | None) -> dict[int, int]:
    """Set `values` on the rows `ids` of `table`, moving each version on; return their new
    versions."""
    statement = (
        update(table)
        .values(**values, version=table.c.version + 1, updated_at=utcnow(), updated_by_id=actor_id)
        .returning(table.c.id, table.c.version)
    )
    versions = {}
    for part in chunks(ids):
        versions.update(db.session.execute(statement.where(table.c.id.in_(part))).all())
    return versions


# -- undo -------------------------------------------------------------------------------------


def can_undo(actor, batch: ChangeBatch) -> bool:
    """Return whether `actor` may undo `batch`: its author or an admin (None: the system),
    while they may still take bulk actions on its list."""
    if actor is None:
        return True
    return bool(actions_for(actor, batch.kind)) and (actor.is_admin or batch.user_id == actor.id)


def undo_bulk(actor, batch: ChangeBatch) -> int:
    """Undo `batch`, or raise UndoRefused; return how many records got their old value
    back. Never commits."""
    action = ACTIONS.get(batch.kind, {}).get(batch.action)
    if action is None or not action.undoable:
        raise UndoRefused(_l("A newsletter consent withdrawal is honoured at once: this change "
                             "cannot be undone."))  # fmt: skip
    if batch.undone_at is not None or not batch.count:
        raise UndoRefused(_l("This change has nothing to undo."))
    if not can_undo(actor, batch):
        raise UndoRefused(_l("Only the author of a change or an administrator can undo it."))
    records = (batch.changes or {}).get("records", [])
    table = action.table
    expected = {row_id: version for row_id, _old, version in records}
    current = {}
    for part in chunks(expected):
        current.update(
            db.session.execute(
                select(table.c.id, table.c.version).where(table.c.id.in_(part))
            ).all()
        )
    if current != expected:
        raise UndoRefused(_l("Records of this change were changed since; it can no longer "
                             "be undone."))  # fmt: skip
    actor_id = actor.id if actor is not None else None
    ids = sorted(expected)
    value = batch.value
    if action.name == "add_tag":
        for part in chunks(ids):
            db.session.execute(
                delete(StakeholderTag.__table__).where(
                    StakeholderTag.stakeholder_id.in_(part), StakeholderTag.name == value
                )
            )
        _update(table, ids, {}, actor_id)
    elif action.name == "remove_tag":
        db.session.execute(
            insert(StakeholderTag.__table__), [{"stakeholder_id": i, "name": value} for i in ids]
        )
        _update(table, ids, {}, actor_id)
    else:
        by_old: dict[Any, list[int]] = {}
        for row_id, old, _version in records:
            by_old.setdefault(old, []).append(row_id)
        for old, group in by_old.items():
            _update(table, group, {action.column: old}, actor_id)
    added = (batch.changes or {}).get("added", [])
    for part in chunks(added):
        status_changes = CommitmentStatusChange.__table__
        db.session.execute(delete(status_changes).where(status_changes.c.id.in_(part)))
    if action.name in ("add_tag", "remove_tag"):
        _reindex(ids)
    batch.undone_at = utcnow()
    record(actor, "undo", "change_batch", batch.id, None,
           {"list": batch.kind, "action": batch.action, "restored": len(ids)})  # fmt: skip
    db.session.flush()
    db.session.expire_all()
    return len(ids)


def recent_batches(user, limit: int = 50):
    """Return the select of the latest bulk changes `user` may read: an admin every one,
    others their own."""
    query = select(ChangeBatch).order_by(ChangeBatch.created_at.desc(), ChangeBatch.id.desc())
    if user is not None and not user.is_admin:
        query = query.where(ChangeBatch.user_id == user.id)
    return query.limit(limit)
