"""The synergy report as an .xlsx workbook, through the one spreadsheet writer.

A summary sheet, one sheet per table, a method sheet (definitions, filters, how betweenness
ran), native charts (commitments by theme, activity by month, pipeline by stage) and a
colour scale on coverage. Labels are French or English; every cell is a value, never a
formula.
"""

from pathlib import Path
from typing import IO

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from models import db
from models.dormant import DORMANT_DAYS
from models.labels import Labels
from models.reference import NATIONAL, STAGES, Measure
from reports.spreadsheet import Workbook
from reports.synergy import (
    HIGH_SCORE,
    QUADRANT_NAMES,
    SynergyReport,
    coordinator_name,
    describe_filters,
)
from reports.synergy_network import PROVINCE


def write_synergy_xlsx(report: SynergyReport, target: str | Path | IO, lang: str = "fr") -> None:
    """Write the report's workbook to `target` in `lang` (French unless "en")."""
    lang = "en" if lang == "en" else "fr"
    with force_locale(lang), Workbook(target, constant_memory=False) as book:
        _SynergyWorkbook(report, Labels(lang), book).write()


class _SynergyWorkbook:
    def __init__(self, report: SynergyReport, labels: Labels, book: Workbook):
        self.report, self.labels, self.book = report, labels, book

    def write(self) -> None:
        """Write every sheet, the summary first."""
        for sheet in (
            self.summary(),
            self.matrix(
                _("Coverage"),
                self.report.coverage,
                _("Coverage: stakeholders with an active commitment"),
                True,
            ),
            self.coverage_by_mrc(),
            self.matrix(
                _("Sector breadth"),
                self.report.sector_breadth,
                _("Sector breadth: sectors among those stakeholders"),
            ),
            self.level_span(),
            self.gaps(),
            self.collaboration(),
            self.network(),
            self.pipeline(),
            self.influence_grid(),
            self.activity(),
            self.follow_ups(),
            self.method(),
        ):
            sheet.finish()

    # Labels ----------------------------------------------------------------------------

    def area(self, code: str) -> str:
        return _("Province") if code == PROVINCE else self.labels.area(code)

    def measure(self, code: str) -> str:
        return self.labels.of("measure", code)

    # Sheets ----------------------------------------------------------------------------

    def summary(self):
        report = self.report
        sheet = self.book.report_sheet(_("Summary"), _("Synergy report"))
        province = report.collaboration[PROVINCE]
        cells = [value for row in report.coverage.values() for value in row.values()]
        row = sheet.pairs(
            2,
            0,
            [
                (_("Date"), report.today),
                (_("Scope"), ", ".join(self.area(c) for c in report.regions)),
                (_("Filters"), self.filters_text()),
                (_("Stakeholders counted"), province["stakeholders"]),
                (_("Active commitments"), sum(cells)),
                (
                    _("Cells covered (measure × region)"),
                    f"{sum(1 for v in cells if v)} / {len(cells)}",
                ),
                (_("Ties"), province["ties"]),
                (_("Density"), float(province["density"])),
                (_("Overdue follow-ups"), report.follow_ups["overdue"]),
                (_("Dormant stakeholders"), report.follow_ups["dormant_stakeholders"]),
            ],
        )
        themes = self.commitments_by_theme()
        data = sheet.table(row + 1, 0, [_("Theme"), _("Active commitments")], themes)
        title = _("Active commitments by theme")
        sheet.chart_of_table("bar", title, data, _("Active commitments"), anchor=(2, 3))
        return sheet

    def commitments_by_theme(self) -> list[list]:
        themes = dict(db.session.execute(select(Measure.code, Measure.theme_code)).all())
        totals: dict[str, int] = {}
        for measure, row in self.report.coverage.items():
            theme = themes.get(measure, "")
            totals[theme] = totals.get(theme, 0) + sum(row.values())
        order = self.labels.codes("theme")
        return [[self.labels.of("theme", t), totals[t]] for t in order if t in totals]

    def matrix(self, name: str, table: dict, title: str, colour_scale: bool = False):
        sheet = self.book.report_sheet(name, title)
        headers = [_("Measure"), *(self.area(c) for c in self.report.regions)]
        rows = [[self.measure(m), *table[m].values()] for m in self.report.measures]
        sheet.table(2, 0, headers, rows, colour_scale=colour_scale, freeze=True)
        return sheet

    def coverage_by_mrc(self):
        report = self.report
        regions = ", ".join(self.area(c) for c in report.regions if c != NATIONAL)
        sheet = self.book.report_sheet(
            _("Coverage by MRC"),
            _(
                "Coverage by MRC: stakeholders with an active commitment (%(regions)s)",
                regions=regions,
            ),
        )
        if not report.mrc_columns:
            sheet.pairs(
                2,
                0,
                [(_("Choose one to three regions in the filters to see coverage by MRC."), "")],
            )
            return sheet
        headers = [_("Measure"), *(self.labels.mrc(c) for c in report.mrc_columns)]
        table = report.coverage_by_mrc
        rows = [[self.measure(m), *table[m].values()] for m in report.measures]
        sheet.table(2, 0, headers, rows, colour_scale=True, freeze=True)
        return sheet

    def level_span(self):
        sheet = self.book.report_sheet(
            _("Level span"),
            _("Level span: levels engaged (national stakeholders count toward every region)"),
        )
        headers = [_("Measure"), *(self.area(c) for c in self.report.regions)]
        rows = [
            [
                self.measure(m),
                *(
                    ", ".join(self.labels.of("level", lv) for lv in levels)
                    for levels in self.report.level_span[m].values()
                ),
            ]
            for m in self.report.measures
        ]
        sheet.table(2, 0, headers, rows, freeze=True)
        return sheet

    def gaps(self):
        sheet = self.book.report_sheet(_("Gaps"), _("Gaps"))
        gaps = self.report.gaps
        sheet.table(
            2,
            0,
            [_("Measure without an active commitment"), _("Region")],
            [[self.measure(g["measure"]), self.area(g["region"])] for g in gaps["measures"]],
            freeze=True,
        )
        sheet.table(
            2,
            3,
            [_("Sector without a stakeholder"), _("Region")],
            [
                [self.labels.of("sector", g["sector"]), self.area(g["region"])]
                for g in gaps["sectors"]
            ],
        )
        return sheet

    def collaboration(self):
        sheet = self.book.report_sheet(
            _("Collaboration"), _("Collaboration: ties between stakeholders")
        )
        headers = [
            _("Region"),
            _("Stakeholders"),
            _("Ties"),
            _("Cross-sector ties"),
            _("Cross-level ties"),
            _("Density"),
            _("Brokers (betweenness)"),
        ]
        rows = [
            [
                self.area(area),
                e["stakeholders"],
                e["ties"],
                e["cross_sector_ties"],
                e["cross_level_ties"],
                float(e["density"]),
                "; ".join(f"{b['name']} ({b['betweenness']:.4f})" for b in e["brokers"]),
            ]
            for area, e in self.report.collaboration.items()
        ]
        sheet.table(2, 0, headers, rows, freeze=True)
        return sheet

    def network(self):
        sheet = self.book.report_sheet(
            _("Network"), _("Network: the previous period, this period and the change")
        )
        measures = [
            ("components", _("Islands")),
            ("isolates", _("Isolated")),
            ("average_degree", _("Ties per stakeholder")),
            ("degree_centralization", _("Centralization")),
            ("density", _("Density")),
            ("ties", _("Ties")),
        ]
        headers = [_("Region")]
        for _key, name in measures:
            headers += [
                _("%(measure)s, previous period", measure=name),
                name,
                _("%(measure)s, change", measure=name),
            ]
        headers += [
            _("Communities, previous period"),
            _("Communities"),
            _("Communities mixing sectors"),
            _("Furthest reach (two steps)"),
        ]
        rows = []
        for area, e in self.report.network.items():
            row = [self.area(area)]
            now = {**e, **self.report.collaboration[area]}  # with this period's ties, density
            for key, _name in measures:
                row += [e["previous"][key], now[key], e["change"][key]]
            row += [
                len(e["previous"]["communities"]),
                len(e["communities"]),
                sum(1 for c in e["communities"] if c["mixed"]),
                "; ".join(f"{r['name']} ({r['reach']})" for r in e["reach"]),
            ]
            rows.append(row)
        data = sheet.table(2, 0, headers, rows, freeze=True)
        communities = [
            [
                self.area(area),
                number,
                c["size"],
                ", ".join(
                    f"{self.labels.of('sector', code)} ({count})"
                    for code, count in c["sectors"].items()
                ),
                _("Yes") if c["mixed"] else _("No"),
            ]
            for area, e in self.report.network.items()
            for number, c in enumerate(e["communities"], 1)
        ]
        sheet.table(
            data[3] + 3,
            0,
            [_("Region"), _("Community"), _("Stakeholders"), _("Sectors"), _("Mixes sectors")],
            communities,
        )
        return sheet

    def pipeline(self):
        sheet = self.book.report_sheet(
            _("Pipeline"), _("Pipeline: stakeholders by mobilization stage")
        )
        stages = [self.labels.of("stage", s) for s in STAGES]
        rows = [
            [self.area(a), *counts.values(), sum(counts.values())]
            for a, counts in self.report.pipeline.items()
        ]
        totals = [sum(r[i] for r in rows) for i in range(1, len(STAGES) + 2)]
        data = sheet.table(
            2, 0, [_("Region"), *stages, _("Total")], [*rows, [_("Total"), *totals]], freeze=True
        )
        name, _first, _col, last, _last_col = data
        sheet.chart(
            "column",
            _("Pipeline by stage"),
            (name, 2, 1, 2, len(STAGES)),
            [(_("Stakeholders"), (name, last, 1, last, len(STAGES)))],
            anchor=(last + 2, 0),
        )
        by_sector = [
            [self.labels.of("sector", s), *counts.values(), sum(counts.values())]
            for s, counts in self.report.pipeline_by_sector.items()
        ]
        sheet.table(last + 20, 0, [_("Sector"), *stages, _("Total")], by_sector)
        return sheet

    def influence_grid(self):
        sheet = self.book.report_sheet(
            _("Influence grid"),
            _("Influence and interest grid (a score of %(high)s or 5 is high)", high=HIGH_SCORE),
        )
        stages = [self.labels.of("stage", s) for s in STAGES]
        rows = [
            [str(QUADRANT_NAMES[q]), *counts.values(), sum(counts.values())]
            for q, counts in self.report.influence_grid.items()
        ]
        sheet.table(2, 0, [_("Quadrant"), *stages, _("Total")], rows, freeze=True)
        return sheet

    def activity(self):
        sheet = self.book.report_sheet(_("Activity"), _("Activity: interactions"))
        activity = self.report.activity
        months = sheet.table(
            2,
            0,
            [_("Month"), _("Interactions")],
            [[m, n] for m, n in activity["by_month"].items()],
            freeze=False,
        )
        sheet.table(
            2,
            3,
            [_("Kind"), _("Interactions")],
            [[self.labels.of("interaction_kind", k), n] for k, n in activity["by_kind"].items()],
        )
        sheet.table(
            2,
            6,
            [_("Coordinator"), _("Interactions")],
            [[coordinator_name(self.report, u), n] for u, n in activity["by_user"].items()],
        )
        sheet.table(
            2,
            9,
            [_("Region"), _("Interactions")],
            [[self.area(a), n] for a, n in activity["by_region"].items()],
        )
        sheet.sheet.freeze_panes(3, 0)
        if activity["by_month"]:
            title = _("Interactions by month")
            sheet.chart_of_table("line", title, months, _("Interactions"), anchor=(2, 12))
        return sheet

    def follow_ups(self):
        sheet = self.book.report_sheet(_("Follow-ups"), _("Follow-ups"))
        sheet.pairs(
            2,
            0,
            [
                (_("Overdue follow-ups"), self.report.follow_ups["overdue"]),
                (
                    _("Dormant stakeholders (no interaction in %(days)s days)", days=DORMANT_DAYS),
                    self.report.follow_ups["dormant_stakeholders"],
                ),
            ],
        )
        return sheet

    def method(self):
        sheet = self.book.report_sheet(_("Method"), _("Method: definitions and filters"))
        row = sheet.pairs(2, 0, [(_("Filters"), self.filters_text()), *definitions()])
        methods = [
            (
                self.area(area),
                _("exact")
                if how == "exact"
                else _("the regions' brokers, each scored within its region")
                if how == "per_region"
                else _(
                    "estimated from %(sources)s source stakeholders of %(n)s (fixed seed)",
                    sources=how.split(":")[1].split("/")[0],
                    n=how.split("/")[1],
                ),
            )
            for area, how in self.report.betweenness_method.items()
        ]
        sheet.pairs(row + 1, 0, [(_("Betweenness, by region"), ""), *methods])
        found = {
            "tie_graph": _("Louvain on the tie graph (exact)"),
            "grouped": _("Louvain on the graph of groups (estimate)"),
            "per_region": _("the regions' communities, each found within its region"),
        }
        methods = [(self.area(a), found[how]) for a, how in self.report.community_method.items()]
        sheet.pairs(row + 1, 3, [(_("Communities, by region"), ""), *methods])
        return sheet

    def filters_text(self) -> str:
        return describe_filters(self.report.filters, self.labels)


