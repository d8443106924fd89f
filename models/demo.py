"""Invented, reproducible demo data for all 17 regions, written in bulk and never committed.

Rows are built with one `random.Random(seed)` and written in chunks of 10,000 (`BulkWriter`).
Primary keys are assigned here, after each table's current maximum, so that association
rows can point at them without a flush per object: 100,000 stakeholders, with their
contacts, interactions and commitments (about 2.5 million rows), load in about half a
minute on SQLite. The command that calls `generate_demo` commits once.
"""

import os
import random
import secrets
from bisect import bisect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache, lru_cache
from itertools import accumulate

from sqlalchemy import Date, DateTime, select

from models import clock
from models import demo_names as names
from models.base import db, utcnow
from models.bulk import BulkWriter, vacuum_analyze
from models.commitment import Commitment, CommitmentStatusChange
from models.contact import Contact
from models.interaction import (
    Interaction,
    interaction_contact,
    interaction_measure,
    interaction_stakeholder,
)
from models.municipality import Place, directory
from models.normalize import fold, name_key
from models.reference import STAGES, Region
from models.reference_data import MEASURES, REGIONS, SECTORS, VOCABULARIES
from models.search import index_pending
from models.stakeholder import Relationship, Stakeholder, StakeholderTag
from models.user import User

DAYS = 730  # the demo's history: about two years before today
HORIZON = 5 * 365  # the furthest date, before or after today, that the demo writes
NOON = time(12)
DEMO_TWINS = 2  # stakeholders written twice (`_Builder._twin`), for the duplicate finder
MEASURE_CODES = [code for _theme, code, _fr, _en in MEASURES]
TIE_TYPES = [code for code, _fr, _en in VOCABULARIES["relationship_type"]]
TIE_INTENSITIES = [code for code, _fr, _en in VOCABULARIES["relationship_intensity"]]
DEMO_USERS = [  # email, role, name, regions
    ("admin@example.org", "admin", "Administration Maillage", ()),
    ("coordination@example.org", "coordinator", "Équipe de coordination", ()),
    ("lead.montreal@example.org", "regional_lead", "Responsable Montréal et Laval", ("06", "13")),
    ("lead.quebec@example.org", "regional_lead", "Responsable Capitale-Nationale", ("03",)),
    ("board@example.org", "board", "Conseil d'administration", ()),
]


@dataclass
class DemoSummary:
    """What `generate_demo` wrote, and the logins of the demo users it created."""

    stakeholders: int = 0
    contacts: int = 0
    interactions: int = 0
    commitments: int = 0
    relationships: int = 0
    users: int = 0  # demo users created (those that existed are left as they are)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def describe(self) -> str:
        """Return a short human summary, with the demo logins (email, role, password)."""
        lines = [
            f"Demo data: {self.stakeholders:,} stakeholders, {self.contacts:,} contacts, "
            f"{self.interactions:,} interactions, {self.commitments:,} commitments, "
            f"{self.relationships:,} relationships, {self.users} new users.",
        ]
        if self.logins:
            lines.append("Demo logins (email, role, password):")
            lines += [f"  {email:<27} {role:<14} {pw}" for email, role, pw in self.logins]
        else:
            lines.append("The demo users already existed: their passwords are unchanged.")
        return "\n".join(lines)


def database_is_empty() -> bool:
    """Return whether the database has neither stakeholders nor users."""
    return (
        db.session.scalar(select(Stakeholder.id).limit(1)) is None
        and db.session.scalar(select(User.id).limit(1)) is None
    )


def refresh_statistics() -> None:
    """After the demo committed: statistics and visibility map on PostgreSQL
    (`models.bulk.vacuum_analyze`; its BulkWriter already counted the tables it filled)."""
    vacuum_analyze(db.engine)


