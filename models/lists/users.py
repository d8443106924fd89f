"""The list of user accounts: name or email, role, region led, active or not."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import not_

from models.labels import ROLE_LABELS
from models.lists.base import ALL, Field, ListQuery, Sort, equals, search
from models.lists.fields import ALL_REGIONS, fixed, fixed_order, table
from models.reference import Region
from models.scoping import visible_users
from models.user import ROLES, User

U = User
ACTIVE, INACTIVE = "active", "inactive"


class UserList(ListQuery):
    """The user accounts, active ones first (admins only)."""

    name = "users"
    scope = staticmethod(visible_users)
    id_column = U.id
    depends_on = ("user",)
    fields = (
        search(U, _l("Name or email")),
        Field("role", _l("Role"), equals(U.role), options=fixed(**ROLE_LABELS), blank=ALL),
        Field(
            "region",
            _l("Region led"),
            lambda code, _: U.regions.any(Region.code == code),
            options=table("region"),
            blank=ALL_REGIONS,
        ),
        Field(
            "state",
            _l("State"),
            lambda state, _: U.active.is_(state == ACTIVE),
            options=fixed(active=_l("Active"), inactive=_l("Deactivated")),
            blank=ALL,
        ),
    )
    sorts = {
        "email": Sort(_l("Email"), (U.email, U.id)),
        "name": Sort(_l("Name"), (U.name, U.email, U.id)),
        "role": Sort(_l("Role"), (fixed_order(U.role, ROLES), U.email, U.id)),
        "language": Sort(_l("Language"), (U.language, U.email, U.id)),
        "active": Sort(_l("Active"), (not_(U.active), U.email, U.id)),
    }
    default_sort = "active"
