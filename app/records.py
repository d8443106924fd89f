"""The five pages every kind of record has, registered on its blueprint from one description:
its list (`/`) and the list's export (`/export.xlsx`), its page (`/<id>`), the form that
creates one (`/new`) and the form that edits one (`/<id>/edit`).

A kind's `routes.py` describes it once (`RecordPages(...)`, with the buttons of its page:
archiving, marking a follow-up done) and adds the pages only it has (a type-ahead). The
endpoints keep their plain names (`contacts.index`, `contacts.detail`, `stakeholders.archive`…).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import Select

from app.access import get_or_404, require
from app.editing import EditForm, edit_page
from app.extensions import db
from app.incoming import record_id
from app.lists import list_page, open_list, send_list
from app.saving import save, save_edit
from models.lists import ListQuery


def _as_is(query: Select) -> Select:
    return query


def _nothing(_record) -> dict:
    return {}


@dataclass(frozen=True)
class RecordPages:
    """The pages of one kind of record, from its list (`models.lists`) and its form.

    The list gives the rest: its scope, its model, the record's name in URLs and templates
    (`contact`: `/<contact_id>`, and `contact` in `contacts/detail.html`) and the folder of
    its templates (`contacts/`: index, detail, edit). The form names its operations
    (`EditForm.create` and `update`) and what is said once one is created; the user's
    rights decide the forms (`User.can_create`, `User.can_edit`; 403 otherwise). `shown`
    shapes the list's select (the columns or relations it loads), or `read` reads a page's
    rows from it as plain data (`app.lists.list_page`); `more(record)` adds to
    the record's page, and `context()` to both the list and the record's page. `loads`:
    loader options of the record read for its pages (a collection it shows, joined in the
    same query rather than read by a second one).
    """

    listing: type[ListQuery]
    form: type[EditForm]
    shown: Callable[[Select], Select] = _as_is
    read: Callable[[Select], list] | None = None
    more: Callable[[Any], dict] = field(default=_nothing)
    context: Callable[[], dict] = dict
    # Buttons on the record's page: action → (its form, what pressing it does); see
    # `add_button`.
    buttons: dict[str, tuple[type, Callable[[Any], str]]] = field(default_factory=dict)
    loads: tuple = ()

    @property
    def model(self) -> type:
        return self.listing.id_column.class_

    @property
    def name(self) -> str:
        return self.model.__tablename__

    @property
    def folder(self) -> str:
        return self.listing.name

    def register(self, bp: Blueprint) -> None:
        """Add the five pages and the buttons to `bp`, each for signed-in users only."""
        one = f"/<int:{self.name}_id>"
        for rule, endpoint, view, methods in (
            ("/", "index", self.index, ["GET"]),
            ("/export.<any(xlsx, csv):fmt>", "export", self.export, ["GET"]),
            (one, "detail", self.detail, ["GET"]),
            ("/new", "new", self.new, ["GET", "POST"]),
            (f"{one}/edit", "edit", self.edit, ["GET", "POST"]),
        ):
            bp.add_url_rule(rule, endpoint, login_required(view), methods=methods)
        for action, (form, press) in self.buttons.items():
            self.add_button(bp, action, form, press)

    def add_button(self, bp: Blueprint, action: str, form: type, press: Callable[[Any], str]):
        """Add a button to the record's pages: a POST to `/<id>/<action>` (its form checks
        the CSRF token) for those who may edit the record. `press(record)` does it and
        returns what to say; then back to the page the button was on (the record's page if
        it came from elsewhere)."""

        def view(**ids):
            record = self.found(ids)
            require(current_user.can_edit(record))
            if form().validate_on_submit():
                said = press(record)
                db.session.commit()
                flash(said, "success")
            return redirect(same_site_referrer() or self.url(record))

        view.__doc__ = press.__doc__
        rule = f"/<int:{self.name}_id>/{action}"
        bp.add_url_rule(rule, action, login_required(view), methods=["POST"])

    def index(self):
        """The list in the user's scope, searched, filtered and sorted."""
        listing = open_list(self.listing)
        page = list_page(listing, self.shown, self.read)
        return render_template(
            f"{self.folder}/index.html", listing=listing, page=page, **self.context()
        )

    def export(self, fmt: str):
        """The list as on screen, as .xlsx or .csv (audited)."""
        return send_list(self.listing, fmt)

    def found(self, ids: dict):
        """Return the record the URL names, in the user's scope, else 404."""
        scope = self.listing(current_user).scoped().options(*self.loads)
        return get_or_404(scope, self.model, ids[f"{self.name}_id"])

    def detail(self, **ids):
        """The record's page."""
        record = self.found(ids)
        return render_template(
            f"{self.folder}/detail.html",
            **{self.name: record},
            **self.context(),
            **self.more(record),
        )

    def new(self):
        """The form that creates a record; the record's page once saved."""
        require(current_user.can_create(self.folder))
        form = self.form.creating()
        if form.validate_on_submit() and (
            record := save(
                form, form.create, current_user, form.values(), success=str(form.created)
            )
        ):
            return redirect(opened_from(record) or self.url(record))
        return render_template(f"{self.folder}/edit.html", form=form, **{self.name: None})

    def edit(self, **ids):
        """The form that edits a record; a stale form (someone saved in between) is refused
        with what was typed kept (`app.editing`)."""
        record = self.found(ids)
        require(current_user.can_edit(record))
        form = self.form.editing(record)
        if form.validate_on_submit() and save_edit(
            form, form.update, record, success=_("Changes saved.")
        ):
            return redirect(self.url(record))
        return edit_page(f"{self.folder}/edit.html", form, **{self.name: record})

    def url(self, record) -> str:
        """Return the address of `record`'s page."""
        return url_for(".detail", **{f"{self.name}_id": record.id})


def opened_from(record) -> str | None:
    """Return the page of the stakeholder a new record's form was opened from
    (`?stakeholder=<id>`, on the stakeholder's page), when the record is still its."""
    picked = record_id(request.args.get("stakeholder"))
    ids = {getattr(record, "stakeholder_id", None)}
    ids |= {s.id for s in getattr(record, "stakeholders", ())}
    if picked is None or picked not in ids:
        return None
    return url_for("stakeholders.detail", stakeholder_id=picked)


def same_site_referrer() -> str | None:
    """Return the page the request came from, when it is on this site."""
    referrer = request.referrer
    return referrer if referrer and referrer.startswith(request.host_url) else None
