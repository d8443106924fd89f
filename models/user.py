"""Users of Maillage, their roles and territories, and what each role may do."""

import functools
import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    false,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from models.base import db, utcnow
from models.reference import NATIONAL, Region

ROLES = ("admin", "coordinator", "regional_lead", "board")
# Who may be a stakeholder's owner ("Responsable"): those who follow stakeholders up.
OWNER_ROLES = ("admin", "coordinator", "regional_lead")

user_region = Table(
    "user_region",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("region_code", ForeignKey("region.code"), primary_key=True, index=True),
)


class User(UserMixin, db.Model):
    """A person who signs in: admin, coordinator, regional lead or board member."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    role: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Changing it ends every session of this user on the server (sign-out, deactivation).
    session_token: Mapped[str] = mapped_column(
        String(64), default=lambda: secrets.token_urlsafe(32)
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The personal calendar feed's secret, kept as its SHA-256 (the address is shown once,
    # when made; making a new one revokes the old). None: no feed.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    # Whether the weekly digest of follow-ups is emailed on Monday mornings.
    digest_opt_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Moved on by a change of name, role, regions or language only: signing in or out does
    # not make an admin's edit form stale. The database still refuses any UPDATE that
    # another overtook (`UPDATE ... WHERE version = ?`): no lost update.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    regions: Mapped[list[Region]] = relationship(
        secondary=user_region, order_by=Region.position, lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    # Flask-Login --------------------------------------------------------------------
    def get_id(self) -> str:
        """Return the session identity: the id and the current session token."""
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        """Return whether the account may sign in."""
        return self.active

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of `password`."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Return whether `password` matches the stored hash (one hash's time, hash or not)."""
        if not self.password_hash:
            return _spend_one_hash(password)
        return check_password_hash(self.password_hash, password)

    # Rights --------------------------------------------------------------------------
    @property
    def region_codes(self) -> list[str]:
        """Return the codes of the regions this user leads."""
        return [r.code for r in self.regions]

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def sees_everything(self) -> bool:
        """Return whether no territory limits what this user sees."""
        return self.role in ("admin", "coordinator", "board")

    @property
    def can_manage_stakeholders(self) -> bool:
        """Return whether this user may create and edit stakeholders and contacts."""
        return self.role in ("admin", "coordinator")

    @property
    def can_import(self) -> bool:
        """Return whether this user may import spreadsheets."""
        return self.role in ("admin", "coordinator")

    @property
    def can_log_interactions(self) -> bool:
        """Return whether this user may log interactions (for stakeholders they engage)."""
        return self.role in ("admin", "coordinator", "regional_lead")

    def can_edit_interaction(self, interaction) -> bool:
        """Return whether this user may edit `interaction` (every participant theirs)."""
        if self.can_manage_stakeholders:
            return True
        return bool(interaction.stakeholders) and all(
            self.can_engage(s) for s in interaction.stakeholders
        )

    def can_take_follow_up(self, stakeholders) -> bool:
        """Return whether this user may be assigned the follow-up of an interaction with
        `stakeholders`: an active user who may act on every one of them (an admin or a
        coordinator any; a regional lead those of their regions, never a national one).
        A board member never: the board reads, it does not act, and a follow-up is an act."""
        if not self.active:
            return False
        if self.can_manage_stakeholders:
            return True
        return bool(stakeholders) and all(self.can_engage(s) for s in stakeholders)

    def can_create(self, kind: str) -> bool:
        """Return whether this user may create a record of `kind` (a list's name:
        "stakeholders", "contacts", "interactions" or "commitments")."""
        if kind in ("stakeholders", "contacts"):
            return self.can_manage_stakeholders
        return kind in ("interactions", "commitments") and self.can_log_interactions

    def can_edit(self, record) -> bool:
        """Return whether this user may edit `record` (a stakeholder, contact, interaction,
        commitment or relationship)."""
        kind = record.__tablename__
        if kind == "interaction":
            return self.can_edit_interaction(record)
        if kind == "commitment":
            return self.can_engage(record.stakeholder)
        if kind == "relationship":
            return self.can_tie(record.source, record.target)
        return kind in ("stakeholder", "contact") and self.can_manage_stakeholders

    def may_own(self, level: str | None, region_code: str | None) -> bool:
        """Return whether this user may be the owner of a stakeholder of `level` and
        `region_code`: an active admin or coordinator, or the lead of its region."""
        if not self.active or self.role not in OWNER_ROLES:
            return False
        if self.role != "regional_lead":
            return True
        return level != NATIONAL and region_code in self.region_codes

    def can_see(self, stakeholder) -> bool:
        """Return whether `stakeholder` is in this user's scope."""
        if self.sees_everything:
            return True
        return stakeholder.level == NATIONAL or stakeholder.region_code in self.region_codes

    @property
    def can_record_ties(self) -> bool:
        """Return whether this user may record ties at all (which ones: `can_tie`)."""
        return self.role in ("admin", "coordinator", "regional_lead")

    def can_tie(self, one, other) -> bool:
        """Return whether this user may record, change or remove a tie between the
        stakeholders `one` and `other`: an admin or a coordinator any; a regional lead
        when one end is theirs to engage (`can_engage`: their regions, not national) and
        they can see the other (national ones included); nobody else."""
        if self.can_manage_stakeholders:
            return True
        return (self.can_engage(one) and self.can_see(other)) or (
            self.can_engage(other) and self.can_see(one)
        )

    def can_engage(self, stakeholder) -> bool:
        """Return whether this user may log interactions and commitments for `stakeholder`."""
        if self.can_manage_stakeholders:
            return True
        return (
            self.role == "regional_lead"
            and stakeholder.level != NATIONAL
            and stakeholder.region_code in self.region_codes
        )


def possible_owners():
    """Return the select of the active users who may own stakeholders, by name."""
    return (
        select(User)
        .where(User.active.is_(True), User.role.in_(OWNER_ROLES))
        .order_by(User.name, User.email)
    )


# Who may ever be assigned a follow-up (`User.can_take_follow_up` says for which ones).
ASSIGNEE_ROLES = ("admin", "coordinator", "regional_lead")


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with this email and password, else None.

    An unknown email costs one password hash too: how long the answer takes must not tell
    whether an account exists."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        _spend_one_hash(password)
        return None
    return user if user.check_password(password) and user.active else None


@functools.cache
def _dummy_hash() -> str:
    """Return the hash of a random password, made as real ones are (the same scrypt cost)."""
    return generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def _spend_one_hash(password: str) -> bool:
    """Check `password` against a hash nobody knows the password of; return False."""
    check_password_hash(_dummy_hash(), password)
    return False


def calendar_token_hash(token: str) -> str:
    """Return what is kept of a calendar feed's secret: its SHA-256, in hexadecimal."""
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_owner(token: str) -> User | None:
    """Return the active user whose calendar feed `token` opens, else None (an unknown,
    revoked or inactive one alike). The secret is looked up by its hash: a 256-bit random
    token's hash is as unguessable as it, and the database never holds the token."""
    return db.session.scalar(
        select(User).where(User.calendar_token_hash == calendar_token_hash(token), User.active)
    )