def generate_demo(
    seed: int = 2026, stakeholders: int = 300, progress: Callable[[str], object] | None = None
) -> DemoSummary:
    """Write invented demo data (same seed, same data) in the session; never commit."""
    say = progress or (lambda _line: None)
    users, logins = _demo_users()
    say(f"Users: {len(logins)} created")
    builder = _Builder(random.Random(seed), users)
    builder.stakeholders(stakeholders)
    say(f"Stakeholders: {len(builder.orgs)}")
    builder.contacts()
    builder.contact_twins()
    say(f"Contacts: {builder.writer.counts['contact']}")
    builder.interactions(round(stakeholders * 10 / 3))
    say(f"Interactions: {builder.writer.counts['interaction']}")
    builder.commitments()
    say(f"Commitments: {builder.writer.counts['commitment']}")
    builder.relationships(round(stakeholders * 0.3))
    builder.writer.finish()
    _demo_views(users)
    _demo_mail(users)
    counts = builder.writer.counts
    say(f"Relationships: {counts['relationship']}")
    say(f"Search index: {index_pending()}")
    return DemoSummary(
        counts["stakeholder"],
        counts["contact"],
        counts["interaction"],
        counts["commitment"],
        counts["relationship"],
        len(logins),
        logins,
    )


# A few saved views, so that the lists' "Views" menu and the home page show some: email of
# the owner, list, name, arguments, shared.
DEMO_VIEWS = [
    ("coordination@example.org", "stakeholders", "CPE de Montréal",
     {"region": "06", "sector": "childcare"}, True),
    ("coordination@example.org", "contacts", "Abonnés à l’infolettre",
     {"newsletter": "express"}, True),
    ("lead.montreal@example.org", "interactions", "Mes suivis en retard",
     {"follow_up": "overdue", "assigned": "me", "sort": "follow_up"}, False),
]  # fmt: skip


def _demo_views(users: dict[str, User]) -> None:
    """Add the demo's saved views that their owners do not have yet."""
    from models.lists import LISTS
    from models.saved_view import SavedView

    for email, list_name, name, args, shared in DEMO_VIEWS:
        owner = users[email]
        query = select(SavedView.id).filter_by(user_id=owner.id, list_name=list_name, name=name)
        if db.session.scalar(query) is None:
            listing = LISTS[list_name].parse(owner, args)
            db.session.add(SavedView(user_id=owner.id, list_name=list_name, name=name,
                                     args=listing.args(), shared=shared))  # fmt: skip
    db.session.flush()


# Two messages of the coordination's mail drop with addresses to classify ("Courriels à
# classer"): key, subject, days before today, excerpt, addresses waiting. The first is
# also logged with the demo's first email interaction of the coordination, and names its
# contact.
DEMO_MAIL = [
    ("demo-mail-1", "Table de concertation petite enfance : prochaine rencontre", None,
     "Bonjour à toutes et à tous,\nLa prochaine rencontre de la table aura lieu mardi à "
     "14 h. Merci de confirmer votre présence.",
     ["nadia.roy@example.net", "secretariat.table@example.net"]),
    ("demo-mail-2", "Suivi : places en CPE du quartier", 2,
     "Comme convenu, voici les chiffres des places en attente dans notre secteur. "
     "Nous pourrons en reparler à la rencontre.",
     ["nadia.roy@example.net", "j.bergeron@example.net"]),
]  # fmt: skip


def _demo_mail(users: dict[str, User]) -> None:
    """Add the demo's mail-drop messages that are not there yet (once, whatever the seed)."""
    import hashlib

    from models.maildrop import MaildropAddress, MaildropMessage

    user = users["coordination@example.org"]
    logged = db.session.execute(
        select(Interaction, Contact.email)
        .join(interaction_contact, interaction_contact.c.interaction_id == Interaction.id)
        .join(Contact, Contact.id == interaction_contact.c.contact_id)
        .where(Interaction.kind == "email", Interaction.logged_by_id == user.id)
        .where(Contact.email.is_not(None))
        .order_by(Interaction.id)
        .limit(1)
    ).first()
    for key, subject, days, excerpt, waiting in DEMO_MAIL:
        digest = hashlib.sha256(key.encode()).hexdigest()
        if db.session.scalar(select(MaildropMessage.id).filter_by(message_key=digest)):
            continue
        interaction, known = logged if days is None and logged else (None, None)
        on = interaction.occurred_on if interaction else clock.today() - timedelta(days=days or 9)
        db.session.add(
            MaildropMessage(
                message_key=digest, user=user, subject=subject, excerpt=excerpt,
                sent_at=datetime.combine(on, time(15)), interaction=interaction,
                addresses=[*([known] if known else []), *waiting],
                waiting=[MaildropAddress(address=address) for address in waiting],
            )
        )  # fmt: skip
    db.session.flush()


