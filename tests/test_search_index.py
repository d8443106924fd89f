"""SQLite's search index is written by the app: it must hold exactly the stakeholders' text."""

import pytest
from sqlalchemy import delete, select

from models import Stakeholder, db
from models.operations import create_stakeholder, update_stakeholder
from models.search import stakeholder_search


def index_rows() -> set[tuple[int, str]]:
    return set(db.session.execute(db.text("SELECT rowid, search_text FROM stakeholder_fts")))


def stakeholder_rows() -> set[tuple[int, str]]:
    return set(db.session.execute(select(Stakeholder.id, Stakeholder.search_text)))


def found(q: str) -> list[str]:
    return list(db.session.scalars(select(Stakeholder.name).where(stakeholder_search(q))))


@pytest.fixture
def sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's trigram index maintains itself")


def test_the_index_follows_creation_edits_and_deletion(sqlite_only, make_user):
    admin = make_user("admin")
    first = create_stakeholder(admin, {"name": "CPE Les Hiboux", "region_code": "06"})
    second = create_stakeholder(admin, {"name": "Maison de la famille", "region_code": "06"})
    db.session.commit()
    assert index_rows() == stakeholder_rows()
    update_stakeholder(admin, first, {"name": "CPE Les Chouettes"})
    db.session.commit()
    assert index_rows() == stakeholder_rows()
    assert found("chouettes") == ["CPE Les Chouettes"] and not found("hiboux")
    db.session.execute(delete(Stakeholder).where(Stakeholder.id == second.id))
    db.session.commit()
    assert index_rows() == stakeholder_rows()


def test_a_reused_id_is_not_found_by_the_deleted_stakeholders_text(sqlite_only, make_user):
    admin = make_user("admin")
    gone = create_stakeholder(admin, {"name": "Carrefour jeunesse", "region_code": "05"})
    db.session.commit()
    gone_id = gone.id
    db.session.execute(delete(Stakeholder).where(Stakeholder.id == gone_id))
    db.session.commit()
    reused = create_stakeholder(admin, {"name": "Halte-garderie", "region_code": "05"})
    db.session.commit()
    assert reused.id == gone_id  # SQLite hands the highest id out again
    assert not found("carrefour") and found("halte") == ["Halte-garderie"]


def listed_ids(filters) -> tuple[list[int], str]:
    """Return the ids of the list's first page for `filters`, and SQLite's plan of it."""
    from models.lists import StakeholderList

    query = StakeholderList.parse(None, filters).select().with_only_columns(Stakeholder.id)
    query = query.limit(25)
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    plan = " | ".join(
        row[3] for row in db.session.execute(db.text(f"EXPLAIN QUERY PLAN {compiled}"))
    )
    return list(db.session.scalars(query)), plan


def test_a_rare_word_is_looked_up_by_id_and_finds_the_same(sqlite_only, make_user, monkeypatch):
    import models.search.index
    from models.cache import forget_everything

    admin = make_user("admin")
    for name in ("CPE Les Hiboux", "CPE Les Chouettes", "Maison des Hiboux", "Garderie Soleil"):
        create_stakeholder(admin, {"name": name, "region_code": "06"})
    archived = create_stakeholder(admin, {"name": "Hiboux d'antan", "region_code": "06"})
    archived.archived = True
    db.session.commit()
    rare, rare_plan = listed_ids({"q": "hiboux"})
    assert "INTEGER PRIMARY KEY" in rare_plan and "archived" not in rare_plan
    monkeypatch.setattr(models.search.index, "FEW_MATCHES", 1)  # now no word is rare
    forget_everything()
    common, common_plan = listed_ids({"q": "hiboux"})
    assert "ix_stakeholder_archived_name" in common_plan
    assert rare == common and len(rare) == 2  # the archived one is left out either way
    assert listed_ids({"q": "hiboux", "archived": "1"})[0] == [archived.id]


def listed_contacts(filters) -> tuple[list[str], str]:
    """Return the names of the contact list's first page for `filters`, and SQLite's plan
    of it."""
    from models import Contact
    from models.lists import ContactList

    query = ContactList.parse(None, filters).select().limit(25)
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    plan = " | ".join(
        row[3] for row in db.session.execute(db.text(f"EXPLAIN QUERY PLAN {compiled}"))
    )
    names = [c.full_name for c in db.session.scalars(query.with_only_columns(Contact))]
    return names, plan


def test_a_common_word_walks_the_contacts_in_name_order_and_finds_the_same(
    sqlite_only, make_stakeholder, make_contact, monkeypatch
):
    """A word many contacts hold is checked along the index of their names (the first
    page is soon full), a rare one looked up by id; all the words at once decide which:
    « marie » and « tremblay » are common here, « marie tremblay » is not."""
    import models.search.index
    from models.cache import forget_everything

    place = make_stakeholder("CPE Les Lucioles", region="06")
    for first, last in [("Marie", "Tremblay"), ("Marie", "Gagnon"), ("Marie", "Roy"),
                        ("Luc", "Tremblay"), ("Anne", "Tremblay"), ("Anne", "Côté")]:  # fmt: skip
        make_contact(place, first_name=first, last_name=last)
    rare, rare_plan = listed_contacts({"q": "marie"})
    assert "ix_contact_name" not in rare_plan
    monkeypatch.setattr(models.search.index, "FEW_MATCHES", 2)  # three Maries: common now
    forget_everything()
    common, common_plan = listed_contacts({"q": "marie"})
    assert "ix_contact_name" in common_plan
    assert rare == common == ["Marie Gagnon", "Marie Roy", "Marie Tremblay"]
    both, both_plan = listed_contacts({"q": "marie tremblay"})
    assert both == ["Marie Tremblay"] and "ix_contact_name" not in both_plan
    # Sorted by another column, the matches are looked up whatever their number.
    assert "ix_contact_name" not in listed_contacts({"q": "marie", "sort": "title"})[1]
