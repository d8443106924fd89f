"""Create, update and delete relationships between stakeholders."""

from flask_babel import lazy_gettext as _l

from models.base import db
from models.operations.common import (
    add_audited,
    apply_changes,
    check_version,
    delete_audited,
    require_manager,
    snapshot,
)
from models.operations.validation import Checker
from models.scoping import visible_stakeholders
from models.stakeholder import Relationship, Stakeholder

FIELDS = ("source_id", "target_id", "type", "intensity", "starts_on", "ends_on", "notes")


def _clean(actor, data: dict, current: Relationship | None) -> dict:
    data = {k: v for k, v in data.items() if k in FIELDS}
    check = Checker(data)
    check.vocabulary("type", "relationship_type")
    if data.get("intensity") == "":
        data["intensity"] = None
    if data.get("intensity") is not None:
        check.vocabulary("intensity", "relationship_intensity")
    check.date("starts_on")
    check.date("ends_on")
    for end in ("source_id", "target_id"):
        if current is None and end not in data:
            check.fail(end, _l("This field is required."))
        elif (
            end in data
            and db.session.scalar(visible_stakeholders(actor).where(Stakeholder.id == data[end]))
            is None
        ):
            check.fail(end, _l("Unknown stakeholder."))
    source = data.get("source_id", current.source_id if current else None)
    target = data.get("target_id", current.target_id if current else None)
    if source is not None and source == target:
        check.fail("target_id", _l("A stakeholder cannot be tied to itself."))
    starts = data.get("starts_on", current.starts_on if current else None)
    ends = data.get("ends_on", current.ends_on if current else None)
    if starts and ends and ends < starts:
        check.fail("ends_on", _l("The end date comes before the start date."))
    if "notes" in data:
        data["notes"] = (data["notes"] or "").strip()
    check.done()
    return data


def create_relationship(actor, data: dict) -> Relationship:
    """Tie two stakeholders (partner, member of, funds, other); audit it."""
    require_manager(actor)
    relationship = Relationship(**_clean(actor, dict(data), None))
    add_audited(actor, relationship, "relationship", FIELDS)
    return relationship


def update_relationship(
    actor, relationship: Relationship, data: dict, expected_version: int | None = None
) -> bool:
    """Apply `data` to `relationship` (e.g. an end date); return whether anything changed."""
    require_manager(actor)
    check_version(relationship, expected_version)
    changed = apply_changes(
        actor, relationship, _clean(actor, dict(data), relationship), FIELDS, "relationship"
    )
    db.session.flush()
    return changed


def delete_relationship(actor, relationship: Relationship) -> None:
    """Delete `relationship`; the audit event keeps what it held."""
    require_manager(actor)
    delete_audited(actor, relationship, "relationship", snapshot(relationship, FIELDS))
