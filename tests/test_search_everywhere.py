"""Contacts, interactions and audit events are searched like stakeholders: folded, indexed,
right after ORM edits and after every bulk writer (import, undo, demo, anonymization)."""

from datetime import date

import flask_migrate
import pytest
from sqlalchemy import select

from importers.pipeline import analyse, run_import
from models import AuditEvent, Contact, Interaction, Stakeholder, User, db
from models.search import SEARCHABLE, matches
from models.search.texts import read_texts
from tests.import_helpers import xlsx


def found(model, q: str) -> set[int]:
    """Return the ids of the `model` records that `q` finds."""
    return set(db.session.scalars(select(model.id).where(matches(model, q))))


def run(path, kind: str, actor=None):
    """Import `path` and commit, as the CLI does; return the result."""
    result = run_import(analyse(path, kind), actor)
    db.session.commit()
    return result


def assert_index_is_right() -> None:
    """Every record's text is what the app computes (but an audit event's, which keeps the
    name its record had then), and SQLite's index holds exactly it."""
    connection = db.session.connection()
    for model, (fts, _trgm) in SEARCHABLE.items():
        stored = set(db.session.execute(select(model.id, model.search_text)))
        ids = [key for key, _text in stored]
        if model is not AuditEvent:
            assert stored == set(read_texts(connection, model, ids)), model.__name__
        if connection.dialect.name == "sqlite":
            indexed = set(db.session.execute(db.text(f"SELECT rowid, search_text FROM {fts}")))
            assert indexed == stored, model.__name__


@pytest.fixture
def emilie(make_stakeholder, make_contact):
    cpe = make_stakeholder("CPE Les Hiboux", region="06")
    other = make_contact(cpe, first_name="Émile", last_name="Gagnon")
    return make_contact(cpe, first_name="Émilie", last_name="Gagné", email="emilie.g@x.org"), other


def test_a_contact_is_found_whatever_its_accents_and_case(emilie):
    contact, other = emilie
    for q in ("emilie", "ÉMILIE", "Émilie", "gagne", "Gagné", "emilie gagne", "emilie g xorg"):
        assert found(Contact, q) == {contact.id}, q
    assert found(Contact, "hiboux emil") == {contact.id, other.id}  # its stakeholder's name
    assert found(Contact, "gagnon") == {other.id}
    assert found(Contact, "né") == {contact.id}  # too short for trigrams: a plain scan
    assert found(Contact, "tremblay") == set() and matches(Contact, " ,; ") is None
    assert_index_is_right()


def test_the_contact_type_ahead_finds_accented_names(client, login, emilie):
    contact, other = emilie
    login("coordinator")
    for q in ("emilie", "ÉMILIE", "Émilie", "gagne"):
        response = client.get("/contacts/lookup", query_string={"q": q})
        assert response.status_code == 200
        assert [r["id"] for r in response.json["results"]] == [contact.id], q
        assert response.json["results"][0]["label"] == "Émilie Gagné (CPE Les Hiboux)"
    both = client.get("/contacts/lookup", query_string={"q": "hiboux"}).json["results"]
    assert {r["id"] for r in both} == {contact.id, other.id}
    assert client.get("/contacts/lookup", query_string={"q": "é"}).json["results"] == []


def test_the_stakeholder_type_ahead_finds_accented_names(client, login, make_stakeholder):
    wanted = make_stakeholder("Les Écureuils de Montréal", region="06")
    make_stakeholder("Garderie Soleil", region="06")
    login("coordinator")
    for q in ("ecureuils", "ÉCUREUILS montreal"):
        results = client.get("/stakeholders/lookup", query_string={"q": q}).json["results"]
        assert [r["id"] for r in results] == [wanted.id], q


def test_edits_and_renames_move_the_text(make_user, emilie):
    from models.operations import update_contact, update_stakeholder

    admin = make_user("admin")
    contact, other = emilie
    update_contact(admin, contact, {"last_name": "Bélanger"})
    db.session.commit()
    assert found(Contact, "gagne") == set() and found(Contact, "belanger") == {contact.id}
    update_stakeholder(admin, contact.stakeholder, {"name": "CPE Les Chouettes"})
    db.session.commit()
    assert found(Contact, "hiboux") == set()
    assert found(Contact, "chouettes") == {contact.id, other.id}
    moved = Contact(first_name="Zoé", last_name="Roy", stakeholder_id=contact.stakeholder_id)
    db.session.add(moved)
    db.session.commit()
    assert found(Contact, "zoe chouettes") == {moved.id}  # given its stakeholder by id
    assert_index_is_right()


