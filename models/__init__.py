"""The data model of Maillage: one module per aggregate, all on one declarative base."""

from models import search  # noqa: F401  (keeps search_text fresh on every flush)
from models.audit import AuditEvent
from models.base import Base, db, utcnow
from models.change_batch import ChangeBatch
from models.commitment import Commitment, CommitmentStatusChange
from models.consent import ConsentEvent, PendingSubscription
from models.contact import Contact
from models.digest import DigestSent
from models.duplicate import Merge, NotDuplicate
from models.import_batch import ImportBatch, ImportStatus
from models.incident import Incident
from models.interaction import (
    Interaction,
    interaction_contact,
    interaction_measure,
    interaction_stakeholder,
)
from models.maildrop import MaildropAddress, MaildropMessage, MaildropRun
from models.municipality import Municipality
from models.reference import Measure, Region, Sector, Theme, Vocabulary
from models.saved_view import SavedView
from models.stakeholder import Relationship, Stakeholder, StakeholderTag
from models.throttle import ThrottleEvent
from models.user import User, user_region

__all__ = [
    "AuditEvent",
    "Base",
    "ChangeBatch",
    "Commitment",
    "CommitmentStatusChange",
    "ConsentEvent",
    "Contact",
    "DigestSent",
    "ImportBatch",
    "ImportStatus",
    "Incident",
    "Interaction",
    "MaildropAddress",
    "MaildropMessage",
    "MaildropRun",
    "Measure",
    "Merge",
    "Municipality",
    "NotDuplicate",
    "PendingSubscription",
    "Region",
    "Relationship",
    "SavedView",
    "Sector",
    "Stakeholder",
    "StakeholderTag",
    "Theme",
    "ThrottleEvent",
    "User",
    "Vocabulary",
    "db",
    "interaction_contact",
    "interaction_measure",
    "interaction_stakeholder",
    "user_region",
    "utcnow",
]
