"""View of the home page: a dashboard fitted to the user's role."""

from datetime import date

from flask import render_template
from flask_login import current_user, login_required

from app.choices import labels
from app.interactions.forms import DoneForm
from app.main import bp, counts, dashboard
from app.reports import charts
from app.reports.forms import area_label


@bp.route("/")
@login_required
def index():
    """Show the user's dashboard: follow-ups and activity, territory, or province at a glance."""
    words = labels()
    figures = {
        "rows": counts.counts_by_region(current_user, words),
        "today": date.today(),
        "funnel": counts.stage_funnel(current_user, words.codes("stage")),
        "recent": dashboard.recent_interactions(current_user),
    }
    if current_user.can_log_interactions:
        figures["follow_ups"] = dashboard.follow_ups(current_user)
        figures["done_form"] = DoneForm()
    if current_user.role == "regional_lead":
        figures["dormant"] = (counts.dormant_count(current_user), dashboard.dormant(current_user))
        figures["coverage"] = counts.coverage(current_user, words)
        figures["areas"] = counts.area_codes(current_user, words)
        figures["charts"], figures["area"] = charts, area_label
    return render_template("main/index.html", **figures)
