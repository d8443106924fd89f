"""Contacts sorted by their names folded: « Émond » between « Dubé » and « Fortin ».

The contact list was sorted by last name, first name and id as stored, so both databases
put the names that begin with an accented letter after « Zucker » (SQLite compares bytes,
PostgreSQL under the C collation too), and « de Grandpré » after every capital. The new
`contact.name_key` holds the names folded, last name first
(`models.normalize.person_key`), and the list's index takes it instead of the names. It is
filled here for the contacts already written; the app keeps it since.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from models.normalize import person_key

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

CHUNK = 5000


def upgrade():
    op.add_column(
        "contact", sa.Column("name_key", sa.String(length=201), nullable=False, server_default="")
    )
    connection = op.get_bind()
    contact = sa.table(
        "contact",
        sa.column("id", sa.Integer),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("name_key", sa.String),
    )
    write = (
        sa.update(contact)
        .where(contact.c.id == sa.bindparam("key"))
        .values(name_key=sa.bindparam("name"))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(contact.c.id, contact.c.first_name, contact.c.last_name)
            .where(contact.c.id > last)
            .order_by(contact.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        connection.execute(
            write, [{"key": key, "name": person_key(first, last_name)} for key, first, last_name in rows]
        )
        last = rows[-1][0]
    op.drop_index("ix_contact_name", table_name="contact")
    op.create_index("ix_contact_name", "contact", ["name_key", "id"])


def downgrade():
    op.drop_index("ix_contact_name", table_name="contact")
    op.create_index("ix_contact_name", "contact", ["last_name", "first_name", "id"])
    op.execute("ALTER TABLE contact DROP COLUMN name_key")
