"""The review queue of the mail drop, "Courriels à classer": addresses of a user's mail
that matched no contact, attached to a contact, made a contact, or discarded (and put
back), through the pages a user reads; and the mailbox's readings for admins."""

import hashlib
import html
import json
import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from models import AuditEvent, Contact, Interaction, MaildropAddress, MaildropMessage, db
from models.maildrop import MaildropRun
from models.operations.maildrop import log_message

SENT = datetime(2026, 3, 14, 15, 30)  # UTC: 14 March, 11 h 30 in Montréal


def make_message(user, subject, waiting=(), addresses=(), sent_at=SENT, excerpt="", logged=()):
    """Store a message of `user` as the mail drop does: `waiting` addresses in the queue,
    `logged` contacts matched (its interaction logged with them)."""
    named = [*addresses, *waiting, *(c.email for c in logged)]
    message = MaildropMessage(
        message_key=hashlib.sha256(f"{user.id}{subject}{sent_at}".encode()).hexdigest(),
        user=user,
        sent_at=sent_at,
        subject=subject,
        addresses=named,
        excerpt=excerpt,
        waiting=[MaildropAddress(address=a) for a in waiting],
    )
    db.session.add(message)
    db.session.flush()
    if logged:
        log_message(message, list(logged), [])
    db.session.commit()
    return message


def row(message, address) -> MaildropAddress:
    return next(r for r in message.waiting if r.address == address)


def text_of(page) -> str:
    """Return the text of a page (a response, or HTML): tags removed, entities read, spaces
    collapsed."""
    source = page if isinstance(page, str) else page.text
    inline = re.sub(r"</?(a|span|strong|button)\b[^>]*>", "", source)
    text = html.unescape(re.sub(r"<[^>]+>", " ", inline))
    return re.sub(r"[ \t\r\n]+", " ", text)  # no-break spaces stay what they are


def post(client, path, data=None):
    """Post to `path` (the CSRF token is off in tests) and return the page it leads to."""
    return client.post(path, data=data or {}, follow_redirects=True)


@pytest.fixture
def cpe(make_stakeholder, make_contact):
    """A CPE of Montréal with two contacts, one without an email."""
    place = make_stakeholder("CPE Les Lucioles", region="06")
    return {
        "stakeholder": place,
        "lea": make_contact(place, "Léa", "Tremblay", email="lea.tremblay@lucioles.example.org"),
        "noe": make_contact(place, "Noé", "Gagnon"),
    }


def test_the_queue_shows_each_message_with_its_addresses_to_classify(client, login, cpe):
    user = login("coordinator")
    make_message(
        user,
        "Table de concertation : suivi",
        waiting=["nadia.roy@example.net", "j.bergeron@example.net"],
        excerpt="Merci à toutes pour la rencontre de jeudi.",
        logged=[cpe["lea"]],
    )
    page = client.get("/maildrop/")
    assert page.status_code == 200
    text = text_of(page)
    assert "Courriels à classer" in text
    assert "Table de concertation : suivi" in text
    assert "14 mars 2026 11 h 30" in text  # the date in Montréal, in French
    assert "Merci à toutes pour la rencontre de jeudi." in text
    assert "nadia.roy@example.net" in text and "j.bergeron@example.net" in text
    assert "Déjà consigné avec\u00a0: Léa Tremblay, CPE Les Lucioles" in text
    interaction = db.session.scalar(select(Interaction))
    assert f'href="/interactions/{interaction.id}"' in page.text
    assert "1 courriel a des adresses à classer." in text
    assert text.count("Créer un contact") == 2 and text.count("Écarter") == 2


def test_an_empty_queue_says_so_and_the_menu_and_home_show_no_entry(client, login):
    login("coordinator")
    text = text_of(client.get("/maildrop/"))
    assert "Rien à classer\u202f: chaque adresse de vos courriels a été reconnue" in text
    home = client.get("/")
    assert 'id="menu-maildrop"' not in home.text and 'id="maildrop-card"' not in home.text


