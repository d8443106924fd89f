"""The network map (`/network`) and its downloads, through the test client.

The world (ties as the synergy report defines them; relationships current today unless said):

| who | region | sector | ties |
|---|---|---|---|
| A – CPE Soleil levant | 06 | childcare | B (meeting 2026-03-14), C (ece_access 2026-05-01), |
| | | | S (meeting 2026-03-20) |
| B – CLSC de Verdun | 06 | health | A; N (partner, integration) |
| C – Table de concertation | 06 | community | A; D (partner, coordination) |
| D – École du Boisé | 06 | education | C; Z only by a relationship ended in 2020 |
| S – CPE de Sherbrooke | 05 | childcare | A; L (meeting 2026-02-01) |
| L – CPE de Laval | 13 | childcare | S |
| N – Fondation nationale | national | philanthropy | B |
| G – Bibliothèque de Verdun | 06 | culture | none (an isolate) |
| Z – Ville de Verdun | 06 | municipal | none today (an isolate) |

The board sees 7 nodes (A 3 ties; B, C, S 2; D, L, N 1) and 2 isolates; A is the top broker
(every path from L or S to B, C, D or N goes through it). Montréal's lead sees A, B, C, D
and N (national), never S or L, and the same 2 isolates.
"""

import io
import re
from datetime import date
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

import reports.network_map as network_map
from app.network import png
from app.reports import pdf
from models import Stakeholder, clock, db
from models.audit import AuditEvent
from models.operations.relationships import create_relationship

BOARD_NODES = {
    "A – CPE Soleil levant",
    "B – CLSC de Verdun",
    "C – Table de concertation",
    "D – École du Boisé",
    "S – CPE de Sherbrooke",
    "L – CPE de Laval",
    "N – Fondation nationale",
}
OUTSIDE_MONTREAL = {"S – CPE de Sherbrooke", "L – CPE de Laval"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def world(make_stakeholder, make_commitment, make_interaction, make_relationship):
    """Build the world of the module docstring; return the stakeholders by letter."""
    s = {
        "A": make_stakeholder("A – CPE Soleil levant", "06", sector="childcare"),
        "B": make_stakeholder("B – CLSC de Verdun", "06", sector="health"),
        "C": make_stakeholder("C – Table de concertation", "06", sector="community"),
        "D": make_stakeholder("D – École du Boisé", "06", sector="education"),
        "S": make_stakeholder("S – CPE de Sherbrooke", "05", sector="childcare"),
        "L": make_stakeholder("L – CPE de Laval", "13", sector="childcare"),
        "N": make_stakeholder("N – Fondation nationale", None, sector="philanthropy"),
        "G": make_stakeholder("G – Bibliothèque de Verdun", "06", sector="culture"),
        "Z": make_stakeholder("Z – Ville de Verdun", "06", sector="municipal"),
    }
    make_interaction([s["A"], s["B"]], date(2026, 3, 14))
    make_interaction([s["A"], s["S"]], date(2026, 3, 20))
    make_interaction([s["L"], s["S"]], date(2026, 2, 1))
    for who in ("A", "C", "L"):  # L's is alone in Laval: no tie
        make_commitment(s[who], "ece_access", "committed", committed_on=date(2026, 5, 1))
    make_relationship(s["C"], s["D"], "partner", intensity="coordination")
    make_relationship(s["B"], s["N"], "partner", intensity="integration")
    make_relationship(
        s["D"], s["Z"], "funds", starts_on=date(2019, 1, 1), ends_on=date(2020, 12, 31)
    )
    return s


def inline_svg(html: str) -> ElementTree.Element:
    """Return the map drawn in a page (its inline SVG, which is well-formed XML)."""
    start = html.index('<svg class="network-map')
    return ElementTree.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])


