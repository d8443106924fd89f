"""The synergy report's numbers, worked out by hand on a small world (SPEC §5).

The world (today is 2026-06-30):

| who | region | level | sector | stage | influence/interest |
|---|---|---|---|---|---|
| A | 06 | local | childcare | committed | 5/5 (partner closely) |
| B | 06 | regional | health | engaged | 4/2 (keep satisfied) |
| C | 06 | local | education | contacted | 2/4 (involve) |
| D | 06 | local | municipal | identified | — (unassessed) |
| E | 05 | local | childcare | champion | 1/1 (keep informed) |
| N | national | national | philanthropy | committed | 5/3 (keep satisfied) |
| X | 06, archived | local | childcare | committed | — |

Active commitments to ece_access: A (2026-03-01), B (2026-04-01), E (2025-12-01),
N (2026-02-01), X (archived: never counted); C's is only intended. C's family_literacy is
achieved but undated. D's housing is withdrawn.

Interactions: I1 2026-03-10 meeting A+B+C (follow-up 2026-04-01 not done: overdue);
I2 2026-05-05 call D (follow-up in the future); I3 2026-05-20 meeting B+N;
I4 2025-11-15 email E, logged by nobody (follow-up done).
Relationships: C–D partner (current); A–E ended 2026-01-01 (not current); D–E since 2026-01-01.

Ties: A–B (I1 and the shared ece_access commitment in 06), A–C, B–C (I1), B–N (I3), C–D and
D–E (relationships): six.
"""

from datetime import date

import pytest

from reports.synergy import SynergyFilters, compute_synergy
from reports.synergy_json import synergy_json

TODAY = date(2026, 6, 30)
ALL_REGIONS = [f"{n:02d}" for n in range(1, 18)]


@pytest.fixture
def world(make_stakeholder, make_commitment, make_interaction, make_relationship, make_user):
    """Build the world of the module docstring; return the stakeholders by letter."""
    coordinator = make_user("coordinator", email="coord@example.org")
    s = {
        "A": make_stakeholder(
            "A – CPE", "06", sector="childcare", stage="committed", influence=5, interest=5
        ),
        "B": make_stakeholder(
            "B – CLSC",
            "06",
            level="regional",
            sector="health",
            stage="engaged",
            influence=4,
            interest=2,
        ),
        "C": make_stakeholder(
            "C – École", "06", sector="education", stage="contacted", influence=2, interest=4
        ),
        "D": make_stakeholder("D – Ville", "06", sector="municipal", stage="identified"),
        "E": make_stakeholder(
            "E – Estrie", "05", sector="childcare", stage="champion", influence=1, interest=1
        ),
        "N": make_stakeholder(
            "N – Fondation", None, sector="philanthropy", stage="committed", influence=5, interest=3
        ),
        "X": make_stakeholder("X – Archivé", "06", stage="committed", archived=True),
    }
    for who, status, day in (
        ("A", "committed", date(2026, 3, 1)),
        ("B", "in_progress", date(2026, 4, 1)),
        ("C", "intended", date(2026, 3, 5)),
        ("E", "committed", date(2025, 12, 1)),
        ("N", "committed", date(2026, 2, 1)),
        ("X", "committed", date(2026, 3, 1)),
    ):
        make_commitment(s[who], "ece_access", status, committed_on=day)
    make_commitment(s["C"], "family_literacy", "achieved", committed_on=None)
    make_commitment(s["D"], "housing", "withdrawn", committed_on=date(2026, 1, 10))
    make_interaction(
        [s["A"], s["B"], s["C"]],
        date(2026, 3, 10),
        "meeting",
        coordinator,
        follow_up_on=date(2026, 4, 1),
        follow_up_done=False,
    )
    make_interaction(
        [s["D"]], date(2026, 5, 5), "call", coordinator, follow_up_on=date(2026, 7, 15)
    )
    make_interaction([s["B"], s["N"]], date(2026, 5, 20), "meeting", coordinator)
    make_interaction(
        [s["E"]],
        date(2025, 11, 15),
        "email",
        None,
        follow_up_on=date(2025, 12, 1),
        follow_up_done=True,
    )
    make_relationship(s["C"], s["D"], "partner")
    make_relationship(
        s["A"], s["E"], "partner", starts_on=date(2025, 1, 1), ends_on=date(2026, 1, 1)
    )
    make_relationship(s["D"], s["E"], "other", starts_on=date(2026, 1, 1))
    return s