def test_the_menu_and_the_home_card_count_the_users_messages_to_classify(client, login):
    user = login("regional_lead", regions=["06"])
    one = make_message(user, "Un", waiting=["a@example.net"])
    make_message(
        user, "Deux", waiting=["a@example.net", "b@example.net"], sent_at=datetime(2026, 4, 1)
    )
    home = client.get("/")
    text = text_of(home)
    entry = re.search(r'<a [^>]*id="menu-maildrop".*?</a>', home.text, re.S).group()
    assert text_of(entry).strip() == "Courriels à classer 2"  # the menu's entry
    assert (
        "2 de vos courriels à la boîte de dépôt nomment des adresses qui ne correspondent à "
        "aucun contact." in text
    )
    post(client, f"/maildrop/{row(one, 'a@example.net').id}/discard")  # in both messages
    home = client.get("/")
    assert 'id="menu-maildrop"' in home.text and "1 de vos courriels" in text_of(home)


def test_attach_logs_every_message_of_the_address_with_the_contact(client, login, cpe):
    user = login("coordinator")
    first = make_message(user, "Invitation", waiting=["noe@lucioles.example.org"])
    second = make_message(
        user,
        "Suite",
        waiting=["noe@lucioles.example.org", "autre@example.net"],
        logged=[cpe["lea"]],
        sent_at=datetime(2026, 3, 20, 13),
    )
    noe = cpe["noe"]
    page = post(
        client,
        f"/maildrop/{row(first, 'noe@lucioles.example.org').id}/attach",
        {f"a{row(first, 'noe@lucioles.example.org').id}-contact_id": str(noe.id)},
    )
    text = text_of(page)
    assert (
        "noe@lucioles.example.org rattachée à Noé Gagnon\u00a0: 2 courriels consignés avec "
        "cette personne." in text
    )
    assert "L’adresse est désormais son courriel" in text
    db.session.expire_all()
    assert db.session.get(Contact, noe.id).email == "noe@lucioles.example.org"
    made = db.session.get(MaildropMessage, first.id).interaction
    assert made.kind == "email" and made.summary == "Invitation"
    assert [c.full_name for c in made.contacts] == ["Noé Gagnon"]
    assert [s.name for s in made.stakeholders] == ["CPE Les Lucioles"]
    joined = db.session.get(MaildropMessage, second.id).interaction  # the one logged before
    assert sorted(c.full_name for c in joined.contacts) == ["Léa Tremblay", "Noé Gagnon"]
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 2
    # The other address still waits; the classified one says what it became.
    assert (
        "autre@example.net" in text
        and "Déjà classées\u00a0: noe@lucioles.example.org → Noé Gagnon" in text
    )
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "maildrop_address")
    ).all()
    assert {(e.before["outcome"], e.after["outcome"], e.after["contact_id"]) for e in events} == {
        ("pending", "attached", noe.id)
    } and len(events) == 2


def test_a_contact_with_an_email_keeps_it(client, login, cpe):
    user = login("coordinator")
    message = make_message(user, "Bonjour", waiting=["lea.perso@example.net"])
    pending = row(message, "lea.perso@example.net")
    page = post(
        client, f"/maildrop/{pending.id}/attach", {f"a{pending.id}-contact_id": cpe["lea"].id}
    )
    assert "Son courriel reste lea.tremblay@lucioles.example.org." in text_of(page)
    db.session.expire_all()
    assert db.session.get(Contact, cpe["lea"].id).email == "lea.tremblay@lucioles.example.org"


def test_a_suggested_contact_of_the_same_domain_is_one_click(client, login, cpe):
    user = login("coordinator")
    message = make_message(user, "Horaire", waiting=["direction@lucioles.example.org"])
    pending = row(message, "direction@lucioles.example.org")
    page = client.get("/maildrop/")
    assert "Même domaine\u00a0: Rattacher à Léa Tremblay (CPE Les Lucioles)" in text_of(page)
    post(client, f"/maildrop/{pending.id}/attach", {f"a{pending.id}-contact_id": cpe["lea"].id})
    db.session.expire_all()
    assert db.session.get(MaildropAddress, pending.id).contact_id == cpe["lea"].id


