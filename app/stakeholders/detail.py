"""What the stakeholder page shows besides its profile, each list within the user's scope."""

from datetime import date

from flask_login import current_user
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from app.choices import labels
from app.commitments.forms import StatusForm
from app.extensions import db
from app.stakeholders.forms import ArchiveForm, TieForm
from models import Commitment, Contact, Interaction, Relationship, Stakeholder
from models.interaction import involving
from models.scoping import (
    visible_commitments,
    visible_contacts,
    visible_interactions,
    visible_present,
    visible_relationships,
)


def stakeholder_detail(stakeholder: Stakeholder) -> dict:
    """Return the contacts, interactions (with who was present), commitments and ties of
    `stakeholder`, and the buttons and forms the user may use on its page."""
    contacts = db.session.scalars(
        visible_contacts(current_user)
        .where(Contact.stakeholder_id == stakeholder.id)
        .order_by(Contact.last_name, Contact.first_name)
    ).all()
    interactions = db.session.scalars(
        visible_interactions(current_user)
        .where(involving(stakeholder.id))
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .options(
            selectinload(Interaction.stakeholders),
            selectinload(Interaction.contacts).selectinload(Contact.stakeholder),
            selectinload(Interaction.logged_by),
        )
        .limit(50)
    ).all()
    commitments = db.session.scalars(
        visible_commitments(current_user)
        .where(Commitment.stakeholder_id == stakeholder.id)
        .order_by(Commitment.measure_code)
        .options(selectinload(Commitment.history))
    ).all()
    ties = db.session.scalars(
        visible_relationships(current_user)
        .where(
            or_(Relationship.source_id == stakeholder.id, Relationship.target_id == stakeholder.id)
        )
        .order_by(Relationship.starts_on)
    ).all()
    measure = labels().of
    return {
        "contacts": contacts,
        "interactions": interactions,
        "present": {i.id: visible_present(current_user, i) for i in interactions},
        "commitments": commitments,
        "status_forms": {
            c.id: StatusForm.of(c, measure("measure", c.measure_code))
            for c in commitments
            if current_user.can_edit(c)
        },
        "ties": ties,
        "tie_form": TieForm(formdata=None).fill_choices()
        if current_user.can_manage_stakeholders
        else None,
        "today": date.today(),
        "archive_form": ArchiveForm(),
    }