def report_of(user=None, **filters):
    return compute_synergy(user, SynergyFilters(**filters), today=TODAY)


def nonzero(table: dict) -> dict:
    return {(row, col): v for row, cols in table.items() for col, v in cols.items() if v}


def test_coverage_counts_distinct_stakeholders_with_an_active_commitment(world):
    report = report_of()
    assert report.regions == [*ALL_REGIONS, "national"]
    assert len(report.measures) == 15
    # A and B in 06 (X is archived, C only intends); E in 05; N national; C's undated one.
    assert nonzero(report.coverage) == {
        ("ece_access", "06"): 2,
        ("ece_access", "05"): 1,
        ("ece_access", "national"): 1,
        ("family_literacy", "06"): 1,
    }


def test_sector_breadth_counts_the_sectors_of_those_stakeholders(world):
    # 06: childcare (A) and health (B); the other cells have one stakeholder each.
    assert nonzero(report_of().sector_breadth) == {
        ("ece_access", "06"): 2,
        ("ece_access", "05"): 1,
        ("ece_access", "national"): 1,
        ("family_literacy", "06"): 1,
    }


def test_a_sector_at_two_levels_counts_once(world, make_stakeholder, make_commitment):
    # A regional childcare stakeholder joins A (local childcare) and B (regional health).
    regional = make_stakeholder("F – Regroupement", "06", level="regional", sector="childcare")
    make_commitment(regional, "ece_access", "committed", committed_on=date(2026, 3, 2))
    report = report_of()
    assert report.coverage["ece_access"]["06"] == 3
    assert report.sector_breadth["ece_access"]["06"] == 2


def test_level_span_counts_national_stakeholders_toward_every_region(world):
    span = report_of().level_span
    assert span["ece_access"]["06"] == ["local", "regional", "national"]
    assert span["ece_access"]["05"] == ["local", "national"]
    assert span["ece_access"]["national"] == ["national"]
    assert span["ece_access"]["13"] == ["national"]  # N works in Laval too
    assert span["family_literacy"]["06"] == ["local"]
    assert span["family_literacy"]["05"] == []
    assert span["housing"]["06"] == []  # D's commitment is withdrawn


def test_gaps_list_empty_cells_and_missing_sectors(world):
    gaps = report_of().gaps
    # 15 measures × 18 columns, less the 4 covered cells.
    assert len(gaps["measures"]) == 15 * 18 - 4
    assert {"measure": "housing", "region": "06"} in gaps["measures"]
    assert {"measure": "ece_access", "region": "06"} not in gaps["measures"]
    # 17 regions × 11 sectors, less 06's four sectors and 05's childcare.
    assert len(gaps["sectors"]) == 17 * 11 - 5
    assert {"sector": "philanthropy", "region": "06"} in gaps["sectors"]
    assert {"sector": "health", "region": "06"} not in gaps["sectors"]


def test_collaboration_of_a_region(world):
    montreal = report_of().collaboration["06"]
    # A, B, C, D (X is archived); ties A–B, A–C, B–C, C–D, all across sectors; A–B and B–C
    # join a local and a regional stakeholder. Density 4 / (4·3/2).
    # C alone links D to the others: it lies on the paths A–D and B–D, 2 of 3 pairs.
    assert montreal == {
        "stakeholders": 4,
        "ties": 4,
        "cross_sector_ties": 4,
        "cross_level_ties": 2,
        "density": 0.6667,
        "brokers": [{"id": world["C"].id, "name": "C – École", "betweenness": 0.6667}],
    }
    empty = {
        "stakeholders": 0,
        "ties": 0,
        "cross_sector_ties": 0,
        "cross_level_ties": 0,
        "density": 0,
        "brokers": [],
    }
    assert report_of().collaboration["13"] == empty
    assert report_of().collaboration["05"] == {**empty, "stakeholders": 1}