def test_create_a_contact_from_an_address(client, login, cpe):
    user = login("coordinator")
    message = make_message(user, "Rencontre", waiting=["jeanne.cote@example.net"])
    pending = row(message, "jeanne.cote@example.net")
    form = client.get(f"/maildrop/{pending.id}/contact")
    assert form.status_code == 200
    assert 'value="jeanne.cote@example.net"' in form.text
    assert 'value="Jeanne"' in form.text and 'value="Cote"' in form.text
    assert "Du courriel «\u202fRencontre\u202f» du 14 mars 2026." in text_of(form)

    refused = client.post(
        f"/maildrop/{pending.id}/contact",
        data={"first_name": "Jeanne", "last_name": "Côté", "email": "jeanne.cote@example.net",
              "language": "fr", "newsletter_consent": "none"},
    )  # fmt: skip
    assert refused.status_code == 200
    assert "Choisissez l’acteur pour lequel cette personne parle." in text_of(refused)
    assert db.session.scalar(select(Contact).where(Contact.last_name == "Côté")) is None

    done = client.post(
        f"/maildrop/{pending.id}/contact",
        data={"first_name": "Jeanne", "last_name": "Côté", "email": "jeanne.cote@example.net",
              "language": "fr", "newsletter_consent": "none",
              "stakeholder_id": cpe["stakeholder"].id},
        follow_redirects=True,
    )  # fmt: skip
    assert "jeanne.cote@example.net rattachée à Jeanne Côté\u00a0: 1 courriel consigné" in text_of(
        done
    )
    db.session.expire_all()
    jeanne = db.session.scalar(select(Contact).where(Contact.last_name == "Côté"))
    assert (
        jeanne.email == "jeanne.cote@example.net" and jeanne.stakeholder_id == cpe["stakeholder"].id
    )
    assert [c.id for c in db.session.get(MaildropMessage, message.id).interaction.contacts] == [
        jeanne.id
    ]
    assert db.session.get(MaildropAddress, pending.id).status == "created"
    created = select(AuditEvent).where(
        AuditEvent.entity_type == "contact", AuditEvent.action == "create"
    )
    assert db.session.scalar(created).entity_id == jeanne.id


def test_an_address_another_contact_has_is_refused_on_the_form(client, login, cpe):
    user = login("coordinator")
    message = make_message(user, "Rencontre", waiting=["x@example.net"])
    pending = row(message, "x@example.net")
    page = client.post(
        f"/maildrop/{pending.id}/contact",
        data={"first_name": "Léa", "last_name": "Double", "language": "fr",
              "email": "lea.tremblay@lucioles.example.org", "newsletter_consent": "none",
              "stakeholder_id": cpe["stakeholder"].id},
    )  # fmt: skip
    assert "Un autre contact a déjà le courriel lea.tremblay@lucioles.example.org" in text_of(page)
    db.session.expire_all()
    assert db.session.get(MaildropAddress, pending.id).status == "pending"


def test_discard_then_put_back(client, login):
    user = login("coordinator")
    one = make_message(user, "Infolettre", waiting=["liste@example.net"])
    make_message(user, "Infolettre 2", waiting=["liste@example.net"], sent_at=datetime(2026, 4, 2))
    pending = row(one, "liste@example.net")
    page = text_of(post(client, f"/maildrop/{pending.id}/discard"))
    assert (
        "liste@example.net écartée (2 courriels). Vous pouvez la remettre à classer plus bas."
        in page
    )
    assert "Rien à classer" in page and "Écartées récemment (1)" in page
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 0
    again = text_of(post(client, f"/maildrop/{pending.id}/restore"))
    assert "liste@example.net est de nouveau à classer (2 courriels)." in again
    assert "2 courriels ont des adresses à classer." in again
    db.session.expire_all()
    assert {r.status for r in db.session.scalars(select(MaildropAddress))} == {"pending"}


def test_a_lead_attaches_only_contacts_they_may_log_with(
    client, login, make_stakeholder, make_contact
):
    lead = login("regional_lead", regions=["06"])
    estrie = make_contact(make_stakeholder("CPE Estrie", region="05"), "Éva", "Ailleurs")
    national = make_contact(make_stakeholder("Fondation", region=None), "Nil", "National")
    message = make_message(lead, "Projet", waiting=["eva@example.net"])
    pending = row(message, "eva@example.net")
    field = f"a{pending.id}-contact_id"
    page = text_of(post(client, f"/maildrop/{pending.id}/attach", {field: estrie.id}))
    assert f"Contact inconnu\u00a0: {estrie.id}." in page
    page = text_of(post(client, f"/maildrop/{pending.id}/attach", {field: national.id}))
    assert f"{lead.name} ne peut pas consigner d’interaction avec Fondation." in page
    assert "Créer un contact" not in page  # a lead creates no contacts
    assert client.get(f"/maildrop/{pending.id}/contact").status_code == 403
    db.session.expire_all()
    assert db.session.get(MaildropAddress, pending.id).status == "pending"
    assert db.session.get(MaildropMessage, message.id).interaction is None
    # A contact of their region: logged; its email stays empty (a lead edits no contact).
    mine = make_contact(make_stakeholder("CPE Montréal", region="06"), "Mia", "Locale")
    page = text_of(post(client, f"/maildrop/{pending.id}/attach", {field: mine.id}))
    assert "Seule la coordination peut en faire son courriel" in page
    db.session.expire_all()
    assert db.session.get(Contact, mine.id).email is None
    assert db.session.get(MaildropMessage, message.id).interaction.logged_by_id == lead.id


