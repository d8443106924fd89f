"""The audit log: words of the event, who, entity type and id, action, dates."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.audit import AuditEvent
from models.base import db
from models.clock import day_start
from models.lists.base import ALL, Field, ListQuery, Sort, equals, may_be_blank, search
from models.scoping import visible_audit_events
from models.user import User

A = AuditEvent


def _actors(_labels) -> dict[str, str]:
    users = db.session.execute(
        select(User.id, User.name, User.email).order_by(User.name, User.email)
    )
    return {str(user_id): name or email for user_id, name, email in users}


def _used(column, words: str):
    """Return the options of a coded column: the codes the log holds, in words
    (`Labels.action`, `Labels.entity`), in the order of the words."""

    def options(labels) -> dict[str, str]:
        codes = db.session.scalars(select(column).distinct())
        named = {code: getattr(labels, words)(code) for code in codes}
        return dict(sorted(named.items(), key=lambda item: item[1].casefold()))

    return options


class AuditList(ListQuery):
    """The audit events, newest first (admins only)."""

    name = "audit"
    scope = staticmethod(visible_audit_events)
    joins = ((User, User.id == A.actor_id),)
    id_column = A.id
    depends_on = ()
    fields = (
        search(A, _l("Who, what")),
        Field(
            "actor",
            _l("User"),
            lambda user_id, _: A.actor_id == int(user_id),
            options=_actors,
            blank=ALL,
        ),
        Field(
            "entity_type",
            _l("Entity type"),
            equals(A.entity_type),
            options=_used(A.entity_type, "entity"),
            blank=ALL,
        ),
        Field("entity_id", _l("Entity id"), equals(A.entity_id), kind="number"),
        Field(
            "action",
            _l("Action"),
            equals(A.action),
            options=_used(A.action, "action"),
            blank=_l("All actions"),
        ),
        Field("date_from", _l("From"), lambda day, _: A.at >= day_start(day), kind="date"),
        Field(
            "date_to",
            _l("To"),
            lambda day, _: A.at < day_start(day + timedelta(days=1)),
            kind="date",
        ),
    )
    sorts = {
        "at": Sort(_l("When"), (A.at, A.id)),
        "actor": Sort(_l("Who"), (may_be_blank(User.name), A.at, A.id)),
        "action": Sort(_l("Action"), (A.action, A.at, A.id)),
        "entity": Sort(_l("Entity"), (A.entity_type, may_be_blank(A.entity_id), A.id)),
    }
    default_sort = "-at"
