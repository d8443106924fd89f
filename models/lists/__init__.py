"""Every list of the app as a query object: its search, filters and sorts, read from a
mapping (a request's arguments, a saved view, CLI options), scoped to the user.

A list page, its export, its page links and the language link all start from the same
object, so the count on the page is the number of rows of the export. It knows nothing of
requests: `LISTS["contacts"].parse(user, request.args)`.
"""

from models.lists.audit import AuditList
from models.lists.base import Dropped, Field, ListQuery, Sort
from models.lists.commitments import CommitmentList
from models.lists.contacts import ContactList
from models.lists.interactions import InteractionList
from models.lists.relationships import RelationshipList
from models.lists.stakeholders import StakeholderList
from models.lists.users import UserList

LISTS: dict[str, type[ListQuery]] = {
    listing.name: listing
    for listing in (
        StakeholderList,
        ContactList,
        InteractionList,
        CommitmentList,
        RelationshipList,
        AuditList,
        UserList,
    )
}

__all__ = [
    "LISTS",
    "AuditList",
    "CommitmentList",
    "ContactList",
    "Dropped",
    "Field",
    "InteractionList",
    "ListQuery",
    "RelationshipList",
    "Sort",
    "StakeholderList",
    "UserList",
]
