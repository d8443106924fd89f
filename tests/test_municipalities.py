"""Quebec's municipal directory as reference data: what migration 0014 loads, the lookups,
the place rule, and `maillage reference municipalities FILE` with a new edition written the
way the ministry publishes it."""

import csv
import io

import pytest
from sqlalchemy import delete, func, select

from models import AuditEvent, Municipality, Stakeholder, db
from models.cache import forget_everything
from models.municipality import (
    DIRECTORY_FILE,
    PlaceConflict,
    directory,
    load_directory,
    settle_place,
    shipped_rows,
)
from models.operations import ValidationFailed, create_stakeholder, update_stakeholder


@pytest.fixture
def shipped_directory_back(app):
    """Put the shipped directory back after a test that loaded another edition."""
    yield
    db.session.rollback()
    db.session.execute(delete(Stakeholder))
    shipped = {row["geographic_code"] for row in shipped_rows()}
    db.session.execute(delete(Municipality).where(Municipality.geographic_code.notin_(shipped)))
    load_directory(db.session.connection(), shipped_rows())
    db.session.commit()
    forget_everything()


def test_the_migration_loads_every_entry_of_the_directory(app):
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 1285
    roberval = db.session.get(Municipality, "91025")
    assert (roberval.name, roberval.region_code, roberval.mrc_name) == (
        "Roberval",
        "02",
        "Le Domaine-du-Roy",
    )
    # A city in no MRC has its census division as "equivalent territory".
    montreal = directory().municipalities("Montréal")[0]
    assert (montreal.region_code, montreal.mrc_code, montreal.mrc_name) == ("06", "66", "Montréal")


@pytest.mark.parametrize(
    "written", ["Roberval", "ROBERVAL", " roberval ", "Ville de Roberval", "91025", "91025.0"]
)
def test_a_municipality_is_found_by_its_name_or_its_code(app, written):
    assert [p.code for p in directory().municipalities(written)] == ["91025"]


@pytest.mark.parametrize(
    "written", ["St-Jean-sur-Richelieu", "ST JEAN SUR RICHELIEU", "Ville de St-Jean-sur-Richelieu"]
)
def test_saint_abbreviated_as_partners_write_it_is_found(app, written):
    assert [p.name for p in directory().municipalities(written)] == ["Saint-Jean-sur-Richelieu"]
    assert [p.code for p in directory().municipalities("Ste-Julie")] == ["59010"]


def test_a_code_excel_shortened_is_found_with_its_zero_back(app):
    # Excel reads 07025 as the number 7025.
    assert [p.name for p in directory().municipalities("7025")] == ["Albertville"]
    assert directory().municipalities("99998") == []


def test_homonyms_are_all_returned_and_described_apart(app):
    found = directory().municipalities("Saint-Donat")
    assert sorted(p.region_code for p in found) == ["01", "14"]
    described = {p.described() for p in found}
    assert "Saint-Donat (Paroisse, La Mitis, 01 Bas-Saint-Laurent)" in described
    assert "Saint-Donat (Municipalité, Matawinie, 14 Lanaudière)" in described


@pytest.mark.parametrize(
    "written",
    ["Brome-Missisquoi", "MRC Brome-Missisquoi", "MRC de Brome-Missisquoi", "460",
     "MRC Brome-Missisquoi (460)", "brome missisquoi"],
)  # fmt: skip
def test_an_mrc_is_found_by_its_name_or_its_code(app, written):
    assert [(t.code, t.region_code) for t in directory().territories_named(written)] == [
        ("460", "05")
    ]


def test_the_type_ahead_search_folds_accents_and_ranks_starts_first(app):
    names = [p.name for p in directory().search("montre")]
    assert names[0] == "Montréal"
    assert all("montre" in n.lower().replace("é", "e") for n in names)
    assert [p.region_code for p in directory().search("rober", regions=["02"])] == ["02"]


