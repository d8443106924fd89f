"""The newsletter: public subscription and confirmation, unsubscribe link, the list's
export (web and CLI), the unsubscribe-list import, and a contact's consent page."""

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEvent, Contact, PendingSubscription, clock, db
from models.consent import consent_history
from tests.import_helpers import csv_file, xlsx

SUBSCRIPTION = {
    "email": " Lea.Gagnon@Example.org ",
    "first_name": "Léa",
    "last_name": "Gagnon",
    "language": "fr",
    "consent": "y",
}


def outbox(app) -> list:
    return app.extensions.setdefault("mail_outbox", [])


def input_tag(html: str, name: str) -> str:
    """Return the <input> tag named `name` in `html`."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def subscribe(client, app, **changes) -> str:
    """Submit the public form; return the confirmation link's path."""
    outbox(app).clear()
    response = client.post("/newsletter/subscribe", data={**SUBSCRIPTION, **changes})
    assert response.status_code == 200
    body = outbox(app)[-1].get_content()
    return re.search(r"http://[^/\s]+(/newsletter/confirm/\S+)", body).group(1)


def test_the_public_form_works_signed_out_and_its_checkbox_is_not_ticked(client):
    response = client.get("/newsletter/subscribe")
    assert response.status_code == 200
    tag = input_tag(response.text, "consent")
    assert 'type="checkbox"' in tag and "checked" not in tag
    assert "Je peux me désabonner en tout temps" in response.text


def test_no_consent_without_ticking_the_box(client, app):
    outbox(app).clear()
    response = client.post("/newsletter/subscribe", data={**SUBSCRIPTION, "consent": ""})
    assert response.status_code == 200
    assert "Cochez la case" in response.text
    assert outbox(app) == []
    assert db.session.scalars(select(PendingSubscription)).all() == []


def test_subscription_is_confirmed_by_the_emailed_link(client, app):
    link = subscribe(client, app)
    message = outbox(app)[-1]
    assert message["To"] == "lea.gagnon@example.org"
    token = link.rsplit("/", 1)[1]
    assert db.session.scalar(select(PendingSubscription.token_hash)) != token  # only a hash
    assert client.get(link).status_code == 200  # opening the link changes nothing
    assert db.session.scalar(select(Contact)) is None
    assert client.post(link).status_code == 200
    contact = db.session.scalar(select(Contact).where(Contact.email == "lea.gagnon@example.org"))
    assert (contact.first_name, contact.stakeholder_id) == ("Léa", None)
    assert (contact.newsletter_consent, contact.consent_source) == ("express", "public form")
    [event] = consent_history(contact.id)
    assert event.kind == "express" and event.recorded_by_id is None
    assert event.wording.startswith("J’accepte de recevoir l’infolettre")
    assert client.post(link).status_code == 404  # used once
    assert client.get("/newsletter/confirm/not-a-token").status_code == 404


def test_a_withdrawn_contact_who_resubscribes_gives_new_express_consent(client, app, make_contact):
    contact = make_contact(
        email="lea.gagnon@example.org",
        newsletter_consent="implied",
        consent_date=date(2025, 1, 1),
        consent_withdrawn_on=date(2025, 6, 1),
    )
    client.post(subscribe(client, app))
    db.session.refresh(contact)
    assert contact.consent_withdrawn_on is None
    assert (contact.newsletter_consent, contact.consent_date) == ("express", clock.today())
    assert contact.last_name.startswith("Tremblay")  # the form does not rewrite the contact
    assert db.session.scalar(select(Contact.id).where(Contact.id != contact.id)) is None


def test_unsubscribe_link_works_signed_out_at_once_and_twice(client, make_contact):
    contact = make_contact(email="x@example.org", newsletter_consent="express")
    link = f"/newsletter/unsubscribe/{contact.unsubscribe_token}"
    assert client.get(link).status_code == 200
    assert db.session.get(Contact, contact.id).consent_withdrawn_on is None
    assert client.post(link).status_code == 200
    db.session.expire_all()
    assert db.session.get(Contact, contact.id).consent_withdrawn_on == clock.today()
    assert client.post(link).status_code == 200  # idempotent
    assert [e.kind for e in consent_history(contact.id)] == ["withdrawn"]
    assert "déjà désabonnée" in client.get(link).text
    assert client.get("/newsletter/unsubscribe/guess").status_code == 404


def test_every_contact_has_its_own_unguessable_token(make_contact):
    tokens = {make_contact().unsubscribe_token for _ in range(5)}
    assert len(tokens) == 5 and all(len(t) >= 40 for t in tokens)


def newsletter_contacts(make_contact):
    make_contact(
        first_name="Éloïse",
        last_name="Bélanger",
        email="eloise@example.org",
        newsletter_consent="express",
        language="fr",
    )
    make_contact(
        first_name="Sam",
        last_name="Hill",
        email="sam@example.org",
        newsletter_consent="implied",
        consent_date=clock.today(),
        language="en",
    )
    make_contact(
        email="lapsed@example.org", newsletter_consent="implied", consent_date=date(2020, 1, 1)
    )
    make_contact(
        email="gone@example.org",
        newsletter_consent="express",
        consent_withdrawn_on=date(2025, 1, 1),
    )


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_cli_exports_only_valid_consents_with_unsubscribe_links(runner, tmp_path, make_contact):
    newsletter_contacts(make_contact)
    out = tmp_path / "liste.csv"
    result = runner.invoke(args=["newsletter", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = read_csv(out.read_bytes())
    assert [r["email"] for r in rows] == ["eloise@example.org", "sam@example.org"]
    assert list(rows[0]) == ["email", "first_name", "last_name", "language", "unsubscribe_url"]
    assert (rows[0]["first_name"], rows[1]["language"]) == ("Éloïse", "en")
    token = db.session.scalar(
        select(Contact.unsubscribe_token).where(Contact.email == "sam@example.org")
    )
    assert rows[1]["unsubscribe_url"] == f"http://127.0.0.1:5000/newsletter/unsubscribe/{token}"
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "newsletter_list"))
    assert (audit.action, audit.after["rows"]) == ("export", 2)
    assert runner.invoke(args=["newsletter", "export", "--out", "x.xlsx"]).exit_code == 2


