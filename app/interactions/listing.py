"""What a listed interaction shows, read for the whole list at once (its participants'
names and territory, who logged it, who owns its follow-up) rather than one interaction
at a time, as plain rows (`listed`): two queries and no ORM objects, a quarter less time
than loading Interaction objects with their relations. The interaction list and the
dashboards show them with `interactions/_item.html`; a stakeholder's page lists its own
with the contacts who were present (a third query).

Who logged and who holds the follow-up are named from the users' names, remembered until
a user changes (`user_names`), not joined twice to the user table in each list's query:
on PostgreSQL, planning those joins cost a lead's home page, with its four lists, about
a millisecond in all.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, select

from app.extensions import db
from models import (
    Contact,
    Interaction,
    Stakeholder,
    User,
    interaction_contact,
    interaction_stakeholder,
)
from models.base import among
from models.cache import remembered
from models.contact import full_name


class Author(NamedTuple):
    """Who logged a listed interaction."""

    name: str
    email: str


class Participant(NamedTuple):
    """A stakeholder of a listed interaction, with what scoping reads."""

    id: int
    name: str
    level: str
    region_code: str | None


class Present(NamedTuple):
    """A contact present at a listed interaction, with its stakeholder (None: it has none)
    as scoping reads it (`visible_present`)."""

    id: int
    full_name: str
    name_key: str
    stakeholder_id: int | None
    stakeholder: Participant | None


@dataclass(slots=True)
class Listed:
    """A listed interaction as plain data, with the attributes of `Interaction` it shows."""

    id: int
    occurred_on: date
    kind: str
    logged_by_id: int | None
    summary: str
    follow_up_on: date | None
    follow_up_done: bool
    logged_by: Author | None
    stakeholders: list[Participant]
    version: int = 0  # what a follow-up's buttons send back, so that a stale change is refused
    assigned_to_id: int | None = None
    assigned_to: Author | None = None  # who owns the follow-up
    contacts: list[Present] = field(default_factory=list)  # read when asked (`listed`)


def listed(query: Select, present: bool = False) -> list[Listed]:
    """Return the interactions `query` selects (a select of Interaction, in its order and
    limit) as plain listed interactions: the participants in name order, and with
    `present` the contacts who were there (as a stakeholder's page shows them)."""
    rows = db.session.execute(
        query.with_only_columns(
            Interaction.id,
            Interaction.occurred_on,
            Interaction.kind,
            Interaction.logged_by_id,
            Interaction.summary,
            Interaction.follow_up_on,
            Interaction.follow_up_done,
            Interaction.version,
            Interaction.assigned_to_id,
        )
    ).all()
    ids = [row.id for row in rows]
    participants = _participants(ids) if rows else {}
    contacts = _present(ids) if present and rows else {}
    names = user_names() if rows else {}
    return [
        Listed(
            *row[:7],
            logged_by=_author(names, row.logged_by_id),
            stakeholders=participants.get(row.id, []),
            version=row.version,
            assigned_to_id=row.assigned_to_id,
            assigned_to=_author(names, row.assigned_to_id),
            contacts=contacts.get(row.id, []),
        )
        for row in rows
    ]


def _participants(interaction_ids: list[int]) -> dict[int, list[Participant]]:
    """Return the stakeholders of each of these interactions, by name: one query."""
    found = db.session.execute(
        select(
            interaction_stakeholder.c.interaction_id,
            Stakeholder.id,
            Stakeholder.name,
            Stakeholder.level,
            Stakeholder.region_code,
        )
        .join(Stakeholder, Stakeholder.id == interaction_stakeholder.c.stakeholder_id)
        .where(among(interaction_stakeholder.c.interaction_id, interaction_ids))
        .order_by(Stakeholder.name, Stakeholder.id)
    )
    participants: dict[int, list[Participant]] = defaultdict(list)
    for interaction_id, *participant in found:
        participants[interaction_id].append(Participant(*participant))
    return participants


def _present(interaction_ids: list[int]) -> dict[int, list[Present]]:
    """Return the contacts present at each of these interactions, by name, with their
    stakeholders' names and territories: one query."""
    found = db.session.execute(
        select(
            interaction_contact.c.interaction_id,
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            Contact.anonymized_at,
            Contact.name_key,
            Contact.stakeholder_id,
            Stakeholder.name,
            Stakeholder.level,
            Stakeholder.region_code,
        )
        .join(Contact, Contact.id == interaction_contact.c.contact_id)
        .outerjoin(Stakeholder, Stakeholder.id == Contact.stakeholder_id)
        .where(among(interaction_contact.c.interaction_id, interaction_ids))
        .order_by(Contact.name_key, Contact.id)
    )
    present: dict[int, list[Present]] = defaultdict(list)
    for interaction_id, contact_id, first, last, anonymized_at, key, owner_id, *owner in found:
        stakeholder = Participant(owner_id, *owner) if owner_id is not None else None
        name = full_name(contact_id, first, last, anonymized_at)
        present[interaction_id].append(Present(contact_id, name, key, owner_id, stakeholder))
    return present


def user_names() -> dict[int, Author]:
    """Return every user's name and email by id, remembered until a user changes."""
    return remembered("user_names", None, _user_names, depends_on=("user",))


def _user_names() -> dict[int, Author]:
    users = db.session.execute(select(User.id, User.name, User.email))
    return {user_id: Author(name or "", email or "") for user_id, name, email in users}


def _author(names: dict[int, Author], user_id: int | None) -> Author | None:
    """Return who a user id names (None for none; a user since deleted has no name)."""
    return None if user_id is None else names.get(user_id, Author("", ""))
