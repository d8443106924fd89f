"""The one rule of a dormant stakeholder: current (not archived), and no interaction in the
last DORMANT_DAYS days. The home pages, the synergy report and the stakeholder list's
filter all ask this module, so their counts agree."""

from datetime import date, timedelta

from sqlalchemy import Select, and_, select

from models import clock
from models.interaction import Interaction, interaction_stakeholder
from models.stakeholder import Stakeholder

DORMANT_DAYS = 180


def recently_met(today: date) -> Select:
    """Return the select of the ids of the stakeholders met in the window before `today`.

    Not correlated: the recently met stakeholders are listed once, not looked up per row.
    """
    link = interaction_stakeholder.c
    return (
        select(link.stakeholder_id)
        .join(Interaction, Interaction.id == link.interaction_id)
        .where(Interaction.occurred_on >= today - timedelta(days=DORMANT_DAYS))
    )


def is_dormant(today: date | None = None, *, of_all: bool = False):
    """Return the SQL condition on `Stakeholder` that it is dormant on `today`; `of_all`
    for a query that reads every stakeholder (`Stakeholder.current_of_all`)."""
    return and_(
        Stakeholder.current_of_all() if of_all else Stakeholder.archived.is_(False),
        Stakeholder.id.not_in(recently_met(today or clock.today())),
    )
