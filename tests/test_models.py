"""The models' rules as the database itself enforces them, and the shipped reference data."""

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, delete, func, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import (
    Commitment,
    Contact,
    ImportBatch,
    ImportStatus,
    Interaction,
    Measure,
    Region,
    Relationship,
    Sector,
    Stakeholder,
    Theme,
    User,
    Vocabulary,
    db,
)
from models.labels import Labels
from models.reference_data import VOCABULARIES, seed_reference_data


def refused_by_database(*objects) -> None:
    """Assert that adding `objects` fails with an IntegrityError, then roll back."""
    db.session.add_all(objects)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def stakeholder_row(**fields) -> Stakeholder:
    """Return an unsaved stakeholder, local in Montréal unless told otherwise."""
    values = {"name": "CPE Soleil", "level": "local", "region_code": "06"} | fields
    return Stakeholder(**values)


# Commitments ----------------------------------------------------------------------------


def test_second_commitment_to_the_same_measure_is_refused(make_stakeholder, make_commitment):
    cpe = make_stakeholder("CPE Soleil")
    make_commitment(cpe, "housing")
    refused_by_database(Commitment(stakeholder_id=cpe.id, measure_code="housing"))


def test_commitments_to_different_measures_or_by_different_stakeholders_coexist(
    make_stakeholder, make_commitment
):
    cpe, cisss = make_stakeholder("CPE Soleil"), make_stakeholder("CISSS Laval", region="13")
    make_commitment(cpe, "housing")
    make_commitment(cpe, "transit")
    make_commitment(cisss, "housing")
    assert db.session.scalar(select(func.count()).select_from(Commitment)) == 3


# Stakeholders ----------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["local", "regional"])
def test_local_or_regional_stakeholder_without_region_is_refused(app, level):
    refused_by_database(stakeholder_row(level=level, region_code=None))


@pytest.mark.parametrize("status", list(ImportStatus))
def test_an_import_batch_holds_every_status_the_code_uses(app, status):
    db.session.add(ImportBatch(kind="stakeholders", filename="liste.csv", status=status))
    db.session.flush()
    db.session.rollback()


def test_an_import_batch_status_the_code_does_not_know_is_refused(app):
    refused_by_database(ImportBatch(kind="stakeholders", filename="liste.csv", status="finished"))


def test_national_stakeholder_with_a_region_is_refused(app):
    refused_by_database(stakeholder_row(level="national", region_code="06"))


def test_national_stakeholder_without_region_and_local_with_region_are_stored(app):
    db.session.add_all(
        [
            stakeholder_row(name="Ministère de la Famille", level="national", region_code=None),
            stakeholder_row(name="Table petite enfance Laval", level="regional", region_code="13"),
        ]
    )
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Stakeholder)) == 2


@pytest.mark.parametrize("field", ["influence", "interest"])
@pytest.mark.parametrize("value", [0, 6, -1])
def test_influence_and_interest_outside_1_to_5_are_refused(app, field, value):
    refused_by_database(stakeholder_row(**{field: value}))


@pytest.mark.parametrize("value", [1, 5, None])
def test_influence_and_interest_from_1_to_5_or_unknown_are_stored(app, value):
    db.session.add(stakeholder_row(influence=value, interest=value))
    db.session.commit()
    assert db.session.scalar(select(Stakeholder.influence)) == value


def test_name_key_follows_the_name(app):
    first = stakeholder_row(name="C.P.E. Les Petits-Amis")
    second = stakeholder_row(name="cpe les petits amis", region_code="13")
    db.session.add_all([first, second])
    db.session.commit()
    assert first.name_key == second.name_key == "cpelespetitsamis"
    first.name = "CPE Les Grands Amis"
    db.session.commit()
    stored = db.session.scalar(select(Stakeholder.name_key).where(Stakeholder.id == first.id))
    assert stored == "cpelesgrandsamis"


def test_external_reference_is_unique_where_given(app):
    db.session.add_all([stakeholder_row(name="A"), stakeholder_row(name="B")])
    db.session.commit()
    refused_by_database(
        stakeholder_row(name="C", external_ref="REQ-1"),
        stakeholder_row(name="D", external_ref="REQ-1"),
    )


# Contacts ----------------------------------------------------------------------------------


def test_two_contacts_with_the_same_email_are_refused(make_contact):
    make_contact(email="marie@cpesoleil.org")
    refused_by_database(Contact(first_name="Marie", last_name="Roy", email="marie@cpesoleil.org"))


def test_many_contacts_may_have_no_email(make_contact):
    for _ in range(3):
        make_contact(email=None)
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 3


# Relationships ---------------------------------------------------------------------------


def test_relationship_of_a_stakeholder_with_itself_is_refused(make_stakeholder):
    cpe = make_stakeholder()
    refused_by_database(Relationship(source_id=cpe.id, target_id=cpe.id))


def test_relationship_ending_before_it_starts_is_refused(make_stakeholder):
    cpe, table = make_stakeholder(), make_stakeholder()
    refused_by_database(
        Relationship(
            source_id=cpe.id,
            target_id=table.id,
            starts_on=date(2026, 3, 14),
            ends_on=date(2026, 3, 13),
        )
    )


