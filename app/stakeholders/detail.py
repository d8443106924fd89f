"""What the stakeholder page shows besides its profile, each list within the user's scope."""

from datetime import date

from flask_login import current_user
from sqlalchemy import or_

from app.extensions import db
from app.stakeholders.forms import ArchiveForm
from models import Commitment, Contact, Interaction, Relationship, Stakeholder
from models.scoping import (
    visible_commitments,
    visible_contacts,
    visible_interactions,
    visible_relationships,
)


def stakeholder_detail(stakeholder: Stakeholder) -> dict:
    """Return the contacts, interactions, commitments and current ties of `stakeholder`,
    and its archive button."""
    contacts = db.session.scalars(
        visible_contacts(current_user)
        .where(Contact.stakeholder_id == stakeholder.id)
        .order_by(Contact.last_name, Contact.first_name)
    ).all()
    interactions = db.session.scalars(
        visible_interactions(current_user)
        .where(Interaction.stakeholders.any(Stakeholder.id == stakeholder.id))
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(50)
    ).all()
    commitments = db.session.scalars(
        visible_commitments(current_user)
        .where(Commitment.stakeholder_id == stakeholder.id)
        .order_by(Commitment.measure_code)
    ).all()
    ties = db.session.scalars(
        visible_relationships(current_user)
        .where(
            or_(Relationship.source_id == stakeholder.id, Relationship.target_id == stakeholder.id)
        )
        .order_by(Relationship.starts_on)
    ).all()
    return {
        "contacts": contacts,
        "interactions": interactions,
        "commitments": commitments,
        "ties": ties,
        "today": date.today(),
        "archive_form": ArchiveForm(),
    }
