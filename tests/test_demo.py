"""`models.demo` and `maillage demo`: invented data over every region, reproducible."""

import pytest
from sqlalchemy import func, select, text

from models import (
    Commitment,
    CommitmentStatusChange,
    Contact,
    Interaction,
    Relationship,
    Stakeholder,
    User,
    clock,
    db,
    interaction_stakeholder,
)
from models.demo import database_is_empty, generate_demo
from models.normalize import name_key
from models.reference import LEVELS, STAGES
from models.reference_data import REGIONS, SECTORS


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def demo_password(summary) -> str:
    passwords = {password for _email, _role, password in summary.logins}
    assert len(passwords) == 1
    return passwords.pop()


@pytest.fixture
def instance(app, tmp_path, monkeypatch):
    """Give the app a fresh instance folder, so the logins file starts absent."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    return tmp_path


def test_default_demo_covers_every_region_sector_level_and_stage(app):
    summary = generate_demo()
    db.session.commit()
    stakeholders = db.session.scalars(select(Stakeholder)).all()
    assert len(stakeholders) == summary.stakeholders == 300
    assert {s.region_code for s in stakeholders} - {None} == {code for code, _ in REGIONS}
    assert {s.sector_code for s in stakeholders} == {code for code, _fr, _en in SECTORS}
    assert {s.level for s in stakeholders} == set(LEVELS)
    assert {s.stage for s in stakeholders} == set(STAGES)
    assert all((s.level == "national") == (s.region_code is None) for s in stakeholders)
    assert 5 <= sum(s.level == "national" for s in stakeholders) <= 30
    assert all(s.name_key == name_key(s.name) for s in stakeholders)
    assert len({(s.name_key, s.region_code) for s in stakeholders}) == len(stakeholders)
    emails = [s.email for s in stakeholders if s.email]
    emails += db.session.scalars(select(Contact.email).where(Contact.email.is_not(None))).all()
    assert emails and all(e.endswith(("@example.org", "@example.com")) for e in emails)
    assert count(Contact) == summary.contacts and 350 <= summary.contacts <= 550


def test_default_demo_has_joint_meetings_follow_ups_and_unique_commitments(app):
    summary = generate_demo()
    db.session.commit()
    assert count(Interaction) == summary.interactions == 1000
    sizes = db.session.scalars(
        select(func.count())
        .select_from(interaction_stakeholder)
        .group_by(interaction_stakeholder.c.interaction_id)
    ).all()
    assert len(sizes) == 1000
    assert 80 <= sum(size >= 2 for size in sizes) <= 250 and max(sizes) <= 4
    today = clock.today()
    overdue = db.session.scalar(
        select(func.count()).where(
            Interaction.follow_up_on < today, Interaction.follow_up_done.is_(False)
        )
    )
    done = db.session.scalar(select(func.count()).where(Interaction.follow_up_done.is_(True)))
    assert overdue > 0 and done > 0
    # Every follow-up has its holder; the leads hold some the coordination logged, each
    # one of a stakeholder they may act on.
    held = db.session.execute(
        select(Interaction.logged_by_id, Interaction.assigned_to_id).where(
            Interaction.follow_up_on.is_not(None)
        )
    ).all()
    assert all(assignee is not None for _logger, assignee in held)
    handed = [i for i in db.session.scalars(select(Interaction).where(
        Interaction.assigned_to_id != Interaction.logged_by_id))]  # fmt: skip
    assert len(handed) >= 20
    assert all(i.assigned_to.can_take_follow_up(i.stakeholders) for i in handed)
    assert count(Commitment) == summary.commitments and 700 <= summary.commitments <= 1100
    pairs = db.session.execute(select(Commitment.stakeholder_id, Commitment.measure_code)).all()
    assert len(set(pairs)) == len(pairs)
    assert count(CommitmentStatusChange) == summary.commitments
    assert count(Relationship) == summary.relationships == 90
    assert (
        db.session.scalar(
            select(func.count()).where(Relationship.source_id == Relationship.target_id)
        )
        == 0
    )


def test_default_demo_declares_ties_of_every_type_and_intensity(app):
    generate_demo()
    db.session.commit()
    ties = db.session.scalars(select(Relationship)).all()
    assert {t.type for t in ties} == {"partner", "member_of", "funds", "other"}
    assert {t.intensity for t in ties} - {None} == {
        "awareness", "cooperation", "coordination", "integration"
    }  # fmt: skip
    today = clock.today()
    ended = [t for t in ties if t.ends_on is not None and t.ends_on < today]
    assert 5 <= len(ended) < len(ties) / 3
    assert all(t.starts_on is None or t.starts_on <= t.ends_on for t in ties if t.ends_on)
    assert {t.starts_on.year for t in ties if t.starts_on} >= {today.year - 3, today.year - 1}
    assert 10 <= sum(bool(t.notes) for t in ties) < len(ties) / 2
    # Members of the local concertation tables, and foundations that fund.
    tables = {t.target.name for t in ties if t.type == "member_of"}
    assert all(name.startswith("Table de concertation") for name in tables), tables
    assert all(t.source.sector_code == "philanthropy" for t in ties if t.type == "funds")


def test_demo_users_have_their_roles_regions_and_one_password(app, monkeypatch):
    monkeypatch.delenv("MAILLAGE_DEMO_PASSWORD", raising=False)
    summary = generate_demo(stakeholders=60)
    db.session.commit()
    users = {u.email: u for u in db.session.scalars(select(User))}
    expected = {
        "admin@example.org": ("admin", []),
        "coordination@example.org": ("coordinator", []),
        "lead.montreal@example.org": ("regional_lead", ["06", "13"]),
        "lead.quebec@example.org": ("regional_lead", ["03"]),
        "board@example.org": ("board", []),
    }
    assert {email: (u.role, u.region_codes) for email, u in users.items()} == expected
    password = demo_password(summary)
    assert len(password) >= 16
    assert all(u.check_password(password) for u in users.values())
    assert {(email, role) for email, role, _ in summary.logins} == {
        (email, role) for email, (role, _regions) in expected.items()
    }
    assert password in summary.describe() and "lead.quebec@example.org" in summary.describe()


def test_demo_password_comes_from_the_environment(app, monkeypatch):
    monkeypatch.setenv("MAILLAGE_DEMO_PASSWORD", "un-mot-de-passe-de-demo")
    summary = generate_demo(stakeholders=30)
    db.session.commit()
    assert demo_password(summary) == "un-mot-de-passe-de-demo"
    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    assert admin.check_password("un-mot-de-passe-de-demo")


def test_existing_demo_users_are_kept_as_they_are(app, make_user):
    admin = make_user("admin", email="admin@example.org")
    old_hash = admin.password_hash
    summary = generate_demo(stakeholders=30)
    db.session.commit()
    assert summary.users == 4
    assert "admin@example.org" not in [email for email, _role, _pw in summary.logins]
    assert db.session.get(User, admin.id).password_hash == old_hash
    assert count(User) == 5


def test_same_seed_gives_the_same_data(app):
    def snapshot() -> tuple:
        return (
            db.session.execute(
                select(Stakeholder.name, Stakeholder.region_code, Stakeholder.stage).order_by(
                    Stakeholder.id
                )
            ).all(),
            db.session.execute(
                select(Interaction.occurred_on, Interaction.summary).order_by(Interaction.id)
            ).all(),
            db.session.execute(
                select(Commitment.measure_code, Commitment.status).order_by(Commitment.id)
            ).all(),
        )

    generate_demo(seed=7, stakeholders=60)
    first = snapshot()
    db.session.rollback()  # the demo never commits: undo it and run it again
    generate_demo(seed=7, stakeholders=60)
    assert snapshot() == first
    db.session.rollback()
    generate_demo(seed=8, stakeholders=60)
    assert snapshot()[0] != first[0]


def test_a_second_demo_adds_to_the_first_without_duplicates(app):
    generate_demo(seed=3, stakeholders=40)
    db.session.commit()
    summary = generate_demo(seed=3, stakeholders=40)
    db.session.commit()
    assert summary.users == 0 and not summary.logins
    assert "already existed" in summary.describe()
    keys = db.session.execute(select(Stakeholder.name_key, Stakeholder.region_code)).all()
    assert len(keys) == 80 and len(set(keys)) == 80


def test_a_small_demo_still_reaches_every_region(app):
    generate_demo(stakeholders=50)
    regions = set(db.session.scalars(select(Stakeholder.region_code)))
    assert regions - {None} == {code for code, _ in REGIONS}
    assert None in regions


def restart_sequences(*models) -> None:
    """Rewind PostgreSQL sequences to 1, as in a new database (other tests moved them)."""
    if db.session.get_bind().dialect.name == "postgresql":
        for model in models:
            table = model.__table__.name
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1, false)")
            )


def test_records_created_after_the_demo_get_fresh_ids(
    app, make_stakeholder, make_contact, make_interaction, make_commitment
):
    restart_sequences(Stakeholder, Contact, Interaction, Commitment, Relationship)
    generate_demo(stakeholders=30)
    db.session.commit()
    stakeholder = make_stakeholder("CPE Nouveau Départ", region="06")
    assert stakeholder.id > 30
    contact = make_contact(stakeholder, email="nouveau.contact@example.org")
    interaction = make_interaction([stakeholder])
    commitment = make_commitment(stakeholder, measure="housing")
    assert contact.id and interaction.id and commitment.id
    other = db.session.scalars(select(Stakeholder).order_by(Stakeholder.id)).first()
    relationship = Relationship(source=stakeholder, target=other)
    db.session.add(relationship)
    db.session.commit()
    assert relationship.id == count(Relationship)


def test_database_is_empty_until_there_is_a_user_or_a_stakeholder(app, make_user):
    assert database_is_empty()
    make_user("board")
    assert not database_is_empty()


def test_demo_command_loads_data_and_prints_the_logins(runner, instance, monkeypatch):
    monkeypatch.setenv("MAILLAGE_DEMO_PASSWORD", "un-mot-de-passe-de-demo")
    result = runner.invoke(args=["demo", "--stakeholders", "60"])
    assert result.exit_code == 0, result.output
    assert "Stakeholders: 60" in result.output
    assert "coordination@example.org" in result.output
    assert "un-mot-de-passe-de-demo" in result.output
    assert count(Stakeholder) == 60
    saved = (instance / "demo-logins.txt").read_text(encoding="utf-8").splitlines()
    assert len(saved) == 5
    assert saved[0].split() == ["admin", "admin@example.org", "un-mot-de-passe-de-demo"]

    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "no demo loaded" in again.output
    assert "lead.montreal@example.org" in again.output
    assert "un-mot-de-passe-de-demo" in again.output
    assert count(Stakeholder) == 60


def test_demo_command_if_empty_loads_an_empty_database(runner, instance):
    result = runner.invoke(args=["demo", "--if-empty", "--stakeholders", "20"])
    assert result.exit_code == 0, result.output
    assert count(Stakeholder) == 20
    assert (instance / "demo-logins.txt").exists()


def test_the_demo_has_saved_views_once_and_the_leads_open_in_their_scope(app):
    from models.saved_view import SavedView

    generate_demo(seed=3, stakeholders=40)
    generate_demo(seed=3, stakeholders=40)
    db.session.commit()
    views = {v.name: v for v in db.session.scalars(select(SavedView))}
    assert sorted(views) == ["Abonnés à l’infolettre", "CPE de Montréal", "Mes suivis en retard"]
    montreal = views["CPE de Montréal"]
    assert montreal.shared and montreal.args == {"region": ["06"], "sector": "childcare"}
    listing = montreal.listing(montreal.user)
    assert not listing.dropped and listing.count() > 0


def test_the_demo_has_emails_to_classify_for_the_coordination_once(app):
    from models.maildrop import MaildropAddress, MaildropMessage

    generate_demo(seed=3, stakeholders=40)
    generate_demo(seed=3, stakeholders=40)
    db.session.commit()
    messages = db.session.scalars(select(MaildropMessage).order_by(MaildropMessage.id)).all()
    assert len(messages) == 2
    assert {m.user.email for m in messages} == {"coordination@example.org"}
    logged = messages[0].interaction
    assert logged is not None and logged.kind == "email"
    assert {c.email for c in logged.contacts} & set(messages[0].addresses)
    waiting = db.session.scalars(select(MaildropAddress.address)).all()
    assert sorted(waiting) == [
        "j.bergeron@example.net", "nadia.roy@example.net", "nadia.roy@example.net",
        "secretariat.table@example.net",
    ]  # fmt: skip
    assert all(a.endswith("@example.net") for a in waiting)
