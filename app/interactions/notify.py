"""Tell a user by email that someone assigned them a follow-up.

Sent once the change is committed, never before: a failing SMTP server loses no
assignment. The failure is logged and said in the page's message; a user who assigns a
follow-up to themselves is told nothing. The email is in the assignee's language and names
only the stakeholders they can see.
"""

from flask import current_app, flash
from flask_babel import force_locale, format_number, ngettext
from flask_babel import gettext as _

from app.links import public_link
from app.mail import send_mail
from app.navigation import day
from models.scoping import visible_participants

SUMMARY_LINE = 200  # characters of the summary's first line the email quotes


def first_line(summary: str) -> str:
    """Return the first non-empty line of `summary`, cut to SUMMARY_LINE characters."""
    line = next((line.strip() for line in (summary or "").splitlines() if line.strip()), "")
    return line if len(line) <= SUMMARY_LINE else line[: SUMMARY_LINE - 1].rstrip() + "…"


def assignment_email(interaction, assigner) -> tuple[str, str]:
    """Return the subject and body telling the assignee of `interaction` that `assigner`
    gave them its follow-up, in the assignee's language."""
    assignee = interaction.assigned_to
    link = public_link("interactions.detail", interaction_id=interaction.id)
    names = ", ".join(s.name for s in visible_participants(assignee, interaction))
    with force_locale(assignee.language or "fr"):
        subject = _("Follow-up assigned to you: %(names)s", names=names)
        lines = [
            _("Hello %(name)s,", name=assignee.name or assignee.email),
            "",
            _(
                "%(assigner)s assigned you the follow-up of an interaction with %(names)s, "
                "due on %(date)s.",
                assigner=assigner.name or assigner.email,
                names=names,
                date=day(interaction.follow_up_on, "long"),
            ),
        ]
        if summary := first_line(interaction.summary):
            lines += ["", _("Summary: %(summary)s", summary=summary)]
        lines += ["", _("Open the interaction:"), link]
    return subject, "\n".join(lines) + "\n"


def tell_assignee(interaction, assigner) -> bool | None:
    """Email the assignee of `interaction`'s follow-up that `assigner` gave it to them
    (nothing when they are the assigner, or there is no follow-up); say in a message if
    the email failed. Return whether it was sent (None: nothing to send)."""
    assignee = interaction.assigned_to
    if assignee is None or assignee.id == assigner.id or interaction.follow_up_on is None:
        return None
    subject, body = assignment_email(interaction, assigner)
    return _send(assignee, subject, body)


def _send(assignee, subject: str, body: str) -> bool:
    """Send the email; on failure, log it and say so in the page's message."""
    try:
        send_mail(assignee.email, subject, body)
    except OSError:
        current_app.logger.exception("Assignment email to user %s not sent", assignee.id)
        flash(
            _(
                "The follow-up is assigned to %(name)s, but the email telling them could not "
                "be sent.",
                name=assignee.name or assignee.email,
            ),
            "warning",
        )
        return False
    return True


def tell_assignee_of_many(assignee, assigner, count: int) -> bool | None:
    """Email `assignee` that `assigner` gave them `count` follow-ups at once (a bulk
    change), with the link to their open ones; nothing when they are the assigner."""
    if assignee is None or assignee.id == assigner.id or not count:
        return None
    link = public_link("interactions.index", assigned="me", follow_up="due", sort="follow_up")
    with force_locale(assignee.language or "fr"):
        subject = ngettext("%(count)s follow-up assigned to you",
                           "%(count)s follow-ups assigned to you", count,
                           count=format_number(count))  # fmt: skip
        body = "\n".join([
            _("Hello %(name)s,", name=assignee.name or assignee.email),
            "",
            ngettext("%(assigner)s assigned you the follow-up of %(count)s interaction.",
                     "%(assigner)s assigned you the follow-ups of %(count)s interactions.",
                     count, assigner=assigner.name or assigner.email, count=format_number(count)),
            "",
            _("Your open follow-ups:"),
            link,
        ]) + "\n"  # fmt: skip
    return _send(assignee, subject, body)