def test_collaboration_of_the_province(world):
    province = report_of().collaboration["province"]
    # Six stakeholders, six ties, all across sectors; across levels: A–B, B–C, B–N.
    # Of the 15 pairs, shortest paths run through C for A–D, A–E, B–D, B–E, D–N, E–N (6),
    # through B for A–N, C–N, D–N, E–N (4), through D for A–E, B–E, C–E, E–N (4);
    # normalized by (6−1)(6−2)/2 = 10 pairs without the broker.
    assert province == {
        "stakeholders": 6,
        "ties": 6,
        "cross_sector_ties": 6,
        "cross_level_ties": 3,
        "density": 0.4,
        "brokers": [
            {"id": world["C"].id, "name": "C – École", "betweenness": 0.6},
            {"id": world["B"].id, "name": "B – CLSC", "betweenness": 0.4},
            {"id": world["D"].id, "name": "D – Ville", "betweenness": 0.4},
        ],
    }


def test_a_large_provinces_brokers_are_the_regions_best(world, monkeypatch):
    import reports.synergy_network

    monkeypatch.setattr(reports.synergy_network, "PROVINCE_GRAPH_UP_TO", 10)
    report = report_of()
    # The province graph (6 stakeholders with their hubs and links) is over 10. Of the
    # regions, only Montréal has a broker: C, scored within Montréal (2 of 3 pairs), not
    # within the province (0.6).
    assert report.collaboration["province"]["brokers"] == [
        {"id": world["C"].id, "name": "C – École", "betweenness": 0.6667}
    ]
    assert report.betweenness_method["province"] == "per_region"
    assert report.collaboration["province"]["ties"] == 6  # the counts are unchanged


def test_pipeline_and_influence_grid(world):
    report = report_of()
    stages = ("identified", "contacted", "engaged", "committed", "champion")
    assert report.pipeline["06"] == dict(zip(stages, (1, 1, 1, 1, 0), strict=True))
    assert report.pipeline["05"] == dict(zip(stages, (0, 0, 0, 0, 1), strict=True))
    assert report.pipeline["national"]["committed"] == 1
    assert sum(report.pipeline["13"].values()) == 0
    assert nonzero(report.pipeline_by_sector) == {
        ("childcare", "committed"): 1,
        ("childcare", "champion"): 1,
        ("health", "engaged"): 1,
        ("education", "contacted"): 1,
        ("municipal", "identified"): 1,
        ("philanthropy", "committed"): 1,
    }
    assert nonzero(report.influence_grid) == {
        ("partner_closely", "committed"): 1,  # A 5/5
        ("keep_satisfied", "engaged"): 1,  # B 4/2
        ("keep_satisfied", "committed"): 1,  # N 5/3: 3 is not high
        ("involve", "contacted"): 1,  # C 2/4
        ("keep_informed", "champion"): 1,  # E 1/1
        ("unassessed", "identified"): 1,  # D
    }


def test_activity_and_follow_ups(world):
    report = report_of()
    assert report.activity["by_month"] == {
        "2025-11": 1,
        "2025-12": 0,
        "2026-01": 0,
        "2026-02": 0,
        "2026-03": 1,
        "2026-04": 0,
        "2026-05": 2,
    }
    assert report.activity["by_kind"] == {
        "meeting": 2,
        "call": 1,
        "email": 1,
        "event": 0,
        "visit": 0,
        "other": 0,
    }
    assert report.activity["by_user"] == {"coord@example.org": 3, "none": 1}
    # I1, I2 and I3 involve 06; I4 involves 05; I3 involves N.
    assert nonzero({"r": report.activity["by_region"]}) == {
        ("r", "06"): 3,
        ("r", "05"): 1,
        ("r", "national"): 1,
    }
    # Overdue: I1 only. Dormant since 2026-01-01: E only (X is archived).
    assert report.follow_ups == {"overdue": 1, "dormant_stakeholders": 1}


def test_region_filter_keeps_national_stakeholders(world):
    report = report_of(regions=("05",))
    assert report.regions == ["05", "national"]
    assert nonzero(report.coverage) == {("ece_access", "05"): 1, ("ece_access", "national"): 1}
    assert report.collaboration["province"]["stakeholders"] == 2  # E and N
    assert report.collaboration["province"]["ties"] == 0
    assert report.follow_ups == {"overdue": 0, "dormant_stakeholders": 1}


