"""The audit log: newest first, filtered by user, entity, action and dates. Read-only."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_babel import get_timezone
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.admin import bp
from app.admin.forms import AuditFilterForm
from app.choices import labels
from app.crud import page_of
from app.extensions import db
from app.incoming import record_id
from models import AuditEvent, User
from models.labels import Labels


def utc_start(day: date) -> datetime:
    """Return the UTC time (naive, as stored) at which `day` begins in the app's time zone."""
    local = datetime.combine(day, time.min, tzinfo=ZoneInfo(str(get_timezone())))
    return local.astimezone(UTC).replace(tzinfo=None)


def filter_form() -> AuditFilterForm:
    """Return the filter form read from the query string, its selects filled."""
    form = AuditFilterForm(request.args)
    everything = [("", _("All"))]
    form.actor.choices = everything + [
        (str(u.id), u.name or u.email)
        for u in db.session.scalars(select(User).order_by(User.name, User.email))
    ]
    words = labels()
    for field, column, word in (
        (form.entity_type, AuditEvent.entity_type, words.entity),
        (form.action, AuditEvent.action, words.action),
    ):
        values = db.session.scalars(select(column).distinct().order_by(column))
        # Words to read, codes as values (what the query string and the filter compare).
        named = [(v, word(v)) for v in values]
        field.choices = everything + sorted(named, key=lambda choice: choice[1].casefold())
    form.validate()
    return form


def conditions(form: AuditFilterForm) -> list:
    """Return the SQL conditions of the filters that are set and valid."""
    found = []
    if (actor := record_id(form.actor.data)) is not None:
        found.append(AuditEvent.actor_id == actor)
    if form.entity_type.data:
        found.append(AuditEvent.entity_type == form.entity_type.data)
    if form.entity_id.data is not None and not form.entity_id.errors:
        found.append(AuditEvent.entity_id == form.entity_id.data)
    if form.action.data:
        found.append(AuditEvent.action == form.action.data)
    if form.date_from.data and not form.date_from.errors:
        found.append(AuditEvent.at >= utc_start(form.date_from.data))
    if form.date_to.data and not form.date_to.errors:
        found.append(AuditEvent.at < utc_start(form.date_to.data + timedelta(days=1)))
    return found


def shown(value: Any) -> Any:
    """Return a stored value as the log shows it (lists joined, yes and no in words)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "∅"
    return value


def changes(event: AuditEvent, words: Labels) -> list[tuple[str, Any, Any, bool]]:
    """Return (field, before, after, changed) for each field the event names, in words."""
    before, after = event.before or {}, event.after or {}
    fields = list(before) + [f for f in after if f not in before]

    def said(field: str, value: Any) -> Any:
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
    """Show the audit log, newest first, filtered."""
    form = filter_form()
    query = (
        select(AuditEvent)
        .where(*conditions(form))
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return render_template(
        "admin/audit.html",
        form=form,
        page=page_of(query),
        changes=changes,
        words=labels(),
        args={k: v for k, v in request.args.items() if k != "page"},
    )