def test_an_interaction_is_found_by_a_word_of_its_summary(make_user, make_stakeholder):
    from models.operations import create_interaction, update_interaction

    admin = make_user("admin")
    cpe = make_stakeholder("CPE Soleil", region="06")
    data = {"occurred_on": date(2026, 3, 14), "kind": "meeting", "stakeholder_ids": [cpe.id],
            "summary": "Rencontre sur l'accès aux services éducatifs à l'enfance"}  # fmt: skip
    meeting = create_interaction(admin, data)
    create_interaction(admin, {**data, "summary": "Appel au sujet du logement"})
    db.session.commit()
    for q in ("educatifs", "ÉDUCATIFS", "éducatifs acces", "enfance rencontre"):
        assert found(Interaction, q) == {meeting.id}, q
    update_interaction(admin, meeting, {"summary": "Suivi du financement"})
    db.session.commit()
    assert found(Interaction, "educatifs") == set()
    assert found(Interaction, "financement") == {meeting.id}
    assert_index_is_right()


def test_an_audit_event_is_found_by_its_actor_its_record_and_its_action(make_user, app):
    from models.operations import create_contact, create_stakeholder, update_stakeholder

    helene = make_user("admin", name="Hélène Bélanger", email="helene@coalition.org")
    other = make_user("admin", name="Marc Roy")
    cpe = create_stakeholder(other, {"name": "CPE Soleil", "region_code": "06"})
    db.session.flush()
    contact = create_contact(helene, {"first_name": "Émilie", "last_name": "Gagné",
                                      "stakeholder_id": cpe.id})  # fmt: skip
    db.session.commit()
    by_helene = set(db.session.scalars(select(AuditEvent.id).where(
        AuditEvent.actor_id == helene.id)))  # fmt: skip
    assert by_helene
    for q in ("helene", "HÉLÈNE belanger", "helene coalition org"):
        assert found(AuditEvent, q) == by_helene, q
    created = db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.entity_type == "contact", AuditEvent.entity_id == contact.id,
        AuditEvent.action == "create"))  # fmt: skip
    assert created in found(AuditEvent, "create contact emilie gagne")
    assert created in found(AuditEvent, f"contact {contact.id}")
    update_stakeholder(other, cpe, {"stage": "engaged"})  # values that name nothing
    db.session.commit()
    staged = db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.entity_type == "stakeholder", AuditEvent.action == "update"))  # fmt: skip
    assert staged in found(AuditEvent, "update soleil marc")
    helene.name = "Hélène Tremblay"  # the events follow their actor's name
    db.session.commit()
    assert found(AuditEvent, "belanger") == set()
    assert found(AuditEvent, "helene tremblay") == by_helene
    assert_index_is_right()


def test_anonymizing_a_contact_erases_it_from_search(make_user, emilie):
    from models.operations import update_contact
    from models.operations.privacy import anonymize_contact

    admin = make_user("admin")
    contact, _other = emilie
    update_contact(admin, contact, {"title": "Directrice"})
    db.session.commit()
    update_contact(admin, contact, {"language": "en"})  # an event found by the name alone
    db.session.commit()
    assert found(AuditEvent, "emilie") and found(Contact, "emilie directrice")
    assert anonymize_contact(admin, contact)
    db.session.commit()
    assert found(Contact, "emilie") == set() and found(Contact, "directrice") == set()
    assert found(AuditEvent, "emilie") == set() and found(AuditEvent, "directrice") == set()
    assert contact.id in found(Contact, "anonymized hiboux")
    assert_index_is_right()