def definitions() -> list[tuple[str, str]]:
    """Return the definitions of the report's tables, as the method sheet states them."""
    return [
        (
            _("Stakeholders counted"),
            _(
                "The non-archived stakeholders in your scope that pass the sector and level "
                "filters. A region filter keeps the stakeholders of those regions and the "
                "national ones."
            ),
        ),
        (
            _("Active commitment"),
            _("A commitment whose status is committed, in progress or achieved."),
        ),
        (
            _("Period"),
            _(
                "A commitment counts when it was committed within the period, an interaction when"
                " it occurred within it. Undated commitments count only when no period is chosen."
            ),
        ),
        (
            _("Coverage"),
            _(
                "For each measure and region: the number of distinct stakeholders with an active "
                "commitment to it."
            ),
        ),
        (
            _("Coverage by MRC"),
            _(
                "When the report covers one to three regions: for each measure and MRC (or "
                "equivalent territory) of those regions, the number of distinct stakeholders "
                "with an active commitment to it. National stakeholders are in no MRC; those "
                "whose MRC is not known count in the column No known MRC, so that each row adds "
                "up to the regions' coverage. An MRC filter, like the region filter, keeps the "
                "stakeholders of those MRCs and the national ones."
            ),
        ),
        (
            _("Sector breadth"),
            _(
                "For each measure and region: the number of distinct sectors among those "
                "stakeholders."
            ),
        ),
        (
            _("Level span"),
            _(
                "For each measure and region: which of local, regional and national are engaged; "
                "national stakeholders count toward every region."
            ),
        ),
        (
            _("Gaps"),
            _(
                "Measure and region cells with no active commitment; sectors with no stakeholder "
                "in a region."
            ),
        ),
        (
            _("Ties"),
            _(
                "Two stakeholders are tied when they took part in the same interaction, hold "
                "active commitments to the same measure in the same region, or are linked by a "
                "relationship current today. A pair counts once."
            ),
        ),
        (
            _("Density"),
            _(
                "Ties divided by n(n−1)/2, where n is the number of stakeholders of the region (0"
                " when n < 2). The province entry counts every stakeholder in scope, national "
                "ones included."
            ),
        ),
        (
            _("Brokers"),
            _(
                "The three stakeholders with the highest betweenness centrality (networkx): the "
                "share of shortest paths between two other stakeholders that pass through them. "
                "Paths run over the affiliation graph (stakeholders linked to each joint "
                "interaction, commitment group and relationship), so every tie is one step "
                "between stakeholders. Exact up to 150 stakeholders; above, estimated from a "
                "sample of source stakeholders drawn with a fixed seed. Above 50,000 nodes and "
                "edges, the province lists the regions' brokers of highest betweenness, each "
                "scored within its own region."
            ),
        ),
        *network_definitions(),
        (_("Pipeline"), _("Stakeholders by mobilization stage, per region and per sector.")),
        (
            _("Influence grid"),
            _(
                "Influence and interest of 4 or 5 are high: both high, partner closely; influence"
                " only, keep satisfied; interest only, involve; neither, keep informed."
            ),
        ),
        (
            _("Activity"),
            _(
                "Interactions of the period with at least one stakeholder counted, by month, "
                "kind, coordinator and region (an interaction counts once in each region it "
                "involves)."
            ),
        ),
        (
            _("Follow-ups"),
            _(
                "Overdue: follow-up date before today and not done. Dormant: stakeholders with no"
                " interaction in the last 180 days."
            ),
        ),
    ]


