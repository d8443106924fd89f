"""Newsletter consent: its history, pending public subscriptions, unsubscribe tokens.

Every existing contact gets an unguessable unsubscribe token, and the consent it already
holds becomes the first event of its history (no wording was recorded for it then).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import secrets
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consent_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('express', 'implied', 'withdrawn')", name=op.f("ck_consent_event_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_consent_event_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_consent_event_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_event")),
    )
    op.create_index(op.f("ix_consent_event_contact_id"), "consent_event", ["contact_id"])
    op.create_index(op.f("ix_consent_event_recorded_by_id"), "consent_event", ["recorded_by_id"])
    op.create_table(
        "newsletter_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsletter_subscription")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_newsletter_subscription_token_hash")),
    )
    op.create_index(op.f("ix_newsletter_subscription_email"), "newsletter_subscription", ["email"])
    with op.batch_alter_table("contact") as batch_op:
        batch_op.add_column(sa.Column("unsubscribe_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            op.f("uq_contact_unsubscribe_token"), ["unsubscribe_token"]
        )
    _fill_existing_contacts()


def _fill_existing_contacts():
    """Give every contact a token; make its current consent the first event of its history."""
    bind = op.get_bind()
    contacts = bind.execute(sa.text(
        "SELECT id, newsletter_consent, consent_date, consent_source, consent_withdrawn_on, "
        "created_at FROM contact"
    )).all()  # fmt: skip
    if not contacts:
        return
    bind.execute(
        sa.text("UPDATE contact SET unsubscribe_token = :token WHERE id = :key"),
        [{"key": row[0], "token": secrets.token_urlsafe(32)} for row in contacts],
    )
    events, now = [], datetime.now(UTC).replace(tzinfo=None)
    for cid, kind, given_on, source, withdrawn_on, created_at in contacts:
        if kind in ("express", "implied"):
            on = _day(given_on) or _day(created_at) or date.today()
            events.append({"contact": cid, "kind": kind, "on": on, "source": source or ""})
        if withdrawn_on is not None:
            events.append({"contact": cid, "kind": "withdrawn", "on": _day(withdrawn_on),
                           "source": ""})  # fmt: skip
    if events:
        bind.execute(
            sa.text(
                'INSERT INTO consent_event (contact_id, kind, "on", source, wording, recorded_at) '
                "VALUES (:contact, :kind, :on, :source, '', :at)"
            ).bindparams(
                sa.bindparam("on", type_=sa.Date()), sa.bindparam("at", type_=sa.DateTime())
            ),
            [{**event, "at": now} for event in events],
        )


def _day(value):
    """Return a date from what the driver gives (SQLite gives text)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def downgrade():
    with op.batch_alter_table("contact") as batch_op:
        batch_op.drop_constraint(op.f("uq_contact_unsubscribe_token"), type_="unique")
        batch_op.drop_column("unsubscribe_token")
    op.drop_index(op.f("ix_newsletter_subscription_email"), table_name="newsletter_subscription")
    op.drop_table("newsletter_subscription")
    op.drop_index(op.f("ix_consent_event_recorded_by_id"), table_name="consent_event")
    op.drop_index(op.f("ix_consent_event_contact_id"), table_name="consent_event")
    op.drop_table("consent_event")
