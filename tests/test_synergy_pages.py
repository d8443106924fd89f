"""The synergy report page and its downloads, through the test client."""

import io
import json
import re

import openpyxl
import pytest
from sqlalchemy import select

from app.reports import pdf
from models import clock, db
from models.audit import AuditEvent
from tests.test_synergy import world  # noqa: F401 (the fixture)


def test_page_shows_the_report_in_french(client, login, world):  # noqa: F811
    login("board")
    response = client.get("/reports/synergy")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Rapport de synergie" in html
    assert "Couverture" in html and "Diversité des secteurs" in html
    assert "Accès au dépistage précoce" in html  # a measure's French label
    assert 'class="heat-9"' in html  # the fullest coverage cell
    assert "C – École" in html  # a broker
    assert "<script>" not in html and "style=" not in html
    assert "/reports/synergy.xlsx" in html and "/reports/synergy.json" in html


def test_page_in_english_with_filters(client, login, world):  # noqa: F811
    login("coordinator")
    response = client.get("/reports/synergy?lang=en&regions=05&themes=children&since=2025-01-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Synergy report" in html and "Coverage" in html
    assert "Access to early screening" in html
    assert "Access to affordable housing" not in html.split("Coverage", 1)[1].split("Gaps")[0]
    assert "regions=05" in html  # the downloads keep the filters


def test_bad_filter_values_are_ignored_with_a_message(client, login, world):  # noqa: F811
    login("coordinator")
    response = client.get("/reports/synergy?regions=99&since=someday")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "«\xa099\xa0» n&#39;est pas un choix valide pour ce champ." in html
    assert "N&#39;est pas une date valide." in html
    assert "06 · Montréal" in html  # the report is still there, for every region


def test_a_period_ending_before_it_starts_is_refused_on_the_report_and_the_map(
    client,
    login,
    world,  # noqa: F811
):
    """Typed the wrong way round, the period's end is refused with a message under it; the
    report and the map count from its start only, and say so in their filters' words."""
    login("coordinator")
    for path in ("/reports/synergy", "/network"):
        html = client.get(f"{path}?since=2026-12-01&until=2026-11-01").get_data(as_text=True)
        assert "La fin de la période précède son début." in html, path
        assert "Période\xa0: du 1 décembre 2026 au …" in html, path


def test_regional_lead_page_covers_their_regions_only(client, login, world):  # noqa: F811
    login("regional_lead", regions=["06"])
    html = client.get("/reports/synergy").get_data(as_text=True)
    assert "06 · Montréal" in html and "05 · Estrie" not in html
    assert "E – Estrie" not in html


def test_xlsx_download_is_audited(client, login, world):  # noqa: F811
    user = login("board")
    response = client.get("/reports/synergy.xlsx?regions=06&themes=children")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[0] == "Résumé"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "synergy_report"))
    assert event.actor_id == user.id and event.action == "export"
    assert event.after == {
        "regions": ["06"],
        "mrcs": [],
        "themes": ["children"],
        "measures": [],
        "sectors": [],
        "levels": [],
        "since": None,
        "until": None,
        "format": "xlsx",
    }


def test_json_download_matches_the_spec_shape(client, login, world):  # noqa: F811
    login("regional_lead", regions=["06"])
    response = client.get("/reports/synergy.json")
    data = json.loads(response.data)
    assert data["coverage"]["ece_access"] == {"06": 2, "national": 1}
    assert set(data["collaboration"]) == {"06", "national", "province"}


def test_page_reads_names_numbers_and_plain_words_in_french(client, login, world):  # noqa: F811
    login("board")
    html = client.get("/reports/synergy").get_data(as_text=True)
    # A region is read by its name wherever a person reads it: headers, rows, charts.
    assert 'title="06 · Montréal"><span>Montréal</span></th>' in html  # level span header
    assert '<th scope="row" class="fw-normal">05 · Estrie</th>' in html  # pipeline row
    # Six ties among six stakeholders: 6 of the 15 possible pairs.
    assert '<div class="h4 mb-0">0,40</div>' in html
    assert "40\xa0% des liens possibles existent" in html
    assert "une densité de 0,40 signifie que 40\xa0% des liens possibles existent." in html
    assert "relie des groupes qui, sans lui, ne se parleraient pas" in html
    # The coordinator is named; numbers are written the French way, never as raw floats.
    assert "coord@example.org" not in html
    assert re.search(r">coordinator \d+</th>", html)
    assert not re.search(r"\b0\.\d{2,}", html), re.search(r".{60}\b0\.\d{2,}.{20}", html)
    day = re.search(r"En date du (\d{1,2} \w+ \d{4})\.", html)
    assert day and not re.search(r"\d{4}-\d{2}-\d{2}", day.group(0))
    assert "Filtres\xa0: Aucun\xa0: tous les acteurs du territoire." in html
    assert "Télécharger en PDF" in html and "/reports/synergy.pdf" in html


def test_page_reads_plain_words_in_english_with_the_filters(client, login, world):  # noqa: F811
    login("board")
    html = client.get(
        "/reports/synergy?lang=en&regions=06&since=2026-01-01&until=2026-06-30"
    ).get_data(as_text=True)
    assert "of the possible ties exist" in html
    assert "A broker links groups that would not talk to each other without it" in html
    assert "Filters: Regions: 06 · Montréal; Period: January 1, 2026 to June 30, 2026." in html
    link = re.search(r'href="(/reports/synergy\.pdf\?[^"]*)"', html).group(1)
    assert {"regions=06", "since=2026-01-01", "until=2026-06-30"} <= set(link[18:].split("&amp;"))


@pytest.mark.skipif(bool(pdf.pdf_unavailable()), reason=f"WeasyPrint: {pdf.pdf_unavailable()}")
def test_pdf_download_is_the_printed_page_and_is_audited(client, login, world):  # noqa: F811
    from pypdf import PdfReader

    user = login("board")
    response = client.get("/reports/synergy.pdf")  # every region: 17 and National
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].endswith(f"{clock.today().isoformat()}.pdf")
    assert response.data.startswith(b"%PDF")
    document = PdfReader(io.BytesIO(response.data))
    # Tables, charts, the network's measures and its map (issue 13): at most six pages.
    assert 1 <= len(document.pages) <= 6
    width, height = document.pages[0].mediabox.width, document.pages[0].mediabox.height
    assert (width, height) == (792, 612)  # letter, landscape
    text = " ".join(page.extract_text() for page in document.pages)
    assert "Rapport de synergie" in text
    assert "06 · Montréal" in text and "17 · Centre-du-Québec" in text
    assert "Filtres" in text and "Afficher le rapport" not in text  # no form, no buttons
    assert f"1 / {len(document.pages)}" in text  # page numbers
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "synergy_report"))
    assert event.actor_id == user.id and event.after["format"] == "pdf"


def test_without_weasyprint_the_button_and_the_page_say_why(client, login, world, monkeypatch):  # noqa: F811
    # The machine's missing library cannot be uninstalled for a test: its loader answers
    # what it answers on a machine without Pango.
    monkeypatch.setattr(pdf, "_weasyprint", lambda: "OSError: cannot load library 'pango-1.0-0'")
    login("board")
    html = client.get("/reports/synergy").get_data(as_text=True)
    assert "Télécharger en PDF</button>" in html and "disabled" in html
    assert "Ce serveur ne peut pas produire de fichiers PDF" in html
    assert "/reports/synergy.pdf" not in html
    response = client.get("/reports/synergy.pdf")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Le PDF ne peut pas être produit sur ce serveur" in page
    assert "cannot load library" in page
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "synergy_report"))
        is None
    )
