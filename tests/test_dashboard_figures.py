"""The dashboards' territory figures: remembered per process, counted again after a change."""

import re

import pytest
from sqlalchemy import event, insert, text

from models import AuditEvent, db
from models.audit import record
from models.cache import last_change, remembered
from models.operations import (
    create_commitment,
    create_interaction,
    create_stakeholder,
    rename_entry,
)


def row(page: str, label: str) -> list[int]:
    match = re.search(rf"<th scope=\"row\">[^<]*{re.escape(label)}</th>(.*?)</tr>", page, re.S)
    assert match, f"no row for {label}"
    return [int(n) for n in re.findall(r'<td class="num[^"]*">(\d+)</td>', match.group(1))]


def test_a_value_is_counted_again_only_after_an_audited_change(app):
    counted = []

    def count():
        counted.append(1)
        return len(counted)

    assert remembered("test", "k", count, ["stakeholder"]) == 1
    assert remembered("test", "k", count, ["stakeholder"]) == 1
    record(None, "update", "interaction", 1)  # another entity type: still remembered
    db.session.commit()
    assert remembered("test", "k", count, ["stakeholder"]) == 1
    record(None, "update", "stakeholder", 1)
    db.session.commit()
    assert remembered("test", "k", count, ["stakeholder"]) == 2
    assert remembered("test", "other key", count, ["stakeholder"]) == 3


@pytest.mark.parametrize("first", ["slow", "quick"])
def test_a_change_committed_after_a_newer_one_is_counted_too(app, first):
    """On PostgreSQL an event's id is drawn when it is written, not when it is committed:
    another process's change may commit an older id after a newer one was seen. The
    figure counted in between must not outlive that commit, whichever of the two
    transactions started writing first (`first`: the one that got its transaction id)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("on SQLite one writer at a time: ids come in the order of the commits")
    counted = []

    def count():
        counted.append(1)
        return len(counted)

    change = insert(AuditEvent).values(action="update", entity_type="stakeholder", entity_id=1)
    with db.engine.connect() as slow, db.engine.connect() as quick:
        {"slow": slow, "quick": quick}[first].execute(text("SELECT pg_current_xact_id()"))
        slow.execute(change)  # draws the older id, commits last
        quick.execute(change)
        quick.commit()
        assert remembered("test", "k", count, ["stakeholder"]) == 1
        db.session.commit()
        assert remembered("test", "k", count, ["stakeholder"]) == 1  # while it writes: kept
        db.session.commit()
        slow.commit()  # the latest event is still the quick one
    assert remembered("test", "k", count, ["stakeholder"]) == 2
    db.session.commit()
    assert remembered("test", "k", count, ["stakeholder"]) == 2


def test_last_change_is_the_latest_event_of_the_types_asked(app):
    assert last_change().id == 0 and last_change(["stakeholder"]).id == 0
    first = record(None, "create", "stakeholder", 1)
    second = record(None, "create", "commitment", 1)
    db.session.commit()
    assert last_change(["stakeholder"]) == (first.id, first.at)
    assert last_change(["stakeholder", "commitment"]) == last_change() == (second.id, second.at)


def test_the_dashboard_shows_a_new_stakeholder_at_once(client, login, make_user):
    board = login("board")
    page = client.get("/").get_data(as_text=True)
    assert row(page, "Montréal") == [0, 0]
    create_stakeholder(make_user("coordinator"), {"name": "CPE Soleil", "region_code": "06"})
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert row(page, "Montréal") == [1, 0]
    assert board.role == "board"


def test_a_renamed_region_shows_at_once(client, login, make_user, restore_reference):
    login("coordinator")
    assert "Montréal" in client.get("/").get_data(as_text=True)
    rename_entry(make_user("admin"), "region", "06", "Tiohtià:ke", "Tiohtià:ke")
    db.session.commit()
    assert row(client.get("/").get_data(as_text=True), "Tiohtià:ke") == [0, 0]


def test_the_regional_leads_coverage_heatmap_covers_their_areas_only(
    client, login, make_stakeholder, make_commitment
):
    make_commitment(make_stakeholder("CPE Soleil", region="06"), "ece_access")
    make_commitment(make_stakeholder("CPE Lune", region="06"), "ece_access")
    make_commitment(make_stakeholder("Ville de Sherbrooke", region="05"), "ece_access")
    make_commitment(make_stakeholder("Fondation", region=None, sector="philanthropy"), "housing")
    login("regional_lead", regions=["06", "13"])
    page = client.get("/").get_data(as_text=True)
    heatmap = page[page.index('class="table table-sm table-bordered heatmap') :]
    heatmap = heatmap[: heatmap.index("</table>")]
    headers = re.findall(r'<th scope="col" class="area" title="[^"]*"><span>([^<]+)<', heatmap)
    assert headers == ["Montréal", "Laval", "National"]  # names a person reads, not codes
    cells = re.findall(r'<td class="heat-\d+" title="[^"]*">(\d+)</td>', heatmap)
    assert sum(map(int, cells)) == 3  # Montréal's two and the national one; not Estrie's
    assert "Sherbrooke" not in page


def test_only_the_regional_lead_gets_the_heatmap(client, login):
    for role in ("coordinator", "board", "admin"):
        user = login(role)
        page = client.get("/").get_data(as_text=True)
        assert f"Bonjour, {user.name}" in page, role  # the dashboard itself, signed in
        assert "heatmap" not in page and "Couverture de votre territoire" not in page, role
    login("regional_lead", regions=["06"])
    page = client.get("/").get_data(as_text=True)
    assert "heatmap" in page and "Couverture de votre territoire" in page


def test_big_values_are_remembered_apart_and_few(app, monkeypatch):
    """A laid-out map (hundreds of kB) is remembered in a memory of its own, of a few
    entries, so many filters tried in turn keep a worker's memory small."""
    from models import cache

    computed = []

    def compute(n):
        computed.append(n)
        return n

    for n in range(cache.MAX_BIG_ENTRIES + 4):
        cache.remembered("big", n, lambda n=n: compute(n), ["stakeholder"], big=True)
    assert len(cache._big_memory) == cache.MAX_BIG_ENTRIES
    # The newest are still remembered; the first ones were let go and count again.
    newest = cache.MAX_BIG_ENTRIES + 3
    cache.remembered("big", newest, lambda: compute(-1), ["stakeholder"], big=True)
    assert computed[-1] != -1
    cache.remembered("big", 0, lambda: compute(0), ["stakeholder"], big=True)
    assert computed[-1] == 0 and computed.count(0) == 2


