"""Coverage by MRC and the MRC filter of the synergy report, on a hand-built dataset: the
page's table, the JSON's `coverage_by_mrc`, the workbook's sheet and its method, and a
regional lead's home, whose territory reads by MRC."""

import io
import json
import re

import pytest
from openpyxl import load_workbook

# Estrie (05): Memphrémagog 450, Coaticook 440, Brome-Missisquoi 460; Portneuf 340 is in
# Capitale-Nationale (03).
MAGOG = "45072"


@pytest.fixture
def world(make_stakeholder, make_commitment):
    """Who commits to early childhood education (`ece_access`) and housing, where."""

    def made(name, region="05", measures=("ece_access",), status="committed", **fields):
        stakeholder = make_stakeholder(name, region=region, **fields)
        for measure in measures:
            make_commitment(stakeholder, measure=measure, status=status)
        return stakeholder

    made("CPE Magog", municipality_code=MAGOG, mrc_code="450", measures=("ece_access", "housing"))
    made("OBNL Magog", mrc_code="450", status="intended")  # not active: not counted
    made("CPE Coaticook", mrc_code="440", status="in_progress")
    made("CPE Magog 2", mrc_code="450", status="achieved", measures=("housing",))
    made("Table Estrie", status="committed")  # no MRC known
    made("CPE Brome", mrc_code="460", status="withdrawn")  # not active
    made("Réseau national", region=None)  # national: in no MRC
    made("CPE Portneuf", region="03", mrc_code="340")
    made("CPE fermé", mrc_code="440", archived=True)  # archived: never counted


def report_json(client, query: str = "") -> dict:
    response = client.get(f"/reports/synergy.json{query}")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def mrc_cells(html: str) -> dict[str, list[str]]:
    """Return the MRC table of the page: column title → its figures, row by row."""
    section = re.search(r'<section[^>]*id="coverage-by-mrc".*?</section>', html, re.S)
    assert section, "no coverage by MRC on the page"
    cells: dict[str, list[str]] = {}
    cell = r'<td class="heat-\d" title="([^"]+)">([^<]*)</td>'
    for title, value in re.findall(cell, section.group(0)):
        cells.setdefault(title, []).append(value)
    return cells


def test_coverage_by_mrc_of_one_region(client, login, world):
    login("coordinator")
    data = report_json(client, "?regions=05")
    by_mrc = data["coverage_by_mrc"]
    ece, housing = by_mrc["ece_access"], by_mrc["housing"]
    assert (ece["450"], ece["440"], ece["460"], ece["none"]) == (1, 1, 0, 1)
    assert (housing["450"], housing["none"]) == (2, 0)
    assert "340" not in ece  # another region's MRC
    assert ece["43"] == 0  # Sherbrooke, an equivalent territory, is a column too
    # Each row adds up to the region's coverage: national stakeholders are in no MRC.
    for measure, row in by_mrc.items():
        assert sum(row.values()) == data["coverage"][measure]["05"], measure
    assert data["coverage"]["ece_access"]["national"] == 1


def test_coverage_by_mrc_of_two_regions_and_not_of_many(client, login, world):
    login("coordinator")
    ece = report_json(client, "?regions=05&regions=03")["coverage_by_mrc"]["ece_access"]
    assert ece["340"] == 1 and ece["450"] == 1
    assert list(ece)[-1] == "none" and list(ece).index("340") < list(ece).index("450")

    assert report_json(client)["coverage_by_mrc"] == {}
    four = "?regions=01&regions=03&regions=05&regions=06"
    assert report_json(client, four)["coverage_by_mrc"] == {}
    page = client.get("/reports/synergy").get_data(as_text=True)
    assert "Couverture par MRC" in page
    assert "Choisissez de une à trois régions" in page


def test_the_page_shows_the_mrc_table(client, login, world):
    login("coordinator")
    page = client.get("/reports/synergy?regions=05").get_data(as_text=True)
    cells = mrc_cells(page)
    # Rows: the 15 measures in order; ece_access is the first, housing the eighth.
    assert cells["Memphrémagog (05 · Estrie)"][0] == "1"
    assert cells["Memphrémagog (05 · Estrie)"][7] == "2"
    assert cells["Coaticook (05 · Estrie)"][0] == "1"
    assert cells["Sans MRC connue"][0] == "1"
    assert cells["Brome-Missisquoi (05 · Estrie)"][0] == "0"
    assert "<span>Memphrémagog</span>" in page


