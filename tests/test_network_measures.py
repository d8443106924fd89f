"""The network measures of the synergy report (SPEC §5, Network), worked out by hand on small
drawn networks; then the previous period and its change; then the JSON, the page and the
workbook that show them. Today is 2026-06-30.

Ties are made the report's three ways: a joint interaction, active commitments to the same
measure in the same region, a current relationship.
"""

import io
from datetime import date, timedelta

import openpyxl
import pytest

from models import clock
from reports.synergy import SynergyFilters, compute_synergy
from reports.synergy_json import synergy_json

TODAY = date(2026, 6, 30)


def network(**filters):
    return compute_synergy(None, SynergyFilters(**filters), today=TODAY).network


def measures(entry: dict) -> dict:
    """Return an entry's numbers without its lists (communities, reach) and periods."""
    keys = ("components", "isolates", "average_degree", "degree_centralization")
    return {key: entry[key] for key in keys}


def sizes(entry: dict) -> list[tuple[int, dict, bool]]:
    return [(c["size"], c["sectors"], c["mixed"]) for c in entry["communities"]]


def reach(entry: dict) -> list[tuple[str, int]]:
    return [(r["name"], r["reach"]) for r in entry["reach"]]


@pytest.fixture
def path_of_four(make_stakeholder, make_relationship):
    """A – B – C – D in Montréal (06), three partner relationships."""
    s = {
        "A": make_stakeholder("A – CPE", "06", sector="childcare"),
        "B": make_stakeholder("B – CLSC", "06", sector="health"),
        "C": make_stakeholder("C – École", "06", sector="education"),
        "D": make_stakeholder("D – Ville", "06", sector="municipal"),
    }
    for a, b in ("AB", "BC", "CD"):
        make_relationship(s[a], s[b], "partner")
    return s


def test_a_path_of_four(path_of_four):
    montreal = network()["06"]
    # Degrees 1, 2, 2, 1: one island, nobody isolated, 2·3/4 = 1.5 ties each.
    # Centralization: (2−1) + 0 + 0 + (2−1) = 2 over (4−1)(4−2) = 6.
    assert measures(montreal) == {
        "components": 1,
        "isolates": 0,
        "average_degree": 1.5,
        "degree_centralization": 0.3333,
    }
    # Modularity (m = 3 ties) of {A, B} {C, D}: each holds 1 tie and degrees 1 + 2 = 3, so
    # 2 × (1/3 − (3/6)²) = 0.167; the whole path is 0 and any other split is lower: two
    # communities of two, each of two sectors.
    assert sizes(montreal) == [
        (2, {"childcare": 1, "health": 1}, True),
        (2, {"education": 1, "municipal": 1}, True),
    ]
    # Within two ties: A reaches B, C (2); B reaches A, C, D (3); C: B, D, A (3); D: C, B (2).
    assert reach(montreal) == [("B – CLSC", 3), ("C – École", 3), ("A – CPE", 2)]
    assert montreal["reach"][0]["id"] == path_of_four["B"].id


def test_a_star(make_stakeholder, make_relationship):
    hub = make_stakeholder("H – Table de concertation", "05", sector="community")
    leaves = [make_stakeholder(f"L{n} – CPE", "05", sector="childcare") for n in range(1, 5)]
    for leaf in leaves:
        make_relationship(leaf, hub, "member_of")
    estrie = network()["05"]
    # Degrees 4, 1, 1, 1, 1: 2·4/5 = 1.6 ties each; centralization 4 × (4−1) / (4·3) = 1:
    # the region hangs on one hub.
    assert measures(estrie) == {
        "components": 1,
        "isolates": 0,
        "average_degree": 1.6,
        "degree_centralization": 1.0,
    }
    # A star has no better split than itself (modularity 0; any part holds fewer ties than
    # its degrees call for): one community of five, two sectors.
    assert sizes(estrie) == [(5, {"childcare": 4, "community": 1}, True)]
    # The hub reaches its 4 leaves; each leaf the hub and, through it, the 3 other leaves.
    assert reach(estrie) == [
        ("H – Table de concertation", 4),
        ("L1 – CPE", 4),
        ("L2 – CPE", 4),
    ]


