"""The weekly digest's email: a user's overdue follow-ups, then those due within a week,
each with the stakeholders they may see, its date and a link, in their language (plain
text with an HTML alternative). `jobs.digest` decides when and to whom it goes."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from babel.dates import format_skeleton
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.calendar.feed import excerpt
from app.links import public_link
from app.mail import send_mail
from app.navigation import canadian
from models import Interaction, User, db
from models.lists.interactions import WEEK_DAYS
from models.scoping import assigned_follow_ups, visible_participants

# At most this many follow-ups of each part are listed; the email says how many more.
SHOWN = 30
# The first line of a follow-up's summary, cut to this length.
LINE_CHARS = 120


@dataclass
class Item:
    """One follow-up as the email lists it."""

    day: date
    names: str
    line: str
    link: str


@dataclass
class Part:
    """Overdue follow-ups, or those coming: the first SHOWN, and how many in all."""

    items: list[Item] = field(default_factory=list)
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class Digest:
    """What one user's digest of the week of `week_start` says."""

    user: User
    week_start: date
    until: date
    overdue: Part
    coming: Part

    @property
    def empty(self) -> bool:
        return not (self.overdue.count or self.coming.count)


def digest_of(user: User, week_start: date, today: date) -> Digest:
    """Return `user`'s digest: overdue on `today`, and due from it to WEEK_DAYS after."""
    until = today + timedelta(days=WEEK_DAYS)
    overdue = _part(user, Interaction.follow_up_on < today)
    coming = _part(user, Interaction.follow_up_on.between(today, until))
    return Digest(user, week_start, until, overdue, coming)


def _part(user: User, condition) -> Part:
    query = assigned_follow_ups(user).where(condition)
    count = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(Interaction.follow_up_on, Interaction.id)
        .limit(SHOWN)
        .options(selectinload(Interaction.stakeholders))
    )
    return Part([_item(user, interaction) for interaction in rows], count)


def _item(user: User, interaction: Interaction) -> Item:
    line = excerpt(interaction.summary).split("\n", 1)[0]
    if len(line) > LINE_CHARS:
        line = line[: LINE_CHARS - 1].rstrip() + "…"
    names = ", ".join(s.name for s in visible_participants(user, interaction))
    link = public_link("interactions.detail", interaction_id=interaction.id)
    return Item(interaction.follow_up_on, names, line, link)


def send_digest(digest: Digest) -> None:
    """Email `digest` to its user, in their language. Raises OSError if SMTP fails."""
    user = digest.user
    with force_locale(user.language):
        week = format_skeleton("MMMMd", digest.week_start, locale=canadian())
        subject = _("Your follow-ups for the week of %(day)s", day=week)
        words = {
            "digest": digest,
            "subject": subject,
            "home": public_link("main.index"),
            "account": public_link("account.index"),
        }
        text = render_template("digest/email.txt", **words)
        html = render_template("digest/email.html", **words)
    send_mail(user.email, subject, text, html=html)
