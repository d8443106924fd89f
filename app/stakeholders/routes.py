"""Views of the stakeholder screens: the five pages of a record (`app.records`),
archiving, and the type-ahead."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.access import get_or_404, require
from app.extensions import db
from app.records import RecordPages
from app.stakeholders import bp
from app.stakeholders.detail import stakeholder_detail
from app.stakeholders.forms import ArchiveForm, StakeholderForm
from models import Stakeholder
from models.lists import StakeholderList
from models.operations import archive_stakeholder, create_stakeholder, update_stakeholder
from models.scoping import visible_stakeholders

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


def _profile(stakeholder) -> dict:
    """What a stakeholder's page shows beside it: contacts, interactions, commitments, ties."""
    return {"archive_form": ArchiveForm(), **stakeholder_detail(stakeholder)}


RecordPages(
    name="stakeholder",
    folder="stakeholders",
    model=Stakeholder,
    scope=visible_stakeholders,
    listing=StakeholderList,
    form=StakeholderForm,
    create=create_stakeholder,
    update=update_stakeholder,
    created=_l("Stakeholder created."),
    may_create=lambda user: user.can_manage_stakeholders,
    may_edit=lambda user, _stakeholder: user.can_manage_stakeholders,
    shown=lambda query: query.with_only_columns(*LISTED),
    more=_profile,
).register(bp)


@bp.post("/<int:stakeholder_id>/archive")
@login_required
def archive(stakeholder_id: int):
    """Archive a stakeholder, or restore an archived one."""
    stakeholder = get_or_404(visible_stakeholders(current_user), Stakeholder, stakeholder_id)
    require(current_user.can_manage_stakeholders)
    if ArchiveForm().validate_on_submit():
        archive_stakeholder(current_user, stakeholder, not stakeholder.archived)
        db.session.commit()
        flash(
            _("Stakeholder archived.") if stakeholder.archived else _("Stakeholder restored."),
            "success",
        )
    return redirect(url_for(".detail", stakeholder_id=stakeholder.id))


@bp.get("/lookup")
@login_required
def lookup():
    """Return up to 10 stakeholders matching `q` in the user's scope, as JSON (type-ahead)."""
    q = request.args.get("q", "").strip()
    if len(q) < 2:
        return {"results": []}
    query = StakeholderList.parse(current_user, {"q": q}).select().limit(10)
    return {
        "results": [
            {
                "id": stakeholder.id,
                "label": f"{stakeholder.name} "
                f"({stakeholder.locality or stakeholder.region_code or 'national'})",
                "engage": current_user.can_engage(stakeholder),
            }
            for stakeholder in db.session.scalars(query)
        ]
    }