def test_two_triangles_and_an_isolate(make_stakeholder, make_interaction, make_commitment):
    # Capitale-Nationale (03): A, B, C met together (a meeting of three: a triangle);
    # D, E, F hold active commitments to the same measure (a commitment group: a triangle);
    # G is tied to nobody.
    people = {
        letter: make_stakeholder(f"{letter} – Organisme", "03", sector=sector)
        for letter, sector in zip(
            "ABCDEFG",
            ("childcare", "childcare", "childcare", "health", "education", "health", "municipal"),
            strict=True,
        )
    }
    make_interaction([people[x] for x in "ABC"], date(2026, 5, 1), "meeting")
    for x in "DEF":
        make_commitment(people[x], "ece_access", "committed", committed_on=date(2026, 2, 1))
    quebec = network()["03"]
    # Two islands and one isolate; 6 ties for 7: 12/7 = 1.7143 ties each. Degrees 2 (six
    # times) and 0: centralization (2 − 0) / (6·5) = 0.0667.
    assert measures(quebec) == {
        "components": 2,
        "isolates": 1,
        "average_degree": 1.7143,
        "degree_centralization": 0.0667,
    }
    # Each triangle is a community; the childcare one does not mix sectors.
    assert sizes(quebec) == [
        (3, {"childcare": 3}, False),
        (3, {"health": 2, "education": 1}, True),
    ]
    # Everyone of a triangle reaches its two partners; G reaches nobody and is not listed.
    assert reach(quebec) == [("A – Organisme", 2), ("B – Organisme", 2), ("C – Organisme", 2)]


@pytest.fixture
def province(make_stakeholder, make_interaction, make_relationship):
    """A, B, C met in Montréal (06); E, F, G met in Estrie (05); the national N is a partner
    of A, B and E."""
    s = {
        "A": make_stakeholder("A – CPE", "06", sector="childcare"),
        "B": make_stakeholder("B – CLSC", "06", sector="health"),
        "C": make_stakeholder("C – École", "06", sector="education"),
        "E": make_stakeholder("E – CPE", "05", sector="childcare"),
        "F": make_stakeholder("F – Ville", "05", sector="municipal"),
        "G": make_stakeholder("G – École", "05", sector="education"),
        "N": make_stakeholder("N – Fondation", None, sector="philanthropy"),
    }
    make_interaction([s["A"], s["B"], s["C"]], date(2026, 3, 10), "meeting")
    make_interaction([s["E"], s["F"], s["G"]], date(2026, 3, 12), "meeting")
    for x in "ABE":
        make_relationship(s["N"], s[x], "funds")
    return s


def test_the_province_and_its_regions(province):
    found = network()
    # Each region is a triangle: one island, 2 ties each, centralization 0 (all degree 2).
    for area in ("06", "05"):
        assert measures(found[area]) == {
            "components": 1,
            "isolates": 0,
            "average_degree": 2.0,
            "degree_centralization": 0.0,
        }
        assert [c["size"] for c in found[area]["communities"]] == [3]
    # N alone in the national area: tied to nobody *of that area*.
    assert measures(found["national"]) == {
        "components": 0,
        "isolates": 1,
        "average_degree": 0,
        "degree_centralization": 0,
    }
    assert found["national"]["communities"] == [] and found["national"]["reach"] == []
    assert measures(found["13"]) == measures(found["national"]) | {"isolates": 0}
    whole = found["province"]
    # Seven stakeholders, 3 + 3 + 3 = 9 ties: 18/7 = 2.5714 each. Degrees A 3, B 3, C 2,
    # N 3, E 3, F 2, G 2: centralization (1 + 1 + 1) / (6·5) = 0.1. One island.
    assert measures(whole) == {
        "components": 1,
        "isolates": 0,
        "average_degree": 2.5714,
        "degree_centralization": 0.1,
    }
    # Modularity (m = 9; degree sums out of 18): {A, B, C, N} holds 5 ties for degrees 11,
    # {E, F, G} 3 for 7: 5/9 − (11/18)² + 3/9 − (7/18)² = 0.364, against 0.272 for
    # {A, B, C} {N, E, F, G}: N, tied to A and B, goes with Montréal.
    assert sizes(whole) == [
        (4, {"childcare": 1, "education": 1, "health": 1, "philanthropy": 1}, True),
        (3, {"childcare": 1, "education": 1, "municipal": 1}, True),
    ]
    # Two steps: N reaches A, B, E and, through them, C, F, G (6); E: F, G, N, then A, B (5);
    # A: B, C, N, then E (4), as B does; C: A, B, then N (3).
    assert reach(whole) == [("N – Fondation", 6), ("E – CPE", 5), ("A – CPE", 4)]


