"""The public privacy page: who answers for personal information, what is held and why."""

from flask import current_app, render_template

from app.privacy import bp


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
    )
