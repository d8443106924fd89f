"""Control characters (a NUL above all, which PostgreSQL refuses) in whatever people send:
forms, query strings, links and spreadsheet cells are cleaned or refused at the edge, so
SQLite and PostgreSQL answer the same."""

import zipfile

import pytest
from sqlalchemy import select

from models import ImportBatch, PendingSubscription, Stakeholder, StakeholderTag, db
from tests.conftest import PASSWORD
from tests.import_helpers import xlsx
from tests.test_import_web import wizard


def test_a_nul_in_the_login_email_signs_in_as_without_it(client, make_user):
    user = make_user("coordinator", email="camille@example.org")
    response = client.post("/login", data={"email": "camille\x00@example.org",
                                           "password": PASSWORD})  # fmt: skip
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert user.name in client.get("/").text


def test_a_nul_in_a_wrong_login_is_one_more_failed_sign_in(client, make_user):
    make_user("coordinator", email="camille@example.org")
    response = client.post("/login", data={"email": "\x00camille@example.org",
                                           "password": "not the password"})  # fmt: skip
    assert response.status_code == 200
    assert "Courriel inconnu ou mot de passe erroné." in response.text


def test_a_nul_in_the_public_subscription_form_is_dropped(client, app):
    response = client.post("/newsletter/subscribe", data={
        "email": "lea.gag\x00non@example.org", "first_name": "Lé\x00a", "last_name": "Gagnon",
        "language": "fr", "consent": "y",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Consultez vos courriels" in response.text
    pending = db.session.scalar(select(PendingSubscription))
    assert (pending.email, pending.first_name) == ("lea.gagnon@example.org", "Léa")


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("link", ["unsubscribe", "confirm"])
def test_a_link_token_with_a_nul_is_not_found(client, make_contact, method, link):
    contact = make_contact(email="sam@example.org", newsletter_consent="express")
    url = f"/newsletter/{link}/{contact.unsubscribe_token}%00"
    assert client.open(url, method=method).status_code == 404


@pytest.mark.parametrize("lookup", ["stakeholders", "contacts"])
def test_a_nul_in_the_type_ahead_is_ignored(client, login, make_stakeholder, make_contact,
                                            lookup):  # fmt: skip
    login("coordinator")
    cpe = make_stakeholder("CPE Soleil", region="06")
    make_contact(cpe, first_name="Solange", last_name="Roy")
    response = client.get(f"/{lookup}/lookup?q=Sol%00")
    assert response.status_code == 200
    assert len(response.get_json()["results"]) == 1


@pytest.mark.parametrize("list_url", ["/stakeholders/", "/stakeholders/export.csv"])
def test_a_nul_in_the_tag_filter_is_ignored(client, login, make_stakeholder, list_url):
    login("coordinator")
    make_stakeholder("CPE Soleil", region="06", tags=[StakeholderTag(name="jeunesse")])
    make_stakeholder("CPE Lune", region="06")
    response = client.get(f"{list_url}?tag=jeu%00nesse&q=%00")
    assert response.status_code == 200
    assert "CPE Soleil" in response.text and "CPE Lune" not in response.text


def test_a_nul_in_a_stakeholder_name_is_dropped(client, login):
    login("coordinator")
    response = client.post("/stakeholders/new", data={
        "name": "CPE\x00 Soleil", "kind": "organization", "level": "local",
        "region_code": "06", "stage": "identified", "notes": "Ligne 1\r\nLigne\x002\tfin",
    })  # fmt: skip
    assert response.status_code == 302, response.text
    stakeholder = db.session.scalar(select(Stakeholder))
    assert stakeholder.name == "CPE Soleil"
    assert stakeholder.notes == "Ligne 1\r\nLigne2\tfin"  # a text area keeps its line breaks


def test_a_nul_in_a_path_is_not_found(client, login):
    login("admin")
    assert client.get("/admin/reference/sector/health%00/edit").status_code == 404


def escaped_xlsx(path, rows, escapes: dict[str, str]):
    """Write `rows` to an xlsx, then put each of `escapes`' values (Excel's `_xHHHH_`
    escapes, which openpyxl will not write) in the sheet's XML in place of its key."""
    xlsx(path, rows)
    with zipfile.ZipFile(path) as archive:
        members = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members.items():
            if info.filename.endswith(".xml"):
                text = data.decode()
                for key, escape in escapes.items():
                    text = text.replace(key, escape)
                data = text.encode()
            archive.writestr(info, data)
    return path


def test_an_escaped_nul_in_an_xlsx_cell_is_dropped(app, client, login, tmp_path, jobs_worker):
    login("coordinator")
    path = escaped_xlsx(
        tmp_path / "partenaires.xlsx",
        [["NomNUL", "Région", "Notes"], ["CPE NULSoleil", "06", "Ligne 1NEWLINELigne 2"]],
        {"NUL": "_x0000_", "NEWLINE": "_x000D_\n_x0001_"},
    )
    assert b"_x0000_" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    wizard(client, path)
    stakeholder = db.session.scalar(select(Stakeholder))
    assert stakeholder is not None, "the row was not imported"
    assert stakeholder.name == "CPE Soleil"
    assert stakeholder.notes == "Ligne 1\r\nLigne 2"


def test_a_nul_in_an_uploaded_file_name_is_dropped(client, login, tmp_path):
    login("coordinator")
    path = xlsx(tmp_path / "partenaires.xlsx", [["Nom", "Région"], ["CPE Soleil", "06"]])
    with open(path, "rb") as stream:
        response = client.post("/imports/new", content_type="multipart/form-data",
                               data={"kind": "stakeholders",
                                     "file": (stream, "parte\x00naires.xlsx")})  # fmt: skip
    assert response.status_code == 302
    assert db.session.scalar(select(ImportBatch.filename)) == "partenaires.xlsx"


@pytest.mark.parametrize(
    "target", ["/%0d%0aSet-Cookie:%20stolen=1", "/stakeholders/%0a", "/%09/evil.example.com"]
)
def test_a_next_page_with_a_control_character_goes_home(client, make_user, target):
    user = make_user("coordinator")
    response = client.post(f"/login?next={target}",
                           data={"email": user.email, "password": PASSWORD})  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "stolen" not in response.headers.get("Set-Cookie", "")
