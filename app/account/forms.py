"""Forms of the account page: the calendar feed's buttons and the digest's checkbox."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SubmitField


class NewFeedForm(FlaskForm):
    """Make a calendar address (a new one revokes the old); `seen` is the feed as the page
    showed it (`calendar_feed_state`)."""

    seen = HiddenField()
    submit = SubmitField(_l("Create my calendar address"))


class FeedOffForm(FlaskForm):
    """Turn the calendar address off, without a new one."""

    seen = HiddenField()
    submit = SubmitField(_l("Turn off"))


class DigestForm(FlaskForm):
    """Receive the weekly digest of one's follow-ups, or not."""

    digest_opt_in = BooleanField(
        _l("Email me my follow-ups every Monday morning"),
        description=_l("Those overdue and those due within a week, with a link to each."),
    )
    submit = SubmitField(_l("Save"))
