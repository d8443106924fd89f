"""A deactivated sector or measure is no longer offered for new values, but an edit keeps
a record's current one and the list filters still find the records that have it."""

import re

import pytest

from models import db
from models.operations import set_entry_active


def option_values(page: str, name: str) -> list[str]:
    """Return the values offered by the select (or the checkboxes) called `name`."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if select:
        return re.findall(r'<option[^>]*value="([^"]*)"', select.group(1))
    boxes = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert boxes, f"no select or checkboxes {name}"
    return [re.search(r'value="([^"]*)"', box).group(1) for box in boxes]


@pytest.fixture
def retired(app, make_user, restore_reference):
    admin = make_user("admin")
    set_entry_active(admin, "sector", "research", False)
    set_entry_active(admin, "measure", "housing", False)
    db.session.commit()


def test_new_records_cannot_take_a_deactivated_entry(retired, client, login):
    login("coordinator")
    assert "research" not in option_values(client.get("/stakeholders/new").text, "sector_code")
    assert "housing" not in option_values(client.get("/commitments/new").text, "measure_code")
    assert "housing" not in option_values(client.get("/interactions/new").text, "measure_codes")
    assert "ece_access" in option_values(client.get("/interactions/new").text, "measure_codes")


def test_an_edit_keeps_the_records_deactivated_entry(
    retired, client, login, make_stakeholder, make_interaction
):
    from models import Measure

    login("coordinator")
    lab = make_stakeholder("Laboratoire", sector="research")
    other = make_stakeholder("CPE Soleil")
    page = client.get(f"/stakeholders/{lab.id}/edit").text
    assert "research" in option_values(page, "sector_code")
    page = client.get(f"/stakeholders/{other.id}/edit").text
    assert "research" not in option_values(page, "sector_code")
    meeting = make_interaction([other], measures=[db.session.get(Measure, "housing")])
    page = client.get(f"/interactions/{meeting.id}/edit").text
    assert "housing" in option_values(page, "measure_codes")


def test_the_list_filters_still_offer_deactivated_entries(retired, client, login):
    login("coordinator")
    page = client.get("/stakeholders/").text
    assert "research" in option_values(page, "sector")
    assert "housing" in option_values(page, "measure")
