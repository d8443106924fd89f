"""The network measures in the words a board reads them (the synergy page's Network part)."""

from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import gettext as _


def previous_period(report) -> str:
    """Return what the previous figures are: "from 1 Jan. to 31 Mar. 2026", or "the network
    as it stood on 2 Sept. 2026" when the period has no start."""
    previous = report.network_periods["previous"]
    until = format_date(date.fromisoformat(previous["until"]), "long")
    if previous["since"] is None:
        return _("the network as it stood on %(day)s", day=until)
    since = format_date(date.fromisoformat(previous["since"]), "long")
    return _("from %(since)s to %(until)s", since=since, until=until)


def communities(entry: dict) -> str:
    """Return "4 communities, of which 3 mix several sectors" (or that there is none)."""
    found = entry["communities"]
    if not found:
        return _("No community")
    mixed = sum(1 for community in found if community["mixed"])
    words = ngettext("%(num)s community", "%(num)s communities", len(found))
    if not mixed:
        return words + _(", none mixing sectors")
    return words + ngettext(
        ", of which %(num)s mixes several sectors", ", of which %(num)s mix several sectors", mixed
    )
