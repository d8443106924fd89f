"""The map of Quebec's regions (issue 14): the synergy report's map, its SVG download, a
regional lead's home map and the PDF, over a hand-built dataset whose figures are counted
by hand below."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from app.reports import pdf
from models import db
from models.audit import AuditEvent

# Committed stakeholders by hand (active commitments: committed, in progress, achieved):
#   06 Montréal: A (ece_access, health_access), B (ece_access), C (work_family_balance);
#      D only "intended" and E archived do not count.
#   13 Laval: F (ece_access). 03 Capitale-Nationale: G, H, I, J (ece_access, achieved).
#   05 Estrie: K (family_literacy). National: N (ece_access). Every other region: none.
ALL_MEASURES = {"06": 3, "13": 1, "03": 4, "05": 1}
# Values above 0 sorted: 1, 1, 3, 4 → three distinct, so three quantile classes:
# 1 (Laval, Estrie), 2–3 (Montréal), 4 (Capitale-Nationale).
ALL_CLASSES = {"13": 1, "05": 1, "06": 2, "03": 3}


@pytest.fixture
def places(make_stakeholder, make_commitment):
    """The hand-built dataset above."""
    a, b, c = (make_stakeholder(n, region="06") for n in ("A", "B", "C"))
    make_commitment(a, "ece_access")
    make_commitment(a, "health_access", status="in_progress")
    make_commitment(b, "ece_access")
    make_commitment(c, "work_family_balance")
    make_commitment(make_stakeholder("D", region="06"), "ece_access", status="intended")
    make_commitment(make_stakeholder("E", region="06", archived=True), "ece_access")
    make_commitment(make_stakeholder("F", region="13"), "ece_access")
    for name in "GHIJ":
        make_commitment(make_stakeholder(name, region="03"), "ece_access", status="achieved")
    make_commitment(make_stakeholder("K", region="05"), "family_literacy")
    make_commitment(make_stakeholder("N", region=None), "ece_access")


def drawn(html: str, element_id: str = "region-map") -> ET.Element:
    """Return the map of a page as XML (its inline <svg>)."""
    start = re.search(rf'<svg class="region-map" [^>]*id="{element_id}"', html)
    assert start, f"no map {element_id} on the page"
    depth = 0
    for tag in re.finditer(r"<(/?)svg\b", html[start.start() :]):
        depth += -1 if tag.group(1) else 1
        if not depth:
            return ET.fromstring(html[start.start() : start.start() + tag.end() + 1])
    raise AssertionError("the map does not end")


def regions(svg: ET.Element, kind: str = "region") -> dict[str, ET.Element]:
    """Return the region shapes (`region`) or the inset's copies (`region-copy`) by code."""
    shapes = [p for p in svg.iter("path") if p.get("class", "").split()[0] == kind]
    return {p.get("class").split()[1][1:]: p for p in shapes}


def classes(shape: ET.Element) -> list[str]:
    return shape.get("class").split()[2:]


def title(shape: ET.Element) -> str:
    return shape.find("title").text


def texts(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.iter("text")]


def test_the_report_map_draws_17_regions_with_their_classes_and_figures(client, login, places):
    login("board")
    html = client.get("/reports/synergy").get_data(as_text=True)
    svg = drawn(html)
    shapes, copies = regions(svg), regions(svg, "region-copy")
    assert sorted(shapes) == [f"{n:02d}" for n in range(1, 18)]
    # The inset repeats Montréal, Laval and the neighbours that reach into its box...
    assert sorted(copies) == ["06", "13", "14", "15", "16"]
    assert all(c.get("aria-hidden") == "true" for c in copies.values())  # ...marked so
    for code, shape in shapes.items():
        number = ALL_CLASSES.get(code, 0)
        assert classes(shape)[0] == f"class-{number}", code
        assert ("gap" in classes(shape)) == (number == 0), code
        if code in copies:
            assert classes(copies[code]) == classes(shape), code
    assert title(shapes["06"]) == "06 Montréal\u00a0: 3 acteurs engagés"
    assert title(shapes["03"]) == "03 Capitale-Nationale\u00a0: 4 acteurs engagés"
    assert title(shapes["13"]) == "13 Laval\u00a0: 1 acteur engagé"
    assert title(shapes["10"]) == "10 Nord-du-Québec\u00a0: 0 acteur engagé"
    # Gaps are hatched: filled with a pattern of lines, not a flat colour.
    pattern = svg.find(".//pattern[@id='region-map-gap']")
    assert pattern is not None and pattern.find("line") is not None
    assert shapes["10"].get("fill") == "url(#region-map-gap)"
    assert shapes["06"].get("fill").startswith("#")
    # The legend: each class's bounds, the hatching, the national stakeholders apart.
    legend = texts(svg.find(".//g[@class='legend']"))
    assert " | 1 | 2–3 | 4 | 0\u00a0: aucun (lacune) | + 1 acteur national" in " | ".join(legend)
    assert "Montréal et Laval" in texts(svg)
    # Screen readers: an image named by its title, described region by region.
    assert svg.get("role") == "img"
    assert (
        svg.find("title").text == "Acteurs engagés par région\u00a0: toutes les mesures du rapport"
    )
    description = svg.find("desc").text
    assert "05 Estrie\u00a0: 1 acteur engagé" in description
    assert description.count("acteur") == 18  # 17 regions and the national ones
    assert "<script" not in html.split('id="map-of-quebec"')[1].split("</section>")[0]
    assert "Source\u00a0: Données Québec" in html and 'href="#coverage"' in html


