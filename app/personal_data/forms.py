"""Forms of the personal data screens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.incoming import record_number

DEFAULT_YEARS = 3


def years_from(text: str | None) -> int:
    """Return the number of years in `text` when it is between 1 and 50, else the default."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 50:
        return int(text)
    return DEFAULT_YEARS


class FindPersonForm(FlaskForm):
    """Find the contact an access request is about, by email (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    email = EmailField(_l("Email of the person"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Find"))


class ExportForm(FlaskForm):
    """Download a person's data (a POST: the export is audited)."""

    submit = SubmitField(_l("Download their data (JSON)"))


class AnonymizeForm(FlaskForm):
    """Anonymize one contact, once the administrator has ticked the confirmation."""

    confirm = BooleanField(
        _l("I understand that this erases this person's data for good."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Anonymize"))


class RetentionFilterForm(FlaskForm):
    """How long without an interaction makes a contact dormant (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    years = IntegerField(
        _l("No interaction for (years)"),
        default=DEFAULT_YEARS,
        validators=[Optional(), NumberRange(min=1, max=50)],
    )
    submit = SubmitField(_l("Show"))

    def chosen_years(self) -> int:
        """Return the valid number of years asked for, else the default."""
        if self.years.data is None or self.years.errors:
            return DEFAULT_YEARS
        return self.years.data


class RetentionSelectionForm(FlaskForm):
    """The contacts ticked for anonymization (none is ticked to begin with)."""

    contact_ids = SelectMultipleField(_l("Contacts"), coerce=record_number, validate_choice=False)
    years = HiddenField()
    confirmed = HiddenField()
    submit = SubmitField(_l("Anonymize the selected contacts"))
