"""What a mail-drop message becomes: one `email` interaction of its user, that grows as
its addresses are classified, and never reaches a stakeholder the user may not engage."""

from datetime import datetime

from models import Interaction, MaildropMessage, db
from models.operations.maildrop import log_message


def _message(user, **fields):
    message = MaildropMessage(
        message_key=fields.pop("key", "k1"),
        user=user,
        sent_at=datetime(2026, 3, 14, 2, 30),  # 13 March, 22:30 in Montréal
        subject="Rencontre du comité",
        excerpt="Merci pour la rencontre.",
        **fields,
    )
    db.session.add(message)
    db.session.flush()
    return message


def test_a_message_becomes_one_email_interaction_dated_in_montreal(
    app, make_user, make_stakeholder, make_contact
):
    user = make_user("coordinator")
    cpe = make_stakeholder("CPE Soleil")
    contact = make_contact(cpe, first_name="Léa", last_name="Tremblay", email="lea@cpe.example")
    message = _message(user)
    interaction = log_message(message, [contact], [])
    db.session.commit()
    assert interaction.kind == "email"
    assert str(interaction.occurred_on) == "2026-03-13"
    assert interaction.logged_by_id == user.id
    assert interaction.summary == "Rencontre du comité\n\nMerci pour la rencontre."
    assert [s.name for s in interaction.stakeholders] == ["CPE Soleil"]
    assert [c.id for c in interaction.contacts] == [contact.id]

    other = make_stakeholder("Ville de Laval", email="info@laval.example")
    assert log_message(message, [], [other]) is interaction
    db.session.commit()
    assert db.session.query(Interaction).count() == 1
    assert sorted(s.name for s in interaction.stakeholders) == ["CPE Soleil", "Ville de Laval"]


def test_a_stakeholder_outside_a_leads_regions_is_left_out(app, make_user, make_stakeholder):
    lead = make_user("regional_lead", regions=["06"])
    theirs = make_stakeholder("CPE Montréal", region="06")
    elsewhere = make_stakeholder("CPE Québec", region="03")
    message = _message(lead, key="k2")
    interaction = log_message(message, [], [theirs, elsewhere])
    db.session.commit()
    assert [s.name for s in interaction.stakeholders] == ["CPE Montréal"]
    assert log_message(_message(lead, key="k3"), [], [elsewhere]) is None