def test_the_mrc_filter(client, login, world):
    login("coordinator")
    data = report_json(client, "?mrcs=450")
    assert data["filters"]["mrcs"] == ["450"]
    assert data["filters"]["columns"] == ["05", "national"]
    # Those of Memphrémagog, and the national ones, as the region filter keeps them.
    assert data["coverage"]["ece_access"] == {"05": 1, "national": 1}
    assert data["coverage"]["housing"]["05"] == 2
    assert data["coverage_by_mrc"]["housing"] == {"450": 2}
    page = client.get("/reports/synergy?mrcs=450").get_data(as_text=True)
    assert "MRC\u00a0: Memphrémagog" in page  # the filters in words under the title


def test_a_lead_gets_their_mrcs_only(client, login, world):
    login("regional_lead", regions=["05"])
    data = report_json(client)
    assert data["filters"]["columns"] == ["05", "national"]
    assert data["coverage_by_mrc"]["ece_access"]["450"] == 1
    assert "340" not in data["coverage_by_mrc"]["ece_access"]

    page = client.get("/reports/synergy").get_data(as_text=True)
    offered = re.search(r'<select[^>]*name="mrcs"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert '<optgroup label="05 · Estrie">' in offered
    assert 'value="450"' in offered and 'value="340"' not in offered

    # Another region's MRC filters nothing in: it is refused under the field, and the
    # report stays the lead's territory (Portneuf counted nowhere).
    data = report_json(client, "?mrcs=340")
    assert data["filters"]["mrcs"] == []
    assert "340" not in data["coverage_by_mrc"]["ece_access"]
    assert data["coverage"]["ece_access"] == {"05": 3, "national": 1}
    page = client.get("/reports/synergy?mrcs=340").get_data(as_text=True)
    assert "CPE Portneuf" not in page
    assert "invalid-feedback" in page


def test_the_workbook_has_a_sheet_by_mrc_and_says_how(client, login, world):
    login("coordinator")
    response = client.get("/reports/synergy.xlsx?regions=05")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    sheet = book["Couverture par MRC"]
    rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    header, ece = rows[0], rows[1]
    assert header[0] == "Mesure" and header[-1] == "Sans MRC connue"
    assert ece[0].startswith("Accès à des services éducatifs")
    assert ece[header.index("Memphrémagog")] == 1
    assert ece[header.index("Coaticook")] == 1
    assert ece[header.index("Sans MRC connue")] == 1
    assert ece[header.index("Brome-Missisquoi")] == 0
    method = " ".join(str(v) for r in book["Méthode"].iter_rows(values_only=True) for v in r if v)
    assert "Couverture par MRC" in method and "Sans MRC connue" in method

    whole = load_workbook(io.BytesIO(client.get("/reports/synergy.xlsx").data), read_only=True)
    texts = [v for r in whole["Couverture par MRC"].iter_rows(values_only=True) for v in r if v]
    assert any("Choisissez de une à trois régions" in str(t) for t in texts)


def test_a_leads_home_reads_their_region_by_mrc(client, login, world):
    login("regional_lead", regions=["05"])
    page = client.get("/").get_data(as_text=True)
    assert "par MRC de votre région" in page
    home = re.search(r"Couverture de votre territoire.*?</table>", page, re.S).group(0)
    headers = re.findall(r'<th scope="col" class="area" title="([^"]+)">', home)
    assert headers[0] == "Brome-Missisquoi (05 · Estrie)"
    assert headers[-2:] == ["Sans MRC connue", "National"]
    first_row = re.findall(r'<td class="heat-\d" title="([^"]+)">([^<]*)</td>', home)
    ece = dict(first_row[: len(headers)])
    assert ece["Memphrémagog (05 · Estrie)"] == "1"
    assert ece["Coaticook (05 · Estrie)"] == "1"
    assert ece["Sans MRC connue"] == "1"
    assert ece["National"] == "1"
    assert "Portneuf" not in home


def test_a_lead_of_two_regions_reads_them_by_region(client, login, world):
    login("regional_lead", regions=["03", "05"])
    page = client.get("/").get_data(as_text=True)
    home = re.search(r"Couverture de votre territoire.*?</table>", page, re.S).group(0)
    headers = re.findall(r'<th scope="col" class="area" title="([^"]+)">', home)
    assert headers == ["03 · Capitale-Nationale", "05 · Estrie", "National"]
