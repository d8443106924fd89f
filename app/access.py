"""What a view may load and do: a record in the user's scope or 404, a right or 403."""

from flask import abort
from sqlalchemy import Select

from app.extensions import db
from app.incoming import record_id


def get_or_404(query: Select, model, object_id: int):
    """Return the object of `model` with `object_id` from the scoped `query`, else 404.

    Out of scope and missing are the same 404, so nobody learns what exists elsewhere.
    """
    # unique(): a collection joined by the query's options comes as one row per item.
    found = db.session.execute(query.where(model.id == object_id)).unique().scalar_one_or_none()
    if found is None:
        abort(404)
    return found


def visible_stakeholder(value):
    """Return the stakeholder in the user's scope whose id is `value` (text), else None."""
    from flask_login import current_user

    from models import Stakeholder
    from models.scoping import visible_stakeholders

    number = record_id(value)
    if number is None:
        return None
    return db.session.scalar(visible_stakeholders(current_user).where(Stakeholder.id == number))


def require(allowed: bool) -> None:
    """Answer 403 unless `allowed`."""
    if not allowed:
        abort(403)
