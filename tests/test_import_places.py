"""Places as partners' lists write them: regions in every form, municipalities (names and
geographic codes) that give the region and the MRC, homonyms, MRC columns, and the export
that writes them back, through the real import (the CLI and the wizard)."""

import json

import openpyxl
from sqlalchemy import select

from importers.pipeline import analyse, run_import
from models import Contact, Stakeholder, db
from reports.exports import export_list, view
from tests.import_helpers import csv_file, xlsx
from tests.test_import_web import upload

NBSP = "\u00a0"


def run(path, kind="stakeholders", **options):
    """Import `path` and commit, as the CLI does; return the result."""
    result = run_import(analyse(path, kind), None, **options)
    db.session.commit()
    return result


def stored(name: str) -> Stakeholder:
    return db.session.scalar(select(Stakeholder).where(Stakeholder.name == name))


def only_error(result):
    assert result.rejected == 1, result.errors
    return result.errors[0]


# Regions in every form ---------------------------------------------------------------------

REGION_FORMS = [
    ("Estrie (05)", "05"),
    ("05 - Estrie", "05"),
    ("05 Estrie", "05"),
    ("05", "05"),
    (5, "05"),  # a number cell
    ("Région 05", "05"),
    ("R05", "05"),
    ("ESTRIE", "05"),
    ("Région administrative de l'Estrie", "05"),
    ("Saguenay--Lac-Saint-Jean", "02"),
    ("Saguenay/-Lac-Saint-Jean (02)", "02"),
    ("Saguenay—Lac-Saint-Jean", "02"),
    ("Saguenay―Lac-St-Jean", "02"),
    ("Montréal", "06"),
    ("MONTREAL", "06"),
    ("Monteregie", "16"),
    ("Gaspésie–Îles-de-la-Madeleine (11)", "11"),
]


def test_every_region_form_of_real_lists_is_imported(app, tmp_path):
    rows = [[f"Organisme {i}", cell] for i, (cell, _code) in enumerate(REGION_FORMS)]
    result = run(xlsx(tmp_path / "regions.xlsx", [["Nom", "Région"], *rows]))
    assert (result.created, result.rejected) == (len(REGION_FORMS), 0), result.errors
    regions = dict(db.session.execute(select(Stakeholder.name, Stakeholder.region_code)).all())
    assert regions == {f"Organisme {i}": code for i, (_cell, code) in enumerate(REGION_FORMS)}


def test_the_provinces_directory_form_in_a_french_excel_csv(app, tmp_path):
    path = csv_file(tmp_path / "repertoire.csv", [
        ["Nom de l'organisme", "Région administrative"],
        ["Table petite enfance Sherbrooke", "Estrie (05)"],
        ["CPE du Lac", "Saguenay--Lac-Saint-Jean (02)"],
        ["Maison des familles", "Gaspésie--Îles-de-la-Madeleine (11)"],
    ])  # fmt: skip
    result = run(path)
    assert result.created == 3, result.errors
    assert stored("CPE du Lac").region_code == "02"
    assert stored("Maison des familles").region_code == "11"


