"""Views of the stakeholder screens: the five pages of a record (`app.records`),
archiving, and the type-aheads (stakeholders, municipalities)."""

from flask import request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, load_only, raiseload

from app.lists import TYPE_AHEAD_READ, TYPE_AHEAD_SHOWN, type_ahead, type_ahead_status
from app.records import RecordPages
from app.stakeholders import bp
from app.stakeholders.detail import stakeholder_detail
from app.stakeholders.forms import ArchiveForm, StakeholderForm
from models import Stakeholder
from models.interaction import logged_with_lately
from models.lists import StakeholderList
from models.municipality import directory
from models.operations import archive_stakeholder
from models.scoping import stakeholder_engageable, visible_areas

# The list's columns: plain rows, lighter to load than whole stakeholders.
LISTED = (
    Stakeholder.id,
    Stakeholder.name,
    Stakeholder.region_code,
    Stakeholder.sector_code,
    Stakeholder.level,
    Stakeholder.stage,
    Stakeholder.locality,
)


def _archive(stakeholder) -> str:
    """Archive a stakeholder, or restore an archived one."""
    archive_stakeholder(current_user, stakeholder, not stakeholder.archived)
    return _("Stakeholder archived.") if stakeholder.archived else _("Stakeholder restored.")


RecordPages(
    StakeholderList,
    StakeholderForm,
    lambda query: query.with_only_columns(*LISTED),
    more=stakeholder_detail,
    buttons={"archive": (ArchiveForm, _archive)},
    loads=(joinedload(Stakeholder.tags),),  # its tags in the same query as itself
).register(bp)


def _picked(stakeholder) -> dict:
    """A stakeholder as the type-ahead offers it: name, place, and whether the user may log
    with it."""
    where = stakeholder.locality or stakeholder.region_code or "national"
    return {
        "id": stakeholder.id,
        "label": f"{stakeholder.name} ({where})",
        "engage": current_user.can_engage(stakeholder),
    }


# A type-ahead reads only what it shows (`_picked`): not the search text, tags, region
# and sector every stakeholder loads by default (half of its time).
OFFERED = (
    load_only(
        Stakeholder.id,
        Stakeholder.name,
        Stakeholder.name_key,  # the list's order, in which the type-ahead's rows are read
        Stakeholder.locality,
        Stakeholder.region_code,
        Stakeholder.level,
        Stakeholder.archived,
    ),
    raiseload("*"),
)


@bp.get("/lookup")
@login_required
def lookup():
    """Return up to 10 stakeholders matching `q` in the user's scope, as JSON (type-ahead);
    with `?engage=1`, only those the user may log interactions for (a regional lead is
    not offered the national ones, which they only read). Names starting with what was
    typed first, then a word of the name starting with it, then the name holding it;
    among equals, those the user logged with lately."""
    engage = request.args.get("engage") == "1"
    where = stakeholder_engageable(current_user) if engage else None
    return type_ahead(
        StakeholderList,
        _picked,
        *OFFERED,
        where=where,
        named=lambda s: s.name,
        prefix=Stakeholder.name_key,
        recent=lambda ids: logged_with_lately(current_user.id, ids),
    )


@bp.get("/municipalities")
@login_required
def municipalities():
    """Return up to 10 municipalities of the directory matching `q` as JSON (the form's
    type-ahead): accents, case and `St` for `Saint` aside, in the regions the user sees,
    each as `Name (MRC, region)` with its region (which the form's region then follows)."""
    q = request.args.get("q", "").strip()
    if len(q) < 2:
        return {"results": [], "count": 0, "status": ""}
    found = directory().search(q, visible_areas(current_user), TYPE_AHEAD_READ + 1)
    results = [
        {"id": place.code, "label": place.described(), "data": {"region": place.region_code}}
        for place in found[:TYPE_AHEAD_SHOWN]
    ]
    status = type_ahead_status(len(found), len(results))
    return {"results": results, "count": len(found), "status": status}