def test_relationship_ending_the_day_it_starts_or_open_ended_is_stored(make_stakeholder):
    cpe, table, city = make_stakeholder(), make_stakeholder(), make_stakeholder()
    db.session.add_all(
        [
            Relationship(
                source_id=cpe.id,
                target_id=table.id,
                type="member_of",
                starts_on=date(2026, 3, 14),
                ends_on=date(2026, 3, 14),
            ),
            Relationship(
                source_id=city.id, target_id=cpe.id, type="funds", starts_on=date(2026, 3, 14)
            ),
        ]
    )
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Relationship)) == 2


# Versions: no lost update -----------------------------------------------------------------


def test_version_increments_on_each_update(make_stakeholder):
    cpe = make_stakeholder("CPE Soleil")
    assert cpe.version == 1
    cpe.locality = "Verdun"
    db.session.commit()
    assert cpe.version == 2
    cpe.stage = "contacted"
    db.session.commit()
    assert db.session.scalar(select(Stakeholder.version).where(Stakeholder.id == cpe.id)) == 3


def test_stale_update_from_another_session_raises_stale_data_error(make_stakeholder):
    stakeholder_id = make_stakeholder("CPE Soleil").id
    db.session.expire_all()
    mine = db.session.get(Stakeholder, stakeholder_id)
    assert mine.version == 1
    with Session(db.engine) as theirs:
        other = theirs.get(Stakeholder, stakeholder_id)
        other.locality = "Verdun"
        theirs.commit()
    mine.locality = "Lachine"
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(Stakeholder, stakeholder_id).locality == "Verdun"


def test_update_after_a_change_behind_the_orm_raises_stale_data_error(make_contact):
    contact = make_contact(email="marie@cpesoleil.org")
    db.session.execute(
        update(Contact.__table__)
        .where(Contact.__table__.c.id == contact.id)
        .values(version=Contact.__table__.c.version + 1)
    )
    contact.title = "Directrice"
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()


# Reference data ----------------------------------------------------------------------------

OFFICIAL_REGIONS = {
    "01": "Bas-Saint-Laurent",
    "02": "Saguenay–Lac-Saint-Jean",
    "03": "Capitale-Nationale",
    "04": "Mauricie",
    "05": "Estrie",
    "06": "Montréal",
    "07": "Outaouais",
    "08": "Abitibi-Témiscamingue",
    "09": "Côte-Nord",
    "10": "Nord-du-Québec",
    "11": "Gaspésie–Îles-de-la-Madeleine",
    "12": "Chaudière-Appalaches",
    "13": "Laval",
    "14": "Lanaudière",
    "15": "Laurentides",
    "16": "Montérégie",
    "17": "Centre-du-Québec",
}

PLATFORM = {
    "children": ["ece_access", "health_access", "early_screening"],
    "families": ["work_family_balance", "family_literacy", "local_support", "parent_support"],
    "living_conditions": [
        "housing",
        "financial_support",
        "public_environments",
        "transit",
        "healthy_food",
    ],
    "building_together": ["synergy", "underrepresented", "policy_streamlining"],
}

# The codes the application relies on, in the order lists show them; their labels come from
# models.reference_data, which the migration installs.
VOCABULARY_CODES = {
    "level": ["local", "regional", "national"],
    "stage": ["identified", "contacted", "engaged", "committed", "champion"],
    "commitment_status": ["intended", "committed", "in_progress", "achieved", "withdrawn"],
    "involvement": ["supporter", "contributor", "leader"],
    "interaction_kind": ["meeting", "call", "email", "event", "visit", "other"],
}


def test_migration_installs_the_17_regions_with_their_official_names(app):
    regions = db.session.scalars(select(Region).order_by(Region.position)).all()
    assert [(r.code, r.label_fr) for r in regions] == list(OFFICIAL_REGIONS.items())
    assert all(r.label_en == r.label_fr for r in regions)


def test_migration_installs_the_11_sectors_in_french_and_english(app):
    sectors = db.session.scalars(select(Sector).order_by(Sector.position)).all()
    assert [s.code for s in sectors] == [
        "childcare",
        "health",
        "education",
        "community",
        "municipal",
        "government",
        "business",
        "philanthropy",
        "research",
        "indigenous",
        "culture",
    ]
    childcare = db.session.get(Sector, "childcare")
    assert (childcare.label_fr, childcare.label_en) == (
        "Services de garde éducatifs",
        "Educational childcare",
    )
    indigenous = db.session.get(Sector, "indigenous")
    assert (indigenous.label_fr, indigenous.label_en) == (
        "Premières Nations et Inuit",
        "First Nations and Inuit",
    )


