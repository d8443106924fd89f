"""Folding of people's text: names, regions, dates and emails as they come in spreadsheets."""

from datetime import date, datetime

import pytest

from models.normalize import (
    UnknownValue,
    fold,
    name_key,
    normalize_email,
    parse_date,
    region_code_from_text,
)
from models.reference_data import REGIONS

# fold and name_key ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Montréal", "montreal"),
        ("  MONTRÉAL  ", "montreal"),
        ("C.P.E. Les Petits-Amis", "cpe les petits amis"),
        ("L’Île-Perrot", "l ile perrot"),
        ("Saguenay–Lac-Saint-Jean", "saguenay lac saint jean"),
        ("Œuvre   des  Tout-Petits", "oeuvre des tout petits"),
        ("Centre\tde\npédiatrie sociale", "centre de pediatrie sociale"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_ignores_case_accents_spacing_and_punctuation(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    "variant",
    [
        "C.P.E. Les Petits-Amis",
        "cpe les petits amis",
        "CPE LES PETITS AMIS",
        "CPE Les Petits–Amis",
        "  Cpe  les petits-amis ",
    ],
)
def test_name_key_is_shared_by_spellings_of_the_same_name(variant):
    assert name_key(variant) == "cpelespetitsamis"


def test_name_key_tells_different_names_apart():
    assert name_key("CPE Les Petits-Amis") != name_key("CPE Les Petits-Loups")


# Regions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("6", "06"),
        (6, "06"),
        (6.0, "06"),
        ("06", "06"),
        ("06 - Montréal", "06"),
        ("Montréal", "06"),
        ("MONTREAL", "06"),
        ("montreal", "06"),
        (" Montréal ", "06"),
        ("Montérégie", "16"),
        ("Monteregie", "16"),
        ("Saguenay-Lac-Saint-Jean", "02"),
        ("Saguenay–Lac-Saint-Jean", "02"),
        ("Saguenay—Lac-Saint-Jean", "02"),
        ("Gaspésie–Îles-de-la-Madeleine", "11"),
        ("Gaspésie-Îles-de-la-Madeleine", "11"),
        ("Gaspesie-Iles-de-la-Madeleine", "11"),
        ("GASPÉSIE ÎLES DE LA MADELEINE", "11"),
        ("Cote-Nord", "09"),
        ("Côte-Nord", "09"),
        ("Abitibi Témiscamingue", "08"),
        ("Nord du Québec", "10"),
        ("17", "17"),
        ("1", "01"),
    ],
)
def test_region_code_from_text_reads_codes_names_and_their_variants(text, code):
    assert region_code_from_text(text) == code


def test_every_official_region_name_and_coded_name_is_read():
    for code, name in REGIONS:
        assert region_code_from_text(name) == code
        assert region_code_from_text(f"{code} - {name}") == code
        assert region_code_from_text(name.upper()) == code


def test_region_code_from_text_accepts_a_label_an_admin_gave():
    assert region_code_from_text("Île de Montréal", labels={"06": "Île de Montréal"}) == "06"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # The province's own directory, and what partners' lists write.
        ("Estrie (05)", "05"),
        ("05 - Estrie", "05"),
        ("05 Estrie", "05"),
        ("05", "05"),
        ("5", "05"),
        ("Région 05", "05"),
        ("Région 5", "05"),
        ("R05", "05"),
        ("R-05", "05"),
        ("r 5", "05"),
        ("Région 06 - Montréal", "06"),
        ("R13 Laval", "13"),
        ("Saguenay--Lac-Saint-Jean", "02"),
        ("Saguenay--Lac-Saint-Jean (02)", "02"),
        ("Saguenay/-Lac-Saint-Jean (02)", "02"),
        ("Saguenay/Lac-Saint-Jean", "02"),
        ("Saguenay―Lac-Saint-Jean", "02"),
        ("Saguenay - Lac-Saint-Jean", "02"),
        ("Saguenay–Lac-St-Jean", "02"),
        ("Saguenay", "02"),
        ("Lac-Saint-Jean", "02"),
        ("Bas-St-Laurent", "01"),
        ("Gaspésie", "11"),
        ("Îles-de-la-Madeleine", "11"),
        ("Abitibi", "08"),
        ("Montérégie (16)", "16"),
        ("MONTEREGIE", "16"),
        ("Région administrative de l'Estrie", "05"),
        ("Région administrative de l’Estrie", "05"),
        ("Région de la Capitale-Nationale", "03"),
        ("Région du Bas-Saint-Laurent", "01"),
        ("région des Laurentides (15)", "15"),
        ("L'Estrie", "05"),
        ("Montreal region", "06"),
        ("Eastern Townships", "05"),
        ("Cantons-de-l'Est", "05"),
        ("Côte-Nord (09)", "09"),
        ("09 – Côte-Nord", "09"),
        ("10 — Nord-du-Québec", "10"),
    ],
)
def test_every_form_real_lists_write_is_read(text, code):
    assert region_code_from_text(text) == code


