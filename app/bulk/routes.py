"""The bulk action of a list, in three steps: the list's bar posts the action and the
selection to `confirm` (nothing changes: the question names the action and the count),
which posts them to `apply` (done, one batch), which leads to the batch's page with its
undo button. `/bulk/` lists the recent bulk changes."""

from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from app.access import require
from app.auth.routes import safe_next
from app.bulk import bp
from app.choices import labels
from app.extensions import db
from app.incoming import record_id
from app.interactions.notify import tell_assignee_of_many
from models import User
from models.change_batch import ChangeBatch
from models.operations.bulk_actions import (
    ACTIONS,
    Selection,
    UndoRefused,
    actions_for,
    can_undo,
    choices,
    clean_value,
    find_action,
    plan,
    recent_batches,
    run_bulk,
    undo_bulk,
    value_words,
)
from models.operations.common import OperationError, PermissionDenied, ValidationFailed

LIST_NAMES = {
    "stakeholders": lambda: _("Stakeholders"),
    "contacts": lambda: _("Contacts"),
    "interactions": lambda: _("Interactions"),
    "commitments": lambda: _("Commitments"),
}


@bp.before_request
@login_required
def only_actors():
    """Let in the users who may take some bulk action (admins, coordinators, leads)."""
    require(any(actions_for(current_user, kind) for kind in ACTIONS))


@bp.app_template_global()
def bulk_options(kind: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the choices of the list `kind`'s action select for the signed-in user, as
    (group, [(value, words)]): an action with a value chosen among a few is a group of
    its values ("set_stage:contacted"); the others are one option each. Empty: no bar."""
    remembered = g.setdefault("bulk_options", {})
    if kind not in remembered:
        remembered[kind] = _options(kind)
    return remembered[kind]


def _options(kind: str) -> list[tuple[str, list[tuple[str, str]]]]:
    found: list[tuple[str, list[tuple[str, str]]]] = []
    single: list[tuple[str, str]] = []
    for name, action in actions_for(current_user, kind).items():
        if action.value == "choice":
            found.append(
                (str(action.label), [(f"{name}:{code}", words)
                                     for code, words in choices(action, labels()).items()])
            )  # fmt: skip
        else:
            single.append((name, str(action.label)))
    return ([("", single)] if single else []) + found


# A row's checkbox, labelled with the record's name for screen readers, in the bar's form
# (`form="bulk-form"`): written here rather than by a template macro, since a list writes
# one per row, and by an f-string rather than `Markup.format` (whose formatter is Python's
# own, a tenth of a list's rows).
@bp.app_template_global()
def bulk_check(listing, record_id: int, name: str, may: bool = True) -> Markup:
    """Return a row's checkbox; none on a row the user may not change (`may`: a lead's
    national commitment), nor on a list without bulk actions for the user."""
    if not (may and bulk_options(listing.name)):
        return Markup("")
    record_id = int(record_id)
    label = escape(_("Tick %(name)s", name=name))
    return Markup(
        f'<input class="form-check-input" type="checkbox" name="ids" value="{record_id}" '
        f'form="bulk-form" id="pick-{record_id}" data-bulk-row>'
        f'<label class="visually-hidden" for="pick-{record_id}">{label}</label>'
    )


@bp.app_template_global()
def bulk_cell(listing, record_id: int, name: str, may: bool = True) -> Markup:
    """Return a table row's cell of its checkbox (`bulk_check`), empty when the user may not
    change that row, none on a list without bulk actions for the user."""
    if not bulk_options(listing.name):
        return Markup("")
    check = bulk_check(listing, record_id, name, may)
    return Markup(f'<td class="bulk-cell" data-label="">{check}</td>')


@bp.app_template_global()
def bulk_filters(listing) -> str:
    """Return the list's filters as a query string (the "all matching" selection)."""
    return urlencode(listing.filter_args(), doseq=True)


@bp.app_template_global()
def bulk_all_words(kind: str, count: int) -> str:
    """Return the words of the choice that selects every row matching the filters."""
    num = format_number(count)
    if kind == "stakeholders":
        return ngettext("Select the %(count)s stakeholder matching the filters",
                        "Select all %(count)s stakeholders matching the filters",
                        count, count=num)  # fmt: skip
    if kind == "contacts":
        return ngettext("Select the %(count)s contact matching the filters",
                        "Select all %(count)s contacts matching the filters",
                        count, count=num)  # fmt: skip
    if kind == "interactions":
        return ngettext("Select the %(count)s interaction matching the filters",
                        "Select all %(count)s interactions matching the filters",
                        count, count=num)  # fmt: skip
    return ngettext("Select the %(count)s commitment matching the filters",
                    "Select all %(count)s commitments matching the filters",
                    count, count=num)  # fmt: skip


