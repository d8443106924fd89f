"""Views of the interaction screens: the five pages of a record (`app.records`), the quick
log being its `new` page, and marking a follow-up done."""

from flask import redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from app.access import require, visible_stakeholder
from app.choices import labels
from app.incoming import record_id
from app.interactions import bp
from app.interactions.forms import DoneForm, InteractionForm, chosen, follow_up_buttons
from app.interactions.listing import listed
from app.interactions.notify import tell_assignee
from app.records import RecordPages
from app.saving import save
from models.lists import InteractionList
from models.operations import update_interaction


def _mark_done(interaction) -> str:
    """Mark the interaction's follow-up as done."""
    update_interaction(current_user, interaction, {"follow_up_done": True})
    return _("Follow-up marked as done.")


def logged(form: InteractionForm) -> str:
    """Return what is said once the quick log saved: what was saved, with whom, when."""
    stakeholders, _contacts = chosen(form)
    names = ", ".join(sorted(s.name for s in stakeholders))
    return _(
        "Interaction logged: %(kind)s of %(day)s with %(names)s.",
        kind=labels().of("interaction_kind", form.kind.data).lower(),
        day=format_date(form.occurred_on.data, "medium"),
        names=names,
    )


class InteractionPages(RecordPages):
    """The interaction pages, whose `new` is the quick log: opened from a stakeholder's
    page (`?stakeholder=<id>`), it starts with that stakeholder and goes back to its page
    once saved; "Save and log another" opens a fresh form instead."""

    def new(self):
        require(current_user.can_create(self.folder))
        form = self.form.creating()
        origin = record_id(request.args.get("stakeholder"))
        if form.validate_on_submit() and (
            record := save(form, form.create, current_user, form.values(), success=logged(form))
        ):
            tell_assignee(record, current_user)
            if form.another.data:
                return redirect(url_for(".new", stakeholder=origin))
            if origin is not None and any(s.id == origin for s in record.stakeholders):
                return redirect(url_for("stakeholders.detail", stakeholder_id=origin))
            return redirect(self.url(record))
        return render_template(
            f"{self.folder}/edit.html",
            form=form,
            interaction=None,
            origin=visible_stakeholder(origin),
        )

    def edit(self, **ids):
        """The form that edits an interaction; a new assignee of its follow-up is told."""
        record = self.found(ids)
        before = record.assigned_to_id
        response = super().edit(**ids)
        saved = getattr(response, "status_code", None) == 302
        if saved and record.assigned_to_id != before:
            tell_assignee(record, current_user)
        return response


InteractionPages(
    InteractionList,
    InteractionForm,
    read=listed,
    context=follow_up_buttons,
    buttons={"done": (DoneForm, _mark_done)},
).register(bp)
