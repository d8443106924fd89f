"""Views of the home page (a dashboard fitted to the user's role) and the language switch."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import current_app, redirect, render_template, request, session
from flask_login import current_user, login_required

from app.auth.routes import safe_next
from app.choices import labels
from app.extensions import db
from app.interactions.follow_ups import assignees, pending_undo
from app.main import bp, counts, dashboard
from app.reports import charts
from app.reports.forms import area_label, mrc_label, mrc_short
from app.reports.region_map import territory_map
from models import clock
from models.dormant import DORMANT_DAYS
from models.operations.account import set_own_language


@bp.route("/")
@login_required
def index():
    """Show the user's dashboard: follow-ups and activity, territory, or province at a glance."""
    words = labels()
    figures = {
        "rows": counts.counts_by_region(current_user, words),
        "today": clock.today(),
        "funnel": counts.stage_funnel(current_user, words.codes("stage")),
        "recent": dashboard.recent_interactions(current_user),
        "views": dashboard.saved_views(current_user),
    }
    if current_user.can_log_interactions:
        figures["follow_ups"] = dashboard.follow_ups(current_user)
        figures["undo"] = pending_undo()
        figures["assignees"] = assignees(current_user)
    if current_user.role == "regional_lead":
        figures["dormant"] = (counts.dormant_count(current_user), dashboard.dormant(current_user))
        figures["dormant_days"] = DORMANT_DAYS
        figures["charts"], figures["area"] = charts, area_label
        if len(current_user.region_codes) == 1:  # one region: its MRCs tell more
            figures["areas"], figures["coverage"] = counts.coverage_by_mrc(current_user, words)
            figures["area"], figures["short"] = mrc_label, mrc_short
        else:
            figures["coverage"] = counts.coverage(current_user, words)
            figures["areas"] = counts.area_codes(current_user, words)
        figures["home_map"] = territory_map(current_user, counts.committed_by_area(current_user))
    return render_template("main/index.html", **figures)


@bp.post("/language")
def language():
    """Switch the interface language and go back; a signed-in user's choice is kept."""
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated and set_own_language(current_user, lang):
            db.session.commit()
    return redirect(back_to(request.form.get("next")))


def back_to(target: str | None) -> str:
    """Return the page to go back to: `target` if it is on this site, with its query string
    (a list's filters, sort and page) but without a `?lang=` that would undo the switch."""
    parts = urlsplit(safe_next(target))
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, True) if k != "lang"])
    return urlunsplit(("", "", parts.path, query, ""))