def _back(kind: str) -> str:
    """Return the list page the request came from (its filters kept), else the list."""
    return (
        safe_next(request.values.get("back"))
        if request.values.get("back")
        else url_for(f"{kind}.index")
    )


def _read(kind: str):
    """Return the action, its raw value and the selection the form posted."""
    chosen = request.form.get("action", "")
    name, _sep, raw = chosen.partition(":")
    action = find_action(current_user, kind, name)
    if action.value == "tag":
        raw = request.form.get("tag", "")
    if request.form.get("all") == "1":
        filters = parse_qsl(request.form.get("filters", ""), keep_blank_values=False)
        selection = Selection(filters=MultiDict(filters))
    else:
        ids = [i for i in map(record_id, request.form.getlist("ids")) if i is not None]
        selection = Selection(ids=ids)
    return action, raw, selection


@bp.post("/<any(stakeholders, contacts, interactions, commitments):kind>/confirm")
def confirm(kind: str):
    """Ask to confirm the action on the selection, naming it and the count."""
    try:
        action, raw, selection = _read(kind)
        if not selection.everything and not selection.ids:
            raise ValidationFailed({"ids": _("Tick the rows to change first.")})
        value = clean_value(action, raw, labels())
        outcome, _rows = plan(current_user, action, value, selection)
    except PermissionDenied:
        abort(403)
    except ValidationFailed as failed:
        for message in failed.errors.values():
            flash(message, "danger")
        return redirect(_back(kind))
    return render_template(
        "bulk/confirm.html",
        kind=kind,
        action=action,
        outcome=outcome,
        question=question(action, value, outcome.count),
        raw=raw,
        selection=selection,
        filters=request.form.get("filters", ""),
        back=_back(kind),
    )


@bp.post("/<any(stakeholders, contacts, interactions, commitments):kind>/apply")
def apply(kind: str):
    """Do the action on the selection; then the batch's page, with its undo button."""
    try:
        action, raw, selection = _read(kind)
        outcome = run_bulk(current_user, kind, action.name, raw, selection, labels())
    except PermissionDenied:
        abort(403)
    except ValidationFailed as failed:
        for message in failed.errors.values():
            flash(message, "danger")
        return redirect(_back(kind))
    if outcome.batch is None:  # all already so, or changed in between
        flash(
            _("Nothing to change: the rows chosen are already so, or not yours to change."),
            "info",
        )
        return redirect(_back(kind))
    db.session.commit()
    flash(result_words(kind, outcome.count), "success")
    if action.name == "assign_follow_ups":
        tell_assignee_of_many(db.session.get(User, outcome.value), current_user, outcome.count)
    return redirect(url_for(".batch", batch_id=outcome.batch.id, back=_back(kind)))


def _own_batch(batch_id: int) -> ChangeBatch:
    """Return the batch `batch_id` if the user may read it (its author, an admin), else 404."""
    batch = db.session.get(ChangeBatch, batch_id)
    if batch is None or not (current_user.is_admin or batch.user_id == current_user.id):
        abort(404)
    return batch


@bp.get("/<int:batch_id>")
def batch(batch_id: int):
    """One bulk change: what it did, to how many, and its undo button."""
    found = _own_batch(batch_id)
    return render_template(
        "bulk/batch.html", batch=found, back=_back(found.kind), **_described(found)
    )


@bp.post("/<int:batch_id>/undo")
def undo(batch_id: int):
    """Undo a bulk change, or say why it cannot be."""
    found = _own_batch(batch_id)
    try:
        restored = undo_bulk(current_user, found)
    except (UndoRefused, OperationError) as refused:
        db.session.rollback()
        flash(str(refused), "danger")
    else:
        db.session.commit()
        flash(
            ngettext(
                "Change undone: %(count)s record is back as it was.",
                "Change undone: %(count)s records are back as they were.",
                restored,
                count=format_number(restored),
            ),
            "success",
        )
    return redirect(url_for(".batch", batch_id=found.id, back=_back(found.kind)))


@bp.get("/")
def index():
    """The recent bulk changes (an admin's: everyone's), with their undo buttons."""
    batches = list(db.session.scalars(recent_batches(current_user)))
    return render_template(
        "bulk/index.html", batches=[(b, _described(b)) for b in batches], can_undo=can_undo
    )