def test_nobody_sees_or_classifies_another_users_queue_but_an_admin(client, login, make_user, cpe):
    owner = make_user("coordinator", name="Rémi Propriétaire")
    message = make_message(owner, "Confidentiel", waiting=["secret@example.net"])
    pending = row(message, "secret@example.net")
    login("coordinator")
    assert "Confidentiel" not in client.get("/maildrop/").text
    for action in ("attach", "discard", "restore"):
        assert client.post(f"/maildrop/{pending.id}/{action}").status_code == 404
    assert client.get(f"/maildrop/{pending.id}/contact").status_code == 404
    db.session.expire_all()
    assert db.session.get(MaildropAddress, pending.id).status == "pending"

    login("admin")
    page = text_of(client.get("/maildrop/"))
    assert "Confidentiel" in page and "Courriel de Rémi Propriétaire" in page
    post(client, f"/maildrop/{pending.id}/attach", {f"a{pending.id}-contact_id": cpe["noe"].id})
    db.session.expire_all()
    interaction = db.session.get(MaildropMessage, message.id).interaction
    assert interaction.logged_by_id == owner.id  # the message's user's interaction


def test_stale_and_forged_ids_are_refused_with_a_message(client, login, cpe):
    user = login("coordinator")
    message = make_message(user, "Relance", waiting=["vieux@example.net"])
    pending = row(message, "vieux@example.net")
    field = f"a{pending.id}-contact_id"
    forged = text_of(post(client, f"/maildrop/{pending.id}/attach", {field: "12abc"}))
    assert "Contact inconnu\u00a0: 12abc." in forged
    missing = text_of(post(client, f"/maildrop/{pending.id}/attach", {field: "999999"}))
    assert "Contact inconnu\u00a0: 999999." in missing
    post(client, f"/maildrop/{pending.id}/discard")
    stale = text_of(post(client, f"/maildrop/{pending.id}/attach", {field: cpe["lea"].id}))
    assert "L’adresse vieux@example.net a déjà été classée." in stale
    assert "Contact inconnu" not in stale
    twice = text_of(post(client, f"/maildrop/{pending.id}/discard"))
    assert "L’adresse vieux@example.net a déjà été classée." in twice
    assert client.post("/maildrop/999999/attach").status_code == 404
    assert client.post("/maildrop/99999999999/discard").status_code == 404
    db.session.expire_all()
    assert db.session.get(MaildropAddress, pending.id).status == "discarded"
    assert db.session.get(MaildropMessage, message.id).interaction is None


def test_the_queue_reads_in_english(client, login):
    user = login("coordinator", language="en")
    make_message(user, "Meeting", waiting=["someone@example.net"])
    text = text_of(client.get("/maildrop/"))
    assert "Emails to classify" in text and "Mar 14, 2026" in text
    assert "1 message has addresses to classify." in text


# The mailbox's readings ------------------------------------------------------------------


def test_admins_see_whether_the_mail_drop_is_set_up_and_read(app, client, login, make_user):
    login("admin")
    page = text_of(client.get("/maildrop/runs"))
    assert "La boîte de dépôt n’est pas configurée" in page and "Aucune lecture" in page
    owner = make_user("coordinator", name="Ana Attente")
    make_message(owner, "Un", waiting=["x@example.net"])
    db.session.add(
        MaildropRun(
            started_at=datetime(2026, 3, 14, 15, 0), finished_at=datetime(2026, 3, 14, 15, 0, 4),
            seen=12, logged=7, queued=3, ignored=1, duplicates=1, failed=0,
        )
    )  # fmt: skip
    db.session.add(MaildropRun(started_at=datetime(2026, 3, 14, 15, 5), error="LOGIN failed"))
    db.session.commit()
    app.config.update(MAILDROP_HOST="imap.example.org", MAILDROP_USER="maillage@example.org")
    try:
        page = text_of(client.get("/maildrop/runs"))
    finally:
        app.config.update(MAILDROP_HOST=None, MAILDROP_USER=None)
    assert (
        "La boîte de dépôt est configurée\u00a0: le processus de fond lit imap.example.org" in page
    )
    assert "Adresse à mettre en Cci (ou à qui transférer)\u00a0: maillage@example.org" in page
    assert "Aucune lecture de la boîte depuis le 14 mars 2026 11 h 05" in page  # long ago
    assert "14 mars 2026 11 h 00 12 7 3 1 1 0" in page
    assert "LOGIN failed" in page and "Ana Attente\u00a0: 1 courriel" in page


