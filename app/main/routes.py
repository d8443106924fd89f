"""View of the home page."""

from flask import g, render_template
from flask_login import current_user, login_required

from app.main import bp
from app.main.counts import counts_by_region


@bp.route("/")
@login_required
def index():
    """Show the user's stakeholders and active commitments by region, within their scope."""
    return render_template("main/index.html", rows=counts_by_region(current_user, g.lang))
