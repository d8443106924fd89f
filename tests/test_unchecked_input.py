"""Input a person (or a crafted link) can send that used to reach the database unchecked:
a page number beyond any list, a form without one of its fields, a website that is not a
web address, a phone number that is not one."""

import html
import re

import pytest
from sqlalchemy import select

from models import Commitment, Contact, Interaction, Stakeholder, db
from models.consent import ConsentEvent
from tests.import_helpers import xlsx
from tests.test_import_web import _defaults, upload, wait_until_done

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
def test_a_page_number_out_of_any_range_shows_a_page(
    client, login, url, page, make_stakeholder, make_contact, make_interaction, make_commitment
):
    cpe = make_stakeholder("CPE Soleil")
    make_contact(cpe)
    make_interaction([cpe])
    make_commitment(cpe)
    login("admin")
    response = client.get(f"{url}?page={page}")
    assert response.status_code == 200
    # The only page there is, rows and all, not an empty page past the end.
    assert main_of(response.text) == main_of(client.get(f"{url}?page=1").text)


def main_of(page: str) -> str:
    """Return the `<main>` element of a page: what it shows, without the menus, nor the
    forms' CSRF tokens (signed with the second they were made: two pages a second apart
    differ by them)."""
    main = re.search(r"<main.*</main>", page, re.S).group(0)
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", main)


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


STAKEHOLDER = {"name": "CPE Soleil", "kind": "organization", "level": "local",
               "region_code": "06", "stage": "identified"}  # fmt: skip


def with_phone(form: str, phone: str, stakeholder) -> dict:
    """Return what the new stakeholder or new contact form sends with `phone`."""
    if form == "stakeholders":
        return {**STAKEHOLDER, "phone": phone}
    return {"first_name": "Sam", "last_name": "Roy", "stakeholder_id": stakeholder.id,
            "language": "fr", "newsletter_consent": "none", "phone": phone}  # fmt: skip


@pytest.mark.parametrize(
    ("website", "stored"),
    [("cpe-soleil.org", "https://cpe-soleil.org"), ("www.cpe.org/contact", "https://www.cpe.org/contact"),
     ("http://cpe-soleil.org/equipe", "http://cpe-soleil.org/equipe"),
     (" HTTPS://cpe-soleil.org ", "https://cpe-soleil.org")],
)  # fmt: skip
def test_a_website_is_an_http_address(client, login, website, stored):
    login("coordinator")
    response = client.post("/stakeholders/new", data={**STAKEHOLDER, "website": website})
    assert response.status_code == 302
    assert db.session.scalar(select(Stakeholder.website)) == stored


@pytest.mark.parametrize(
    "website",
    ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,bonjour",
     "ftp://cpe-soleil.org", "http://", "cpe soleil"],
)  # fmt: skip
def test_a_website_that_is_no_web_address_is_refused(client, login, make_stakeholder, website):
    login("coordinator")
    response = client.post("/stakeholders/new", data={**STAKEHOLDER, "website": website})
    assert response.status_code == 200
    assert f"Site Web invalide\u00a0: {website}." in html.unescape(response.text)
    assert db.session.scalar(select(Stakeholder)) is None
    # An edit is refused the same way, and the stored address stays.
    cpe = make_stakeholder("CPE Lune", website="https://cpe-lune.org")
    edit = {**STAKEHOLDER, "name": "CPE Lune", "website": website}
    response = client.post(f"/stakeholders/{cpe.id}/edit", data=edit)
    assert response.status_code == 200 and "Site Web invalide" in response.text
    db.session.refresh(cpe)
    assert cpe.website == "https://cpe-lune.org"


