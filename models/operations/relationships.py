"""Create, update and delete relationships between stakeholders.

Who may is decided here, for every caller (the stakeholder page, an import, the CLI):
`User.can_tie`. An admin or a coordinator may tie any two stakeholders; a regional lead
a stakeholder of their regions to any stakeholder they can see, a national one included;
a board member none. A change of ends is checked on the tie before and after it.
"""

from flask_babel import lazy_gettext as _l

from models.base import db
from models.operations.common import (
    add_audited,
    apply_changes,
    check_version,
    delete_audited,
    require,
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


def _require_may_tie(actor, source_id: int, target_id: int) -> None:
    """Raise PermissionDenied unless `actor` may tie these two stakeholders."""
    if actor is None:
        return
    source, target = db.session.get(Stakeholder, source_id), db.session.get(Stakeholder, target_id)
    require(source is not None and target is not None and actor.can_tie(source, target))


def create_relationship(actor, data: dict) -> Relationship:
    """Tie two stakeholders (partner, member of, funds, other); audit it."""
    require(actor is None or actor.can_record_ties)
    relationship = Relationship(**_clean(actor, dict(data), None))
    _require_may_tie(actor, relationship.source_id, relationship.target_id)
    add_audited(actor, relationship, "relationship", FIELDS)
    return relationship


def update_relationship(
    actor, relationship: Relationship, data: dict, expected_version: int | None = None
) -> bool:
    """Apply `data` to `relationship` (e.g. an end date); return whether anything changed."""
    require(actor is None or actor.can_record_ties)
    _require_may_tie(actor, relationship.source_id, relationship.target_id)
    check_version(relationship, expected_version)
    clean = _clean(actor, dict(data), relationship)
    _require_may_tie(
        actor,
        clean.get("source_id", relationship.source_id),
        clean.get("target_id", relationship.target_id),
    )
    changed = apply_changes(actor, relationship, clean, FIELDS, "relationship")
    db.session.flush()
    return changed


def delete_relationship(actor, relationship: Relationship) -> None:
    """Delete `relationship`; the audit event keeps what it held."""
    require(actor is None or actor.can_record_ties)
    _require_may_tie(actor, relationship.source_id, relationship.target_id)
    delete_audited(actor, relationship, "relationship", snapshot(relationship, FIELDS))