def test_every_region_is_read_in_the_directory_form_and_the_coded_forms():
    for code, name in REGIONS:
        number = str(int(code))
        for form in (f"{name} ({code})", f"{code} {name}", f"Région {number}", f"R{code}",
                     name.replace("–", "--"), f"{name.replace('–', '/-')} ({code})"):  # fmt: skip
            assert region_code_from_text(form) == code, form


def test_an_admins_label_is_read_alone_and_beside_its_code():
    labels = {"06": "Île de Montréal"}
    assert region_code_from_text("Île de Montréal (06)", labels=labels) == "06"
    assert region_code_from_text("ILE DE MONTREAL", labels=labels) == "06"
    with pytest.raises(UnknownValue, match=r"Île de Montréal \(06\)"):
        region_code_from_text("05 - Île de Montréal", labels=labels)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("06 - Estrie", ("06 (Montréal)", "Estrie (05)")),
        ("Estrie (06)", ("06 (Montréal)", "Estrie (05)")),
        ("Montréal / Laval", ("Montréal (06)", "Laval (13)")),
        ("05 ou 06", ("Estrie (05)", "Montréal (06)")),
    ],
)
def test_codes_and_names_that_disagree_are_refused_naming_both(text, named):
    with pytest.raises(UnknownValue) as error:
        region_code_from_text(text)
    for region in named:
        assert region in str(error.value), str(error.value)


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Nord", ("Côte-Nord (09)", "Nord-du-Québec (10)")),
        ("Québec", ("Nord-du-Québec (10)", "Centre-du-Québec (17)")),
    ],
)
def test_an_ambiguous_name_is_refused_naming_each_region_it_may_be(text, regions):
    with pytest.raises(UnknownValue) as error:
        region_code_from_text(text)
    for region in regions:
        assert region in str(error.value)


@pytest.mark.parametrize(
    ("text", "closest"),
    [
        ("Monteral", "Montréal (06)"),
        ("Laurentide", "Laurentides (15)"),
        ("Estrie-Sud", "Estrie (05)"),
        ("Saint-Laurent", "Bas-Saint-Laurent (01)"),  # a borough of Montréal, not a region
        ("Toronto", None),
        ("xyz", None),
    ],
)
def test_an_unknown_region_is_refused_naming_the_closest_region(text, closest):
    with pytest.raises(UnknownValue) as error:
        region_code_from_text(text)
    message = str(error.value)
    assert text in message
    assert error.value.closest and error.value.closest in message
    if closest:
        assert error.value.closest == closest


@pytest.mark.parametrize("text", ["18", "0", "Région 18", "R99"])
def test_a_code_outside_01_to_17_is_refused(text):
    with pytest.raises(UnknownValue, match="01 to 17"):
        region_code_from_text(text)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_region_is_refused(text):
    with pytest.raises(ValueError, match="empty"):
        region_code_from_text(text)


# Dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-14", date(2026, 3, 14)),
        (" 2026-03-14 ", date(2026, 3, 14)),
        ("14/03/2026", date(2026, 3, 14)),
        ("2026-03-14 00:00:00", date(2026, 3, 14)),
        (46095, date(2026, 3, 14)),
        (46095.0, date(2026, 3, 14)),
        ("46095", date(2026, 3, 14)),
        (datetime(2026, 3, 14, 9, 30), date(2026, 3, 14)),
        (date(2026, 3, 14), date(2026, 3, 14)),
    ],
)
def test_parse_date_reads_iso_french_and_excel_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_date_of_nothing_is_none(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "value", ["demain", "2026-02-30", "32/01/2026", "03/14/2026", "14 mars", -5, True]
)
def test_parse_date_refuses_what_is_not_a_date(value):
    with pytest.raises(ValueError):
        parse_date(value)


# Emails --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("marie@cpesoleil.org", "marie@cpesoleil.org"),
        ("  Marie.Roy@CPESoleil.ORG ", "marie.roy@cpesoleil.org"),
        ("mailto:Info@Table-Laval.qc.ca", "info@table-laval.qc.ca"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_email_trims_and_lowercases(value, expected):
    assert normalize_email(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "marie",
        "marie@",
        "@cpesoleil.org",
        "marie@cpesoleil",
        "marie roy@cpesoleil.org",
        "marie@@cpesoleil.org",
        "marie@cpesoleil..org",
        "marie@.cpesoleil.org",
        "marie@cpesoleil.org.",
        "marie@cpe soleil.org",
    ],
)
def test_normalize_email_refuses_invalid_addresses(value):
    with pytest.raises(ValueError):
        normalize_email(value)