def local(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def nodes(svg: ElementTree.Element) -> dict[str, str]:
    """Return each drawn stakeholder's name → the words of its link (its accessible name)."""
    links = [e for e in svg.iter() if local(e) == "a"]
    return {a.get("aria-label").split(" · ")[0]: a.get("aria-label") for a in links}


def lines(svg: ElementTree.Element) -> list[dict]:
    """Return the attributes of the drawn ties (the legend's samples have no opacity)."""
    return [e.attrib for e in svg.iter() if local(e) == "line" and "stroke-opacity" in e.attrib]


def page(client, path: str = "/network") -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def test_the_board_sees_every_tied_stakeholder_and_the_ties_by_kind(client, login, world):
    login("board")
    html = page(client)
    svg = inline_svg(html)
    drawn = nodes(svg)
    assert set(drawn) == BOARD_NODES  # G and Z, tied to nobody today, are not drawn
    assert drawn["A – CPE Soleil levant"] == (
        "A – CPE Soleil levant · Services de garde éducatifs · 06 · Montréal · 3 liens"
        " · intermédiaire"
    )
    assert drawn["N – Fondation nationale"].endswith("· Philanthropie · National · 1 lien")
    ties = lines(svg)
    dashes = sorted(t.get("stroke-dasharray", "solid") for t in ties)
    # Joint interactions A–B, A–S, L–S dashed; the shared commitment A–C dotted; the two
    # declared ties solid, as thick as their intensity (coordination, integration).
    assert dashes == ["1.5 3.5", "6 4", "6 4", "6 4", "solid", "solid"]
    assert sorted(t["stroke-width"] for t in ties if "stroke-dasharray" not in t) == ["3.2", "4.6"]
    assert "2 acteurs sans lien ne sont pas dessinés." in html
    assert "masqués" not in html
    links = {a.get("href") for a in svg.iter() if local(a) == "a"}
    assert f"/stakeholders/{world['A'].id}" in links
    assert "<script>" not in html and "style=" not in html
    assert 'href="/network"' in html  # the menu's "Réseau"
    assert ">Réseau</a>" in html


def test_a_regional_lead_sees_no_name_outside_their_scope(client, login, world):
    login("regional_lead", regions=["06"])
    html = page(client)
    assert set(nodes(inline_svg(html))) == BOARD_NODES - OUTSIDE_MONTREAL
    svg = client.get("/network.svg").get_data(as_text=True)
    for text in (html, svg):
        for name in OUTSIDE_MONTREAL:
            assert name not in text
            assert name.split(" – ")[1] not in text
    assert "2 acteurs sans lien ne sont pas dessinés." in html
    # A region outside theirs is no filter of theirs: it is refused and filters nothing.
    refused = page(client, "/network?regions=05")
    assert "n&#39;est pas un choix valide" in refused
    assert set(nodes(inline_svg(refused))) == BOARD_NODES - OUTSIDE_MONTREAL


def test_filters_change_the_nodes(client, login, world):
    login("coordinator")
    childcare = page(client, "/network?sectors=childcare")
    assert set(nodes(inline_svg(childcare))) == {
        "A – CPE Soleil levant",
        "S – CPE de Sherbrooke",
        "L – CPE de Laval",
    }
    # From April on, the meetings are out of the period; the commitment (May) and the
    # declared ties (current today) remain.
    spring = page(client, "/network?since=2026-04-01")
    assert set(nodes(inline_svg(spring))) == {
        "A – CPE Soleil levant",
        "B – CLSC de Verdun",
        "C – Table de concertation",
        "D – École du Boisé",
        "N – Fondation nationale",
    }
    assert "Période" in spring and "since=2026-04-01" in spring  # in words; in the links
    nothing = page(client, "/network?regions=17")
    assert nodes(inline_svg(nothing)) == {}
    assert "Aucun lien à dessiner avec ces filtres." in nothing


def test_above_250_tied_stakeholders_the_most_connected_are_drawn(client, login, make_interaction):
    members = [
        Stakeholder(name=f"Organisme {n:03d}", region_code="06", level="local")
        for n in range(1, 263)
    ]
    loners = [Stakeholder(name=f"Seul {n}", region_code="06", level="local") for n in (1, 2)]
    db.session.add_all([*members, *loners])
    db.session.commit()
    make_interaction(members)  # one meeting of 262: everyone tied to everyone
    login("coordinator")
    html = page(client)
    svg = inline_svg(html)
    drawn = nodes(svg)
    # Equally connected (261 ties each): the first 250 by name.
    assert set(drawn) == {f"Organisme {n:03d}" for n in range(1, 251)}
    assert "12 acteurs moins liés sont masqués." in html
    assert "2 acteurs sans lien ne sont pas dessinés." in html
    assert len(lines(svg)) == network_map.MAX_EDGES
    hidden = 250 * 249 // 2 - network_map.MAX_EDGES
    weaker = re.search(r"([\d\s\u00a0\u202f]+) liens plus faibles ne sont pas dessinés\.", html)
    assert int(re.sub(r"\D", "", weaker.group(1))) == hidden
    assert '<td class="text-end">261</td>' in html  # the table of the most connected


def test_the_layout_is_remembered_until_the_data_changes(
    client, login, world, make_user, monkeypatch
):
    computed = []
    compute = network_map.compute_network_map

    def counted(*args, **kwargs):
        computed.append(args)
        return compute(*args, **kwargs)

    monkeypatch.setattr(network_map, "compute_network_map", counted)
    login("board")

    def drawn(html: str) -> str:  # the map only: the page's CSRF token moves each second
        start = html.index('<svg class="network-map')
        return html[start : html.index("</svg>", start)]

    first = drawn(page(client))
    assert drawn(page(client)) == first and len(computed) == 1  # the second view: from memory
    assert "network/compact.svg" in page(client, "/reports/synergy")
    assert "<svg xmlns=" in page(client, "/network/compact.svg")  # the same map
    assert len(computed) == 1
    page(client, "/network?sectors=childcare")  # other filters: another map
    assert len(computed) == 2
    coordinator = make_user("coordinator")
    create_relationship(
        coordinator,
        {"source_id": world["G"].id, "target_id": world["A"].id, "type": "partner"},
    )
    db.session.commit()  # audited: the map is drawn again
    assert "G – Bibliothèque de Verdun" in nodes(inline_svg(page(client)))
    assert len(computed) == 3


def test_the_svg_download_is_standalone_named_in_french_and_audited(client, login, world):
    user = login("board")
    response = client.get("/network.svg?sectors=childcare")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    disposition = response.headers["Content-Disposition"]
    assert disposition.endswith(f"carte-du-reseau-{clock.today().isoformat()}.svg")
    svg = ElementTree.fromstring(response.data)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert set(nodes(svg)) == {"A – CPE Soleil levant", "S – CPE de Sherbrooke", "L – CPE de Laval"}
    xlink = "{http://www.w3.org/1999/xlink}href"
    hrefs = {a.get(xlink) for a in svg.iter() if local(a) == "a"}
    assert f"http://localhost/stakeholders/{world['A'].id}" in hrefs  # works from a file
    texts = " ".join(t.text or "" for t in svg.iter() if local(t) == "text")
    assert "Secteurs" in texts and "Services de garde éducatifs" in texts  # the legend
    assert "Intermédiaires (anneau noir épais)" in texts
    assert "DejaVu Sans" in svg.get("font-family")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "network_map"))
    assert (event.action, event.actor_id) == ("export", user.id)
    assert event.after["format"] == "svg" and event.after["sectors"] == ["childcare"]
    english = client.get("/network.svg?lang=en")
    assert english.headers["Content-Disposition"].endswith(".svg")
    assert "network-map-" in english.headers["Content-Disposition"]


