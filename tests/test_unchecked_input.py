"""Input a person (or a crafted link) can send that used to reach the database unchecked:
a page number beyond any list, a form without one of its fields, a website that is not a
web address, a phone number that is not one."""

import pytest
from sqlalchemy import select

from models import db
from models.consent import ConsentEvent

LISTS = [
    "/stakeholders/",
    "/contacts/",
    "/interactions/",
    "/commitments/",
    "/imports/",
    "/admin/users",
    "/admin/audit",
    "/admin/incidents",
    "/personal-data/retention",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["99999999999999999999", "-99999999999999999999"])
def test_a_page_number_out_of_any_range_shows_a_page(client, login, url, page):
    login("admin")
    response = client.get(f"{url}?page={page}")
    assert response.status_code == 200


def test_a_page_past_the_end_shows_the_last_page(client, login, make_stakeholder):
    login("coordinator")
    for n in range(30):
        make_stakeholder(f"Organisme {n:02d}", region="06")
    for page in ("2", "3", "99999999999999999999"):
        response = client.get(f"/stakeholders/?page={page}")
        assert response.status_code == 200
        assert "Organisme 29" in response.text and "Organisme 24" not in response.text
    assert "Organisme 24" in client.get("/stakeholders/?page=1").text


@pytest.mark.parametrize(
    ("sent", "kind"),
    [({"kind": "express", "source": "Salon 2026"}, "express"),  # no wording
     ({"kind": "withdrawn"}, "withdrawn")],  # no source, no wording
)  # fmt: skip
def test_the_consent_form_without_its_text_fields_records_the_consent(
    client, login, make_contact, sent, kind
):
    login("coordinator")
    contact = make_contact(email="sam@example.org", newsletter_consent="implied")
    response = client.post(f"/newsletter/contacts/{contact.id}/consent", data=sent)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Consentement consigné." in page
    event = db.session.scalar(select(ConsentEvent).where(ConsentEvent.contact_id == contact.id))
    assert (event.kind, event.wording) == (kind, "")


def test_the_consent_form_without_a_source_says_it_is_needed(client, login, make_contact):
    login("coordinator")
    contact = make_contact(email="sam@example.org")
    response = client.post(f"/newsletter/contacts/{contact.id}/consent", data={"kind": "express"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.text
    assert db.session.scalar(select(ConsentEvent)) is None