def network_definitions() -> list[tuple[str, str]]:
    """Return the definitions of the network measures and of the previous period."""
    return [
        (
            _("Islands"),
            _(
                "Connected components of two stakeholders or more: groups tied to one another "
                "(directly or through others) and to nobody else of the region."
            ),
        ),
        (_("Isolated"), _("Stakeholders tied to nobody of the region.")),
        (_("Ties per stakeholder"), _("The average degree: 2 × ties ÷ n.")),
        (
            _("Centralization"),
            _(
                "Freeman's degree centralization: the sum, over the stakeholders, of the highest "
                "degree minus theirs, divided by (n−1)(n−2); 0 when n < 3. It is 1 for a star "
                "(everything hangs on one hub) and 0 when everyone has as many ties."
            ),
        ),
        (
            _("Communities"),
            _(
                "Louvain's method (networkx, fixed seed): groups that have more ties among "
                "themselves than chance would give. Those of two stakeholders or more, with their"
                " sectors; a community mixes sectors when it has more than one. Exact (on the tie"
                " graph) up to 2,000 ties; above, Louvain runs on a graph of groups: each "
                "stakeholder of a commitment group or meeting of five or more stands with the "
                "largest one it belongs to, the others with the group most of their partners "
                "stand with."
            ),
        ),
        (
            _("Furthest reach (two steps)"),
            _(
                "For each stakeholder, how many distinct others are within two ties (its "
                "partners and their partners); the three highest."
            ),
        ),
        (
            _("Previous period"),
            _(
                "With a period [start, end] (the end is today when not given): the same number "
                "of days, ending the day before the start; interactions that occurred in it, "
                "commitments committed in it (their status as today), relationships current on "
                "its last day. Without a start date: the network as it stood 90 days before the "
                "end (today when no period is chosen): interactions and dated commitments up to "
                "that day, undated commitments when this period counts them, relationships "
                "current that day. The same stakeholders are counted in both; the change is "
                "this period's figure minus the previous one's."
            ),
        ),
    ]