def _described(batch: ChangeBatch) -> dict:
    """Return the words of a batch: its list, its action and value."""
    action = ACTIONS.get(batch.kind, {}).get(batch.action)
    value = batch.value
    if action is not None and action.value == "choice":
        by_id = action.name in ("set_owner", "assign_follow_ups") and value
        value = value_words(action, int(value) if by_id else value, labels())
    return {
        "list_words": LIST_NAMES[batch.kind]() if batch.kind in LIST_NAMES else batch.kind,
        "action_words": str(action.label) if action else batch.action,
        "value_words": value if action is not None and action.value else "",
        "may_undo": batch.undoable and can_undo(current_user, batch),
        "final": action is not None and not action.undoable,
    }


def result_words(kind: str, count: int) -> str:
    """Return what is said once a bulk change is done."""
    num = format_number(count)
    if kind == "stakeholders":
        return ngettext("%(count)s stakeholder changed.", "%(count)s stakeholders changed.", count,
                        count=num)  # fmt: skip
    if kind == "contacts":
        return ngettext(
            "%(count)s contact changed.", "%(count)s contacts changed.", count, count=num
        )
    if kind == "interactions":
        return ngettext("%(count)s interaction changed.", "%(count)s interactions changed.", count,
                        count=num)  # fmt: skip
    return ngettext(
        "%(count)s commitment changed.", "%(count)s commitments changed.", count, count=num
    )


def question(action, chosen, count: int) -> str:
    """Return the confirmation's question: the action, its value and the count in words."""
    num, name = format_number(count), action.name
    value = value_words(action, chosen, labels())
    if name == "set_owner" and chosen is None:
        return ngettext("Remove the owner of %(count)s stakeholder?",
                        "Remove the owner of %(count)s stakeholders?",
                        count, count=num)  # fmt: skip
    if name == "add_tag":
        return ngettext("Add the tag “%(value)s” to %(count)s stakeholder?",
                        "Add the tag “%(value)s” to %(count)s stakeholders?",
                        count, count=num, value=value)  # fmt: skip
    if name == "remove_tag":
        return ngettext("Remove the tag “%(value)s” from %(count)s stakeholder?",
                        "Remove the tag “%(value)s” from %(count)s stakeholders?",
                        count, count=num, value=value)  # fmt: skip
    if name == "set_owner":
        return ngettext("Make %(value)s the owner of %(count)s stakeholder?",
                        "Make %(value)s the owner of %(count)s stakeholders?",
                        count, count=num, value=value)  # fmt: skip
    if name == "assign_follow_ups":
        return ngettext("Assign the follow-up of %(count)s interaction to %(value)s?",
                        "Assign the follow-ups of %(count)s interactions to %(value)s?",
                        count, count=num, value=value)  # fmt: skip
    if name == "set_stage":
        return ngettext("Move %(count)s stakeholder to the stage “%(value)s”?",
                        "Move %(count)s stakeholders to the stage “%(value)s”?",
                        count, count=num, value=value)  # fmt: skip
    if name == "archive":
        return ngettext("Archive %(count)s stakeholder?", "Archive %(count)s stakeholders?",
                        count, count=num)  # fmt: skip
    if name == "restore":
        return ngettext("Restore %(count)s archived stakeholder?",
                        "Restore %(count)s archived stakeholders?", count, count=num)  # fmt: skip
    if name == "follow_up_done":
        return ngettext("Mark the follow-up of %(count)s interaction as done?",
                        "Mark the follow-ups of %(count)s interactions as done?",
                        count, count=num)  # fmt: skip
    if name == "follow_up_open":
        return ngettext("Mark the follow-up of %(count)s interaction as not done?",
                        "Mark the follow-ups of %(count)s interactions as not done?",
                        count, count=num)  # fmt: skip
    if name == "set_status":
        return ngettext("Set the status of %(count)s commitment to “%(value)s”?",
                        "Set the status of %(count)s commitments to “%(value)s”?",
                        count, count=num, value=value)  # fmt: skip
    if name == "set_involvement":
        return ngettext("Set the involvement of %(count)s commitment to “%(value)s”?",
                        "Set the involvement of %(count)s commitments to “%(value)s”?",
                        count, count=num, value=value)  # fmt: skip
    if name == "set_language":
        return ngettext("Set the preferred language of %(count)s contact to %(value)s?",
                        "Set the preferred language of %(count)s contacts to %(value)s?",
                        count, count=num, value=value)  # fmt: skip
    return ngettext("Record that %(count)s contact withdrew their newsletter consent?",
                    "Record that %(count)s contacts withdrew their newsletter consent?",
                    count, count=num)  # fmt: skip