@pytest.mark.skipif(bool(png.png_unavailable()), reason=f"CairoSVG: {png.png_unavailable()}")
def test_the_png_download_is_an_image_and_is_audited(client, login, world):
    user = login("regional_lead", regions=["06"])
    response = client.get("/network.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png" and response.data.startswith(PNG_MAGIC)
    assert response.headers["Content-Disposition"].endswith(".png")
    width = int.from_bytes(response.data[16:20], "big")  # the IHDR chunk
    assert width == round(1120 * png.SCALE)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "network_map"))
    assert event.actor_id == user.id and event.after["format"] == "png"


def test_without_cairo_the_button_and_the_page_say_why(client, login, world, monkeypatch):
    # The machine's library cannot be uninstalled for a test: its loader answers what it
    # answers on a machine without cairo.
    monkeypatch.setattr(png, "_cairosvg", lambda: "OSError: no library called 'cairo-2' was found")
    login("board")
    html = page(client)
    assert "Télécharger (PNG)</button>" in html and "la bibliothèque cairo du système" in html
    assert "/network.png" not in html
    response = client.get("/network.png?sectors=health")
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "L’image PNG ne peut pas être produite sur ce serveur" in text
    assert "no library called" in text and "/network?sectors=health" in text
    audited = select(AuditEvent).where(AuditEvent.entity_type == "network_map")
    assert db.session.scalar(audited) is None


def test_the_report_includes_the_compact_map_with_its_filters(client, login, world):
    """The report page shows the map as an image under its own filters, loaded beside the
    page (so its first view after a change does not wait for both)."""
    login("regional_lead", regions=["06"])
    html = page(client, "/reports/synergy?regions=06&sectors=childcare")
    image = re.search(r'<img class="network-map-image" src="([^"]+)"', html).group(1)
    assert image == "/network/compact.svg?regions=06&amp;sectors=childcare"
    response = client.get(image.replace("&amp;", "&"))
    assert response.mimetype == "image/svg+xml" and "attachment" not in str(response.headers)
    compact = response.get_data(as_text=True)
    assert 'xmlns="http://www.w3.org/2000/svg"' in compact
    # A's only childcare tie is S's: out of scope.
    assert set(nodes(ElementTree.fromstring(compact))) == set()
    assert "/network?regions=06&amp;sectors=childcare" in html
    assert "Carte du réseau" in html and "style=" not in html
    whole = ElementTree.fromstring(page(client, "/network/compact.svg"))
    assert set(nodes(whole)) == BOARD_NODES - OUTSIDE_MONTREAL
    audited = select(AuditEvent).where(AuditEvent.entity_type == "network_map")
    assert db.session.scalar(audited) is None  # a picture on a page, not a download


@pytest.mark.skipif(bool(pdf.pdf_unavailable()), reason=f"WeasyPrint: {pdf.pdf_unavailable()}")
def test_the_reports_pdf_holds_the_compact_map(client, login, world):
    from pypdf import PdfReader

    login("board")
    response = client.get("/reports/synergy.pdf")
    assert response.status_code == 200
    document = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in document.pages)
    assert "Carte du réseau" in text and "Intermédiaires (anneau noir épais)" in text
    assert "A – CPE Soleil levant" in text  # the top broker, named beside its node
    assert "Ouvrir la carte du réseau" not in text  # a link for the screen only


@pytest.mark.parametrize("role", ["coordinator", "regional_lead", "board", "admin"])
def test_every_role_opens_the_map_in_english_too(client, login, world, role):
    login(role, regions=["06"] if role == "regional_lead" else [])
    html = page(client, "/network?lang=en")
    assert "Network map" in html and ">Network</a>" in html
    assert "Declared tie" in html and "2 stakeholders tied to nobody are not drawn." in html


def test_signed_out_the_map_asks_to_sign_in(client, world):
    for path in ("/network", "/network.svg", "/network.png"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