def test_a_logged_call_counts_the_dormant_again_and_nothing_else(
    client, login, make_user, make_stakeholder
):
    """Logging an interaction, the most frequent write, changes only the dormant figures:
    the next dashboard counts those again at once, and leaves the territory's other
    figures (which read every commitment) as they were counted; a commitment counts them
    again."""
    soleil = make_stakeholder("CPE Soleil", region="06")
    make_stakeholder("CPE Lune", region="06")
    coordinator = make_user("coordinator")
    db.session.commit()
    login("regional_lead", regions=["06"])
    page = client.get("/").get_data(as_text=True)
    assert "2 acteurs de votre territoire n’ont eu aucune interaction depuis 180 jours." in page

    create_interaction(coordinator, {"stakeholder_ids": [soleil.id], "kind": "call"})
    db.session.commit()
    statements = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731 (the statement's text)
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        page = client.get("/").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert "1 acteur de votre territoire n’a eu aucune interaction depuis 180 jours." in page
    assert not [s for s in statements if "commitment" in s]

    create_commitment(
        coordinator,
        {"stakeholder_id": soleil.id, "measure_code": "ece_access", "status": "committed"},
    )
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    heatmap = page[page.index('class="table table-sm table-bordered heatmap') :]
    heatmap = heatmap[: heatmap.index("</table>")]
    cells = re.findall(r'<td class="heat-\d+" title="[^"]*">(\d+)</td>', heatmap)
    assert sum(map(int, cells)) == 1
