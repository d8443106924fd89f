"""The duplicates review page: candidate pairs side by side, best first, and "not a
duplicate" (`models.duplicate_finder`, `models.operations.duplicates`).

Every role reads the page, in their scope; those who may edit both records of a pair
(admins and coordinators) get "Merge…" and "Not a duplicate". The first view of a big base
waits for the finder (a few seconds at 100,000 stakeholders); its pairs are remembered, so
the other pages and views do not.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_or_404, require
from app.choices import labels
from app.duplicates import bp
from app.duplicates.words import reason_words
from app.extensions import db
from app.pagination import page_of_list
from models import Contact, Stakeholder
from models.duplicate import KINDS
from models.operations import ValidationFailed
from models.operations.duplicates import mark_not_duplicate, may_mark
from models.scoping import visible_contacts, visible_stakeholders

MODELS = {
    "stakeholders": (Stakeholder, visible_stakeholders),
    "contacts": (Contact, visible_contacts),
}


def _visible(kind: str):
    model, visible = MODELS[kind]
    return model, visible(current_user)


@bp.get("/<kind>")
@login_required
def review(kind: str):
    """Show the candidate duplicate pairs of a kind, best first, a page at a time."""
    if kind not in KINDS:
        abort(404)
    # Imported here: numpy and RapidFuzz weigh 18 MB in every process that loads them
    # (an import's worker among them), and only this page needs them.
    from models.duplicate_finder import remembered_pairs

    page = page_of_list(remembered_pairs(current_user, kind))
    model, query = _visible(kind)
    ids = {i for pair in page.items for i in (pair.a, pair.b)}
    found = {r.id: r for r in db.session.scalars(query.where(model.id.in_(ids)))}
    L = labels()
    items = [
        {
            "pair": pair,
            "records": (found[pair.a], found[pair.b]),
            "reasons": [reason_words(reason, L) for reason in pair.reasons],
            "can_act": may_mark(current_user, found[pair.a], found[pair.b]),
        }
        for pair in page.items
        if pair.a in found and pair.b in found
    ]
    return render_template("duplicates/review.html", kind=kind, page=page, items=items)


@bp.post("/<kind>/<int:a>/<int:b>/not-duplicate")
@login_required
def not_duplicate(kind: str, a: int, b: int):
    """Remember that two records are not duplicates; the pair leaves the page."""
    if kind not in KINDS:
        abort(404)
    model, query = _visible(kind)
    one, other = get_or_404(query, model, a), get_or_404(query, model, b)
    require(may_mark(current_user, one, other))
    names = [getattr(r, "name", None) or r.full_name for r in (one, other)]
    try:
        mark_not_duplicate(current_user, kind, one, other)
    except ValidationFailed as error:
        flash(str(error.errors["records"]), "danger")
    else:
        db.session.commit()
        flash(_("“%(one)s” and “%(other)s” are marked as two records: the pair is no "
                "longer proposed.", one=names[0], other=names[1]), "success")  # fmt: skip
    page = request.form.get("page", 1, type=int)
    return redirect(url_for(".review", kind=kind, page=page if page > 1 else None))
