"""Record commitments to measures and change their status, keeping the history."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models import clock
from models.base import db
from models.commitment import Commitment, CommitmentStatusChange
from models.operations.common import (
    add_audited,
    apply_changes,
    check_version,
    delete_audited,
    require,
    snapshot,
)
from models.operations.validation import Checker
from models.reference import Measure
from models.scoping import visible_stakeholders
from models.stakeholder import Stakeholder

FIELDS = ("status", "involvement", "committed_on", "due_on", "description")
AUDITED = ("stakeholder_id", "measure_code", *FIELDS)


def _clean(data: dict) -> dict:
    fields = {k: v for k, v in data.items() if k in FIELDS}
    check = Checker(fields)
    check.vocabulary("status", "commitment_status")
    check.vocabulary("involvement", "involvement")
    check.date("committed_on")
    check.date("due_on")
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    check.done()
    return fields


def _note_status(actor, commitment: Commitment, on: date | None) -> None:
    commitment.history.append(
        CommitmentStatusChange(
            status=commitment.status,
            changed_on=on or clock.today(),
            user_id=actor.id if actor else None,
        )
    )


def create_commitment(actor, data: dict) -> Commitment:
    """Record a stakeholder's commitment to a measure (one per stakeholder and measure)."""
    check = Checker(dict(data))
    stakeholder = db.session.scalar(
        visible_stakeholders(actor).where(Stakeholder.id == data.get("stakeholder_id"))
    )
    if stakeholder is None:
        check.fail("stakeholder_id", _l("Unknown stakeholder."))
    else:
        require(actor is None or actor.can_engage(stakeholder))
    measure = db.session.get(Measure, data.get("measure_code") or "")
    if measure is None:
        check.fail("measure_code", _l("Unknown measure."))
    if (
        stakeholder is not None
        and measure is not None
        and db.session.scalar(
            select(Commitment.id).where(
                Commitment.stakeholder_id == stakeholder.id, Commitment.measure_code == measure.code
            )
        )
    ):
        check.fail("measure_code", _l("This stakeholder already has a commitment to this measure."))
    check.done()
    commitment = Commitment(stakeholder=stakeholder, measure=measure, **_clean(dict(data)))
    commitment.status = commitment.status or "intended"
    _note_status(actor, commitment, commitment.committed_on)
    add_audited(actor, commitment, "commitment", AUDITED)
    return commitment


def update_commitment(
    actor,
    commitment: Commitment,
    data: dict,
    expected_version: int | None = None,
    on: date | None = None,
) -> bool:
    """Apply `data`; a new status is added to the history dated `on` (default today)."""
    require(actor is None or actor.can_engage(commitment.stakeholder))
    check_version(commitment, expected_version)
    old_status = commitment.status
    changed = apply_changes(actor, commitment, _clean(dict(data)), FIELDS, "commitment")
    if commitment.status != old_status:
        _note_status(actor, commitment, on)
    db.session.flush()
    return changed


def change_commitment_status(
    actor, commitment: Commitment, status: str, on: date | None = None
) -> bool:
    """Move `commitment` to `status` as of `on`; the change is kept in its history."""
    return update_commitment(actor, commitment, {"status": status}, on=on)


def delete_commitment(actor, commitment: Commitment) -> None:
    """Delete `commitment` (entered by mistake); withdrawing it is usually what is meant."""
    require(actor is None or actor.can_engage(commitment.stakeholder))
    delete_audited(actor, commitment, "commitment", snapshot(commitment, AUDITED))