@pytest.fixture
def then_and_now(make_stakeholder, make_interaction, make_commitment, make_relationship):
    """Five stakeholders of Montréal.

    - A and B met on 2026-02-10; B and C on 2026-05-10; C and D on 2026-05-20;
    - C and E committed to housing on 2026-02-01;
    - A and E were partners from 2026-01-01 to 2026-05-01.
    """
    s = {x: make_stakeholder(f"{x} – Organisme", "06") for x in "ABCDE"}
    make_interaction([s["A"], s["B"]], date(2026, 2, 10), "meeting")
    make_interaction([s["B"], s["C"]], date(2026, 5, 10), "meeting")
    make_interaction([s["C"], s["D"]], date(2026, 5, 20), "meeting")
    for x in "CE":
        make_commitment(s[x], "housing", "committed", committed_on=date(2026, 2, 1))
    make_relationship(
        s["A"], s["E"], "partner", starts_on=date(2026, 1, 1), ends_on=date(2026, 5, 1)
    )
    return s


def test_ties_across_areas_count_in_the_province_only(
    make_stakeholder, make_interaction, make_relationship
):
    """A meeting of A and B (Montréal) with the national N, a meeting of E and X (Estrie, X
    without a sector), a partnership of A and E: each area counts its own ties, the province
    every tie once, with its cross-sector and cross-level ones, whichever areas its two ends
    are of (the ties to other areas are kept apart from an area's own)."""
    s = {
        "A": make_stakeholder("A – CPE", "06", sector="childcare"),
        "B": make_stakeholder("B – CLSC", "06", sector="health"),
        "N": make_stakeholder("N – Fondation", None, sector="philanthropy"),
        "E": make_stakeholder("E – CPE", "05", sector="childcare"),
        "X": make_stakeholder("X – Comité", "05", sector=None),
    }
    make_interaction([s["A"], s["B"], s["N"]], date(2026, 3, 10), "meeting")
    make_interaction([s["E"], s["X"]], date(2026, 3, 12), "meeting")
    make_relationship(s["A"], s["E"], "partner")
    report = compute_synergy(None, today=TODAY)
    numbers = ("stakeholders", "ties", "cross_sector_ties", "cross_level_ties", "density")

    def counted(area):
        return tuple(report.collaboration[area][key] for key in numbers)

    assert counted("06") == (2, 1, 1, 0, 1.0)  # A–B
    assert counted("05") == (2, 1, 0, 0, 1.0)  # E–X: X has no sector
    assert counted("national") == (1, 0, 0, 0, 0)
    # A–B, A–N, B–N, E–X, A–E: cross-sector A–B, A–N, B–N; cross-level A–N, B–N.
    assert counted("province") == (5, 5, 3, 2, 0.5)
    # Degrees A 3, B 2, N 2, E 2, X 1: centralization (0 + 1 + 1 + 1 + 2) / (4·3).
    assert measures(report.network["province"]) == {
        "components": 1,
        "isolates": 0,
        "average_degree": 2.0,
        "degree_centralization": 0.4167,
    }


