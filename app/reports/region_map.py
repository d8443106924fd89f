"""The synergy report's map of Quebec (`reports.region_map`): the committed stakeholders of
the measures chosen (one measure, a theme, or all the report's), per region, as the
report's coverage counts them (`reports.synergy.committed_by_area`). A regional lead's
other regions are drawn without a figure; so are the regions a region filter leaves out.
"""

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SelectField, SubmitField

from app.choices import labels
from app.extensions import db
from models.cache import remembered
from models.reference import NATIONAL, Measure
from reports.region_map import (
    Figures,
    committed_words,
    draw_region_map,
    national_words,
    region_title,
)
from reports.synergy import SynergyReport, committed_by_area

ALL = ""
THEME, MEASURE = "theme:", "measure:"


class RegionMapForm(FlaskForm):
    """The map's measure, theme or "all" (a GET form beside the report's filters)."""

    class Meta:
        csrf = False

    map = SelectField(_l("Map of"), default=ALL)
    submit = SubmitField(_l("Show the map"))

    def fill_choices(self, report: SynergyReport) -> "RegionMapForm":
        """Offer the report's measures and the themes they belong to."""
        words, themes = labels(), theme_of()
        shown = dict.fromkeys(themes[m] for m in report.measures if m in themes)
        self.map.choices = {
            _("Overall"): [(ALL, _("All the report's measures"))],
            _("Themes"): [(THEME + t, words.of("theme", t)) for t in shown],
            _("Measures"): [(MEASURE + m, words.of("measure", m)) for m in report.measures],
        }
        return self


def theme_of() -> dict[str, str]:
    """Return each measure's theme code."""
    return dict(db.session.execute(db.select(Measure.code, Measure.theme_code)).all())


def chosen(form: RegionMapForm, report: SynergyReport) -> tuple[list[str], str]:
    """Return the measures the map counts and the words that name them."""
    choice = form.map.data if form.validate() else ALL
    words = labels()
    if choice.startswith(THEME):
        theme = choice[len(THEME) :]
        themes = theme_of()
        return [m for m in report.measures if themes.get(m) == theme], words.of("theme", theme)
    if choice.startswith(MEASURE):
        return [choice[len(MEASURE) :]], words.of("measure", choice[len(MEASURE) :])
    return report.measures, _("all the report's measures")


def report_figures(user, report: SynergyReport, form: RegionMapForm) -> Figures:
    """Return the map's figures: the report's regions with their committed stakeholders."""
    measures, named = chosen(form, report)
    counts = committed_by_area(user, report, measures)
    outside = _("Outside your territory") if not user.sees_everything else _("Not in this report")
    return Figures(
        {code: n for code, n in counts.items() if code != NATIONAL},
        _("Committed stakeholders by region: %(measures)s", measures=named),
        committed_words,
        outside,
        counts.get(NATIONAL, 0),
    )


def report_map(user, report: SynergyReport, args, standalone: bool = False):
    """Return the map's form and its SVG under the report's filters and `args`' choice."""
    form = RegionMapForm(args).fill_choices(report)
    svg = draw_region_map(report_figures(user, report, form), standalone=standalone)
    return form, Markup(svg)


def territory_map(user, committed: dict[str, int]) -> tuple[Markup, list[str]]:
    """Return a regional lead's home map (their regions coloured by their committed
    stakeholders, the others plain; `committed`: area → count) and its figures in words,
    which the page writes beside it instead of a legend. Drawn once for the same regions,
    figures and language (it was a fifth of the home page's time)."""
    regions = tuple(sorted(user.region_codes))
    shown = (*((code, committed.get(code, 0)) for code in regions), committed.get(NATIONAL, 0))
    key = (g.get("lang", "fr"), shown)
    svg, words = remembered("territory_map", key, lambda: _territory_map(regions, committed))
    return Markup(svg), words


def _territory_map(regions: tuple[str, ...], committed: dict[str, int]) -> tuple[str, list[str]]:
    figures = Figures(
        {code: committed.get(code, 0) for code in regions},
        _("Committed stakeholders in your territory"),
        committed_words,
        _("Outside your territory"),
        committed.get(NATIONAL, 0),
    )
    words = [region_title(code, figures) for code in figures.values]
    if figures.national:
        words.append(national_words(figures.national))
    return str(draw_region_map(figures, element_id="home-region-map", legend=False)), words