def test_imported_contacts_are_found_and_follow_reimports_and_undo(app, tmp_path, make_user,
                                                                   make_stakeholder):  # fmt: skip
    from importers.history import undo_batch
    from models import ImportBatch

    admin = make_user("admin", name="Hélène Import")
    make_stakeholder("CPE Les Hiboux", region="06")
    header = ["Prénom", "Nom", "Courriel", "Organisme", "Région", "Infolettre"]
    first = xlsx(tmp_path / "c1.xlsx", [header, ["Émilie", "Gagné", "e@x.org", "CPE Les Hiboux",
                                                 "06", "exprès"]])  # fmt: skip
    assert run(first, "contacts", admin).created == 1
    emilie = db.session.scalar(select(Contact.id).where(Contact.email == "e@x.org"))
    assert found(Contact, "emilie") == found(Contact, "GAGNE hiboux") == {emilie}
    consent = found(AuditEvent, "emilie helene")  # the bulk-written consent events
    assert consent and all(db.session.get(AuditEvent, i).entity_id == emilie for i in consent)
    second = xlsx(tmp_path / "c2.xlsx", [header, ["Émilie", "Bélanger", "e@x.org",
                                                  "CPE Les Hiboux", "06", "exprès"]])  # fmt: skip
    assert run(second, "contacts", admin).updated == 1
    assert found(Contact, "gagne") == set() and found(Contact, "belanger") == {emilie}
    assert_index_is_right()
    batch = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    undo_batch(admin, batch)
    db.session.commit()
    assert found(Contact, "gagne") == {emilie} and found(Contact, "belanger") == set()
    assert_index_is_right()


def test_imported_interactions_and_renamed_stakeholders_are_found(app, tmp_path, make_contact,
                                                                  make_stakeholder):  # fmt: skip
    cpe = make_stakeholder("CPE Les Hiboux", region="06")
    contact = make_contact(cpe, first_name="Zoé", last_name="Roy")
    rows = [
        ["Date", "Type", "Organismes", "Résumé"],
        ["2026-03-14", "rencontre", "CPE Les Hiboux", "Présentation du Réseau éducatif"],
    ]
    assert run(xlsx(tmp_path / "i.xlsx", rows), "interactions").created == 1, "import failed"
    meeting = db.session.scalar(select(Interaction.id))
    assert found(Interaction, "reseau EDUCATIF") == {meeting}
    renamed = [["ID", "Nom", "Région"], [cpe.id, "CPE Les Chouettes", "06"]]
    assert run(xlsx(tmp_path / "s.xlsx", renamed), "stakeholders").updated == 1
    assert found(Contact, "hiboux") == set() and found(Contact, "chouettes zoe") == {contact.id}
    assert_index_is_right()


def test_the_demo_is_found(app):
    from models.demo import generate_demo

    generate_demo(seed=7, stakeholders=40)
    db.session.commit()
    contact = db.session.scalars(select(Contact).order_by(Contact.id)).first()
    q = f"{contact.first_name.upper()} {contact.last_name}"
    assert contact.id in found(Contact, q)
    assert contact.id in found(Contact, contact.stakeholder.name)
    meeting = db.session.scalars(select(Interaction).order_by(Interaction.id)).first()
    assert meeting.id in found(Interaction, meeting.summary.split()[-1])
    assert all(db.session.scalars(select(Contact.search_text)))
    assert_index_is_right()


def test_the_migration_fills_the_text_of_existing_records(app, make_user, emilie):
    from models.operations import update_stakeholder

    admin = make_user("admin", name="Hélène Bélanger")
    contact, _other = emilie
    contact_id = contact.id
    update_stakeholder(admin, contact.stakeholder, {"stage": "engaged"})
    db.session.commit()
    expected = {m: set(db.session.execute(select(m.id, m.search_text))) for m in SEARCHABLE}
    db.session.remove()
    flask_migrate.downgrade(revision="0010")
    flask_migrate.upgrade()
    db.session.remove()
    assert {m: set(db.session.execute(select(m.id, m.search_text))) for m in SEARCHABLE} == expected
    assert found(Contact, "emilie") == {contact_id} and found(AuditEvent, "helene update hiboux")
    assert_index_is_right()


def test_every_word_must_match_not_only_the_last(make_stakeholder, emilie):
    # Each word's phrase is its own SQL parameter: one shared name made SQLite match the
    # last word only, so `hiboux soleil` found "Maison Soleil".
    hiboux = make_stakeholder("CPE Les Hiboux du Soleil", region="06")
    make_stakeholder("Maison Soleil", region="06")
    assert found(Stakeholder, "hiboux soleil") == {hiboux.id}
    assert found(Contact, "emilie gagnon") == set()


def test_a_user_account_is_found_by_its_folded_name_or_email(make_user):
    helene = make_user("admin", name="Hélène Bélanger", email="h.belanger@coalition.org")
    make_user("coordinator", name="Marc Roy")
    assert found(User, "HELENE") == found(User, "bélanger coalition") == {helene.id}
    assert found(User, "helene roy") == set()