def test_the_previous_period_of_equal_length_and_the_change(then_and_now):
    report = compute_synergy(None, SynergyFilters(since=date(2026, 4, 1), until=TODAY), today=TODAY)
    # 2026-04-01 to 06-30 is 91 days; the 91 days before end on 03-31.
    assert report.network_periods == {
        "current": {"since": "2026-04-01", "until": "2026-06-30"},
        "previous": {"since": "2025-12-31", "until": "2026-03-31"},
    }
    montreal = report.network["06"]
    # Now: B–C and C–D (the meetings of May); the relationship ended before today and the
    # commitments were made before the period. A and E are isolated; degrees 0, 1, 2, 1, 0:
    # centralization (2 + 1 + 0 + 1 + 2) / (4·3) = 0.5; density 2 of 10 pairs.
    assert measures(montreal) == {
        "components": 1,
        "isolates": 2,
        "average_degree": 0.8,
        "degree_centralization": 0.5,
    }
    # Then: A–B (February's meeting), C–E (the commitments of February), A–E (a relationship
    # current on 03-31): the path B–A–E–C, D isolated; degrees 2, 1, 1, 0, 2: centralization
    # (0 + 1 + 1 + 2 + 0) / 12 = 0.3333; density 3 of 10.
    assert montreal["previous"] | {"communities": [], "reach": []} == {
        "components": 1,
        "isolates": 1,
        "average_degree": 1.2,
        "degree_centralization": 0.3333,
        "communities": [],
        "reach": [],
        "ties": 3,
        "density": 0.3,
    }
    assert montreal["change"] == {
        "components": 0,
        "isolates": 1,
        "average_degree": -0.4,
        "degree_centralization": 0.1667,
        "density": -0.1,
        "ties": -1,
    }
    # Then, on the path B–A–E–C, A reached B, E and (through E) C: 3, as E did (A, C, B).
    # Now, on the path B–C–D, each of the three reaches the two others.
    assert reach(montreal["previous"])[:2] == [("A – Organisme", 3), ("E – Organisme", 3)]
    assert reach(montreal) == [("B – Organisme", 2), ("C – Organisme", 2), ("D – Organisme", 2)]


def test_without_a_period_the_previous_network_is_that_of_90_days_ago(then_and_now):
    report = compute_synergy(None, SynergyFilters(), today=TODAY)
    assert report.network_periods == {
        "current": {"since": None, "until": "2026-06-30"},
        "previous": {"since": None, "until": "2026-04-01"},
    }
    montreal = report.network["06"]
    # Now: every meeting (A–B, B–C, C–D) and the commitments (C–E); the relationship has
    # ended. Degrees A 1, B 2, C 3, D 1, E 1: centralization (2 + 1 + 0 + 2 + 2) / 12.
    assert measures(montreal) == {
        "components": 1,
        "isolates": 0,
        "average_degree": 1.6,
        "degree_centralization": 0.5833,
    }
    # On 2026-04-01: A–B, C–E and A–E (current that day): as the previous period above.
    assert measures(montreal["previous"]) == {
        "components": 1,
        "isolates": 1,
        "average_degree": 1.2,
        "degree_centralization": 0.3333,
    }
    assert montreal["change"] == {
        "components": 0,
        "isolates": -1,
        "average_degree": 0.4,
        "degree_centralization": 0.25,
        "density": 0.1,
        "ties": 1,
    }


def test_json_has_the_network_of_every_area(province):
    data = synergy_json(compute_synergy(None, today=TODAY))
    assert "collaboration" in data and "brokers" in data["collaboration"]["06"]  # unchanged
    assert set(data["network"]) == {*(f"{n:02d}" for n in range(1, 18)), "national", "province"}
    entry = data["network"]["06"]
    assert list(entry) == [
        "components",
        "isolates",
        "average_degree",
        "degree_centralization",
        "communities",
        "reach",
        "previous",
        "change",
    ]
    assert set(entry["previous"]) == {*list(entry)[:6], "ties", "density"}
    assert set(entry["change"]) == {
        "components",
        "isolates",
        "average_degree",
        "degree_centralization",
        "density",
        "ties",
    }
    assert entry["communities"] == [
        {"size": 3, "sectors": {"childcare": 1, "education": 1, "health": 1}, "mixed": True}
    ]
    assert set(entry["reach"][0]) == {"id", "name", "reach"}
    assert data["network_periods"]["previous"] == {"since": None, "until": "2026-04-01"}


