"""The interaction list: summary keywords, kind, region, dates, follow-up, logged by me,
assigned to whom."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import false, func, select

from models import clock
from models.base import db
from models.cache import remembered
from models.interaction import Interaction, involving, involving_any
from models.lists.base import ALL, Field, ListQuery, Sort, equals, may_be_blank, search
from models.lists.fields import display_order, fixed, mrc, region, table
from models.scoping import visible_interaction_ids, visible_interactions
from models.user import ASSIGNEE_ROLES, User

I = Interaction  # noqa: E741 (the model, as the other lists name theirs)


WEEK_DAYS = 7  # "due this week": from today to a week from today, both included


def _follow_up(state: str, _listing):
    if state == "done":
        return I.follow_up_done.is_(True)
    pending = I.follow_up_on.is_not(None) & I.follow_up_done.is_(False)
    today = clock.today()
    if state == "overdue":
        return pending & (I.follow_up_on < today)
    if state == "week":
        return pending & I.follow_up_on.between(today, today + timedelta(days=WEEK_DAYS))
    return pending


ME, OTHERS = "me", "others"


def _assignees(_labels) -> dict[str, str]:
    """Return the assignee filter's options: me, someone else, then each user who may be
    assigned follow-ups (`models.user.ASSIGNEE_ROLES`), by name."""
    return {ME: _l("Me"), OTHERS: _l("Someone else")} | remembered(
        "assignee_options", None, _assignee_names, depends_on=("user",)
    )


def _assignee_names() -> dict[str, str]:
    users = db.session.execute(
        select(User.id, User.name, User.email)
        .where(User.active.is_(True), User.role.in_(ASSIGNEE_ROLES))
        .order_by(User.name, User.email)
    )
    return {str(user_id): name or email for user_id, name, email in users}


def _assigned(value: str, listing):
    if value in (ME, OTHERS) and listing.user is None:  # the system holds none
        return false() if value == ME else I.assigned_to_id.is_not(None)
    if value == ME:
        return I.assigned_to_id == listing.user.id
    if value == OTHERS:
        return I.assigned_to_id.is_not(None) & (I.assigned_to_id != listing.user.id)
    return I.assigned_to_id == int(value)


class InteractionList(ListQuery):
    """The interactions with at least one stakeholder the user sees, newest first. All
    stay listed, archived stakeholders' too: they are history."""

    name = "interactions"
    scope = staticmethod(visible_interactions)
    joins = ((User, User.id == I.logged_by_id),)
    id_column = I.id
    depends_on = ("interaction", "stakeholder", "import_batch", "change_batch")
    personal = True
    fields = (
        search(I, _l("Words of the summary")),
        Field(
            "stakeholder",
            _l("Stakeholder"),
            lambda stakeholder_id, _: involving(stakeholder_id),
            kind="stakeholder",
            placeholder=_l("Type a name…"),
        ),
        Field("kind", _l("Kind"), equals(I.kind), options=table("interaction_kind"), blank=ALL),
        region(involving_any),
        mrc(involving_any),
        Field("since", _l("From"), lambda day, _: I.occurred_on >= day, kind="date"),
        Field("until", _l("To"), lambda day, _: I.occurred_on <= day, kind="date"),
        Field(
            "follow_up",
            _l("Follow-up"),
            _follow_up,
            options=fixed(
                due=_l("To do"), overdue=_l("Overdue"), week=_l("Due this week"), done=_l("Done")
            ),
            blank=ALL,
        ),
        Field(
            "mine",
            _l("Logged by me"),
            lambda _value, listing: I.logged_by_id == listing.user.id,
            kind="check",
        ),
        Field("assigned", _l("Assigned to"), _assigned, options=_assignees, blank=_l("Anyone")),
    )
    sorts = {
        "date": Sort(_l("Date"), (I.occurred_on, I.id)),
        "kind": Sort(_l("Kind"), (display_order("interaction_kind", I.kind), I.occurred_on, I.id)),
        "follow_up": Sort(_l("Follow-up"), (may_be_blank(I.follow_up_on), I.id)),
        "logged_by": Sort(_l("Logged by"), (may_be_blank(User.name), I.occurred_on, I.id)),
    }
    default_sort = "-date"

    def counted(self):
        """Count every interaction a lead sees (no filter: their list's first view) from
        the links of their stakeholders (`visible_interaction_ids`); a filtered view, by
        the rows it keeps."""
        ids = visible_interaction_ids(self.user)
        if ids is None or self.values:
            return super().counted()
        return select(func.count()).where(I.id.in_(ids))
