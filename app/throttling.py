"""The answer to a form sent too often (`models.throttle`): the same page, status 429,
and a message that says when to try again."""

import math

from flask import flash, render_template
from flask_babel import format_number, ngettext


def too_many(wait: int, template: str, failures: bool = True, **context):
    """Render `template` with status 429 and say in how many minutes to try again.

    `failures`: the attempts counted were failed ones (sign-in, current password); else
    they were requests (a public form)."""
    minutes = max(1, math.ceil(wait / 60))
    if failures:
        message = ngettext(
            "Too many failed attempts. Try again in %(count)s minute.",
            "Too many failed attempts. Try again in %(count)s minutes.",
            minutes,
            count=format_number(minutes),
        )
    else:
        message = ngettext(
            "Too many requests from your connection. Try again in %(count)s minute.",
            "Too many requests from your connection. Try again in %(count)s minutes.",
            minutes,
            count=format_number(minutes),
        )
    flash(message, "danger")
    return render_template(template, **context), 429
