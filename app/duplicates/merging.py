"""The merge screen and its undo (issue 16).

`GET /duplicates/<kind>/merge?keep=&other=`: the two records side by side, a choice per
field that differs, what moves to the survivor, and a warning; `POST` merges (the records'
versions as the screen showed them: a record changed since is refused, naming who changed
it) and goes to the survivor's page, whose message offers to undo the merge. The rules are
`models/operations/merge.py`'s; `/duplicates/merges` lists the recent merges with their
undo while it is possible.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select

from app.access import get_or_404, require
from app.choices import labels
from app.duplicates import bp
from app.extensions import db
from app.incoming import record_id
from app.navigation import number
from models.commitment import Commitment
from models.consent import ConsentEvent
from models.contact import Contact
from models.duplicate import KINDS, Merge
from models.interaction import interaction_contact, interaction_stakeholder
from models.labels import LANGUAGE_LABELS
from models.operations import OperationError, ValidationFailed
from models.operations.merge import (
    PICKS,
    default_picks,
    differing,
    may_merge,
    merge_contacts,
    merge_stakeholders,
    model_of,
    undo_merge,
    undoable,
)
from models.scoping import visible_contacts, visible_stakeholders
from models.stakeholder import Relationship
from models.user import User

RECENT = 50  # merges the list shows


def _field_labels(kind: str) -> dict[str, str]:
    if kind == "stakeholders":
        return {
            "name": _("Name"),
            "kind": _("Kind"),
            "sector_code": _("Sector"),
            "place": _("Place (level, region, municipality, MRC)"),
            "email": _("Email"),
            "phone": _("Phone"),
            "website": _("Website"),
            "stage": _("Mobilization stage"),
            "influence": _("Influence"),
            "interest": _("Interest"),
            "owner_id": _("Owner"),
            "notes": _("Notes"),
            "external_ref": _("External reference"),
        }
    return {
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "title": _("Title"),
        "stakeholder_id": _("Stakeholder"),
        "email": _("Email"),
        "phone": _("Phone"),
        "language": _("Language"),
        "notes": _("Notes"),
    }


def shown(kind: str, record, key: str) -> str:
    """Return the words of the field group `key` of `record`, as its page shows them."""
    L = labels()
    if key == "place":
        # The level first: two places that differ only by it (local, regional) read apart.
        parts = [L.of("level", record.level), record.locality]
        if record.mrc_code and L.mrc(record.mrc_code) != record.locality:
            parts.append(L.mrc(record.mrc_code))
        if record.region_code:
            parts.append(L.of("region", record.region_code))
        return ", ".join(p for p in parts if p)
    value = getattr(record, key)
    if value is None or value == "":
        return ""
    tables = {"kind": "stakeholder_kind", "sector_code": "sector", "stage": "stage"}
    if kind == "stakeholders" and key in tables:
        return L.of(tables[key], value)
    if key == "owner_id":
        owner = db.session.get(User, value)
        return owner.name or owner.email if owner else ""
    if key == "stakeholder_id":
        return record.stakeholder.name if record.stakeholder else ""
    if key == "language":
        return LANGUAGE_LABELS.get(value, value)
    return str(value)


def _measures(stakeholder_id: int) -> set[str]:
    query = select(Commitment.measure_code).where(Commitment.stakeholder_id == stakeholder_id)
    return set(db.session.scalars(query))


def moving(kind: str, kept, other) -> str:
    """Return in words what the survivor takes from `other` ("3 contacts, 12 interactions,
    2 commitments including 1 merged, 1 tie")."""

    def count(condition) -> int:
        return db.session.scalar(select(func.count()).where(condition))

    if kind == "contacts":
        interactions = count(interaction_contact.c.contact_id == other.id)
        events = count(ConsentEvent.contact_id == other.id)
        return ", ".join((
            ngettext("%(count)s interaction", "%(count)s interactions", interactions,
                     count=number(interactions)),
            ngettext("%(count)s consent register entry", "%(count)s consent register entries",
                     events, count=number(events)),
        ))  # fmt: skip
    contacts = count(Contact.stakeholder_id == other.id)
    interactions = count(interaction_stakeholder.c.stakeholder_id == other.id)
    theirs = _measures(other.id)
    merged = len(theirs & _measures(kept.id))
    ties = count(or_(Relationship.source_id == other.id, Relationship.target_id == other.id))
    tags = len(set(other.tag_names) - set(kept.tag_names))
    n = len(theirs)
    if merged:
        commitments = ngettext("%(count)s commitment including %(merged)s merged",
                               "%(count)s commitments including %(merged)s merged",
                               n, count=number(n), merged=number(merged))  # fmt: skip
    else:
        commitments = ngettext("%(count)s commitment", "%(count)s commitments", n, count=number(n))
    return ", ".join((
        ngettext("%(count)s contact", "%(count)s contacts", contacts, count=number(contacts)),
        ngettext("%(count)s interaction", "%(count)s interactions", interactions,
                 count=number(interactions)),
        commitments,
        ngettext("%(count)s tie", "%(count)s ties", ties, count=number(ties)),
        ngettext("%(count)s new tag", "%(count)s new tags", tags, count=number(tags)),
    ))  # fmt: skip


def _record(kind: str, value):
    """Return the record of `kind` in the user's scope whose id is `value`, else 404."""
    number = record_id(value)
    if number is None:
        abort(404)
    scoped = visible_stakeholders(current_user) if kind == "stakeholders" else visible_contacts(
        current_user)  # fmt: skip
    return get_or_404(scoped, model_of(kind), number)


def detail_url(kind: str, record_id_: int) -> str:
    """Return the address of a record's page."""
    if kind == "stakeholders":
        return url_for("stakeholders.detail", stakeholder_id=record_id_)
    return url_for("contacts.detail", contact_id=record_id_)


def name_of(kind: str, record) -> str:
    """Return a record's name (a stakeholder's, a contact's full name)."""
    return record.name if kind == "stakeholders" else record.full_name


@bp.route("/<kind>/merge", methods=["GET", "POST"])
@login_required
def merge(kind: str):
    """The merge screen of two records (`keep`, `other`), and the merge itself."""
    if kind not in KINDS:
        abort(404)
    kept = _record(kind, request.values.get("keep"))
    other = _record(kind, request.values.get("other"))
    require(may_merge(current_user, kind))
    if kept.id == other.id:
        abort(404)
    picks = default_picks(kind, kept, other)
    errors = []
    if request.method == "POST":
        picks.update({k: request.form[f"pick-{k}"] for k in PICKS[kind]
                      if f"pick-{k}" in request.form})  # fmt: skip
        operation = merge_stakeholders if kind == "stakeholders" else merge_contacts
        versions = (request.form.get("keep_version"), request.form.get("other_version"))
        try:
            done = operation(current_user, kept, other, picks, *versions)
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            errors = list(error.errors.values())
        except OperationError as error:
            db.session.rollback()
            errors = [str(error)]
        else:
            flash(str(done.id), "merge-undo")
            return redirect(detail_url(kind, done.kept_id))
        kept, other = _record(kind, kept.id), _record(kind, other.id)
    fields = _field_labels(kind)
    different = set(differing(kind, kept, other))
    rows = [
        {"key": key, "label": label, "kept": shown(kind, kept, key),
         "other": shown(kind, other, key), "differs": key in different, "pick": picks[key]}
        for key, label in fields.items()
    ]  # fmt: skip
    context = {
        "kind": kind,
        "kept": kept,
        "other": other,
        "kept_name": name_of(kind, kept),
        "other_name": name_of(kind, other),
        "rows": rows,
        "moving": moving(kind, kept, other),
        "errors": errors,
        "detail_url": detail_url,
    }
    if kind == "stakeholders":
        tags = sorted(set(kept.tag_names) | set(other.tag_names))
        context["tags"] = ", ".join(tags)
    return render_template("duplicates/merge.html", **context), 200 if not errors else 409


@bp.post("/merges/<int:merge_id>/undo", endpoint="undo_merge")
@login_required
def undo_merge_view(merge_id: int):
    """Undo a merge (its author or an administrator), while nobody touched the records."""
    done = db.session.get(Merge, merge_id) or abort(404)
    require(may_merge(current_user, done.kind))
    try:
        undo_merge(current_user, done)
        db.session.commit()
    except OperationError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for(".merges"))
    flash(_("Merge undone: both records are back."), "success")
    return redirect(detail_url(done.kind, done.removed_id))


def _named(kind: str, row: dict) -> str:
    """Return the name in a record's before-image."""
    if kind == "stakeholders":
        return row.get("name", "")
    return f"{row.get('first_name', '')} {row.get('last_name', '')}".strip()


@bp.get("/merges")
@login_required
def merges():
    """The recent merges: who, when, which two records, and undo while it is possible."""
    require(may_merge(current_user, "stakeholders"))
    recent = list(db.session.scalars(select(Merge).order_by(Merge.at.desc(), Merge.id.desc())
                                     .limit(RECENT)))  # fmt: skip
    items = []
    for done in recent:
        survivor = db.session.get(model_of(done.kind), done.kept_id)
        items.append({
            "merge": done,
            "kept_name": _named(done.kind, done.before.get("kept", {})),
            "removed_name": _named(done.kind, done.before.get("removed", {})),
            "survivor_url": detail_url(done.kind, done.kept_id) if survivor else None,
            "undoable": undoable(current_user, done),
        })  # fmt: skip
    return render_template("duplicates/merges.html", items=items)
