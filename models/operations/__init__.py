"""Write operations: plain functions that take the acting user, check their rights,
write an audit event and never commit. The caller (a view, a CLI command, an import) is the
transaction and commits once."""

from models.operations.commitments import (
    change_commitment_status,
    create_commitment,
    delete_commitment,
    update_commitment,
)
from models.operations.common import (
    OperationError,
    PermissionDenied,
    StaleRecord,
    ValidationFailed,
)
from models.operations.contacts import create_contact, delete_contact, update_contact
from models.operations.interactions import (
    create_interaction,
    delete_interaction,
    update_interaction,
)
from models.operations.reference import add_entry, rename_entry, set_entry_active
from models.operations.relationships import (
    create_relationship,
    delete_relationship,
    update_relationship,
)
from models.operations.stakeholders import (
    archive_stakeholder,
    create_stakeholder,
    update_stakeholder,
)
from models.operations.users import (
    create_user,
    reset_password,
    set_user_active,
    update_user,
)

__all__ = [
    "OperationError",
    "PermissionDenied",
    "StaleRecord",
    "ValidationFailed",
    "add_entry",
    "archive_stakeholder",
    "change_commitment_status",
    "create_commitment",
    "create_contact",
    "create_interaction",
    "create_relationship",
    "create_stakeholder",
    "create_user",
    "delete_commitment",
    "delete_contact",
    "delete_interaction",
    "delete_relationship",
    "rename_entry",
    "reset_password",
    "set_entry_active",
    "set_user_active",
    "update_commitment",
    "update_contact",
    "update_interaction",
    "update_relationship",
    "update_stakeholder",
    "update_user",
]
