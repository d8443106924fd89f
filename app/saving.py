"""Saving a submitted form through a write operation: commit once, or roll back and say why.

Views stay short: load, check, validate, call the operation, commit, flash, redirect.
"""

from flask import abort, flash
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError

from app.editing import mark_stale, stale_message
from app.extensions import db
from models.operations import PermissionDenied, StaleRecord, ValidationFailed
from models.operations.common import stale_record


def show_errors(form, error: ValidationFailed, fields: dict[str, str] | None = None) -> None:
    """Attach the operation's field errors to the form's fields (`fields` maps names).

    An error on a field the form does not show goes to the form's general errors.
    """
    fields = fields or {}
    for name, message in error.errors.items():
        field = getattr(form, fields.get(name, name), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
        else:
            form.form_errors.append(message)


def save(form, operation, *args, success: str, edited=None):
    """Run a write operation for a submitted form: commit and flash `success`, or roll back
    and show why (field errors on the form, a refusal as a message).

    `edited` is the record an edit form changes: when someone saved it in between (seen by
    the operation's version check, or by the database's when both saved at the same
    moment), the form keeps what was typed and shows what is stored now (`app.editing`).
    Returns the operation's result (True when it is empty, e.g. an edit that changed
    nothing), or None when refused.
    """
    try:
        result = operation(*args)
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        show_errors(form, error)
    except PermissionDenied as error:
        db.session.rollback()
        flash(str(error), "danger")
    except (StaleRecord, StaleDataError) as error:
        db.session.rollback()
        if edited is None:
            flash(str(error) if isinstance(error, StaleRecord) else stale_message(), "danger")
            return None
        try:
            message = str(stale_record(edited))
        except ObjectDeletedError:
            abort(404)  # deleted in between: what opening its page now answers
        mark_stale(form, edited, message)
    else:
        flash(success, "success")
        return result or True
    return None


def save_edit(form, operation, record, success: str) -> bool:
    """Save an edit form onto `record` with `operation(actor, record, values, version)`;
    return whether it was saved (see `save`)."""
    from flask_login import current_user

    version = form.version.data or None
    return bool(
        save(
            form,
            operation,
            current_user,
            record,
            form.values(),
            version,
            success=success,
            edited=record,
        )
    )
