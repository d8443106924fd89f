"""The data model of Maillage: one module per aggregate, all on one declarative base."""

from models import search  # noqa: F401  (keeps search_text fresh on every flush)
from models.audit import AuditEvent
from models.base import Base, db, utcnow
from models.commitment import Commitment, CommitmentStatusChange
from models.consent import ConsentEvent, PendingSubscription
from models.contact import Contact
from models.import_batch import ImportBatch
from models.incident import Incident
from models.interaction import (
    Interaction,
    interaction_contact,
    interaction_measure,
    interaction_stakeholder,
)
from models.login_failure import LoginFailure
from models.reference import Measure, Region, Sector, Theme, Vocabulary
from models.stakeholder import Relationship, Stakeholder, StakeholderTag
from models.user import User, user_region

__all__ = [
    "AuditEvent",
    "Base",
    "Commitment",
    "CommitmentStatusChange",
    "ConsentEvent",
    "Contact",
    "ImportBatch",
    "Incident",
    "Interaction",
    "LoginFailure",
    "Measure",
    "PendingSubscription",
    "Region",
    "Relationship",
    "Sector",
    "Stakeholder",
    "StakeholderTag",
    "Theme",
    "User",
    "Vocabulary",
    "db",
    "interaction_contact",
    "interaction_measure",
    "interaction_stakeholder",
    "user_region",
    "utcnow",
]
