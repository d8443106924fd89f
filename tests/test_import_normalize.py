"""The normalization rules the importer adds to models/normalize.py, and how cells are read."""

from datetime import date, datetime

import pytest

from importers.values import FieldError, Vocabulary, date_value, split_list, text
from models.normalize import UnknownValue, choice_keys, code_from_text, normalize_phone


@pytest.mark.parametrize(
    ("table", "value", "code"),
    [
        ("sector", "childcare", "childcare"),
        ("sector", "Services de garde éducatifs", "childcare"),
        ("sector", "EDUCATIONAL CHILDCARE", "childcare"),
        ("sector", "Premieres Nations et Inuit", "indigenous"),
        ("sector", "Culture, bibliothèques et loisirs", "culture"),
        ("sector", "santé", "health"),  # the unique start of a label
        ("level", "provincial", "national"),
        ("level", "Québec", "national"),
        ("level", "Régional", "regional"),
        ("stage", "Porteur / Champion", "champion"),
        ("stage", "porteur", "champion"),
        ("stage", "Engagé dans la démarche", "engaged"),
        ("commitment_status", "En cours", "in_progress"),
        ("commitment_status", "in-progress", "in_progress"),
        ("commitment_status", "Retiré", "withdrawn"),
        ("involvement", "Porteur", "leader"),
        ("involvement", "Appui", "supporter"),
        ("measure", "Accès au dépistage précoce", "early_screening"),
        ("measure", "early screening", "early_screening"),
        ("measure", "Conciliation famille–travail–études", "work_family_balance"),
        ("interaction_kind", "Événement", "event"),
        ("interaction_kind", "courriel", "email"),
        ("stakeholder_kind", "Élue", "elected_official"),
        ("consent_kind", "exprès", "express"),
        ("consent_kind", "implicite", "implied"),
        ("consent_kind", "tacite", "implied"),
        ("consent_kind", "aucun", "none"),
        ("consent_kind", "withdrawn", "withdrawn"),
        ("language", "Anglais", "en"),
        ("relationship_type", "Membre de", "member_of"),
        ("relationship_type", "member of", "member_of"),
        ("relationship_type", "FINANCE", "funds"),
        ("relationship_type", "bailleur de fonds", "funds"),
        ("relationship_type", "Partenariat", "partner"),
        ("relationship_intensity", "Coopération", "cooperation"),
        ("relationship_intensity", "COOPERATION", "cooperation"),
        ("relationship_intensity", "intégration", "integration"),
        ("relationship_intensity", "awareness", "awareness"),
    ],
)
def test_coded_values_accept_code_and_labels(app, table, value, code):
    assert Vocabulary().code(table, "x", value) == code


@pytest.mark.parametrize(
    ("table", "value", "closest"),
    [("sector", "garderies", ""), ("stage", "engage", "Engagé"), ("measure", "logement", "")],
)
def test_unknown_coded_value_names_the_closest(app, table, value, closest):
    with pytest.raises(FieldError) as error:
        Vocabulary().code(table, "x", value)
    assert error.value.value == value
    assert "«" in error.value.message and closest in error.value.message


def test_ambiguous_start_is_refused():
    keys = choice_keys({"a": ("Accès au logement",), "b": ("Accès aux soins",)})
    with pytest.raises(UnknownValue):
        code_from_text("Accès", keys)


@pytest.mark.parametrize(
    ("value", "region"),
    [("6", "06"), ("06", "06"), ("06 - Montréal", "06"), ("MONTREAL", "06"),
     ("Monteregie", "16"), ("Saguenay-Lac-Saint-Jean", "02"), (6.0, "06"),
     ("National", "national"), ("Ensemble du Québec", "national"), ("", None)],
)  # fmt: skip
def test_regions(app, value, region):
    assert Vocabulary().region("region", value) == region


@pytest.mark.parametrize(
    ("value", "phone"),
    [("(514) 555-1234", "514-555-1234"), ("514.555.1234", "514-555-1234"),
     ("1 514 555 1234", "514-555-1234"), ("+1 514 555 1234", "514-555-1234"),
     (5145551234.0, "514-555-1234"), ("514-555-1234 poste 22", "514-555-1234 poste 22"),
     ("514 555-1234 ext. 9", "514-555-1234 poste 9"), ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
     ("", "")],
)  # fmt: skip
def test_phones(value, phone):
    assert normalize_phone(value) == phone


@pytest.mark.parametrize("value", ["555-1234", "abc", "+33 12"])
def test_bad_phones(value):
    with pytest.raises(ValueError):
        normalize_phone(value)


@pytest.mark.parametrize(
    "value",
    [date(2026, 3, 14), datetime(2026, 3, 14, 9, 30), "2026-03-14", "14/03/2026", 46095,
     46095.0, "46095", " 14/03/2026 "],
)  # fmt: skip
def test_dates_in_every_form(value):
    assert date_value("d", value) == date(2026, 3, 14)


def test_bad_date_names_the_value():
    with pytest.raises(FieldError) as error:
        date_value("d", "31/02/2026")
    assert error.value.value == "31/02/2026"


def test_cells_as_text():
    assert text("  00123 ") == "00123"  # leading zeros kept
    assert text(514.0) == "514" and text(2.5) == "2.5"
    assert text("'=SUM(A1)") == "=SUM(A1)"  # an export's neutralization undone
    assert text(date(2026, 1, 2)) == "2026-01-02" and text(None) == ""
    assert split_list("A; B\nC\r\n;") == ["A", "B", "C"]
