"""Edit forms of versioned records, and their answer when someone saved in between.

Every edit page reads the same: the message naming who saved in between, the form with
what the user typed, the other person's stored values beside it, a link that reloads the
stored record, and a hidden version moved on so that saving again deliberately replaces
the other's values. `app.saving.save` marks the form; `_macros.render_form_errors` shows it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import HiddenField

from app.incoming import record_id

# Fields a person does not read as the record's values.
NOT_SHOWN = {"HiddenField", "CSRFTokenField", "SubmitField", "PasswordField"}


@dataclass
class Stale:
    """Why an edit was not saved: who saved in between, and which values now differ."""

    message: str
    reload_url: str
    # (the field's label, what the user typed, what is stored), fields that differ only.
    differences: list[tuple[str, str, str]]


class EditForm(FlaskForm):
    """The form of an editable record, carrying the version of the record it was read from."""

    version = HiddenField()
    stale: Stale | None = None
    # The operations a record's pages save it with (`app.records`): create(actor, values)
    # and update(actor, record, values, version), and what is said once one is created.
    create: Callable
    update: Callable
    created: Any = ""

    def load(self, record) -> None:
        """Show `record`'s values in the form."""
        raise NotImplementedError

    def prepare(self, record) -> "EditForm":
        """Fill the choices needed to edit `record`, or to create one when it is None (none
        by default)."""
        return self

    @classmethod
    def creating(cls) -> "EditForm":
        """Return the form of a new record: as submitted, else empty but for the stakeholder
        of `?stakeholder=` (the page it was opened from), its choices filled."""
        form = cls()
        picked = record_id(request.args.get("stakeholder"))
        if not form.is_submitted() and picked is not None:
            form.pick_stakeholder(picked)
        return form.prepare(None)

    def pick_stakeholder(self, stakeholder_id: int) -> None:
        """Choose the stakeholder `stakeholder_id` in a new record's form (when it has one)."""
        if hasattr(self, "stakeholder_id"):
            self.stakeholder_id.data = str(stakeholder_id)

    @classmethod
    def editing(cls, record) -> "EditForm":
        """Return the edit form of `record`: as submitted, else showing its stored values."""
        form = cls()
        if not form.is_submitted():
            form.load(record)
            form.version.data = str(record.version)
        return form.prepare(record)

    @classmethod
    def stored(cls, record) -> "EditForm":
        """Return a form showing `record`'s stored values, whatever was submitted."""
        form = cls(formdata=None)
        form.load(record)
        form.version.data = str(record.version)
        return form.prepare(record)


def mark_stale(form: EditForm, record, message: str) -> None:
    """Keep what the user typed in `form`, note what `record` holds now, and take its
    current version: saving again then replaces the other person's values on purpose."""
    stored = type(form).stored(record)
    form.stale = Stale(str(message), request.path, differences(form, stored))
    form.version.data = str(record.version)


def differences(form, stored) -> list[tuple[str, str, str]]:
    """Return (label, typed, stored) for each shown field whose two values differ."""
    rows = []
    for field in form:
        if field.type in NOT_SHOWN or field.name not in stored:
            continue
        typed, kept = shown(field), shown(stored[field.name])
        if typed != kept:
            rows.append((str(field.label.text), typed or _("(empty)"), kept or _("(empty)")))
    return rows


def shown(field) -> str:
    """Return a field's value as a person reads it: the labels of chosen codes, dates in
    their language, text without the browser's carriage returns."""
    if hasattr(field, "iter_choices"):
        labels = [str(c[1]) for c in field.iter_choices() if c[2] and c[0] not in ("", None)]
        # Several values are read through their choices only: those the user may see.
        if labels or isinstance(field.data, list | tuple) or field.data in (None, ""):
            return ", ".join(labels)
    if isinstance(field.data, date):
        return format_date(field.data)
    if field.data is None:
        return ""
    return str(field.data).replace("\r\n", "\n").strip()


def edit_page(template: str, form, **context):
    """Render an edit page: 409 Conflict when someone saved the record in between."""
    return render_template(template, form=form, **context), 409 if form.stale else 200


def stale_message() -> str:
    """Return the message for a change that someone else's save, at the same moment, overtook."""
    return _(
        "Someone else saved this record at the same moment: your change was not saved. "
        "Check it and try again."
    )
