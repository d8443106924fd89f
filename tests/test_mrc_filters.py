"""The MRC filter of the four lists, as a person uses it: the rows of the MRC chosen, its
export the same rows, the options grouped by region and narrowed to the regions chosen,
and a regional lead who can neither see nor use another region's MRC."""

import csv
import io
import json
import re

import pytest

# Magog is in the MRC of Memphrémagog (450), Coaticook in Coaticook (440): both in Estrie (05).
# Saint-Raymond is in Portneuf (340), Capitale-Nationale (03).
MAGOG, COATICOOK, SAINT_RAYMOND = "45072", "44037", "34128"


@pytest.fixture
def places(make_stakeholder, make_contact, make_interaction, make_commitment):
    """One stakeholder in each of three MRCs, one in Estrie with no MRC known, one national;
    each with a contact, an interaction and a commitment."""
    found = {
        "magog": make_stakeholder(
            "CPE Magog", region="05", municipality_code=MAGOG, mrc_code="450"
        ),
        "coaticook": make_stakeholder("CPE Coaticook", region="05", mrc_code="440"),
        "estrie": make_stakeholder("Table Estrie", region="05"),
        "portneuf": make_stakeholder(
            "CPE Portneuf", region="03", municipality_code=SAINT_RAYMOND, mrc_code="340"
        ),
        "national": make_stakeholder("Réseau national", region=None),
    }
    for stakeholder in found.values():
        make_contact(stakeholder, first_name="Camille", last_name=f"Contact {stakeholder.name}")
        make_interaction([stakeholder], summary=f"Rencontre avec {stakeholder.name}")
        make_commitment(stakeholder)
    return found


def names_in(html: str, candidates) -> set[str]:
    """Return which of the stakeholders' names the page shows."""
    return {s.name for s in candidates if s.name in html}


def options_of(html: str, name: str) -> list[tuple[str, list[str]]]:
    """Return the select `name` of the list's filters as (group, [option values])."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name!r} on the page"
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select.group(1), re.S)
    return [(label, re.findall(r'<option value="([^"]+)"', body)) for label, body in groups]


def export_rows(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.mark.parametrize(
    "path, shown",
    [
        ("/stakeholders/", lambda s: s.name),
        ("/contacts/", lambda s: f"Contact {s.name}"),
        ("/interactions/", lambda s: f"Rencontre avec {s.name}"),
        ("/commitments/", lambda s: s.name),
    ],
)
def test_each_list_filters_by_mrc(client, login, places, path, shown):
    login("coordinator")
    everything = client.get(path).get_data(as_text=True)
    assert all(shown(s) in everything for s in places.values())

    page = client.get(f"{path}?mrc=450").get_data(as_text=True)
    assert shown(places["magog"]) in page
    for other in ("coaticook", "estrie", "portneuf", "national"):
        assert shown(places[other]) not in page, other

    two = client.get(f"{path}?mrc=450&mrc=340").get_data(as_text=True)
    assert shown(places["magog"]) in two and shown(places["portneuf"]) in two
    assert shown(places["coaticook"]) not in two


def test_the_export_holds_the_mrc_rows(client, login, places):
    login("coordinator")
    rows = export_rows(client, "/stakeholders/export.csv?mrc=440")
    assert [row["Nom"] for row in rows] == ["CPE Coaticook"]
    rows = export_rows(client, "/commitments/export.csv?region=05&mrc=450&mrc=440")
    assert sorted(row["Organisme"] for row in rows) == ["CPE Coaticook", "CPE Magog"]


def test_options_are_grouped_by_region_and_follow_the_region_filter(client, login, places):
    login("coordinator")
    groups = options_of(client.get("/stakeholders/").get_data(as_text=True), "mrc")
    assert len(groups) == 17  # every region's MRCs, in the regions' order
    assert groups[2][0] == "03 · Capitale-Nationale" and "340" in groups[2][1]
    estrie = dict(groups)["05 · Estrie"]
    assert {"440", "450", "460", "43"} <= set(estrie)  # Sherbrooke (43) is an equivalent
    assert estrie.index("440") < estrie.index("450")  # Coaticook before Memphrémagog

    page = client.get("/stakeholders/?region=05").get_data(as_text=True)
    assert [label for label, _codes in options_of(page, "mrc")] == ["05 · Estrie"]

    # An MRC outside the regions chosen is left out, and the person told.
    page = client.get("/stakeholders/?region=03&mrc=450").get_data(as_text=True)
    assert "Filtre ignoré" in page and "450" in page and "MRC" in page
    assert names_in(page, places.values()) == {"CPE Portneuf"}


def test_a_lead_is_offered_and_given_only_their_regions_mrcs(client, login, places):
    login("regional_lead", regions=["05"])
    page = client.get("/stakeholders/").get_data(as_text=True)
    groups = options_of(page, "mrc")
    assert [label for label, _codes in groups] == ["05 · Estrie"]
    assert "340" not in groups[0][1]

    for path in ("/stakeholders/", "/contacts/", "/interactions/", "/commitments/"):
        page = client.get(f"{path}?mrc=340").get_data(as_text=True)
        assert "Portneuf" not in page, path
        assert "Filtre ignoré" in page and "«\u00a0340\u00a0»" in page, path
        # The value left out, the list is the lead's whole territory, not Portneuf's.
        assert "Magog" in page, path

    rows = export_rows(client, "/stakeholders/export.csv?mrc=340")
    assert {row["Nom"] for row in rows} == {
        "CPE Magog",
        "CPE Coaticook",
        "Table Estrie",
        "Réseau national",
    }
    page = client.get("/stakeholders/?mrc=450").get_data(as_text=True)
    assert names_in(page, places.values()) == {"CPE Magog"}


def test_the_export_link_keeps_the_mrc_and_the_select_shows_it(client, login, places):
    login("coordinator")
    page = client.get("/stakeholders/?mrc=450&sort=-name").get_data(as_text=True)
    assert "/stakeholders/export.xlsx?mrc=450" in page.replace("&amp;", "&")
    selected = re.search(r'<option value="450" selected>([^<]+)</option>', page)
    assert selected and selected.group(1) == "Memphrémagog"


def test_the_command_line_exports_and_reports_one_mrc(runner, places, tmp_path):
    out = tmp_path / "acteurs.csv"
    result = runner.invoke(
        args=["export", "stakeholders", "--out", str(out), "--mrc", "Memphrémagog"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [(r["Nom"], r["MRC"]) for r in rows] == [("CPE Magog", "Memphrémagog")]
    report = tmp_path / "synergie.json"
    result = runner.invoke(args=["report", "synergy", "--out", str(report), "--mrc", "440"])
    assert result.exit_code == 0, result.output
    coverage = json.loads(report.read_text("utf-8"))["coverage"]
    assert coverage["ece_access"]["05"] == 1  # Coaticook's CPE alone, of Estrie
    refused = runner.invoke(args=["export", "stakeholders", "--out", str(out), "--mrc", "Nulle"])
    assert refused.exit_code == 2 and "Nulle: no MRC has this name or code" in refused.output
