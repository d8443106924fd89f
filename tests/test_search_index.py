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
