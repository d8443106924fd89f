"""Marking two records as not duplicates: the finder (`models.duplicate_finder`) never
proposes them again."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.audit import record
from models.base import db
from models.duplicate import KINDS, NotDuplicate
from models.operations.common import ValidationFailed, require


def may_mark(actor, one, other) -> bool:
    """Return whether `actor` may say `one` and `other` are not duplicates: whoever may edit
    both (None is the system)."""
    return actor is None or (actor.can_edit(one) and actor.can_edit(other))


def mark_not_duplicate(actor, kind: str, one, other) -> NotDuplicate:
    """Remember that the records `one` and `other` of `kind` are two, audited; a pair
    already marked stays as it is."""
    require(kind in KINDS and may_mark(actor, one, other))
    if one.id == other.id:
        raise ValidationFailed({"records": _l("A record cannot be a duplicate of itself.")})
    low, high = sorted((one, other), key=lambda r: r.id)
    found = db.session.scalar(
        select(NotDuplicate).filter_by(kind=kind, low_id=low.id, high_id=high.id)
    )
    if found is not None:
        return found
    mark = NotDuplicate(
        kind=kind, low_id=low.id, high_id=high.id, user_id=actor.id if actor else None
    )
    db.session.add(mark)
    db.session.flush()
    names = [getattr(r, "name", None) or r.full_name for r in (low, high)]
    record(actor, "create", "not_duplicate", mark.id,
           after={"kind": kind, "low_id": low.id, "high_id": high.id, "names": names})  # fmt: skip
    return mark