@pytest.mark.parametrize(
    ("phone", "stored"),
    [("(514) 555-1234", "514-555-1234"), ("1 450 555 9876 poste 12", "450-555-9876 poste 12"),
     ("+1 418-555-0199 ext. 3", "418-555-0199 poste 3"),
     ("+33 1 23 45 67 89", "+33 1 23 45 67 89")],
)  # fmt: skip
@pytest.mark.parametrize("form", ["stakeholders", "contacts"])
def test_a_phone_number_is_stored_in_one_form(client, login, make_stakeholder, form, phone,
                                              stored):  # fmt: skip
    login("coordinator")
    cpe = make_stakeholder("CPE Lune")
    response = client.post(f"/{form}/new", data=with_phone(form, phone, cpe))
    assert response.status_code == 302, response.text
    model = Stakeholder if form == "stakeholders" else Contact
    assert db.session.scalar(select(model.phone).where(model.phone != "")) == stored


@pytest.mark.parametrize("phone", ["555-1234", "123-456-7890", "pas de téléphone", "+33 12"])
@pytest.mark.parametrize("form", ["stakeholders", "contacts"])
def test_a_phone_that_is_no_phone_number_is_refused(client, login, make_stakeholder, form, phone):
    login("coordinator")
    cpe = make_stakeholder("CPE Lune")
    response = client.post(f"/{form}/new", data=with_phone(form, phone, cpe))
    assert response.status_code == 200
    assert f"Numéro de téléphone invalide\u00a0: {phone}" in html.unescape(response.text)
    assert db.session.scalar(select(Stakeholder).where(Stakeholder.name == "CPE Soleil")) is None
    assert db.session.scalar(select(Contact)) is None


def test_the_import_reads_websites_and_phones_and_names_the_bad_ones(
    client, login, tmp_path, jobs_worker
):
    login("coordinator")
    path = xlsx(tmp_path / "partenaires.xlsx", [
        ["Nom", "Région", "Site Web", "Téléphone"],
        ["CPE Soleil", "06", "cpe-soleil.org", "(514) 555-1234 poste 12"],
        ["CPE Lune", "06", "javascript:alert(1)", ""],
        ["CPE Étoile", "06", "", "123-456-7890"],
        ["CPE Comète", "06", "https://comete.org", 4505559876],
    ])  # fmt: skip
    response = upload(client, path)
    batch_id = int(response.headers["Location"].split("/")[-2])
    mapping = _defaults(client.get(f"/imports/{batch_id}/mapping"))
    client.post(f"/imports/{batch_id}/mapping", data=mapping)
    preview = html.unescape(client.get(f"/imports/{batch_id}/preview").text)
    assert "javascript:alert(1)" in preview and "123-456-7890" in preview
    assert "Site Web invalide\u00a0: indiquez une adresse commençant par http:// ou https://" in (
        preview
    )
    assert "Numéro de téléphone invalide." in preview
    client.post(f"/imports/{batch_id}/preview", data={"skip_invalid": "y"})
    assert wait_until_done(client, batch_id)["status"] == "done"
    stored = dict(db.session.execute(select(Stakeholder.name, Stakeholder.website)).all())
    assert stored == {"CPE Soleil": "https://cpe-soleil.org", "CPE Comète": "https://comete.org"}
    phones = dict(db.session.execute(select(Stakeholder.name, Stakeholder.phone)).all())
    assert phones == {"CPE Soleil": "514-555-1234 poste 12", "CPE Comète": "450-555-9876"}
    rejected = client.get(f"/imports/{batch_id}/rejected.csv").get_data(as_text=True)
    assert "javascript:alert(1)" in rejected and "123-456-7890" in rejected


@pytest.mark.parametrize("number", ["3000000000", "99999999999999999999"])
@pytest.mark.parametrize(
    "url", ["/stakeholders/{}", "/contacts/{}/edit", "/interactions/{}", "/admin/incidents/{}"]
)
def test_a_record_number_no_table_holds_is_not_found(client, login, url, number):
    login("admin")
    assert client.get(url.format(number)).status_code == 404


