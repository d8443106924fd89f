"""The audit log: newest first, filtered by user, entity, action and dates. Read-only."""

from typing import Any

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.admin import bp
from app.choices import labels
from app.extensions import db
from app.lists import list_page, open_list, send_list
from models import AuditEvent, User
from models.labels import Labels
from models.lists import AuditList


def shown(value: Any) -> Any:
    """Return a stored value as the log shows it (lists joined, yes and no in words)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "∅"
    return value


# Fields whose value is a user's id: the log names the user (a reassigned follow-up reads
# "Assigned to: Lou Tremblay (#3) → Sam Roy (#5)").
USER_FIELDS = {"logged_by_id", "assigned_to_id", "owner_id"}


def user_words(user_id: int) -> str:
    """Return the user `user_id` as the log names them: their name and id."""
    user = db.session.get(User, user_id)
    return f"{user.name or user.email} (#{user_id})" if user else f"#{user_id}"


def changes(event: AuditEvent, words: Labels) -> list[tuple[str, Any, Any, bool]]:
    """Return (field, before, after, changed) for each field the event names, in words."""
    before, after = event.before or {}, event.after or {}
    fields = list(before) + [f for f in after if f not in before]

    def said(field: str, value: Any) -> Any:
        if isinstance(value, dict):  # a merge's before-images, the rows it moved
            return "; ".join(
                f"{_('%(label)s:', label=words.field(event.entity_type, k))} {said(k, v)}"
                for k, v in value.items()
                if v not in (None, "", [])
            )
        if field in USER_FIELDS and isinstance(value, int):  # a user, by name
            return user_words(value)
        if field.endswith(("_id", "_ids")):  # a record's id, as the entity column shows it
            value = [f"#{v}" for v in value] if isinstance(value, list) else value
            value = f"#{value}" if isinstance(value, int) else value
        return shown(words.value(event.entity_type, field, value))

    return [
        (words.field(event.entity_type, f), said(f, before.get(f)), said(f, after.get(f)),
         before.get(f) != after.get(f))
        for f in fields
    ]  # fmt: skip


@bp.get("/audit")
def audit():
    """Show the audit log, newest first unless sorted otherwise, filtered."""
    listing = open_list(AuditList)
    return render_template(
        "admin/audit.html",
        listing=listing,
        page=list_page(listing, lambda query: query.options(selectinload(AuditEvent.actor))),
        changes=changes,
        words=labels(),
    )


@bp.get("/audit/export.<any(xlsx, csv):fmt>")
def audit_export(fmt: str):
    """Download the audit log as on screen, as .xlsx or .csv (itself audited)."""
    return send_list(AuditList, fmt)