def test_the_readings_are_for_admins_only(client, login):
    for role in ("coordinator", "regional_lead", "board"):
        login(role, regions=["06"] if role == "regional_lead" else ())
        assert client.get("/maildrop/runs").status_code == 403


# Personal information ---------------------------------------------------------------


@pytest.fixture
def mail_of_lea(make_user, cpe):
    """Léa named in two messages (her email, and an address of hers attached from the
    queue), with other people beside her; and a message that does not name her."""
    user = make_user("coordinator", name="Rita Coordination")
    lea = cpe["lea"]
    first = make_message(
        user, "Budget 2026", addresses=["autre@example.net"], logged=[lea],
        excerpt="Bonjour Léa, voici le budget. Léa Tremblay, directrice",
    )  # fmt: skip
    second = make_message(
        user, "Perso", waiting=["lea.perso@example.net", "tiers@example.net"],
        sent_at=datetime(2026, 3, 21, 14), excerpt="Léa, à demain.",
    )  # fmt: skip
    from models.operations.maildrop_review import attach_address

    attach_address(user, row(second, "lea.perso@example.net"), lea.id)
    db.session.commit()
    other = make_message(user, "Sans Léa", waiting=["tiers@example.net"], excerpt="Rien.",
                         sent_at=datetime(2026, 3, 22))  # fmt: skip
    return {"lea": lea, "first": first, "second": second, "other": other}


def test_the_access_export_holds_the_mail_drop_messages_that_named_the_person(
    runner, tmp_path, mail_of_lea
):
    out = tmp_path / "lea.json"
    result = runner.invoke(
        args=["privacy", "export", "lea.tremblay@lucioles.example.org", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))["mail_drop"]
    assert [m["subject"] for m in data["messages"]] == ["Budget 2026", "Perso"]
    budget, perso = data["messages"]
    assert budget["addresses"] == ["lea.tremblay@lucioles.example.org"]  # not the others'
    assert perso["addresses"] == ["lea.perso@example.net"]
    assert budget["excerpt"].startswith("Bonjour Léa") and budget["sent_by"] == "Rita Coordination"
    assert budget["sent_at"].startswith("2026-03-14T15:30")
    assert data["addresses_to_classify"] == [
        {"address": "lea.perso@example.net", "message_id": mail_of_lea["second"].id,
         "status": "attached", "resolved_at": data["addresses_to_classify"][0]["resolved_at"]}
    ]  # fmt: skip


def test_anonymizing_takes_the_person_out_of_the_mail_drop(client, login, mail_of_lea):
    login("admin")
    lea, second = mail_of_lea["lea"], mail_of_lea["second"]
    attached = row(second, "lea.perso@example.net").id
    page = client.get(f"/personal-data/contacts/{lea.id}/anonymize")
    assert "Ses adresses sont aussi retirées de la boîte de dépôt" in text_of(page)
    done = client.post(f"/personal-data/contacts/{lea.id}/anonymize", data={"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    first = db.session.get(MaildropMessage, mail_of_lea["first"].id)
    second = db.session.get(MaildropMessage, second.id)
    other = db.session.get(MaildropMessage, mail_of_lea["other"].id)
    assert first.addresses == ["autre@example.net"] and first.excerpt == ""
    assert second.addresses == ["tiers@example.net"] and second.excerpt == ""
    assert [r.address for r in second.waiting] == ["tiers@example.net"]
    assert other.excerpt == "Rien." and other.addresses == ["tiers@example.net"]
    assert first.subject == "Budget 2026"  # as the interaction's summary stays
    assert db.session.get(MaildropAddress, attached) is None
    audited = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "maildrop_address")
    ).all()
    assert audited and all(e.after["address"] == "[erased]" for e in audited)
    anonymized = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "anonymize"))
    assert anonymized.after["maildrop_messages_erased"] == 2
    dump = json.dumps(
        [(m.addresses, m.excerpt) for m in db.session.scalars(select(MaildropMessage))]
    )
    assert "lea" not in dump.lower()