def test_migration_installs_the_platform_4_themes_and_15_measures(app):
    themes = db.session.scalars(select(Theme).order_by(Theme.position)).all()
    assert [t.code for t in themes] == list(PLATFORM)
    assert {t.code: [m.code for m in t.measures] for t in themes} == PLATFORM
    assert db.session.scalar(select(func.count()).select_from(Measure)) == 15
    housing = db.session.get(Measure, "housing")
    assert (housing.label_fr, housing.label_en) == (
        "Accès à un logement abordable",
        "Access to affordable housing",
    )
    assert db.session.get(Theme, "building_together").label_fr == "Agir ensemble"


@pytest.mark.parametrize("list_name", list(VOCABULARY_CODES))
def test_migration_installs_the_vocabularies_in_order_in_french_and_english(app, list_name):
    entries = db.session.scalars(
        select(Vocabulary).where(Vocabulary.list == list_name).order_by(Vocabulary.position)
    ).all()
    assert [v.code for v in entries] == VOCABULARY_CODES[list_name]
    assert [(v.code, v.label_fr, v.label_en) for v in entries] == VOCABULARIES[list_name]


def test_vocabulary_labels_are_the_platform_wording(app):
    in_progress = db.session.get(Vocabulary, ("commitment_status", "in_progress"))
    assert (in_progress.label_fr, in_progress.label_en) == ("En cours", "In progress")
    engaged = db.session.get(Vocabulary, ("stage", "engaged"))
    assert (engaged.label_fr, engaged.label_en) == ("Engagé dans la démarche", "Engaged")


def test_labels_speak_french_by_default_and_english_on_request(app):
    assert Labels().of("region", "02") == "Saguenay–Lac-Saint-Jean"
    assert Labels("fr").of("stage", "champion") == "Porteur / Champion"
    assert Labels("en").of("sector", "health") == "Health and social services"
    assert Labels("en").of("region", "national") == "National"


def test_seeding_again_adds_nothing_and_keeps_an_admins_renamed_label(app):
    montreal = db.session.get(Region, "06")
    try:
        montreal.label_fr = "Montréal (île)"
        db.session.add(Sector(code="sports", label_fr="Sports", label_en="Sports", position=99))
        db.session.commit()
        assert seed_reference_data(db.session.connection()) == 0
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Region, "06").label_fr == "Montréal (île)"
        assert db.session.get(Sector, "sports") is not None
        assert db.session.scalar(select(func.count()).select_from(Region)) == 17
    finally:
        db.session.rollback()
        db.session.get(Region, "06").label_fr = "Montréal"
        sports = db.session.get(Sector, "sports")
        if sports is not None:
            db.session.delete(sports)
        db.session.commit()


def test_seeding_restores_a_shipped_entry_that_is_missing(app):
    try:
        db.session.execute(
            Vocabulary.__table__.delete().where(
                Vocabulary.list == "interaction_kind", Vocabulary.code == "visit"
            )
        )
        assert seed_reference_data(db.session.connection()) == 1
        assert db.session.get(Vocabulary, ("interaction_kind", "visit")).label_fr == "Visite"
    finally:
        seed_reference_data(db.session.connection())
        db.session.commit()


# Schema -----------------------------------------------------------------------------------


def test_migrated_schema_matches_the_models(app):
    from models.search import left_out_of_schema_comparison

    def include(_obj, name, _type, reflected, _compare_to):
        return not left_out_of_schema_comparison(name, reflected, db.engine.dialect.name)

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include})
        differences = compare_metadata(context, db.metadata)
    if db.engine.dialect.name == "sqlite":
        differences = [d for d in differences if not _added_in_place(d)]
    assert differences == []


# Foreign keys that migrations added with their column, in place (`ALTER TABLE ... ADD
# COLUMN ... REFERENCES`; a table rebuild would run the ON DELETE actions of the tables that
# refer to it): SQLite keeps them, but reports them without their name or ON DELETE.
ADDED_IN_PLACE = {("interaction", "assigned_to_id")}


def _added_in_place(difference) -> bool:
    action, constraint = difference[0], difference[1]
    if action not in ("add_fk", "remove_fk"):
        return False
    columns = tuple(column.name for column in constraint.columns)
    return len(columns) == 1 and (constraint.table.name, columns[0]) in ADDED_IN_PLACE


def test_a_deleted_user_leaves_their_follow_ups_unassigned(app, make_user, make_stakeholder,
                                                            make_interaction):  # fmt: skip
    # The foreign key added in place (above) still acts on SQLite as on PostgreSQL.
    user = make_user("coordinator")
    interaction = make_interaction(
        [make_stakeholder("CPE Soleil")], follow_up_on=date(2026, 3, 20), assigned_to=user
    )
    db.session.execute(delete(User).where(User.id == user.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Interaction, interaction.id).assigned_to_id is None


def test_migrated_schema_has_the_models_check_constraints(app):
    # Alembic's comparison ignores CHECK constraints; these hold the level/region rule.
    inspector = inspect(db.engine)
    for table in db.metadata.sorted_tables:
        declared = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        migrated = {c["name"] for c in inspector.get_check_constraints(table.name)}
        assert migrated == declared, table.name
    stakeholder_checks = {c["name"] for c in inspector.get_check_constraints("stakeholder")}
    assert "ck_stakeholder_region_matches_level" in stakeholder_checks
