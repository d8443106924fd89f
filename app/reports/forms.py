"""The synergy report's filters: a GET form (no state change, so no CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, SubmitField
from wtforms.validators import Optional, ValidationError

from app.choices import labels, options, region_options
from models.lists.fields import mrc_region, mrcs
from models.scoping import NATIONAL
from reports.synergy import SynergyFilters


class SynergyFilterForm(FlaskForm):
    """Regions, MRCs, themes, measures, sectors, levels and a period."""

    class Meta:
        csrf = False

    regions = SelectMultipleField(_l("Regions"), validators=[Optional()])
    mrcs = SelectMultipleField(_l("MRCs"), validators=[Optional()])
    themes = SelectMultipleField(_l("Themes"), validators=[Optional()])
    measures = SelectMultipleField(_l("Measures"), validators=[Optional()])
    sectors = SelectMultipleField(_l("Sectors"), validators=[Optional()])
    levels = SelectMultipleField(_l("Levels"), validators=[Optional()])
    since = DateField(_l("Since"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
    submit = SubmitField(_l("Show the report"))

    def validate_until(self, field) -> None:
        """Refuse a period that ends before it starts (the report and the map then count
        from its start, and the field says why)."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end of the period comes before its start."))

    def fill_choices(self, user) -> "SynergyFilterForm":
        """Fill the selects; a regional lead chooses among their own regions, and the MRCs
        are those of the regions the user sees and chose, grouped by region (as the lists
        offer them)."""
        regions = region_options()
        if not user.sees_everything:
            regions = {c: label for c, label in regions.items() if c in user.region_codes}
        self.regions.choices = regions
        words = labels()
        offered = mrcs(words, user, {"region": tuple(self.regions.data or ())})
        grouped: dict[str, list] = {}
        region_of = mrc_region(words)
        for code, name in offered.items():
            grouped.setdefault(region_of(code), []).append((code, name))
        self.mrcs.choices = grouped
        self.themes.choices = options("theme")
        self.measures.choices = options("measure")
        self.sectors.choices = options("sector")
        self.levels.choices = options("level")
        return self

    def filters(self) -> SynergyFilters:
        """Return the filters of the fields that validated (a bad field filters nothing)."""

        def valid(field) -> tuple[str, ...]:
            return () if field.errors else tuple(field.data or ())

        return SynergyFilters(
            regions=valid(self.regions),
            mrcs=valid(self.mrcs),
            themes=valid(self.themes),
            measures=valid(self.measures),
            sectors=valid(self.sectors),
            levels=valid(self.levels),
            since=None if self.since.errors else self.since.data,
            until=None if self.until.errors else self.until.data,
        )


def area_label(code: str) -> str:
    """Return a column's words: "06 · Montréal", or "National" (`Labels.area`)."""
    return labels().area(code)


def mrc_label(code: str) -> str:
    """Return an MRC column's words: "Memphrémagog (05 · Estrie)", "No known MRC", or
    "National"."""
    words = labels()
    region = mrc_region(words)(code)
    return f"{words.mrc(code)} ({region})" if region else mrc_short(code)


def mrc_short(code: str) -> str:
    """Return an MRC column's header: "Memphrémagog", "No known MRC", or "National"."""
    words = labels()
    return words.area(code) if code == NATIONAL else words.mrc(code)
