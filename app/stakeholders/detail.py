"""What the stakeholder page shows besides its profile, each list within the user's scope."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask import session
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, lazyload

from app.choices import labels
from app.commitments.forms import StatusForm
from app.extensions import db
from app.interactions.listing import listed, user_names
from app.navigation import day
from app.stakeholders.forms import ArchiveForm
from app.stakeholders.tie_forms import EndTieForm, UndoEndTieForm
from models import Commitment, Contact, Interaction, Relationship, Stakeholder, clock
from models.interaction import involving
from models.labels import TIE_TYPES_SEEN_FROM_TARGET
from models.municipality import directory
from models.normalize import fold
from models.reference import DIRECTED_TIES
from models.scoping import (
    ties_of,
    visible_commitments,
    visible_contacts,
    visible_interactions,
    visible_present,
)

TIE_UNDO = "tie_undo"  # the session's key for the tie ended today that can be put back


@dataclass
class TieShown:
    """A tie as the stakeholder page lists it."""

    tie: Relationship
    type_label: str  # "Member of", or "Has as member" on the page of the table it is of
    # None when the other end is outside the user's territory: the tie is shown by its type
    # and intensity, without that stakeholder's name, link, or the tie's note.
    other: Stakeholder | None
    ended: bool  # its end date is today or past: listed after the current ones, muted
    dates: str  # "since 3 March 2025", "ended on 4 April 2026"…
    editable: bool  # the user may edit, end and remove it (`User.can_tie`)
    end_form: EndTieForm | None  # "End today", for an editable tie that started and goes on


def tie_dates(tie: Relationship, ended: bool, today: date) -> str:
    """Return a tie's dates as a sentence's end: "since 3 March 2025, until …", "from … to
    …" or "ended on …" for an ended tie, "starting on …" for one that has not started."""
    start, end = (day(d, "long") if d else "" for d in (tie.starts_on, tie.ends_on))
    if ended:
        if start:
            return _("from %(start)s to %(end)s", start=start, end=end)
        return _("ended on %(date)s", date=end)
    parts = []
    if start:
        since = _("since %(date)s") if tie.starts_on <= today else _("starting on %(date)s")
        parts.append(since % {"date": start})
    if end:
        parts.append(_("until %(date)s", date=end))
    return ", ".join(parts)


def tie_type(tie: Relationship, stakeholder: Stakeholder) -> str:
    """Return the tie's type as read on `stakeholder`'s page: a directed type from its other
    end reads backwards ("Has as member", "Funded by")."""
    if tie.type in DIRECTED_TIES and tie.target_id == stakeholder.id:
        return str(TIE_TYPES_SEEN_FROM_TARGET[tie.type])
    return labels().of("relationship_type", tie.type)


OUTSIDE_LISTED_UP_TO = 3  # more ties outside the user's territory are counted, not listed


def outside_counted(ties: list[TieShown]) -> list[tuple[str, int]]:
    """Return, when more than OUTSIDE_LISTED_UP_TO current ties lead outside the user's
    territory, how many there are of each type (read from this page), most first; else
    nothing, and the page lists them one by one. A regional lead on a national funder's
    page reads "12 liens hors de votre territoire : Finance (9), Partenaire (3)", not
    twelve nameless lines."""
    outside = [row.type_label for row in ties if row.other is None and not row.ended]
    if len(outside) <= OUTSIDE_LISTED_UP_TO:
        return []
    return sorted(Counter(outside).items(), key=lambda item: (-item[1], item[0]))


def ties_shown(stakeholder: Stakeholder, today: date) -> list[TieShown]:
    """Return the ties of `stakeholder` as its page lists them for the user."""
    shown = []
    ties = ties_of(current_user, stakeholder.id, today).options(lazyload(Stakeholder.tags))
    for tie, other in db.session.execute(ties):  # the other ends' names, not their tags
        editable = other is not None and current_user.can_tie(stakeholder, other)
        ended = tie.ends_on is not None and tie.ends_on <= today
        started = tie.starts_on is None or tie.starts_on <= today
        end_form = None
        if editable and started and not ended:
            end_form = EndTieForm(formdata=None, prefix=f"tie-{tie.id}", version=tie.version)
        dates = tie_dates(tie, ended, today)
        read_as = tie_type(tie, stakeholder)
        shown.append(TieShown(tie, read_as, other, ended, dates, editable, end_form))
    return shown


def pending_tie_undo(
    stakeholder: Stakeholder, shown: list[TieShown]
) -> tuple[TieShown, UndoEndTieForm] | None:
    """Return the tie just ended from this page that it offers to put back (once: the next
    page shown forgets it), with its form."""
    undo = session.pop(TIE_UNDO, None)
    ended = {row.tie.id: row for row in shown if row.editable}
    if not undo or undo["stakeholder_id"] != stakeholder.id or undo["id"] not in ended:
        return None
    form = UndoEndTieForm(
        formdata=None, prefix="undo-tie", version=undo["version"], ends_on=undo["ends_on"]
    )
    return ended[undo["id"]], form


def place_of(stakeholder: Stakeholder) -> list[str]:
    """Return a stakeholder's place as its page reads it: its municipality (or the place
    in words), its MRC, its region: ["Roberval", "MRC Le Domaine-du-Roy", "02
    Saguenay–Lac-Saint-Jean"]. An equivalent territory of the same name as its city
    (Montréal, Laval, Lévis) is not said twice."""
    known = directory()
    place = known.by_code.get(stakeholder.municipality_code or "")
    where = place.name if place is not None else stakeholder.locality
    parts = [where] if where else []
    territory = known.territories.get(stakeholder.mrc_code or "")
    if territory is not None and fold(territory.name) != fold(where):
        if len(territory.code) == 3:
            parts.append(_("MRC %(name)s", name=territory.name))
        else:
            parts.append(_("%(name)s (territory equivalent to an MRC)", name=territory.name))
    if stakeholder.region_code:
        parts.append(f"{stakeholder.region_code} {labels().of('region', stakeholder.region_code)}")
    return parts


def stakeholder_detail(stakeholder: Stakeholder) -> dict:
    """Return the contacts, interactions (with who was present), commitments and ties of
    `stakeholder`, and the buttons and forms the user may use on its page."""
    # The page's own stakeholder is loaded: its contacts and commitments point at it
    # without joining it again (and its tags, region and sector with it).
    contacts = db.session.scalars(
        visible_contacts(current_user)
        .where(Contact.stakeholder_id == stakeholder.id)
        .order_by(Contact.name_key, Contact.id)
        .options(lazyload(Contact.stakeholder))
    ).all()
    # The latest 50 as plain rows, with who was there: three queries, no ORM objects.
    interactions = listed(
        visible_interactions(current_user)
        .where(involving(stakeholder.id))
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(50),
        present=True,
    )
    commitments = (
        db.session.scalars(
            visible_commitments(current_user)
            .where(Commitment.stakeholder_id == stakeholder.id)
            .order_by(Commitment.measure_code)
            .options(lazyload(Commitment.stakeholder), joinedload(Commitment.history))
        )
        .unique()
        .all()
    )
    # Its owner's name, from the users' names remembered (no query; None: no owner).
    owner = user_names().get(stakeholder.owner_id) if stakeholder.owner_id else None
    today = clock.today()
    ties = ties_shown(stakeholder, today)
    measure = labels().of
    return {
        "owner": owner,
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
        "outside_counted": outside_counted(ties),
        "tie_undo": pending_tie_undo(stakeholder, ties),
        "today": today,
        "archive_form": ArchiveForm(),
        "place": place_of(stakeholder),
    }