def test_contacts_without_token_get_one_at_export(runner, tmp_path, make_contact):
    contact = make_contact(email="bulk@example.org", newsletter_consent="express")
    db.session.execute(Contact.__table__.update().values(unsubscribe_token=None))
    db.session.commit()
    runner.invoke(args=["newsletter", "export", "--out", str(tmp_path / "l.csv")])
    [row] = read_csv((tmp_path / "l.csv").read_bytes())
    db.session.refresh(contact)
    assert row["unsubscribe_url"].endswith(contact.unsubscribe_token)


def test_the_list_page_and_button(client, login, make_contact):
    newsletter_contacts(make_contact)
    login("board")
    assert "2 contacts" in client.get("/newsletter/").text
    response = client.get("/newsletter/export.csv")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert len(read_csv(response.data)) == 2
    assert db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "export"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_imports_the_unsubscribe_list(client, login, make_contact, tmp_path, fmt):
    make_contact(email="one@example.org", newsletter_consent="express")
    make_contact(email="two@example.org", newsletter_consent="implied", consent_date=clock.today())
    rows = [
        ["Liste exportée"],
        ["Email Address", "Unsub Time"],
        ["ONE@example.org", "2026-03-01"],
        ["unknown@example.org", ""],
        ["not an email", ""],
    ]
    path = (csv_file if fmt == "csv" else xlsx)(tmp_path / f"unsub.{fmt}", rows)
    login("admin")
    with path.open("rb") as stream:
        response = client.post("/newsletter/unsubscribes", data={"file": (stream, path.name)})
    assert response.status_code == 200
    summary = " ".join(response.text.split("alert-success")[1].split("</div>")[0].split())
    assert summary.endswith(
        "1 consentement retiré, 0 déjà retiré, 1 adresse inconnue, 1 cellule invalide."
    )
    assert "unknown@example.org" in response.text and "not an email" in response.text
    withdrawn = db.session.scalars(
        select(Contact.email).where(Contact.consent_withdrawn_on.is_not(None))
    )
    assert list(withdrawn) == ["one@example.org"]
    audit = db.session.scalar(
        select(AuditEvent).where(AuditEvent.entity_type == "newsletter_unsubscribes")
    )
    assert audit.after["withdrawn"] == 1 and audit.after["unknown"] == 1


def test_an_unsubscribe_list_without_email_column_is_refused(client, login, tmp_path):
    path = csv_file(tmp_path / "x.csv", [["Nom", "Ville"], ["A", "B"]])
    login("admin")
    with path.open("rb") as stream:
        response = client.post("/newsletter/unsubscribes", data={"file": (stream, "x.csv")})
    assert "n’a pas de colonne de courriels" in response.text


def test_consent_page_records_consent_and_has_nothing_preselected(client, login, make_contact):
    contact = make_contact(email="p@example.org")
    login("coordinator")
    page = client.get(f"/newsletter/contacts/{contact.id}/consent").text
    select = re.search(r'<select[^>]*name="kind".*?</select>', page, re.S).group(0)
    assert re.findall(r"<option[^>]*selected[^>]*>", select) in ([], ['<option selected value="">'])
    assert "checked" not in page
    response = client.post(
        f"/newsletter/contacts/{contact.id}/consent",
        data={
            "kind": "express",
            "on": "2026-03-01",
            "source": "Forum régional",
            "wording": "Oui, je veux l’infolettre.",
        },
    )
    assert response.status_code == 302
    [event] = consent_history(contact.id)
    assert (event.kind, event.source, event.on) == ("express", "Forum régional", date(2026, 3, 1))
    assert "Historique du consentement" in client.get(f"/contacts/{contact.id}").text


def test_board_sees_the_history_without_the_form(client, login, make_contact, make_user):
    from models.operations.consent import record_consent

    contact = make_contact(email="q@example.org")
    record_consent(make_user("coordinator", name="Sophie Lavoie"), contact, "express",
                   date(2026, 3, 1), "Forum régional", "Oui, je veux l’infolettre.")  # fmt: skip
    db.session.commit()
    login("board")
    page = client.get(f"/newsletter/contacts/{contact.id}/consent").text
    row = re.search(r"<tr><td>1 mars 2026</td>.*?</tr>", page, re.S).group(0)
    assert "Forum régional" in row and "Oui, je veux l’infolettre." in row
    assert "Sophie Lavoie" in row
    assert "<form" not in page.split("<main", 1)[1] and 'name="kind"' not in page


def test_mail_goes_through_smtp_when_configured(app, monkeypatch):
    from app import mail

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append((host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append("tls")

        def login(self, user, password):
            sent.append(user)

        def send_message(self, message):
            sent.append(message["To"])

    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "robot")
    with app.test_request_context():
        mail.send_mail("r@example.org", "Sujet", "Corps")
    assert sent == [("smtp.example.org", 587), "tls", "robot", "r@example.org"]
