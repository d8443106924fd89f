"""The personal calendar feed (RFC 5545, written with `icalendar`) that Outlook and Google
Calendar subscribe to: an all-day event per open follow-up assigned to the user and per
coming meeting they logged or own, naming only the stakeholders they may see, in their
language. Interactions have a date and no time: every event is all-day, so the zone's
VTIMEZONE is there for the calendar's clients, not for the events."""

from datetime import UTC, date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, Timezone
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from app.links import public_host, public_link
from models import Interaction, User, clock, db
from models.labels import Labels
from models.scoping import assigned_follow_ups, visible_interactions, visible_participants

# How much of an interaction's summary an event's description carries.
EXCERPT_LINES, EXCERPT_CHARS = 5, 500
# How often a calendar client should read the feed again.
REFRESH = timedelta(hours=1)


def excerpt(summary: str | None) -> str:
    """Return the first lines of a summary, cut to EXCERPT_CHARS."""
    lines = (summary or "").strip().splitlines()[:EXCERPT_LINES]
    text = "\n".join(line.rstrip() for line in lines)
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def calendar_of(user: User) -> bytes:
    """Return `user`'s calendar feed as iCalendar bytes."""
    today, zone = clock.today(), current_app.config["BABEL_DEFAULT_TIMEZONE"]
    with force_locale(user.language):
        calendar = Calendar()
        calendar.add("prodid", "-//Collectif petite enfance//Maillage//FR")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        name = user.name or user.email
        calendar.add("x-wr-calname", _("Maillage — follow-ups of %(name)s", name=name))
        calendar.add("x-wr-timezone", zone)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH)
        calendar.add_component(_timezone(zone, today))
        kind = Labels(user.language).of("interaction_kind", "meeting")
        for interaction in _follow_ups(user):
            names = _names(user, interaction)
            summary = _("Follow-up: %(names)s", names=names)
            calendar.add_component(_event(interaction, "followup", interaction.follow_up_on,
                                          summary))  # fmt: skip
        for interaction in _meetings(user, today):
            summary = _("%(kind)s: %(names)s", kind=kind, names=_names(user, interaction))
            calendar.add_component(_event(interaction, "meeting", interaction.occurred_on,
                                          summary))  # fmt: skip
    return calendar.to_ical()


def _follow_ups(user: User) -> list[Interaction]:
    query = assigned_follow_ups(user).order_by(Interaction.follow_up_on, Interaction.id)
    return db.session.scalars(query.options(selectinload(Interaction.stakeholders))).all()


def _meetings(user: User, today: date) -> list[Interaction]:
    """Return the meetings from `today` on that `user` logged or owns the follow-up of."""
    query = visible_interactions(user).where(
        Interaction.kind == "meeting",
        Interaction.occurred_on >= today,
        or_(Interaction.logged_by_id == user.id, Interaction.assigned_to_id == user.id),
    )
    query = query.order_by(Interaction.occurred_on, Interaction.id)
    return db.session.scalars(query.options(selectinload(Interaction.stakeholders))).all()


def _names(user: User, interaction: Interaction) -> str:
    return ", ".join(s.name for s in visible_participants(user, interaction))


def _timezone(zone: str, today: date) -> Timezone:
    """Return the VTIMEZONE of `zone` for this year and the next."""
    first, last = date(today.year, 1, 1), date(today.year + 1, 12, 31)
    return Timezone.from_tzid(zone, first_date=first, last_date=last)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _event(interaction: Interaction, kind: str, day: date, summary: str) -> Event:
    """Return the all-day event of `interaction` on `day`; its UID stays the same for as
    long as the interaction lives, and its SEQUENCE follows the interaction's version."""
    link = public_link("interactions.detail", interaction_id=interaction.id)
    event = Event()
    event.add("uid", f"{kind}-{interaction.id}@{public_host()}")
    # The last change of the interaction: the feed reads the same until something changes.
    event.add("dtstamp", _utc(interaction.updated_at))
    event.add("last-modified", _utc(interaction.updated_at))
    event.add("created", _utc(interaction.created_at))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    text = excerpt(interaction.summary)
    event.add("description", f"{text}\n\n{link}" if text else link)
    event.add("url", link)
    event.add("sequence", interaction.version)
    event.add("transp", "TRANSPARENT")  # a reminder, not time taken: free/busy stays free
    return event
