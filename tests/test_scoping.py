"""Territory scoping: each role's selects return exactly what it may see (SPEC §1)."""

import random

import pytest
from sqlalchemy import func, select

from models import Stakeholder, db
from models.reference_data import REGIONS
from models.scoping import (
    visible_commitments,
    visible_contacts,
    visible_interactions,
    visible_participants,
    visible_relationships,
    visible_stakeholder_ids,
    visible_stakeholders,
)

LEAD_REGIONS = ["06", "13"]
ROLES = ["admin", "coordinator", "board", "regional_lead"]
SELECTS = {
    "stakeholders": visible_stakeholders,
    "contacts": visible_contacts,
    "interactions": visible_interactions,
    "commitments": visible_commitments,
    "relationships": visible_relationships,
}

# What the territory below holds, by entity, and what a lead of 06 and 13 may see of it.
EVERYTHING = {
    "stakeholders": {"cpe_06", "cisss_13", "city_16", "ministry"},
    "contacts": {
        "contact_06",
        "contact_13",
        "contact_16",
        "contact_ministry",
        "contact_without_stakeholder",
    },
    "interactions": {"call_06", "call_16", "joint_06_16", "meeting_ministry", "joint_13_ministry"},
    "commitments": {"cpe_06_housing", "cisss_13_transit", "city_16_housing", "ministry_housing"},
    "relationships": {"cpe_06_cisss_13", "cpe_06_city_16", "city_16_ministry", "ministry_cisss_13"},
}
LEAD_SEES = {
    "stakeholders": {"cpe_06", "cisss_13", "ministry"},
    "contacts": {"contact_06", "contact_13", "contact_ministry"},
    "interactions": {"call_06", "joint_06_16", "meeting_ministry", "joint_13_ministry"},
    "commitments": {"cpe_06_housing", "cisss_13_transit", "ministry_housing"},
    "relationships": {"cpe_06_cisss_13", "ministry_cisss_13"},
}


@pytest.fixture
def territory(make_stakeholder, make_contact, make_interaction, make_commitment, make_relationship):
    """Build stakeholders in 06, 13 and 16 and a national one, with everything around them.

    Returns {entity: {name: id}} for the entities of EVERYTHING.
    """
    s = {
        "cpe_06": make_stakeholder("CPE Soleil", region="06"),
        "cisss_13": make_stakeholder(
            "CISSS de Laval", region="13", level="regional", sector="health"
        ),
        "city_16": make_stakeholder("Ville de Longueuil", region="16", sector="municipal"),
        "ministry": make_stakeholder("Ministère de la Famille", region=None, sector="government"),
    }
    contacts = {f"contact_{key.split('_')[-1]}": make_contact(s[key]) for key in s}
    contacts["contact_without_stakeholder"] = make_contact(None)
    interactions = {
        "call_06": make_interaction([s["cpe_06"]], kind="call"),
        "call_16": make_interaction([s["city_16"]], kind="call"),
        "joint_06_16": make_interaction([s["cpe_06"], s["city_16"]]),
        "meeting_ministry": make_interaction([s["ministry"]]),
        "joint_13_ministry": make_interaction([s["cisss_13"], s["ministry"]]),
    }
    commitments = {
        "cpe_06_housing": make_commitment(s["cpe_06"], "housing"),
        "cisss_13_transit": make_commitment(s["cisss_13"], "transit"),
        "city_16_housing": make_commitment(s["city_16"], "housing"),
        "ministry_housing": make_commitment(s["ministry"], "housing"),
    }
    relationships = {
        "cpe_06_cisss_13": make_relationship(s["cpe_06"], s["cisss_13"]),
        "cpe_06_city_16": make_relationship(s["cpe_06"], s["city_16"]),
        "city_16_ministry": make_relationship(s["city_16"], s["ministry"], type="funds"),
        "ministry_cisss_13": make_relationship(s["ministry"], s["cisss_13"], type="funds"),
    }
    built = {
        "stakeholders": s,
        "contacts": contacts,
        "interactions": interactions,
        "commitments": commitments,
        "relationships": relationships,
    }
    return {entity: {name: obj.id for name, obj in objs.items()} for entity, objs in built.items()}


@pytest.fixture
def lead(make_user):
    """Return a regional lead of Montréal (06) and Laval (13)."""
    return make_user("regional_lead", regions=LEAD_REGIONS)


def seen(select_of, user, ids_by_name: dict[str, int]) -> set[str]:
    """Return the names of the rows that `select_of(user)` returns."""
    names = {i: name for name, i in ids_by_name.items()}
    rows = db.session.scalars(select_of(user)).unique().all()
    return {names[row.id] for row in rows}


