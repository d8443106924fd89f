"""The list of ties between stakeholders: region of either end, type, archived ends.

It has no page of its own (ties show on a stakeholder's page and on the network map): it
is the view its export starts from, so that the export is scoped and filtered as every
other list's.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, true
from sqlalchemy.orm import aliased

from models.lists.base import ALL, Field, ListQuery, Sort, equals, may_be_blank
from models.lists.fields import (
    ARCHIVED,
    ONLY_ARCHIVED,
    WITH_ARCHIVED,
    display_order,
    fixed,
    region,
    table,
)
from models.scoping import visible_relationships
from models.stakeholder import Relationship, Stakeholder

R = Relationship
A, B = aliased(Stakeholder, name="end_a"), aliased(Stakeholder, name="end_b")


def _archived(value: str, _listing):
    return or_(A.archived.is_(True), B.archived.is_(True)) if value == ONLY_ARCHIVED else true()


class RelationshipList(ListQuery):
    """The ties whose two ends the user sees; those with an archived end only when asked,
    and then only them."""

    name = "relationships"
    scope = staticmethod(visible_relationships)
    joins = ((A, A.id == R.source_id), (B, B.id == R.target_id))
    id_column = R.id
    depends_on = ("relationship", "stakeholder", "import_batch", "change_batch")
    fields = (
        # A tie is in a region when either of its ends is.
        region(lambda condition: or_(R.source.has(condition), R.target.has(condition))),
        Field("type", _l("Type"), equals(R.type), options=table("relationship_type"), blank=ALL),
        Field(
            "archived",
            ARCHIVED,
            _archived,
            options=fixed(
                **{ONLY_ARCHIVED: _l("Archived only"), WITH_ARCHIVED: _l("Current and archived")}
            ),
            blank=_l("Current only"),
        ),
    )
    sorts = {
        "stakeholder_a": Sort(_l("Stakeholder A"), (A.name_key, B.name_key, R.id)),
        "stakeholder_b": Sort(_l("Stakeholder B"), (B.name_key, A.name_key, R.id)),
        "type": Sort(_l("Type"), (display_order("relationship_type", R.type), A.name_key, R.id)),
        "starts_on": Sort(_l("Start"), (may_be_blank(R.starts_on), R.id)),
    }
    default_sort = "stakeholder_a"

    def current(self):
        return and_(A.archived.is_(False), B.archived.is_(False))