def test_a_regional_lead_sees_their_regions_network_only(province, make_user):
    lead = make_user("regional_lead", regions=["06"])
    found = compute_synergy(lead, today=TODAY).network
    assert set(found) == {"06", "national", "province"}
    # Without Estrie: A, B, C and N; N ties to A and B: 3 + 2 = 5 ties.
    assert found["province"]["previous"]["ties"] == 5
    assert "E – CPE" not in str(found)


@pytest.fixture
def recent(make_stakeholder, make_interaction, make_relationship):
    """Dated from the real today, for the page: A and B met 200 days ago; C and D were
    partners until 30 days ago; B and C met 10 days ago. So 90 days ago there were two islands
    (A–B, C–D); now there is one (A–B–C), and D is isolated."""
    today = clock.today()
    s = {
        "A": make_stakeholder("A – CPE", "06", sector="childcare"),
        "B": make_stakeholder("B – CLSC", "06", sector="health"),
        "C": make_stakeholder("C – École", "06", sector="education"),
        "D": make_stakeholder("D – Ville", "06", sector="municipal"),
    }
    make_interaction([s["A"], s["B"]], today - timedelta(days=200), "meeting")
    make_interaction([s["B"], s["C"]], today - timedelta(days=10), "meeting")
    make_relationship(
        s["C"],
        s["D"],
        "partner",
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=30),
    )
    return s


def test_the_page_reads_the_network_in_french(client, login, recent):
    login("board")
    html = client.get("/reports/synergy").get_data(as_text=True)
    section = html.split('<section class="mb-4 report-network">')[1].split("</section>")[0]
    assert '<h2 class="h5">Réseau</h2>' in section
    assert "la période précédente, une flèche, puis cette période" in section
    assert "le réseau tel qu’il était le" in section
    row = section.split("06 · Montréal</th>")[1].split("</tr>")[0]
    # Two islands then one; nobody isolated then D; 2 ties of 6 pairs both times.
    arrow = '<span class="arrow" aria-hidden="true">→</span>'
    assert f'2 îlots {arrow}<span class="visually-hidden">avant, maintenant</span> 1' in row
    assert "0 isolé " in row and "densité 0,33 " in row
    assert "1 communauté, dont 1 mêle plusieurs secteurs" in row
    assert "(avant\xa0: 2)" in row
    # B reaches A and C; A reaches B and C; C reaches B and A (D is no longer tied to C).
    assert f'href="/stakeholders/{recent["A"].id}">A – CPE</a> (2)' in row
    assert "Îlots" in section and "Centralisation" in section and "Plus grande portée" in section
    assert "style=" not in section and "<script" not in section


def test_the_page_in_english(client, login, recent):
    login("coordinator")
    html = client.get("/reports/synergy?lang=en").get_data(as_text=True)
    section = html.split('<section class="mb-4 report-network">')[1].split("</section>")[0]
    assert "Network</h2>" in section and "2 islands " in section
    assert "1 community, of which 1 mixes several sectors" in section


