"""The synergy report page and its downloads, through the test client."""

import io
import json

import openpyxl
from sqlalchemy import select

from models import db
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
    assert "06 Montréal" in html  # the report is still there, for every region


def test_regional_lead_page_covers_their_regions_only(client, login, world):  # noqa: F811
    login("regional_lead", regions=["06"])
    html = client.get("/reports/synergy").get_data(as_text=True)
    assert "06 Montréal" in html and "05 Estrie" not in html
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
