"""What the views share: load in scope or 404, require a right or 403, show operation errors.

Views stay short: load, check, validate, call the operation, commit, flash, redirect.
"""

from flask import abort, flash, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError

from app.editing import mark_stale, stale_message
from app.extensions import db
from app.incoming import record_id
from models.cache import remembered
from models.operations import PermissionDenied, StaleRecord, ValidationFailed
from models.operations.common import stale_record

PER_PAGE = 25


def get_or_404(query: Select, model, object_id: int):
    """Return the object of `model` with `object_id` from the scoped `query`, else 404.

    Out of scope and missing are the same 404, so nobody learns what exists elsewhere.
    """
    found = db.session.scalar(query.where(model.id == object_id))
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


class Page(Pagination):
    """A page of a select: its entities, or its rows when it selects columns.

    With `count_key` (what the select depends on: the user's scope and the filters) and
    `depends_on` (audited entity types), the total is remembered until those change
    (`models.cache`): counting 100,000 rows on every page view was most of its time.
    """

    _counted: int | None = None

    def _query_items(self) -> list:
        if self.page > 1:  # a page past the end (`?page=99999…`, say) is the last page
            self.page = min(self.page, max(1, -(-self._query_count() // self.per_page)))
        query = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        result = db.session.execute(query)
        return result.scalars().all() if self._query_args["entities"] else result.all()

    def _query_count(self) -> int:
        if self._counted is None:  # counted once, whether the page or the total asks first
            self._counted = self._count()
        return self._counted

    def _count(self) -> int:
        query = self._query_args["select"].order_by(None)
        counted = select(func.count()).select_from(query.subquery())
        key, depends_on = self._query_args["count_key"], self._query_args["depends_on"]
        if key is None:
            return db.session.scalar(counted)
        return remembered("count", key, lambda: db.session.scalar(counted), depends_on)


def page_of(query: Select, per_page: int = PER_PAGE, count_key=None, depends_on=None) -> Page:
    """Return the page of `query` asked for by `?page=N` (a Flask-SQLAlchemy Pagination).

    A number below 1 or unreadable is the first page; one past the end, the last.
    """
    page = max(request.args.get("page", 1, type=int), 1)
    entities = all(d.get("entity") is not None and d.get("expr") is d.get("entity")
                   for d in query.column_descriptions)  # fmt: skip
    return Page(page, per_page, error_out=False, select=query, entities=entities,
                count_key=count_key, depends_on=depends_on)  # fmt: skip