@pytest.mark.parametrize("entity", list(SELECTS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_territory(territory, make_user, role, entity):
    user = make_user(role, regions=LEAD_REGIONS if role == "regional_lead" else ())
    expected = LEAD_SEES if role == "regional_lead" else EVERYTHING
    assert seen(SELECTS[entity], user, territory[entity]) == expected[entity]


@pytest.mark.parametrize("entity", list(SELECTS))
def test_the_system_itself_sees_everything(territory, entity):
    assert seen(SELECTS[entity], None, territory[entity]) == EVERYTHING[entity]


def test_regional_lead_never_sees_another_region(territory, lead):
    regions = db.session.scalars(
        select(Stakeholder.region_code).where(Stakeholder.id.in_(visible_stakeholder_ids(lead)))
    ).all()
    assert "16" not in regions
    assert (
        territory["stakeholders"]["city_16"]
        not in db.session.scalars(visible_stakeholder_ids(lead)).all()
    )
    found = db.session.scalar(
        visible_stakeholders(lead).where(Stakeholder.id == territory["stakeholders"]["city_16"])
    )
    assert found is None


def test_regional_lead_counts_only_their_territory(territory, lead):
    scoped = visible_stakeholders(lead).subquery()
    count = db.session.scalar(select(func.count()).select_from(scoped))
    assert count == 3


def test_regional_lead_sees_national_stakeholders(territory, lead):
    ministry = db.session.scalar(visible_stakeholders(lead).where(Stakeholder.level == "national"))
    assert ministry is not None and ministry.name == "Ministère de la Famille"


def test_joint_meeting_is_visible_but_lists_only_the_leads_participants(territory, lead, make_user):
    from models import Interaction

    joint = db.session.get(Interaction, territory["interactions"]["joint_06_16"])
    assert joint in db.session.scalars(visible_interactions(lead)).all()
    assert [s.name for s in visible_participants(lead, joint)] == ["CPE Soleil"]
    coordinator = make_user("coordinator")
    assert [s.name for s in visible_participants(coordinator, joint)] == [
        "CPE Soleil",
        "Ville de Longueuil",
    ]
    assert len(visible_participants(None, joint)) == 2


def test_relationship_is_hidden_from_a_lead_when_one_end_is_outside(territory, lead):
    visible = seen(visible_relationships, lead, territory["relationships"])
    assert "cpe_06_city_16" not in visible
    assert "city_16_ministry" not in visible


@pytest.mark.parametrize("role", ROLES)
def test_can_see_agrees_with_the_scoped_select(territory, make_user, role):
    user = make_user(role, regions=LEAD_REGIONS if role == "regional_lead" else ())
    visible_ids = set(db.session.scalars(visible_stakeholder_ids(user)))
    for stakeholder in db.session.scalars(select(Stakeholder)):
        assert user.can_see(stakeholder) == (stakeholder.id in visible_ids), stakeholder.name


@pytest.mark.parametrize(
    ("role", "engageable"),
    [
        ("admin", {"cpe_06", "cisss_13", "city_16", "ministry"}),
        ("coordinator", {"cpe_06", "cisss_13", "city_16", "ministry"}),
        ("board", set()),
        ("regional_lead", {"cpe_06", "cisss_13"}),
    ],
)
def test_can_engage_only_what_the_role_may_change(territory, make_user, role, engageable):
    user = make_user(role, regions=LEAD_REGIONS if role == "regional_lead" else ())
    for name, stakeholder_id in territory["stakeholders"].items():
        stakeholder = db.session.get(Stakeholder, stakeholder_id)
        assert user.can_engage(stakeholder) == (name in engageable), name
        # Nobody may engage a stakeholder they cannot see.
        assert not user.can_engage(stakeholder) or user.can_see(stakeholder)


def test_lead_sees_the_national_stakeholder_but_may_not_engage_it(territory, lead):
    ministry = db.session.get(Stakeholder, territory["stakeholders"]["ministry"])
    assert lead.can_see(ministry)
    assert not lead.can_engage(ministry)


def test_board_sees_everything_but_may_engage_nothing(territory, make_user):
    board = make_user("board")
    for stakeholder in db.session.scalars(select(Stakeholder)):
        assert board.can_see(stakeholder)
        assert not board.can_engage(stakeholder)


@pytest.mark.parametrize("seed", range(5))
def test_lead_of_any_regions_sees_only_those_regions_and_national(app, make_user, seed):
    rng = random.Random(seed)
    codes = [code for code, _name in REGIONS]
    rows = []
    for n in range(120):
        level = rng.choice(["local", "regional", "national"])
        rows.append(
            Stakeholder(
                name=f"Organisme {seed}-{n}",
                level=level,
                region_code=None if level == "national" else rng.choice(codes),
            )
        )
    db.session.add_all(rows)
    db.session.commit()
    regions = rng.sample(codes, rng.randint(1, 4))
    lead = make_user("regional_lead", regions=regions)
    visible = db.session.scalars(visible_stakeholders(lead)).all()
    assert all(s.region_code in regions or s.level == "national" for s in visible)
    expected = {s.id for s in rows if s.level == "national" or s.region_code in regions}
    assert {s.id for s in visible} == expected