@pytest.mark.parametrize("number", ["3000000000", "99999999999999999999", "²"])
@pytest.mark.parametrize(
    ("url", "status"),
    [("/contacts/new?stakeholder={}", 200), ("/commitments/new?stakeholder={}", 200),
     ("/interactions/new?stakeholder={}", 200), ("/personal-data/?contact={}", 200),
     ("/admin/audit?actor={}", 200), ("/admin/audit?entity_id={}", 200)],
)  # fmt: skip
def test_a_record_number_no_table_holds_in_a_link_names_nothing(client, login, url, status,
                                                                number):  # fmt: skip
    login("admin")
    assert client.get(url.format(number)).status_code == status


@pytest.mark.parametrize("number", ["99999999999999999999", "²"])
def test_a_posted_record_number_no_table_holds_is_refused(client, login, make_stakeholder,
                                                          make_contact, number):  # fmt: skip
    login("admin")
    cpe = make_stakeholder("CPE Soleil")
    response = client.post("/interactions/new", data={
        "occurred_on": "2026-03-14", "kind": "call", "stakeholder_ids": [number, cpe.id],
        "contact_ids": [number], "summary": "Appel"})  # fmt: skip
    assert response.status_code == 200
    assert db.session.scalar(select(Interaction)) is None
    response = client.post("/commitments/new", data={
        "stakeholder_id": number, "measure_code": "housing", "status": "committed",
        "involvement": "supporter"})  # fmt: skip
    assert response.status_code == 200
    assert db.session.scalar(select(Commitment)) is None
    contact = {**with_phone("contacts", "", cpe), "stakeholder_id": number}
    response = client.post("/contacts/new", data=contact)
    assert response.status_code == 302  # a contact need not belong to a stakeholder
    assert db.session.scalar(select(Contact.stakeholder_id)) is None
    dormant = make_contact(cpe, last_name="Dormant")
    response = client.post("/personal-data/retention",
                           data={"contact_ids": [number, dormant.id], "years": "3"})  # fmt: skip
    assert response.status_code == 302
    assert "Cochez au moins un contact." in client.get(response.headers["Location"]).text
    db.session.refresh(dormant)
    assert dormant.last_name == "Dormant"


def test_the_import_names_numbers_out_of_range(client, login, make_stakeholder, tmp_path):
    login("coordinator")
    make_stakeholder("CPE Soleil", region="06")
    path = xlsx(tmp_path / "engagements.xlsx", [
        ["Organisme", "Région", "Mesure"],
        ["#99999999999999999999", "", "housing"],
        ["CPE Soleil", "06", "housing"],
    ])  # fmt: skip
    response = upload(client, path, kind="commitments")
    batch_id = int(response.headers["Location"].split("/")[-2])
    mapping = _defaults(client.get(f"/imports/{batch_id}/mapping"))
    client.post(f"/imports/{batch_id}/mapping", data=mapping)
    preview = client.get(f"/imports/{batch_id}/preview").text
    assert "99999999999999999999" in preview and "Un ID est un nombre entier." in preview
    path = xlsx(tmp_path / "partenaires.xlsx",
                [["Nom", "Région", "Influence"], ["CPE Lune", "06", "²"]])  # fmt: skip
    response = upload(client, path)
    batch_id = int(response.headers["Location"].split("/")[-2])
    client.post(f"/imports/{batch_id}/mapping",
                data=_defaults(client.get(f"/imports/{batch_id}/mapping")))  # fmt: skip
    preview = client.get(f"/imports/{batch_id}/preview").text
    assert "Un nombre entier de 1 à 5 est attendu." in preview


def test_a_forged_version_in_an_edit_form_is_a_stale_edit_not_a_500(
    client, login, make_stakeholder
):
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil", region="06")
    response = client.post(f"/stakeholders/{cpe.id}/edit", data={
        "name": "CPE Soleil levant", "kind": "organization", "level": "local",
        "region_code": "06", "stage": "identified", "version": "abc",
    })  # fmt: skip
    assert response.status_code == 409
    assert 'value="CPE Soleil levant"' in response.text  # what was typed is kept
    db.session.expire_all()
    assert db.session.get(Stakeholder, cpe.id).name == "CPE Soleil"
