"""Migration 0012: `interaction.user_id` becomes `logged_by_id` and nothing is lost.

A database of an earlier version (or a backup of one, restored then upgraded) keeps every
interaction's author, stakeholders and foreign key, and its imports can still be undone.
"""

import flask_migrate
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import inspect, select, text

from models import Interaction, User, db
from models.import_batch import ImportBatch

REVISION = "0012"


def _previous_revision() -> str:
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_revision(REVISION).down_revision


def test_renaming_keeps_authors_links_foreign_key_and_undo_records(
    app, make_user, make_stakeholder, make_interaction
):
    author = make_user("coordinator")
    author_id = author.id
    stakeholder = make_stakeholder("CPE Soleil")
    interaction_id = make_interaction([stakeholder], logged_by=author, kind="call").id
    db.session.remove()
    flask_migrate.downgrade(revision=_previous_revision())
    try:
        with db.engine.connect() as connection:
            stored = connection.execute(text("SELECT user_id FROM interaction")).scalar_one()
        assert stored == author_id
        changes = {"created": [], "updated": [
            {"id": interaction_id, "before": {"user_id": None, "summary": ""}, "version": 2},
        ]}  # fmt: skip
        db.session.add(ImportBatch(kind="interactions", filename="appels.csv", changes=changes))
        db.session.commit()
        db.session.remove()
    finally:
        flask_migrate.upgrade()

    interaction = db.session.get(Interaction, interaction_id)
    assert interaction.logged_by_id == author_id and interaction.logged_by.id == author_id
    assert [s.name for s in interaction.stakeholders] == ["CPE Soleil"]
    if db.engine.dialect.name == "postgresql":  # SQLite cannot rename a constraint
        names = {tuple(k["constrained_columns"]): k["name"]
                 for k in inspect(db.engine).get_foreign_keys("interaction")}  # fmt: skip
        assert names[("logged_by_id",)] == "fk_interaction_logged_by_id_user"
    batch = db.session.scalars(select(ImportBatch)).one()
    assert batch.changes["updated"][0]["before"] == {"logged_by_id": None, "summary": ""}
    # The foreign key came along: deleting the author keeps the interaction, unsigned.
    db.session.delete(db.session.get(User, author_id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Interaction, interaction_id).logged_by_id is None