def _demo_users() -> tuple[dict[str, User], list[tuple[str, str, str]]]:
    """Create the demo users that do not exist yet; return all of them and the new logins."""
    emails = [email for email, *_rest in DEMO_USERS]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    password = os.environ.get("MAILLAGE_DEMO_PASSWORD") or secrets.token_urlsafe(15)
    password_hash, logins = "", []
    for email, role, name, regions in DEMO_USERS:
        if email in users:
            continue
        user = User(
            email=email,
            role=role,
            name=name,
            regions=[db.session.get(Region, code) for code in regions],
        )
        # scrypt is slow on purpose: hash once, and share that salted hash between accounts.
        if not password_hash:
            user.set_password(password)
            password_hash = user.password_hash
        user.password_hash = password_hash
        db.session.add(user)
        users[email] = user
        logins.append((email, role, password))
    db.session.flush()
    return users, logins


@dataclass(slots=True, eq=False)
class _Org:
    """What the later phases need to know of a generated stakeholder."""

    id: int
    region: str | None
    sector: str
    stage: str
    archived: bool
    is_table: bool
    contacts: list[int] = field(default_factory=list)


class _Builder:
    """The phases of the demo, sharing one random generator and one bulk writer.

    Dates are offsets in days before today (negative: after); `day` and `noon` map them to
    values the driver takes, converted once by SQLAlchemy's own type processors.
    """

    def __init__(self, rng: random.Random, users: dict[str, User]) -> None:
        self.rng, self.writer = rng, BulkWriter()
        dialect, today = self.writer.connection.dialect, clock.today()
        to_date = Date().dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
        to_time = DateTime().dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
        dates = {n: today - timedelta(days=n) for n in range(-HORIZON, HORIZON)}
        self.day = {n: to_date(d) for n, d in dates.items()}
        self.noon = {n: to_time(datetime.combine(d, NOON)) for n, d in dates.items()}
        self.orgs: list[_Org] = []
        # The first CPE of each region, and the duplicates still to write of them (`_twin`).
        self.first_cpes: dict[str, dict] = {}
        self.twins: list[int] = []
        self.places = _official_places()
        self.by_region: dict[str | None, list[_Org]] = {}
        self.coordinator = users["coordination@example.org"].id
        # Who logs interactions and owns the stakeholders nobody leads: mostly coordination.
        self.staff = (self.coordinator,) * 3 + (users["admin@example.org"].id,)
        montreal, quebec = (users[f"lead.{r}@example.org"].id for r in ("montreal", "quebec"))
        self.leads = {"06": montreal, "13": montreal, "03": quebec}
        now = to_time(utcnow())
        self.tracked = {
            "created_at": now,
            "updated_at": now,
            "version": 1,
            "created_by_id": self.coordinator,
            "updated_by_id": self.coordinator,
        }

    def stakeholders(self, count: int) -> None:
        """Write `count` stakeholders spread over every region, sector, level and stage."""
        rng, specs, regions = self.rng, [], len(REGIONS)
        for i in range(count):
            # The first rows cover every region, sector, stage and the national level, so
            # that even a small demo shows them all; the shuffle below hides the pattern.
            national = i == regions or (i > regions and rng.random() < 0.05)
            level = "national" if national else ("regional" if rng.random() < 0.2 else "local")
            region = (
                None if national else (REGIONS[i][0] if i < regions else names.PICK_REGION(rng))
            )
            sector = SECTORS[i][0] if i < len(SECTORS) else names.PICK_SECTOR[level](rng)
            stage = STAGES[i] if i < len(STAGES) else names.PICK_STAGE(rng)
            specs.append((level, region, sector, stage))
        rng.shuffle(specs)
        # Names already in a region (a second demo run) are numbered like the demo's repeats.
        existing = db.session.execute(select(Stakeholder.region_code, Stakeholder.name))
        seen: Counter[tuple[str | None, str]] = Counter((r, n) for r, n in existing)
        for spec in specs:
            self._stakeholder(*spec, seen)

    def _stakeholder(
        self, level: str, region: str | None, sector: str, stage: str, seen: Counter
    ) -> None:
        rng, table = self.rng, Stakeholder.__table__
        kind = "organization"
        if sector in ("municipal", "government") and rng.random() < 0.35:
            kind = "elected_official"
        elif sector in ("community", "childcare", "education") and rng.random() < 0.05:
            kind = "individual"
        locality = rng.choice(names.MUNICIPALITIES[region] if region else names.HEADQUARTERS)
        name = names.stakeholder_name(rng, sector, level, kind, region, locality)
        if (region, name) in seen:
            name = names.stakeholder_name(rng, sector, level, kind, region, locality)
        if (region, name) in seen and kind == "organization":
            name = names.site_name(rng, name, sector)
        base = name
        while (region, name) in seen:  # a big demo exhausts the combinations: number repeats
            seen[region, base] += 1
            name = f"{base} ({seen[region, base]})"
        seen[region, name] += 1
        key = _name_key(name)
        place = self.places.get((_name_key(locality), region))
        city = None if place else self.places.get((_name_key(names.CITY_OF.get(locality)), region))
        sid, slug = self.writer.new_id(table), _address(name)
        org = _Org(
            sid,
            region,
            sector,
            stage,
            rng.random() < 0.01,
            name.startswith("Table de concertation"),
        )
        self.orgs.append(org)
        self.by_region.setdefault(region, []).append(org)
        row = {
            "id": sid,
            "name": name,
            "name_key": key,
            "kind": kind,
            "sector_code": sector,
            "level": level,
            "region_code": region,
            "locality": place.name if place else locality,
            "municipality_code": place.code if place else None,
            "mrc_code": (place or city).mrc_code if (place or city) and region else None,
            "email": f"{slug}@{rng.choice(names.DOMAINS)}" if rng.random() < 0.7 else "",
            "phone": self._phone(region) if rng.random() < 0.7 else "",
            "website": f"https://www.example.org/{slug}" if rng.random() < 0.3 else "",
            "stage": stage,
            "owner_id": self.leads.get(region) or rng.choice(self.staff),
            "influence": None if rng.random() < 0.1 else rng.randint(1, 4) + (level != "local"),
            "interest": None
            if rng.random() < 0.1
            else min(5, 1 + STAGES.index(stage) + rng.randint(0, 1)),
            "notes": "",
            "external_ref": f"DEMO-{sid:07d}" if rng.random() < 0.15 else None,
            "archived": org.archived,
            **self.tracked,
        }
        self._twin(row, kind)
        self.writer.add(table, row)
        tags = set(rng.sample(names.TAGS, rng.randint(1, 2))) if rng.random() < 0.3 else set()
        if org.is_table:
            tags.add("table de concertation")
        for tag in sorted(tags):
            self.writer.add(StakeholderTag.__table__, {"stakeholder_id": sid, "name": tag})

    def _twin(self, row: dict, kind: str) -> None:
        """Make `row` a duplicate of its region's first CPE, written the long way
        (`Centre de la petite enfance … inc.`, same place and phone), in the first
        `DEMO_TWINS` regions that have two: what the duplicate finder shows."""
        region, name = row["region_code"], row["name"]
        if kind != "organization" or not region or not name.startswith("CPE "):
            return
        first = self.first_cpes.setdefault(region, row)
        if first is row or len(self.twins) >= DEMO_TWINS or first["id"] in self.twins:
            return
        row["name"] = f"Centre de la petite enfance {first['name'][4:]} inc."
        row["name_key"] = _name_key(row["name"])
        for column in ("locality", "municipality_code", "mrc_code", "phone", "email"):
            row[column] = first[column]
        self.twins.append(first["id"])

    def _phone(self, region: str | None) -> str:
        # 555-01xx numbers are reserved for fiction in North America.
        return f"{names.AREA_CODES.get(region or '', '514')}-555-01{self.rng.randint(0, 99):02d}"

    def contacts(self) -> None:
        """Write about 1.5 contacts per stakeholder, with unique emails and their consent."""
        rng, table = self.rng, Contact.__table__
        taken = set(db.session.scalars(select(Contact.email).where(Contact.email.is_not(None))))
        repeats: Counter[str] = Counter()
        for org in self.orgs:
            for _ in range(rng.choice((0, 1, 1, 1, 1, 2, 2, 2, 2, 3))):
                first, last, female = names.person(rng)
                email = None
                if rng.random() < 0.85:
                    local = f"{_slug(first)}.{_slug(last)}"
                    while email is None or email in taken:
                        repeats[local] += 1
                        n = repeats[local]
                        email = f"{local}{n if n > 1 else ''}@example.org"
                    taken.add(email)
                consent, consent_on, withdrawn, source = names.PICK_CONSENT(rng), None, None, ""
                if consent != "none":
                    age = rng.randint(30, 1100)
                    consent_on, source = self.day[age], rng.choice(names.SOURCES[consent])
                    if rng.random() < 0.06:
                        withdrawn = self.day[rng.randint(0, age - 1)]
                english = rng.random() < (0.2 if org.region in ("06", "07", "13") else 0.04)
                cid = self.writer.new_id(table)
                org.contacts.append(cid)
                self.writer.add(
                    table,
                    {
                        "id": cid,
                        "stakeholder_id": org.id,
                        "first_name": first,
                        "last_name": last,
                        "title": rng.choice(names.TITLES)[0 if female else 1],
                        "email": email,
                        "phone": self._phone(org.region) if rng.random() < 0.6 else "",
                        "language": "en" if english else "fr",
                        "newsletter_consent": consent,
                        "consent_date": consent_on,
                        "consent_source": source,
                        "consent_withdrawn_on": withdrawn,
                        "notes": "",
                        **self.tracked,
                    },
                )

    def contact_twins(self) -> None:
        """Write one person twice at a stakeholder, `Marie-Ève` and `Marie Eve` with one
        phone, for the duplicate finder to show (no random draw: the rest stays as it was)."""
        if not self.twins:
            return
        org = next(o for o in self.orgs if o.id == self.twins[0])
        phone = f"{names.AREA_CODES.get(org.region or '', '514')}-555-0100"
        for first in ("Marie-Ève", "Marie Eve"):
            cid = self.writer.new_id(Contact.__table__)
            org.contacts.append(cid)
            self.writer.add(
                Contact.__table__,
                {
                    "id": cid,
                    "stakeholder_id": org.id,
                    "first_name": first,
                    "last_name": "Lavoie",
                    "title": "Directrice générale",
                    "email": None,
                    "phone": phone,
                    "language": "fr",
                    "newsletter_consent": "none",
                    "consent_date": None,
                    "consent_source": "",
                    "consent_withdrawn_on": None,
                    "notes": "",
                    **self.tracked,
                },
            )

    def interactions(self, count: int) -> None:
        """Write `count` interactions over two years; about 15% are joint meetings."""
        rng, table, add = self.rng, Interaction.__table__, self.writer.add
        weights = list(
            accumulate((0.2 if o.archived else 1) * names.ACTIVITY[o.stage] for o in self.orgs)
        )
        # Sorted dates make ids follow time, as they do in real use.
        for offset in sorted((rng.randint(0, DAYS) for _ in range(count)), reverse=True):
            iid = self.writer.new_id(table)
            primary = self.orgs[bisect(weights, rng.random() * weights[-1])]
            group = [primary]
            if rng.random() < 0.15:
                pool = self.by_region.get(primary.region) if rng.random() < 0.8 else None
                pool, wanted = pool or self.orgs, rng.randint(2, 4)
                for _ in range(3 * wanted):
                    other = pool[rng.randrange(len(pool))]
                    if other not in group:
                        group.append(other)
                    if len(group) == wanted:
                        break
            kind = names.PICK_JOINT_KIND(rng) if len(group) > 1 else names.PICK_KIND(rng)
            measures = rng.sample(MEASURE_CODES, rng.choice((0, 1, 1, 1, 2, 2, 3)))
            follow_up, done = None, False
            if rng.random() < 0.3:
                follow_up = offset - rng.randint(7, 45)
                done = follow_up > 0 and rng.random() < 0.7  # past follow-ups are mostly done
            logger = rng.choice(self.staff)
            add(
                table,
                {
                    "id": iid,
                    "occurred_on": self.day[offset],
                    "kind": kind,
                    "logged_by_id": logger,
                    "follow_up_done": done,
                    "summary": names.interaction_summary(rng, measures),
                    "follow_up_on": None if follow_up is None else self.day[follow_up],
                    "assigned_to_id": None
                    if follow_up is None
                    else self.assignee(iid, group, logger),
                    **self.tracked,
                },
            )
            for org in group:
                add(interaction_stakeholder, {"interaction_id": iid, "stakeholder_id": org.id})
                if not org.contacts:
                    continue
                if kind in ("call", "email"):  # one person answers, at the main stakeholder
                    present = [rng.choice(org.contacts)] if org is primary else []
                else:
                    present = rng.sample(org.contacts, min(len(org.contacts), rng.randint(0, 2)))
                for contact_id in present:
                    add(interaction_contact, {"interaction_id": iid, "contact_id": contact_id})
            for code in measures:
                add(interaction_measure, {"interaction_id": iid, "measure_code": code})

    def assignee(self, iid: int, group: list[_Org], logger: int) -> int:
        """Return who holds a follow-up: two in three of those with a region's
        stakeholders only, its lead (the coordination hands them over), else the logger.
        Chosen from the id, not the random stream: the rest of the data stays the same."""
        lead = self.leads.get(group[0].region)
        if lead is None or iid % 3 == 0 or any(self.leads.get(o.region) != lead for o in group):
            return logger
        return lead

    def commitments(self) -> None:
        """Write about three commitments per stakeholder, each with its first status change."""
        rng, table, history = self.rng, Commitment.__table__, CommitmentStatusChange.__table__
        # The sector's usual measures, three times over: favoured without excluding others.
        pools = {s: names.AFFINITY[s] * 3 + tuple(MEASURE_CODES) for s, _fr, _en in SECTORS}
        for org in self.orgs:
            pool, chosen = pools[org.sector], []
            wanted = rng.randint(*names.COMMITMENTS_PER_STAGE[org.stage])
            while len(chosen) < wanted:
                code = pool[rng.randrange(len(pool))]
                if code not in chosen:
                    chosen.append(code)
            for code in chosen:
                status = names.PICK_STATUS[org.stage](rng)
                undated = status == "intended" and rng.random() < 0.5
                committed = rng.randint(0, DAYS)
                due = committed - rng.randint(180, 900) if rng.random() < 0.4 else None
                cid = self.writer.new_id(table)
                self.writer.add(
                    table,
                    {
                        "id": cid,
                        "stakeholder_id": org.id,
                        "measure_code": code,
                        "status": status,
                        "involvement": names.PICK_INVOLVEMENT[org.stage](rng),
                        "committed_on": None if undated else self.day[committed],
                        "due_on": None if due is None else self.day[due],
                        "description": rng.choice(names.COMMITMENT_NOTES),
                        **self.tracked,
                    },
                )
                self.writer.add(
                    history,
                    {
                        "id": self.writer.new_id(history),
                        "commitment_id": cid,
                        "status": status,
                        "changed_on": self.day[committed],
                        "changed_at": self.noon[committed],
                        "user_id": self.coordinator,
                    },
                )

    def relationships(self, count: int) -> None:
        """Write about `count` declared ties of every type and intensity: members of the
        concertation tables, funders' support, partners, a few other ties; begun over the
        last five years (some undated), some ended, a few ending later, some with a note.
        The first eight take each type and each intensity in turn, so that even a small
        demo has them all."""
        rng, table = self.rng, Relationship.__table__
        tables = [o for o in self.orgs if o.is_table]
        funders = [o for o in self.orgs if o.sector == "philanthropy"]
        seen: set[tuple[int, int, str]] = set()
        for _ in range(3 * count):  # bounded: a tiny demo may have too few distinct ties
            if len(seen) >= count:
                break
            first = len(seen) < 8
            kind = TIE_TYPES[len(seen) % 4] if first else names.PICK_RELATIONSHIP(rng)
            if kind == "member_of":  # of a table when the demo has some, from its region
                target = rng.choice(tables or self.orgs)
                source = self._neighbour(target, local=1.0)
            elif kind == "funds" and funders:
                source = rng.choice(funders)
                target = self._neighbour(source)
            else:
                source = rng.choice(self.orgs)
                target = self._neighbour(source)
            if source is target or (source.id, target.id, kind) in seen:
                continue
            # The second four shift the intensities, so that no type keeps just one.
            turn = len(seen) + len(seen) // 4
            intensity = TIE_INTENSITIES[turn % 4] if first else names.PICK_INTENSITY[kind](rng)
            seen.add((source.id, target.id, kind))
            starts, ends = self._tie_dates()
            note = rng.choice(names.TIE_NOTES[kind]) if rng.random() < 0.3 else ""
            self.writer.add(
                table,
                {
                    "id": self.writer.new_id(table),
                    "source_id": source.id,
                    "target_id": target.id,
                    "type": kind,
                    "intensity": intensity,
                    "notes": note,
                    "starts_on": None if starts is None else self.day[starts],
                    "ends_on": None if ends is None else self.day[ends],
                    **self.tracked,
                },
            )

    def _tie_dates(self) -> tuple[int | None, int | None]:
        """Return a tie's start and end, in days before today (None: not said): most begun
        in the last five years; about one in six ended (the day after its start at the
        earliest, yesterday at the latest), one in twenty ending in the next two years."""
        rng = self.rng
        starts = rng.randint(1, HORIZON - 1) if rng.random() < 0.8 else None
        ends, luck = None, rng.random()
        if starts is not None and starts > 1 and luck < 0.17:
            ends = rng.randint(1, starts - 1)
        elif luck > 0.95:
            ends = -rng.randint(30, 730)
        return starts, ends

    def _neighbour(self, org: _Org, local: float = 0.85) -> _Org:
        """Return a stakeholder of the same region with the odds `local` (a local
        concertation table's members: always), else anyone."""
        pool = self.by_region.get(org.region) if self.rng.random() < local else None
        pool = pool or self.orgs
        return pool[self.rng.randrange(len(pool))]


@cache
def _official_places() -> dict[tuple[str, str | None], Place]:
    """The directory's municipalities by (name key, region), those whose name is unique in
    their region; a national stakeholder's headquarters by (name key, None)."""
    places: dict[tuple[str, str | None], list[Place]] = {}
    for place in directory().by_code.values():
        if place.active:
            places.setdefault((_name_key(place.name), place.region_code), []).append(place)
            places.setdefault((_name_key(place.name), None), []).append(place)
    return {key: found[0] for key, found in places.items() if len(found) == 1}


def _slug(text: str) -> str:
    """Return `text` folded for an email address (`Marie-Ève` → `marie-eve`)."""
    return fold(text).replace(" ", "-")


def _address(name: str) -> str:
    """Return the first meaningful words of `name`, for an address (`cpe-petits-soleils`)."""
    words = [w for w in fold(name).split() if w not in names.STOP_WORDS] or ["info"]
    address = words[0]
    for word in words[1:]:
        if len(address) + len(word) >= 30:
            break
        address += f"-{word}"
    return address


@lru_cache(maxsize=200_000)
def _name_key(name: str) -> str:
    """Return `name_key(name)`, remembered: the same names recur across regions."""
    return name_key(name)
