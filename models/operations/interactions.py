"""Log, update and delete interactions."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import defaultload, lazyload

from models import clock
from models.audit import record
from models.base import db
from models.contact import Contact
from models.interaction import Interaction
from models.operations.common import (
    PermissionDenied,
    apply_changes,
    check_version,
    delete_audited,
    require,
    snapshot,
    touch,
)
from models.operations.validation import Checker
from models.reference import NATIONAL, Measure
from models.scoping import visible_contacts, visible_stakeholders
from models.stakeholder import Stakeholder
from models.user import User

FIELDS = (
    "occurred_on",
    "kind",
    "logged_by_id",
    "summary",
    "follow_up_on",
    "follow_up_done",
    "assigned_to_id",
)
AUDITED = (*FIELDS, "stakeholder_ids", "contact_ids", "measure_codes")
UNKNOWN = {"contact_ids": _l("Unknown contact."), "measure_codes": _l("Unknown measure.")}


def _links(actor, data: dict, check: Checker) -> dict:
    """Load the stakeholders, contacts and measures that `data` names by id or code."""
    links = {}
    if "stakeholder_ids" in data:
        ids = set(data["stakeholder_ids"] or [])
        # Their tags are not needed to link them: loaded only if read (a mail-drop reading
        # logs hundreds of interactions, and this select ran once more for each).
        query = visible_stakeholders(actor).options(lazyload(Stakeholder.tags))
        found = db.session.scalars(query.where(Stakeholder.id.in_(ids))).all()
        if not ids:
            check.fail("stakeholder_ids", _l("Choose at least one stakeholder."))
        elif len(found) != len(ids):
            check.fail("stakeholder_ids", _l("Unknown stakeholder."))
        elif actor is not None and (refused := [s for s in found if not actor.can_engage(s)]):
            # Visible but read-only (a national stakeholder for a lead; anything for the
            # board): a matter of rights, as for commitments, not of invalid data.
            raise PermissionDenied(_refusal(actor, min(refused, key=lambda s: s.name)))
        links["stakeholders"] = found
    if "contact_ids" in data:
        contacts = visible_contacts(actor).options(
            defaultload(Contact.stakeholder).lazyload(Stakeholder.tags)
        )
        links["contacts"] = _named(check, data, "contact_ids", contacts, Contact.id)
    if "measure_codes" in data:
        links["measures"] = _named(check, data, "measure_codes", select(Measure), Measure.code)
    return links


def _refusal(actor, stakeholder: Stakeholder) -> str:
    """Return why `actor` may not log an interaction for `stakeholder`, naming it."""
    if actor.role != "regional_lead":
        why = _l("your role reads the stakeholders without logging interactions.")
    elif stakeholder.level == NATIONAL:
        why = _l("national stakeholders are read-only for regional leads.")
    else:
        why = _l("it is outside your regions.")
    return _l(
        "You cannot log an interaction for “%(name)s”: %(why)s", name=stakeholder.name, why=why
    )


def _named(check: Checker, data: dict, field: str, query, key) -> list:
    """Return the rows of `query` whose `key` is one of the values `data` gives in `field`;
    fail the field when one of them is not found."""
    wanted = set(data[field] or [])
    found = db.session.scalars(query.where(key.in_(wanted))).all()
    if len(found) != len(wanted):
        check.fail(field, UNKNOWN[field])
    return found


def _clean(actor, data: dict, current: Interaction | None) -> tuple[dict, dict]:
    fields = {k: v for k, v in data.items() if k in FIELDS}
    check = Checker(fields)
    if current is None:
        fields.setdefault("occurred_on", clock.today())
        fields.setdefault("logged_by_id", actor.id if actor else None)
        if "stakeholder_ids" not in data:
            check.fail("stakeholder_ids", _l("Choose at least one stakeholder."))
    if fields.get("occurred_on") is None and "occurred_on" in fields:
        check.fail("occurred_on", _l("This field is required."))
    check.date("occurred_on")
    check.date("follow_up_on")
    check.vocabulary("kind", "interaction_kind")
    if "summary" in fields:
        fields["summary"] = (fields["summary"] or "").strip()
    links = _links(actor, data, check)
    if not check.errors:
        _assign(actor, fields, links, current, check)
    check.done()
    return fields, links


def _assign(actor, fields: dict, links: dict, current: Interaction | None, check) -> None:
    """Settle who owns the follow-up: nobody without a follow-up date; the one asked for,
    if they may take it (`User.can_take_follow_up`); else the one it had; else the
    logger (the actor when the logger is gone or deactivated)."""
    follow_up = fields.get("follow_up_on", current.follow_up_on if current else None)
    if follow_up is None:
        if current is None or current.assigned_to_id is not None:
            fields["assigned_to_id"] = None
        return
    had = current.assigned_to_id if current else None
    wanted = fields.get("assigned_to_id", had)
    if wanted is None:
        logger_id = fields.get("logged_by_id")
        if logger_id is None and current is not None:
            logger_id = current.logged_by_id
        logger = db.session.get(User, logger_id) if logger_id is not None else None
        fields["assigned_to_id"] = logger.id if logger and logger.active else _id(actor)
        return
    moved = (
        current is not None
        and "stakeholders" in links
        and ({s.id for s in links["stakeholders"]} != {s.id for s in current.stakeholders})
    )
    if wanted == had and not moved:
        return
    assignee = db.session.get(User, wanted) if isinstance(wanted, int) else None
    if assignee is None:
        check.fail("assigned_to_id", _l("No user has the number %(value)s.", value=wanted))
        return
    stakeholders = links.get("stakeholders", current.stakeholders if current else [])
    if not assignee.can_take_follow_up(stakeholders):
        check.fail("assigned_to_id", _not_assignable(assignee, stakeholders))


def _id(actor) -> int | None:
    return actor.id if actor is not None else None


def _not_assignable(user: User, stakeholders) -> str:
    """Return why `user` may not take the follow-up of an interaction with `stakeholders`,
    naming them (and the stakeholder in the way)."""
    name = user.name or user.email
    if not user.active:
        why = _l("their account is deactivated.")
    elif user.role != "regional_lead":
        why = _l("board members read the data without acting on it.")
    elif not (outside := sorted((s for s in stakeholders if not user.can_engage(s)),
                                key=lambda s: s.name)):  # fmt: skip
        why = _l("the interaction has no stakeholder.")
    else:
        outside = outside[0]
        if outside.level == NATIONAL:
            why = _l("national stakeholders, such as “%(stakeholder)s”, are read-only for "
                     "regional leads.", stakeholder=outside.name)  # fmt: skip
        else:
            why = _l("“%(stakeholder)s” is outside their regions.", stakeholder=outside.name)
    return _l("%(name)s cannot take this follow-up: %(why)s", name=name, why=why)


def _audit_view(interaction: Interaction) -> dict:
    values = snapshot(interaction, FIELDS)
    values["stakeholder_ids"] = sorted(s.id for s in interaction.stakeholders)
    values["contact_ids"] = sorted(c.id for c in interaction.contacts)
    values["measure_codes"] = sorted(m.code for m in interaction.measures)
    return values


def create_interaction(actor, data: dict) -> Interaction:
    """Log an interaction: `data` has model fields plus stakeholder_ids, contact_ids,
    measure_codes. The actor must be allowed to engage every stakeholder named."""
    fields, links = _clean(actor, dict(data), None)
    interaction = Interaction(**fields, **links)
    interaction.created_by_id = interaction.updated_by_id = actor.id if actor else None
    db.session.add(interaction)
    db.session.flush()
    record(actor, "create", "interaction", interaction.id, None, _audit_view(interaction))
    return interaction


def _require_engage(actor, interaction: Interaction) -> None:
    # Managers may fix an interaction whatever it holds, even one left with no stakeholder.
    require(
        actor is None
        or actor.can_manage_stakeholders
        or (
            bool(interaction.stakeholders)
            and all(actor.can_engage(s) for s in interaction.stakeholders)
        )
    )


def update_interaction(
    actor, interaction: Interaction, data: dict, expected_version: int | None = None
) -> bool:
    """Apply `data` to `interaction`; refuse a stale edit; return whether anything changed."""
    _require_engage(actor, interaction)
    check_version(interaction, expected_version)
    before = _audit_view(interaction)
    fields, links = _clean(actor, dict(data), interaction)
    changed = apply_changes(actor, interaction, fields, FIELDS, "interaction")
    for name, objects in links.items():
        setattr(interaction, name, objects)
    after = _audit_view(interaction)
    link_keys = ("stakeholder_ids", "contact_ids", "measure_codes")
    moved = {k: before[k] for k in link_keys if before[k] != after[k]}
    if moved:
        record(actor, "update", "interaction", interaction.id, moved, {k: after[k] for k in moved})
        touch(actor, interaction)
    db.session.flush()
    return changed or bool(moved)


def delete_interaction(actor, interaction: Interaction) -> None:
    """Delete `interaction`; the audit event keeps what it held."""
    _require_engage(actor, interaction)
    delete_audited(actor, interaction, "interaction", _audit_view(interaction))
