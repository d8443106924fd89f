"""The public privacy page: who answers for personal information, what is held and why, and
where the reference data come from (the credit lines their licence asks for)."""

from flask import current_app, render_template

from app.privacy import bp
from models.municipality import DIRECTORY_CREDIT, MAP_CREDIT


@bp.get("/privacy")
def page():
    """Show the privacy page to anyone, signed in or not."""
    config = current_app.config
    return render_template(
        "privacy/page.html",
        officer={
            "name": config.get("PRIVACY_OFFICER_NAME", ""),
            "email": config.get("PRIVACY_OFFICER_EMAIL", ""),
            "phone": config.get("PRIVACY_OFFICER_PHONE", ""),
        },
        credits=(DIRECTORY_CREDIT, MAP_CREDIT),
    )
