"""Views of the reference lists: show, rename, add, deactivate and reactivate entries."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ActiveForm, EntryForm
from app.choices import options
from app.editing import edit_page
from app.extensions import db
from app.saving import save_edit, show_errors
from models.operations import ValidationFailed, add_entry, set_entry_active
from models.operations.reference import (
    can_add,
    entries_query,
    get_entry,
    has_active,
    update_entry,
)

LISTS = {
    "region": _l("Regions"),
    "sector": _l("Sectors"),
    "theme": _l("Themes"),
    "measure": _l("Platform measures"),
    "level": _l("Levels"),
    "stage": _l("Mobilization stages"),
    "commitment_status": _l("Commitment statuses"),
    "involvement": _l("Involvement"),
    "interaction_kind": _l("Interaction kinds"),
    "relationship_type": _l("Relationship types"),
    "relationship_intensity": _l("Tie intensities"),
    "stakeholder_kind": _l("Stakeholder kinds"),
    "consent_kind": _l("Consent kinds"),
}


def known_list(kind: str) -> str:
    """Return `kind` when it names a reference list, else answer 404."""
    if kind not in LISTS:
        abort(404)
    return kind


def entry_or_404(kind: str, code: str):
    """Return the entry `code` of the list `kind`, else answer 404."""
    entry = get_entry(known_list(kind), code)
    if entry is None:
        abort(404)
    return entry


@bp.get("/reference", defaults={"kind": "region"})
@bp.get("/reference/<kind>")
def reference(kind: str):
    """Show one reference list: codes, labels in both languages, active flag."""
    entries = db.session.scalars(entries_query(known_list(kind))).all()
    return render_template(
        "admin/reference.html",
        kind=kind,
        lists=LISTS,
        entries=entries,
        can_add=can_add(kind),
        has_active=has_active(kind),
        active_forms={
            e.code: ActiveForm(formdata=None).wanting(not e.active, e.code)
            for e in entries
            if has_active(kind)
        },
    )


@bp.route("/reference/<kind>/new", methods=["GET", "POST"])
def new_entry(kind: str):
    """Add an entry with a new code to a list (a measure goes under a theme)."""
    if not can_add(known_list(kind)):
        abort(404)
    form = EntryForm().fill_choices(kind, adding=True, themes=options("theme"))
    if form.validate_on_submit():
        theme = form.theme_code.data if kind == "measure" else None
        try:
            add_entry(
                current_user, kind, form.code.data, form.label_fr.data, form.label_en.data, theme
            )
            db.session.commit()
            flash(_("Entry %(code)s added.", code=form.code.data.strip()), "success")
            return redirect(url_for(".reference", kind=kind))
        except ValidationFailed as error:
            db.session.rollback()
            show_errors(form, error)
    return render_template("admin/entry_edit.html", form=form, kind=kind, lists=LISTS, entry=None)


@bp.route("/reference/<kind>/<code>/edit", methods=["GET", "POST"])
def edit_entry(kind: str, code: str):
    """Rename an entry in French and English (its code never changes)."""
    entry = entry_or_404(kind, code)
    form = EntryForm.editing(entry)
    if form.validate_on_submit() and save_edit(
        form, update_entry, entry, success=_("Entry %(code)s renamed.", code=code)
    ):
        return redirect(url_for(".reference", kind=kind))
    return edit_page("admin/entry_edit.html", form, kind=kind, lists=LISTS, entry=entry)


@bp.post("/reference/<kind>/<code>/active")
def entry_active(kind: str, code: str):
    """Deactivate or reactivate a sector, theme or measure."""
    entry_or_404(kind, code)
    if not has_active(kind):
        abort(404)
    form = ActiveForm()
    if form.validate_on_submit():
        set_entry_active(current_user, kind, code, form.active.data == "1")
        db.session.commit()
        flash(
            _("Entry %(code)s reactivated.", code=code)
            if form.active.data == "1"
            else _("Entry %(code)s deactivated.", code=code),
            "success",
        )
    return redirect(url_for(".reference", kind=kind))
