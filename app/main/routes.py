"""View of the home page: a dashboard fitted to the user's role."""

from datetime import date

from flask import g, render_template
from flask_login import current_user, login_required

from app.interactions.forms import DoneForm
from app.main import bp, dashboard
from app.main.counts import counts_by_region


@bp.route("/")
@login_required
def index():
    """Show the user's dashboard: follow-ups and activity, territory, or province at a glance."""
    figures = {
        "rows": counts_by_region(current_user, g.lang),
        "today": date.today(),
        "funnel": dashboard.stage_funnel(current_user),
        "recent": dashboard.recent_interactions(current_user),
    }
    if current_user.can_log_interactions:
        figures["follow_ups"] = dashboard.follow_ups(current_user)
        figures["done_form"] = DoneForm()
    if current_user.role == "regional_lead":
        figures["dormant"] = dashboard.dormant(current_user)
    return render_template("main/index.html", **figures)
