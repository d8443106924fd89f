"""Views of the review queue ("Courriels à classer") and of the mailbox's readings."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.access import get_or_404, require
from app.extensions import db
from app.maildrop import bp
from app.maildrop.forms import AttachForm, ButtonForm, ContactFromAddressForm
from app.maildrop.queue import discarded, mailbox_health, pending_by_user, suggestions, waiting
from app.pagination import page_of
from app.saving import show_errors
from models.maildrop import MaildropAddress, MaildropRun
from models.operations import OperationError, ValidationFailed
from models.operations.maildrop_review import (
    attach_address,
    create_contact_from_address,
    discard_address,
    restore_address,
)
from models.scoping import visible_maildrop_addresses, visible_present

MESSAGES_PER_PAGE = 20
RUNS_SHOWN = 30


def _address(address_id: int) -> MaildropAddress:
    """Return the queue's address the URL names if the user may classify it, else 404."""
    return get_or_404(visible_maildrop_addresses(current_user), MaildropAddress, address_id)


@bp.get("/")
@login_required
def index():
    """List the addresses waiting in the user's mail (everyone's for an admin), by message."""
    page = page_of(waiting(current_user), per_page=MESSAGES_PER_PAGE)
    return render_template(
        "maildrop/index.html",
        page=page,
        attach=AttachForm.of,
        present=lambda interaction: visible_present(current_user, interaction),
        suggestions=suggestions(current_user, page.items),
        discarded=discarded(current_user),
    )


@bp.post("/<int:address_id>/attach")
@login_required
def attach(address_id: int):
    """Attach an address to a contact: its messages are logged with them."""
    pending = _address(address_id)
    form = AttachForm.of(address_id)
    if form.validate_on_submit():
        _run(attach_address, pending, form.contact_id.data)
    return redirect(url_for(".index"))


@bp.route("/<int:address_id>/contact", methods=["GET", "POST"])
@login_required
def new_contact(address_id: int):
    """Create a contact from an address (the contact form, prefilled), then attach it."""
    pending = _address(address_id)
    require(current_user.can_create("contacts"))
    form = ContactFromAddressForm()
    if not form.is_submitted():
        form.fill_from(pending.address)
    form.prepare(None)
    if form.validate_on_submit():
        try:
            done = create_contact_from_address(current_user, pending, form.values())
        except ValidationFailed as error:
            db.session.rollback()
            show_errors(form, error)
        except OperationError as error:
            db.session.rollback()
            flash(str(error), "danger")
            return redirect(url_for(".index"))
        else:
            db.session.commit()
            flash(said(done), "success")
            return redirect(url_for(".index"))
    return render_template("maildrop/new_contact.html", form=form, pending=pending)


@bp.post("/<int:address_id>/discard")
@login_required
def discard(address_id: int):
    """Discard an address (nobody to file the message with); it can be put back."""
    pending = _address(address_id)
    if ButtonForm().validate_on_submit():
        _run(discard_address, pending)
    return redirect(url_for(".index"))


@bp.post("/<int:address_id>/restore")
@login_required
def restore(address_id: int):
    """Put a discarded address back in the queue."""
    address = _address(address_id)
    if ButtonForm().validate_on_submit():
        _run(restore_address, address)
    return redirect(url_for(".index"))


@bp.get("/runs")
@login_required
def runs():
    """Show admins whether the mail drop is set up and its latest readings of the mailbox."""
    require(current_user.is_admin)
    latest = select(MaildropRun).order_by(MaildropRun.started_at.desc(), MaildropRun.id.desc())
    readings = list(db.session.scalars(latest.limit(RUNS_SHOWN)))
    return render_template(
        "maildrop/runs.html",
        config=current_app.config,
        readings=readings,
        health=mailbox_health(current_app.config, readings[0] if readings else None),
        waiting_by_user=pending_by_user(),
    )


def _run(operation, address: MaildropAddress, *values) -> None:
    """Run a classification; commit and say what it did, or say why it was refused."""
    try:
        done = operation(current_user, address, *values)
    except ValidationFailed as error:
        db.session.rollback()
        flash(" ".join(error.errors.values()), "danger")
    except OperationError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(said(done), "success")


def said(done) -> str:
    """Return the message after a classification: what, for whom, in how many messages."""
    row = done.rows[0]
    count, address = done.messages, row.address
    if row.status == "discarded":
        return ngettext(
            "%(address)s discarded (%(count)s message). You can put it back below.",
            "%(address)s discarded (%(count)s messages). You can put it back below.",
            count,
            count=format_number(count),
            address=address,
        )
    if row.status == "pending":
        return ngettext(
            "%(address)s is back in the queue (%(count)s message).",
            "%(address)s is back in the queue (%(count)s messages).",
            count,
            count=format_number(count),
            address=address,
        )
    name = done.contact.full_name
    text = ngettext(
        "%(address)s attached to %(name)s: %(count)s message logged with them.",
        "%(address)s attached to %(name)s: %(count)s messages logged with them.",
        count,
        count=format_number(count),
        address=address,
        name=name,
    )
    if done.email_set:
        text += " " + _(
            "The address is now their email: the next messages that name it will be logged "
            "without you."
        )
    elif not done.contact.email:
        text += " " + _(
            "Only a coordinator can make it their email: until then, their next messages "
            "will wait here."
        )
    elif done.contact.email != address:
        text += " " + _("Their email stays %(email)s.", email=done.contact.email)
    return text
