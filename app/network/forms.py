"""The network map's filters: the synergy report's own, so links between them keep them."""

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from app.reports.forms import SynergyFilterForm


class NetworkFilterForm(SynergyFilterForm):
    """Regions, themes, measures, sectors, levels and a period, as the report takes them."""

    submit = SubmitField(_l("Show the map"))
