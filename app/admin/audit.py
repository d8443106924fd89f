"""The audit log: newest first, filtered by user, entity, action and dates. Read-only."""

from typing import Any

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.admin import bp
from app.lists import list_page, open_list, send_list
from models import AuditEvent
from models.lists import AuditList


def shown(value: Any) -> Any:
    """Return a stored value as the log shows it (lists joined, yes and no in words)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "∅"
    return value


def changes(event: AuditEvent) -> list[tuple[str, Any, Any, bool]]:
    """Return (field, before, after, changed) for each field the event names."""
    before, after = event.before or {}, event.after or {}
    fields = list(before) + [f for f in after if f not in before]
    return [
        (f, shown(before.get(f)), shown(after.get(f)), before.get(f) != after.get(f))
        for f in fields
    ]


@bp.get("/audit")
def audit():
    """Show the audit log, newest first unless sorted otherwise, filtered."""
    listing = open_list(AuditList)
    query = listing.select().options(selectinload(AuditEvent.actor))
    return render_template(
        "admin/audit.html", listing=listing, page=list_page(listing, query), changes=changes
    )


@bp.get("/audit/export.<any(xlsx, csv):fmt>")
def audit_export(fmt: str):
    """Download the audit log as on screen, as .xlsx or .csv (itself audited)."""
    return send_list(AuditList, fmt)
