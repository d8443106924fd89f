"""The contact list's first page in name order from an index; the newest interactions
from an index of their date and id.

The contact list is sorted by last name, first name and id; without an index on them,
every first page sorted the 150,000 contacts of a 100,000-stakeholder coalition (150 ms on
SQLite, 185 ms on PostgreSQL). With it, both read the first 50 in index order.

The newest interactions (home, the interaction list) are sorted by date, then id: with an
index of the date alone, PostgreSQL read every interaction of the latest days to sort
them by id (a regional lead's home: 7.5 ms for 8 rows). The date and id replace the date.

On PostgreSQL, a search of the stakeholders reads them in name order and checks each
one's search text until a page is found; in the table, whose rows are wide, that took
47 ms for a word in 7,795 of 100,000 names ("cen", the type-ahead) and 97 ms for one in
754 names found late in the alphabet ("soleil", the list). A covering index of the name
order with the search text and the columns the list and the type-ahead show lets it check
them in the index alone (index-only scan): 3.5 and 15 ms. SQLite searches through its FTS5
index and needs none (`models.search.OFFERED_INDEX`).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_contact_name", "contact", ["last_name", "first_name", "id"])
    op.create_index("ix_interaction_occurred_on_id", "interaction", ["occurred_on", "id"])
    op.drop_index("ix_interaction_occurred_on", table_name="interaction")
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_stakeholder_offered",
            "stakeholder",
            ["archived", "name_key", "id"],
            postgresql_include=[
                "search_text",
                "name",
                "level",
                "region_code",
                "locality",
                "sector_code",
                "stage",
            ],
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_stakeholder_offered", table_name="stakeholder")
    op.create_index("ix_interaction_occurred_on", "interaction", ["occurred_on"])
    op.drop_index("ix_interaction_occurred_on_id", table_name="interaction")
    op.drop_index("ix_contact_name", table_name="contact")