def test_theme_sector_and_level_filters(world):
    children = report_of(themes=("children",))
    assert children.measures == ["ece_access", "health_access", "early_screening"]
    assert "family_literacy" not in children.coverage
    both = report_of(themes=("children",), measures=("housing",))
    assert both.measures == ["ece_access", "health_access", "early_screening", "housing"]
    childcare = report_of(sectors=("childcare",))
    assert nonzero(childcare.coverage) == {("ece_access", "06"): 1, ("ece_access", "05"): 1}
    assert childcare.sectors == ["childcare"]
    assert len(childcare.gaps["sectors"]) == 17 - 2
    national = report_of(levels=("national",))
    assert nonzero(national.coverage) == {("ece_access", "national"): 1}
    assert national.level_span["ece_access"]["06"] == ["national"]


def test_period_filter_applies_to_commitments_and_interactions(world):
    report = report_of(since=date(2026, 3, 1), until=date(2026, 5, 31))
    # A and B committed within it; E and N before it; C's undated one is left out.
    assert nonzero(report.coverage) == {("ece_access", "06"): 2}
    assert report.activity["by_month"] == {"2026-03": 1, "2026-04": 0, "2026-05": 2}
    assert report.activity["by_region"]["05"] == 0
    # Ties: I1, I3 (in the period), A–B's commitments, C–D and D–E relationships.
    assert report.collaboration["province"]["ties"] == 6
    # From April: no I1 and no A commitment, so 06 keeps C–D; the province adds B–N and D–E.
    later = report_of(since=date(2026, 4, 1))
    assert later.collaboration["06"]["ties"] == 1
    assert later.collaboration["province"]["ties"] == 3


def test_regional_lead_sees_their_regions_and_national_stakeholders(world, make_user):
    lead = make_user("regional_lead", regions=["06"])
    report = report_of(lead)
    assert report.regions == ["06", "national"]
    assert set(report.coverage["ece_access"]) == {"06", "national"}
    assert report.coverage["ece_access"] == {"06": 2, "national": 1}
    province = report.collaboration["province"]
    assert (province["stakeholders"], province["ties"]) == (5, 5)  # no E, so no D–E
    assert set(report.collaboration) == {"06", "national", "province"}
    assert report.activity["by_region"] == {"06": 3, "national": 1}
    assert report.follow_ups == {"overdue": 1, "dormant_stakeholders": 0}
    assert all(gap["region"] == "06" for gap in report.gaps["sectors"])


def test_json_has_every_key_and_every_cell(world, make_user):
    data = synergy_json(report_of())
    assert list(data)[:3] == ["filters", "coverage", "sector_breadth"]
    for key in ("level_span", "gaps", "collaboration", "pipeline", "activity", "follow_ups"):
        assert key in data
    for table in ("coverage", "sector_breadth", "level_span"):
        assert len(data[table]) == 15
        assert all(list(row) == [*ALL_REGIONS, "national"] for row in data[table].values())
    assert data["coverage"]["transit"]["11"] == 0
    assert set(data["gaps"]) == {"measures", "sectors"}
    assert set(data["collaboration"]) == {*ALL_REGIONS, "national", "province"}
    assert set(data["collaboration"]["province"]) == {
        "stakeholders",
        "ties",
        "cross_sector_ties",
        "cross_level_ties",
        "density",
        "brokers",
    }
    assert set(data["collaboration"]["06"]["brokers"][0]) == {"id", "name", "betweenness"}
    assert set(data["activity"]) == {"by_month", "by_kind", "by_user", "by_region"}
    assert data["filters"]["regions"] == [] and data["filters"]["since"] is None


def test_empty_database_gives_zeros_not_missing_cells(app):
    data = synergy_json(compute_synergy(None, today=TODAY))
    assert data["coverage"]["ece_access"]["06"] == 0
    assert data["collaboration"]["province"]["density"] == 0
    assert data["activity"]["by_month"] == {}
    assert data["follow_ups"] == {"overdue": 0, "dormant_stakeholders": 0}