def test_a_measure_or_a_theme_counts_distinct_stakeholders_as_the_coverage_does(
    client, login, places
):
    login("coordinator")
    shapes = regions(drawn(client.get("/reports/synergy?map=measure:ece_access").text))
    # One measure: its row of the coverage table (A and B in Montréal; Estrie has none).
    assert title(shapes["06"]).endswith(": 2 acteurs engagés")
    assert title(shapes["03"]).endswith(": 4 acteurs engagés")
    assert "gap" in classes(shapes["05"])
    # A theme: A commits to two of its measures and counts once.
    svg = drawn(client.get("/reports/synergy?map=theme:children").text)
    assert title(regions(svg)["06"]).endswith(": 2 acteurs engagés")
    assert svg.find("title").text.endswith("Les tout-petits")
    svg = drawn(client.get("/reports/synergy?map=theme:families").text)
    figures = {c: title(s).rsplit(": ", 1)[1] for c, s in regions(svg).items()}
    assert figures["06"] == figures["05"] == "1 acteur engagé"
    assert figures["03"] == "0 acteur engagé"


def test_the_map_keeps_the_report_filters(client, login, places):
    login("coordinator")
    html = client.get("/reports/synergy?regions=06&regions=03&map=measure:ece_access").text
    form = html.split('class="region-map-form')[1].split("</form>")[0]
    assert form.count('type="hidden" name="regions"') == 2  # the filters go with the choice
    assert '<option selected value="measure:ece_access">' in form
    shapes = regions(drawn(html))
    assert "outside" in classes(shapes["13"])
    assert title(shapes["13"]) == "13 Laval\u00a0: Hors de ce rapport"
    assert title(shapes["06"]).endswith(": 2 acteurs engagés")
    # A choice that is not one of the report's measures draws them all.
    html = client.get("/reports/synergy?themes=families&map=measure:ece_access").text
    assert title(regions(drawn(html))["06"]).endswith(": 1 acteur engagé")


def test_a_lead_sees_figures_for_their_regions_only(client, login, places):
    login("regional_lead", regions=["06"])
    html = client.get("/reports/synergy").text
    svg = drawn(html)
    shapes = regions(svg)
    assert classes(shapes["06"])[0] == "class-1"
    for code in set(shapes) - {"06"}:
        assert classes(shapes[code]) == ["outside"], code
        assert title(shapes[code]).endswith("\u00a0: Hors de votre territoire"), code
    assert "4 acteurs engagés" not in ET.tostring(svg, encoding="unicode")  # Capitale-Nationale
    assert svg.find("desc").text == (
        "06 Montréal\u00a0: 3 acteurs engagés\u00a0; "
        "les autres régions\u00a0: Hors de votre territoire\u00a0; "
        "+ 1 acteur national engagé (hors des régions)."
    )
    assert "Hors de votre territoire" in " ".join(texts(svg.find(".//g[@class='legend']")))


def test_a_lead_home_shows_their_territory_on_the_map(client, login, places):
    login("regional_lead", regions=["06", "13"])
    html = client.get("/").text
    svg = drawn(html, "home-region-map")
    shapes = regions(svg)
    assert classes(shapes["06"])[0] == "class-2" and classes(shapes["13"])[0] == "class-1"
    assert classes(shapes["03"]) == ["outside"]
    card = html.split('id="territory-map"')[1].split("</div></div>")[0]
    assert "06 Montréal\u00a0: 3 acteurs engagés" in card
    assert "13 Laval\u00a0: 1 acteur engagé" in card
    assert "+ 1 acteur national engagé" in card
    assert "Capitale-Nationale\u00a0: 4" not in html
    login("coordinator")
    assert 'id="territory-map"' not in client.get("/").text


def test_the_map_reads_in_english(client, login, places):
    login("board")
    svg = drawn(client.get("/reports/synergy?lang=en").text)
    assert title(regions(svg)["06"]) == "06 Montréal: 3 committed stakeholders"
    assert "Montréal and Laval" in texts(svg)
    assert "0: none (gap)" in texts(svg)


def test_the_map_downloads_as_a_standalone_svg_with_its_credit(client, login, places):
    user = login("board")
    response = client.get("/reports/synergy/map.svg?map=measure:ece_access&regions=06")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "carte-du-quebec-" in response.headers["Content-Disposition"]
    svg = ET.fromstring(response.data)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert len(svg.findall(".//s:path[@class]", ns)) == 22  # 17 regions, 5 in the inset
    words = " ".join(t.text for t in svg.iterfind(".//s:text", ns))
    assert "Données Québec" in words and "CC BY 4.0" in words
    assert b"<script" not in response.data
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "synergy_report"))
    assert event.actor_id == user.id and event.after["format"] == "map.svg"
    assert event.after["regions"] == ["06"]


@pytest.mark.skipif(bool(pdf.pdf_unavailable()), reason=f"WeasyPrint: {pdf.pdf_unavailable()}")
def test_the_pdf_prints_the_map_with_its_legend_and_credit(client, login, places):
    from pypdf import PdfReader

    login("board")
    response = client.get("/reports/synergy.pdf")
    assert response.status_code == 200
    document = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text().split()) for page in document.pages)
    assert "Carte du Québec" in text and "Montréal et Laval" in text
    assert "aucun (lacune)" in text and "Source : Données Québec" in text
    assert "2–3 4 0 : aucun" in text  # the legend's classes
    assert "Acteurs engagés par région" in text