def test_the_workbook_has_a_network_sheet_and_defines_it(client, login, recent):
    login("board")
    response = client.get("/reports/synergy.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    names = book.sheetnames
    assert names.index("Réseau") == names.index("Collaboration") + 1
    sheet = book["Réseau"]
    assert sheet.freeze_panes == "B4"
    headers = [cell.value for cell in sheet[3]]
    assert headers[:4] == ["Région", "Îlots, période précédente", "Îlots", "Îlots, écart"]
    rows = {}
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if not row[0]:
            break  # the communities' table follows, after a blank row
        rows[row[0]] = row
    assert list(rows)[-3:] == ["17 · Centre-du-Québec", "National", "Province"]
    montreal = dict(zip(headers, rows["06 · Montréal"], strict=False))
    assert (montreal["Îlots, période précédente"], montreal["Îlots"]) == (2, 1)
    assert (montreal["Isolés, période précédente"], montreal["Isolés"]) == (0, 1)
    assert montreal["Densité"] == pytest.approx(0.3333)
    assert montreal["Communautés"] == 1 and montreal["Communautés mêlant les secteurs"] == 1
    assert montreal["Plus grande portée (deux pas)"].startswith("A – CPE (2); B – CLSC (2)")
    communities = [row[:5] for row in sheet.iter_rows(min_row=len(rows) + 6, values_only=True)]
    assert (
        "06 · Montréal",
        1,
        3,
        "Services de garde éducatifs (1), Éducation (1), Santé et services sociaux (1)",
        "Oui",
    ) in communities
    method = dict(row[:2] for row in book["Méthode"].iter_rows(values_only=True) if row[0])
    for term in ("Îlots", "Isolés", "Centralisation", "Communautés", "Période précédente"):
        assert term in method, term
    assert "90 jours avant la fin" in method["Période précédente"]
    beside = dict(row[3:5] for row in book["Méthode"].iter_rows(values_only=True) if row[3])
    assert beside["06 · Montréal"] == "Louvain sur le graphe des liens (exact)"


def test_above_its_threshold_louvain_runs_on_the_graph_of_groups(
    make_stakeholder, make_commitment, make_interaction, make_relationship, monkeypatch
):
    import reports.network_measures

    monkeypatch.setattr(reports.network_measures, "LOUVAIN_TIES_UP_TO", 0)
    s = {x: make_stakeholder(f"{x} – Organisme", "03") for x in "ABCDEFGH"}
    for x in "ABCDE":  # a commitment group of five: a group of its own
        make_commitment(s[x], "ece_access", "committed", committed_on=date(2026, 2, 1))
    make_interaction([s["A"], s["F"]], date(2026, 3, 1), "meeting")  # F stands with A's group
    make_relationship(s["G"], s["H"], "partner")  # G and H belong to no group: alone
    report = compute_synergy(None, today=TODAY)
    assert report.community_method["03"] == "grouped"
    # The graph of groups: the group (A–F, a loop of 10 + 1 pairs) and G – H (one pair):
    # two communities, as Louvain finds on the tie graph (K5, A–F, G–H).
    assert [c["size"] for c in report.network["03"]["communities"]] == [6, 2]
    # Reach is exact whatever the graph of Louvain: A reaches B–F (5), B reaches A, C, D, E
    # and, through A, F (5).
    assert reach(report.network["03"])[0] == ("A – Organisme", 5)


def test_a_large_provinces_communities_and_reach_are_its_regions(province, monkeypatch):
    import reports.synergy_network

    monkeypatch.setattr(reports.synergy_network, "PROVINCE_GRAPH_UP_TO", 10)
    report = compute_synergy(None, today=TODAY)
    whole = report.network["province"]
    assert report.community_method["province"] == "per_region"
    # Montréal's triangle and Estrie's, each found within its region (N, alone in the
    # national area, joins none); each member reaches its two partners there.
    assert [c["size"] for c in whole["communities"]] == [3, 3]
    assert reach(whole) == [("A – CPE", 2), ("B – CLSC", 2), ("C – École", 2)]
    # The other measures stay the province's own: one island through N.
    assert measures(whole)["components"] == 1 and measures(whole)["average_degree"] == 2.5714


def test_a_large_commitment_group_ties_everyone_across_sectors_and_levels(
    make_stakeholder, make_commitment
):
    """Twenty stakeholders of Capitale-Nationale committed to the same measure (more than
    the few a meeting holds: their bit sets are built another way): each is tied to the
    nineteen others, across sectors and levels as their sectors and levels differ."""
    for i in range(20):
        sector, level = ("childcare", "health")[i % 2], ("local", "regional")[i < 5]
        stakeholder = make_stakeholder(f"Organisme {i:02d}", "03", level=level, sector=sector)
        make_commitment(stakeholder, "ece_access", "committed", committed_on=date(2026, 2, 1))
    report = compute_synergy(None, SynergyFilters(), today=TODAY)
    quebec = report.collaboration["03"]
    # 20·19/2 ties; 10 childcare × 10 health across sectors; 5 regional × 15 local across levels.
    assert (quebec["stakeholders"], quebec["ties"], quebec["density"]) == (20, 190, 1.0)
    assert (quebec["cross_sector_ties"], quebec["cross_level_ties"]) == (100, 75)
    assert measures(report.network["03"]) == {
        "components": 1,
        "isolates": 0,
        "average_degree": 19.0,
        "degree_centralization": 0.0,
    }