def test_the_place_rule_names_both_regions_when_they_disagree(app):
    with pytest.raises(PlaceConflict) as refused:
        settle_place("local", "05", "91025")
    assert refused.value.field == "region_code"
    assert str(refused.value) == (
        "Roberval est dans la région 02 Saguenay–Lac-Saint-Jean, et non dans la région 05 Estrie."
    )
    settled = settle_place("local", None, "91025")
    assert (settled.region_code, settled.mrc_code) == ("02", "910")
    assert settle_place("national", None, "91025").region_code is None


def test_a_stakeholder_naming_a_municipality_takes_its_region_mrc_and_name(app, make_user):
    user = make_user("coordinator")
    stakeholder = create_stakeholder(
        user,
        {"name": "CPE du Lac", "level": "local", "municipality_code": "91025",
         "locality": "roberval"},
    )  # fmt: skip
    db.session.commit()
    assert (stakeholder.region_code, stakeholder.mrc_code, stakeholder.locality) == (
        "02",
        "910",
        "Roberval",
    )
    with pytest.raises(ValidationFailed) as refused:
        update_stakeholder(user, stakeholder, {"region_code": "05"})
    message = refused.value.errors["region_code"]
    assert "02 Saguenay–Lac-Saint-Jean, et non dans la région 05 Estrie" in message
    db.session.rollback()
    # Another municipality moves it, MRC and all; dropping it keeps the region, not the MRC.
    update_stakeholder(user, stakeholder, {"municipality_code": "46005", "region_code": ""})
    assert (stakeholder.region_code, stakeholder.mrc_code) == ("05", "460")
    update_stakeholder(user, stakeholder, {"municipality_code": "", "locality": "Quartier nord"})
    assert (stakeholder.region_code, stakeholder.mrc_code, stakeholder.municipality_code) == (
        "05",
        None,
        None,
    )


def _ministry_file(rows: list[dict]) -> bytes:
    """A directory written as the ministry publishes it: UTF-8 with a BOM, its own column
    names, and the personal columns a loader must never read."""
    out = io.StringIO()
    columns = ["mcode", "munnom", "mcodedesi", "mdes", "regadm", "mrc", "divrec",
               "admregionale", "mpopul", "maire", "con1", "mcourriel"]  # fmt: skip
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _as_ministry(row: dict) -> dict:
    mrc = f"MRC {row['mrc_name']} ({row['mrc_code']})" if row["mrc_code"] else ""
    return {
        "mcode": row["geographic_code"],
        "munnom": row["name"],
        "mcodedesi": row["designation_code"],
        "mdes": row["designation"],
        "regadm": f"{row['region_name']} ({row['region_code']})",
        "mrc": mrc,
        "divrec": f"{row['census_division_name']} ({row['census_division_code']})",
        "admregionale": "",
        "mpopul": row["population"],
        "maire": "Mme Inventée Exemple",
        "con1": "M. Fictif Conseiller",
        "mcourriel": "mairie@example.org",
    }


def test_a_new_edition_from_the_ministry_is_loaded_and_stakeholders_follow(
    runner, make_stakeholder, shipped_directory_back, tmp_path
):
    rows = list(csv.DictReader(io.StringIO(DIRECTORY_FILE.read_text("utf-8"))))
    edition = []
    for row in rows:
        if row["geographic_code"] == "46005":  # Abercorn leaves the directory
            continue
        if row["geographic_code"] == "91025":  # Roberval: a new name, and a new MRC
            row = row | {"name": "Roberval-sur-le-Lac", "mrc_code": "920",
                         "mrc_name": "Maria-Chapdelaine"}  # fmt: skip
        edition.append(_as_ministry(row))
    new = rows[0] | {"geographic_code": "99999", "name": "Nouvelle-Ville",
                     "population": "1 234"}  # fmt: skip
    edition.append(_as_ministry(new))
    path = tmp_path / "MUN.csv"
    path.write_bytes(_ministry_file(edition))
    named = make_stakeholder("CPE du Lac", region="02", municipality_code="91025",
                             mrc_code="910", locality="Roberval")  # fmt: skip
    typed = make_stakeholder("Maison de la famille", region="05", locality="  SHERBROOKE ")
    # Recorded before migration 0014: no MRC yet.
    elsewhere = make_stakeholder(
        "Halte-garderie", region="06", locality="Sherbrooke", mrc_code=None
    )

    result = runner.invoke(args=["reference", "municipalities", str(path)])

    assert result.exit_code == 0, result.output
    assert "1285 municipalities read: 1 added, 1 changed, 1 no longer in the directory" in (
        result.output
    )
    assert "1 moved to their municipality's new region or MRC, 1 linked" in result.output
    assert "1 placed in their region's only MRC" in result.output  # the Montréal one
    forget_everything()
    db.session.expire_all()
    assert (named.mrc_code, named.region_code) == ("920", "02")
    assert (typed.municipality_code, typed.mrc_code) == ("43027", "43")
    # Sherbrooke is not in Montréal; Montréal is one territory, its MRC.
    assert (elsewhere.municipality_code, elsewhere.mrc_code) == (None, "66")
    assert db.session.get(Municipality, "46005").active is False
    assert directory().search("aberc") == []  # no longer offered
    assert db.session.get(Municipality, "99999").population == 1234
    stored = " ".join(
        str(v) for m in db.session.scalars(select(Municipality)) for v in vars(m).values()
    )
    assert "Inventée" not in stored and "mairie@" not in stored
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "municipality")
    ).one()
    assert event.after["added"] == 1 and event.after["stakeholders_moved"] == 1


