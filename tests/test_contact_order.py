"""Contacts in name order as a French reader expects it: accents and case aside, last name
first, whether they were typed in a form, imported from a spreadsheet, renamed by an
import or put back by its undo — on the list, its export and the stakeholder's page."""

import csv
import io
import re

from sqlalchemy import select

from importers.history import undo_batch
from importers.pipeline import analyse, run_import
from models import Contact, db
from tests.conftest import PASSWORD
from tests.import_helpers import xlsx


def listed(client, url: str) -> list[str]:
    """Return the contacts' last names in the order the list page shows them."""
    html = client.get(url).get_data(as_text=True)
    return re.findall(r'href="/contacts/\d+">[^<]*?(\S+)</a>', html)


def exported(client, url: str) -> list[str]:
    """Return the last names of the CSV export at `url`, in its order."""
    text = client.get(url).get_data(as_text=True).lstrip("\ufeff")
    return [row["Nom"] for row in csv.DictReader(io.StringIO(text))]


def import_contacts(tmp_path, actor, rows, name="contacts.xlsx"):
    header = ["Prénom", "Nom", "Courriel", "Organisme", "Région"]
    result = run_import(analyse(xlsx(tmp_path / name, [header, *rows]), "contacts"), actor)
    db.session.commit()
    assert result.rejected == 0, result.errors
    return result


def test_contacts_are_listed_in_french_name_order_however_they_came_in(
    client, tmp_path, make_user, make_stakeholder, make_contact
):
    admin = make_user("admin")
    cpe = make_stakeholder("CPE Les Hiboux", region="06")
    for first, last in [("Zoé", "Zucker"), ("Marie", "Émond"), ("Luc", "de Grandpré")]:
        make_contact(cpe, first_name=first, last_name=last)
    make_contact(cpe, first_name="Anne", last_name="Roy", email="anne.roy@example.org")
    batch = import_contacts(tmp_path, admin, [
        ["Louise", "Éthier", "louise@example.org", "CPE Les Hiboux", "06"],
        ["Paul", "Dubé", "paul@example.org", "CPE Les Hiboux", "06"],
        ["Jean", "Royer", "jean@example.org", "CPE Les Hiboux", "06"],
    ]).batch  # fmt: skip
    client.post("/login", data={"email": admin.email, "password": PASSWORD})

    # As written, accents and case aside: « de Grandpré » under D.
    expected = ["Grandpré", "Dubé", "Émond", "Éthier", "Roy", "Royer", "Zucker"]
    assert listed(client, "/contacts/") == expected
    assert listed(client, "/contacts/?sort=-name") == expected[::-1]
    assert exported(client, "/contacts/export.csv") == [
        "de Grandpré", "Dubé", "Émond", "Éthier", "Roy", "Royer", "Zucker"
    ]  # fmt: skip
    page = client.get(f"/stakeholders/{cpe.id}").get_data(as_text=True)
    assert [page.index(name) for name in ("Dubé", "Émond", "Roy", "Zucker")] == sorted(
        page.index(name) for name in ("Dubé", "Émond", "Roy", "Zucker")
    )

    # An import renames Anne Roy (found by her email): she moves with her new name; its
    # undo puts her back.
    renamed = import_contacts(
        tmp_path, admin, [["Anne", "Âcre", "anne.roy@example.org", "CPE Les Hiboux", "06"]],
        name="renamed.xlsx",
    )  # fmt: skip
    assert listed(client, "/contacts/")[:2] == ["Âcre", "Grandpré"]
    undo_batch(admin, renamed.batch)
    db.session.commit()
    assert listed(client, "/contacts/") == expected
    undo_batch(admin, batch)
    db.session.commit()
    assert listed(client, "/contacts/") == ["Grandpré", "Émond", "Roy", "Zucker"]


def test_a_contact_renamed_in_its_form_moves_to_its_new_place(
    client, make_user, make_stakeholder, make_contact
):
    admin = make_user("admin")
    cpe = make_stakeholder("CPE Soleil")
    for last in ("Bédard", "Côté", "Émond"):
        make_contact(cpe, first_name="Alex", last_name=last)
    client.post("/login", data={"email": admin.email, "password": PASSWORD})
    cote = db.session.scalar(select(Contact).where(Contact.last_name == "Côté"))
    response = client.post(f"/contacts/{cote.id}/edit", data={
        "first_name": "Alex", "last_name": "Ébert", "stakeholder_id": str(cpe.id),
        "language": "fr", "newsletter_consent": "none", "version": "1",
    })  # fmt: skip
    assert response.status_code in (302, 303)
    assert listed(client, "/contacts/") == ["Bédard", "Ébert", "Émond"]


def keys_agree() -> int:
    """Assert that every contact's sort key is its names' (`person_key`); return how many."""
    from models.normalize import person_key

    rows = db.session.execute(select(Contact.name_key, Contact.first_name, Contact.last_name))
    keys = [(key, person_key(first, last)) for key, first, last in rows]
    assert all(key == expected for key, expected in keys)
    return len(keys)


def test_the_demo_and_a_merge_keep_every_contacts_sort_key(app, make_user, make_contact):
    """Rows written in bulk (the demo, a merge and its undo) get their key with their
    search text."""
    from models.demo import generate_demo
    from models.operations.merge import merge_contacts, undo_merge

    generate_demo(stakeholders=30)
    db.session.commit()
    assert keys_agree() > 30
    kept = make_contact(None, first_name="Léa", last_name="Roy")
    other = make_contact(None, first_name="Léa", last_name="Émond")
    author = make_user("coordinator")
    merge = merge_contacts(author, kept, other, {"last_name": "other"})
    db.session.commit()
    assert db.session.get(Contact, kept.id).name_key == "emond lea"
    keys_agree()
    undo_merge(author, merge)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Contact, kept.id).name_key == "roy lea"
    assert db.session.get(Contact, other.id).name_key == "emond lea"
    keys_agree()
