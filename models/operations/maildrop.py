"""What a message of the mail drop becomes in the data: one `email` interaction, logged by
the user who sent or forwarded it, with the contacts and stakeholders its addresses match.

`log_message` is the one way a message's interaction is made or grows: when the message
is read (inbox/poll.py) and when one of its addresses is classified later (the review
queue, app/maildrop). Its rights are the user's own: a stakeholder they may not engage is
left out, so mail never files a message where its user could not log it by hand.
"""

from models.base import db
from models.clock import local
from models.contact import Contact
from models.interaction import Interaction
from models.maildrop import MaildropMessage
from models.operations.interactions import create_interaction, update_interaction
from models.stakeholder import Stakeholder


def summary_of(message: MaildropMessage) -> str:
    """Return the interaction's summary: the subject, then the excerpt."""
    return "\n\n".join(part for part in (message.subject.strip(), message.excerpt.strip()) if part)


def log_message(
    message: MaildropMessage, contacts: list[Contact], stakeholders: list[Stakeholder]
) -> Interaction | None:
    """Log `message` as its user's `email` interaction with `contacts` (and their
    stakeholders) and `stakeholders`, or add them to the interaction already logged for
    it; return the interaction (None when nothing the user may engage was named)."""
    user = message.user
    named = {s.id: s for s in stakeholders}
    for contact in contacts:
        if contact.stakeholder is not None:
            named.setdefault(contact.stakeholder.id, contact.stakeholder)
    engaged = [s for s in named.values() if user is not None and user.can_engage(s)]
    people = [c for c in contacts if c.stakeholder is not None and c.stakeholder in engaged]
    if not engaged:
        return message.interaction
    interaction = message.interaction
    if interaction is None:
        interaction = create_interaction(
            user,
            {
                "kind": "email",
                "occurred_on": local(message.sent_at).date(),
                "summary": summary_of(message),
                "stakeholder_ids": [s.id for s in engaged],
                "contact_ids": [c.id for c in people],
            },
        )
        message.interaction = interaction
    else:
        stakeholder_ids = {s.id for s in interaction.stakeholders} | {s.id for s in engaged}
        contact_ids = {c.id for c in interaction.contacts} | {c.id for c in people}
        update_interaction(
            user,
            interaction,
            {"stakeholder_ids": sorted(stakeholder_ids), "contact_ids": sorted(contact_ids)},
        )
    db.session.flush()
    return interaction