def test_a_dry_run_changes_nothing(runner, shipped_directory_back, tmp_path):
    path = tmp_path / "extract.csv"
    text = DIRECTORY_FILE.read_text("utf-8").replace("Abercorn", "Abercorn-Ouest")
    path.write_text(text, "utf-8")
    result = runner.invoke(args=["reference", "municipalities", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 changed" in result.output and "Dry run" in result.output
    forget_everything()
    assert db.session.get(Municipality, "46005").name == "Abercorn"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"nom,ville\nA,B\n", "line 1: neither the extract's columns"),
        (
            b"geographic_code,name,designation,region_code,mrc_code,mrc_name\n"
            b"4600,Abercorn,Village,5,460,Brome-Missisquoi\n"
            b"46005,Abercorn,Village,18,460,Brome-Missisquoi\n",
            "line 3, region: '18' is no region",
        ),
        (
            b"geographic_code,name,designation,region_code,mrc_code,mrc_name\n"
            b"ABCDE,Abercorn,Village,05,460,Brome-Missisquoi\n",
            "line 2, geographic code: 'ABCDE' is not 5 digits",
        ),
    ],
)
def test_a_file_that_is_not_a_directory_is_refused_naming_line_and_column(
    runner, tmp_path, content, message
):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = runner.invoke(args=["reference", "municipalities", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 1285


def test_a_region_that_is_one_territory_gives_its_mrc_to_a_neighbourhood(app, make_user):
    user = make_user("coordinator")
    plateau = create_stakeholder(
        user, {"name": "Halte du Plateau", "level": "local", "region_code": "06",
               "locality": "Plateau-Mont-Royal"},
    )  # fmt: skip
    assert (plateau.municipality_code, plateau.mrc_code, plateau.locality) == (
        None,
        "66",
        "Plateau-Mont-Royal",
    )
    estrie = create_stakeholder(
        user, {"name": "Halte de l'Estrie", "level": "local", "region_code": "05",
               "locality": "Quartier Ascot"},
    )  # fmt: skip
    assert estrie.mrc_code is None  # Estrie has many MRCs: nobody said which


def test_moving_to_another_region_leaves_the_old_regions_mrc_behind(app, make_user):
    user = make_user("coordinator")
    halte = create_stakeholder(
        user, {"name": "Halte du Plateau", "level": "local", "region_code": "06"}
    )
    assert halte.mrc_code == "66"
    update_stakeholder(user, halte, {"region_code": "02", "locality": "Quartier du Lac"})
    assert (halte.region_code, halte.mrc_code) == ("02", None)
    table = create_stakeholder(
        user, {"name": "Table Brome-Missisquoi", "level": "regional", "mrc_code": "460"}
    )
    update_stakeholder(user, table, {"stage": "contacted"})  # its MRC stays
    assert (table.region_code, table.mrc_code) == ("05", "460")