def test_a_code_and_a_name_that_disagree_are_a_row_error_naming_both(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Région"], ["CPE A", "05"], ["CPE B", "06 - Estrie"]])
    error = only_error(run(path))
    assert (error.row, error.column, error.value) == (3, "Région", "06 - Estrie")
    assert error.message == "Le code 06 (Montréal) et le nom Estrie (05) ne concordent pas."
    assert db.session.scalar(select(Stakeholder.id)) is None  # all or nothing


def test_an_ambiguous_or_unknown_region_names_the_regions_in_question(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Région"], ["CPE A", "Nord"], ["CPE B", "Estri"]])
    errors = run(path).errors
    assert [(e.row, e.column) for e in errors] == [(2, "Région"), (3, "Région")]
    assert "Côte-Nord (09)" in errors[0].message and "Nord-du-Québec (10)" in errors[0].message
    assert errors[1].message == (
        f"«{NBSP}Estri{NBSP}» n’est pas une région\u202f; la plus proche est Estrie (05)."
    )


def test_the_other_kinds_read_the_region_forms_too(app, tmp_path, make_stakeholder):
    make_stakeholder("CPE Soleil", region="05")
    make_stakeholder("CPE Soleil", region="06")
    path = csv_file(tmp_path / "contacts.csv", [
        ["Prénom", "Nom", "Organisme", "Région"],
        ["Léa", "Roy", "CPE Soleil", "Estrie (05)"],
        ["Marc", "Roy", "CPE Soleil", "R06"],
    ])  # fmt: skip
    result = run(path, kind="contacts")
    assert result.created == 2, result.errors
    joined = select(Contact.first_name, Stakeholder.region_code).join(Contact.stakeholder)
    regions = dict(db.session.execute(joined).all())
    assert regions == {"Léa": "05", "Marc": "06"}


# Municipalities ----------------------------------------------------------------------------


def test_a_list_with_only_the_town_gets_region_and_mrc_from_the_directory(app, runner, tmp_path):
    path = xlsx(tmp_path / "partenaires.xlsx", [
        ["Nom", "Municipalité"],
        ["CPE Les Bleuets", "Roberval"],
        ["Maison de la famille", "ville de roberval"],
        ["Centre de pédiatrie sociale", "SAINT-FELICIEN"],
    ])  # fmt: skip
    out = runner.invoke(args=["import", "stakeholders", str(path)])
    assert out.exit_code == 0, out.output
    assert f"Région déduite de la municipalité{NBSP}: 3 lignes" in out.output
    cpe = stored("CPE Les Bleuets")
    assert (cpe.region_code, cpe.mrc_code, cpe.municipality_code) == ("02", "910", "91025")
    assert cpe.level == "local"
    assert stored("Maison de la famille").locality == "Roberval"  # the official name
    assert stored("Centre de pédiatrie sociale").locality == "Saint-Félicien"


def test_a_municipality_is_read_under_each_of_its_headers(app, tmp_path):
    for header in ("Ville", "Locality", "City", "Municipalité"):
        path = csv_file(tmp_path / "v.csv", [["Organisation", header], [f"CPE {header}", "Gaspé"]])
        result = run(path)
        assert (result.created, result.regions_inferred) == (1, {"municipality": 1}), header
        assert stored(f"CPE {header}").region_code == "11"


def test_geographic_codes_are_read_with_or_without_the_zero_excel_dropped(app, tmp_path):
    path = xlsx(tmp_path / "codes.xlsx", [
        ["Nom", "Code géographique"],
        ["CPE Amqui", 7047],  # a number cell: Excel dropped the zero
        ["CPE Albertville", "07025"],
        ["CPE Roberval", "91025"],
    ])  # fmt: skip
    result = run(path)
    assert result.created == 3, result.errors
    amqui = stored("CPE Amqui")
    assert (amqui.municipality_code, amqui.locality, amqui.region_code) == ("07047", "Amqui", "01")
    assert stored("CPE Albertville").mrc_code == "070"
    csv_path = csv_file(tmp_path / "codes.csv", [["Nom", "Geographic code"], ["CPE Amqui", "7047"]])
    assert run(csv_path).unchanged == 1


def test_a_wrong_geographic_code_is_a_row_error(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [
        ["Nom", "Municipalité", "Code géographique"],
        ["CPE A", "", "99999"],
        ["CPE B", "Amqui", "91025"],
    ])  # fmt: skip
    errors = run(path).errors
    assert [(e.row, e.column, e.value) for e in errors] == [
        (2, "Code géographique", "99999"), (3, "Code géographique", "91025")]  # fmt: skip
    assert "99999" in errors[0].message
    assert "Roberval" in errors[1].message and "Amqui" in errors[1].message


def test_homonyms_without_a_region_are_a_row_error_listing_the_candidates(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Municipalité"], ["CPE A", "Saint-Lambert"]])
    error = only_error(run(path))
    assert (error.row, error.column, error.value) == (2, "Municipalité", "Saint-Lambert")
    assert "Plusieurs municipalités se nomment" in error.message
    parish = "Saint-Lambert (Paroisse, Abitibi-Ouest, 08 Abitibi-Témiscamingue) [87120]"
    assert parish in error.message
    assert "Saint-Lambert (Ville, Longueuil, 16 Montérégie) [58012]" in error.message


def test_homonyms_are_settled_by_the_region_column(app, tmp_path):
    path = csv_file(tmp_path / "h.csv", [
        ["Nom", "Région", "Municipalité"],
        ["CPE Rive-Sud", "Montérégie (16)", "Saint-Lambert"],
        ["CPE Abitibi", "08", "Saint-Lambert"],
    ])  # fmt: skip
    result = run(path)
    assert result.created == 2, result.errors
    assert result.regions_inferred == {}  # the regions were given
    assert stored("CPE Rive-Sud").municipality_code == "58012"
    assert stored("CPE Abitibi").municipality_code == "87120"


def test_homonyms_are_settled_by_an_mrc_column(app, tmp_path):
    path = xlsx(tmp_path / "h.xlsx", [
        ["Nom", "Municipalité", "MRC / Territoire équivalent"],
        ["CPE Etchemins", "Saint-Louis-de-Gonzague", "Les Etchemins"],
        ["CPE Salaberry", "Saint-Louis-de-Gonzague", "MRC de Beauharnois-Salaberry"],
    ])  # fmt: skip
    result = run(path)
    assert result.created == 2, result.errors
    etchemins, salaberry = stored("CPE Etchemins"), stored("CPE Salaberry")
    assert (etchemins.municipality_code, etchemins.region_code) == ("28035", "12")
    assert (salaberry.municipality_code, salaberry.region_code) == ("70035", "16")


def test_a_homonym_in_none_of_the_regions_given_lists_where_they_are(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Région", "Ville"], ["CPE A", "Estrie", "Clermont"]])
    error = only_error(run(path))
    assert (error.column, error.value) == ("Ville", "Clermont")
    assert "03 Capitale-Nationale" in error.message and "08 Abitibi" in error.message


def test_a_region_that_disagrees_with_the_municipality_is_a_row_error_naming_both(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Région", "Municipalité"],
                                      ["CPE A", "Estrie", "Roberval"]])  # fmt: skip
    error = only_error(run(path))
    assert (error.row, error.column, error.value) == (2, "Région", "Estrie")
    assert error.message == (
        "Roberval est dans la région 02 Saguenay–Lac-Saint-Jean, et non dans la région 05 Estrie."
    )


def test_an_mrc_that_disagrees_with_the_municipality_is_a_row_error(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [["Nom", "Municipalité", "MRC"],
                                      ["CPE A", "Roberval", "Brome-Missisquoi"]])  # fmt: skip
    error = only_error(run(path))
    assert (error.column, error.value) == ("MRC", "Brome-Missisquoi")
    assert "Le Domaine-du-Roy" in error.message and "Brome-Missisquoi" in error.message


def test_a_place_not_in_the_directory_stays_free_text_and_needs_a_region(app, tmp_path):
    path = xlsx(tmp_path / "e.xlsx", [
        ["Nom", "Région", "Municipalité", "Code postal"],
        ["CPE du Plateau", "Montréal", "Plateau-Mont-Royal", "H2J 1A1"],
        ["CPE Robervall", "", "Robervall", "G8H 1A1"],  # a postal code gives no region
        ["CPE Quartier", "", "Quartier Saint-Roch", ""],
    ])  # fmt: skip
    result = run(path, skip_invalid=True)
    plateau = stored("CPE du Plateau")
    assert (plateau.locality, plateau.municipality_code, plateau.region_code) == (
        "Plateau-Mont-Royal", None, "06")  # fmt: skip
    close, far = result.errors
    assert (close.row, close.column, close.value) == (3, "Municipalité", "Robervall")
    assert close.message == (
        f"«{NBSP}Robervall{NBSP}» n’est pas dans le répertoire des municipalités, la région est "
        "donc obligatoire\u202f; la municipalité la plus proche est Roberval (Ville, "
        "Le Domaine-du-Roy, 02 Saguenay–Lac-Saint-Jean)."
    )
    assert (far.row, far.column) == (4, "Municipalité")
    assert "la région est donc obligatoire" in far.message and "proche" not in far.message


def test_an_mrc_alone_gives_the_region_and_names_the_place(app, runner, tmp_path):
    path = csv_file(tmp_path / "mrc.csv", [
        ["Nom", "Région", "TE"],
        ["Table MRC Brome-Missisquoi", "", "MRC Brome-Missisquoi"],
        ["Table Haute-Yamaska", "Estrie", "La Haute-Yamaska"],
    ])  # fmt: skip
    out = runner.invoke(args=["import", "stakeholders", str(path), "--json"])
    assert json.loads(out.output)["created"] == 2, out.output
    table = stored("Table MRC Brome-Missisquoi")
    assert (table.mrc_code, table.region_code, table.locality) == ("460", "05", "Brome-Missisquoi")
    assert stored("Table Haute-Yamaska").mrc_code == "470"
    out = runner.invoke(args=["import", "stakeholders", str(path), "--dry-run"])
    assert f"Région déduite de la MRC{NBSP}: 1 ligne" in out.output


def test_a_national_stakeholder_keeps_its_town_as_an_address_without_a_region(app, tmp_path):
    path = xlsx(tmp_path / "n.xlsx", [["Nom", "Palier", "Municipalité"],
                                      ["Fondation Lac", "National", "Roberval"]])  # fmt: skip
    result = run(path)
    assert (result.created, result.regions_inferred) == (1, {}), result.errors
    fondation = stored("Fondation Lac")
    assert (fondation.level, fondation.region_code, fondation.municipality_code) == (
        "national", None, "91025")  # fmt: skip


def test_a_reimport_matches_by_name_and_the_region_its_town_gives(app, tmp_path, make_stakeholder):
    existing = make_stakeholder("CPE Les Bleuets", region="02", locality="Roberval")
    make_stakeholder("CPE Les Bleuets", region="05")  # a namesake elsewhere
    path = xlsx(tmp_path / "r.xlsx", [
        ["Nom", "Municipalité", "Courriel"],
        ["CPE Les Bleuets", "Roberval", "info@bleuets.org"],
    ])  # fmt: skip
    result = run(path)
    assert (result.created, result.updated) == (0, 1), result.errors
    db.session.expire_all()
    assert (existing.email, existing.municipality_code) == ("info@bleuets.org", "91025")
    assert run(path).unchanged == 1


def test_a_region_that_disagrees_with_the_stored_place_is_refused(app, tmp_path, make_stakeholder):
    cpe = make_stakeholder("CPE Les Bleuets", region="02", municipality_code="91025",
                           mrc_code="910")  # fmt: skip
    path = xlsx(tmp_path / "r.xlsx", [["ID", "Nom", "Région"], [cpe.id, "CPE Les Bleuets", "05"]])
    error = only_error(run(path))
    assert (error.column, error.value) == ("Région", "05")
    assert "Roberval" in error.message and "05 Estrie" in error.message


# The wizard's preview ----------------------------------------------------------------------


def test_the_preview_counts_the_regions_inferred(app, client, login, tmp_path):
    login("coordinator")
    path = xlsx(tmp_path / "p.xlsx", [
        ["Nom", "Région", "Ville", "MRC"],
        ["CPE A", "", "Roberval", ""],
        ["CPE B", "", "Amqui", ""],
        ["CPE C", "Montréal", "Montréal", ""],  # given: nothing inferred
        ["CPE D", "", "", "Brome-Missisquoi"],
        ["CPE E", "", "Saint-Lambert", ""],  # rejected: not counted
    ])  # fmt: skip
    batch_id = int(upload(client, path).headers["Location"].split("/")[-2])
    columns = {"col_0": "name", "col_1": "region", "col_2": "locality", "col_3": "mrc"}
    client.post(f"/imports/{batch_id}/mapping", data=columns)
    page = client.get(f"/imports/{batch_id}/preview").get_data(as_text=True)
    assert f"Région déduite de la municipalité{NBSP}: 2 lignes" in page
    assert f"Région déduite de la MRC{NBSP}: 1 ligne" in page
    assert "Saint-Lambert (Ville, Longueuil, 16 Montérégie)" in page
    english = client.get(f"/imports/{batch_id}/preview?lang=en").get_data(as_text=True)
    assert "Region inferred from the municipality: 2 rows" in english


# The export writes them back ---------------------------------------------------------------


def test_the_export_writes_code_and_mrc_after_the_municipality_and_reimports_unchanged(
    app, runner, tmp_path, make_stakeholder
):
    make_stakeholder("CPE Rive-Sud", region="16", locality="St-Lambert",
                     municipality_code="58012", mrc_code="58")  # fmt: skip
    make_stakeholder("CPE Abitibi", region="08", locality="Saint-Lambert",
                     municipality_code="87120", mrc_code="870")  # fmt: skip
    # A census division named as an MRC is (91 and 910 are both Le Domaine-du-Roy).
    make_stakeholder("Table Mashteuiatsh", region="02", locality="", mrc_code="91")
    make_stakeholder("CPE du Plateau", region="06", locality="Plateau-Mont-Royal")
    make_stakeholder("Fondation Lac", region=None, locality="Roberval", municipality_code="91025")
    path = tmp_path / "acteurs.xlsx"
    export_list(view("stakeholders"), path)
    db.session.commit()
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    at = header.index("Municipalité")
    assert header[at : at + 3] == ["Municipalité", "Code géographique", "MRC"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["CPE Rive-Sud"][at : at + 3] == ("Saint-Lambert", "58012", "Longueuil")
    assert rows["CPE Abitibi"][at : at + 3] == ("Saint-Lambert", "87120", "Abitibi-Ouest")
    assert rows["Table Mashteuiatsh"][at + 2] == "Le Domaine-du-Roy (91)"
    assert rows["CPE du Plateau"][at : at + 3] == ("Plateau-Mont-Royal", None, "Montréal")
    result = run(path)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4), result.errors
    db.session.expire_all()
    assert stored("CPE Rive-Sud").locality == "Saint-Lambert"  # its official name, once
    english = tmp_path / "stakeholders.csv"
    out = runner.invoke(args=["export", "stakeholders", "--out", str(english), "--lang", "en"])
    assert out.exit_code == 0, out.output
    assert "Locality,Geographic code,MRC," in english.read_text(encoding="utf-8-sig")
    again = run(english)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5), again.errors


def test_the_command_lines_region_option_reads_the_same_forms(app, runner, tmp_path,
                                                             make_stakeholder):  # fmt: skip
    make_stakeholder("CPE Estrie", region="05")
    make_stakeholder("CPE Montréal", region="06")
    out_file = tmp_path / "estrie.csv"
    out = runner.invoke(args=["export", "stakeholders", "--out", str(out_file),
                              "--region", "Estrie (05)"])  # fmt: skip
    assert out.exit_code == 0, out.output
    text = out_file.read_text(encoding="utf-8-sig")
    assert "CPE Estrie" in text and "CPE Montréal" not in text
    out = runner.invoke(args=["export", "stakeholders", "--out", str(out_file),
                              "--region", "06 - Estrie"])  # fmt: skip
    assert out.exit_code == 2
    assert "06 (Montréal)" in out.output and "Estrie (05)" in out.output


def test_montreal_and_laval_are_one_mrc_each_and_a_move_leaves_an_mrc_behind(app, tmp_path):
    """A row of Montréal or Laval naming no municipality (a neighbourhood, or nothing) is in
    the region's only MRC; a stakeholder placed by its MRC alone that moves to another
    region leaves that MRC behind, as the form does."""
    result = run(xlsx(tmp_path / "a.xlsx", [
        ["Nom", "Région", "Municipalité"],
        ["Halte du Plateau", "06", "Plateau-Mont-Royal"],
        ["CPE Chomedey", "13", ""],
        ["Table Brome-Missisquoi", "05", ""],
    ]))  # fmt: skip
    assert result.created == 3, result.errors
    assert (stored("Halte du Plateau").region_code, stored("Halte du Plateau").mrc_code) == (
        "06",
        "66",
    )
    assert stored("CPE Chomedey").mrc_code == "65"
    assert stored("Table Brome-Missisquoi").mrc_code is None  # Estrie has several MRCs
    halte = stored("Halte du Plateau").id
    result = run(xlsx(tmp_path / "b.xlsx", [["ID", "Nom", "Région"],
                                            [halte, "Halte du Plateau", "Estrie"]]))  # fmt: skip
    assert result.updated == 1, result.errors
    db.session.expire_all()
    assert (stored("Halte du Plateau").region_code, stored("Halte du Plateau").mrc_code) == (
        "05",
        None,
    )
