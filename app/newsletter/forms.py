"""Forms of the newsletter screens. No checkbox is ever ticked in advance (CASL)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.fields import spreadsheet_field
from models.labels import LANGUAGE_LABELS
from models.normalize import InvalidEmail, normalize_email

LANGUAGES = LANGUAGE_LABELS
# What the person agrees to, stored with their consent in the language they read it.
CONSENT_WORDING = _l(
    "I agree to receive the newsletter of the Collectif petite enfance by email. I can "
    "unsubscribe at any time with the link at the bottom of each newsletter."
)


class SubscribeForm(FlaskForm):
    """The public subscription form."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100)])
    language = SelectField(_l("Preferred language"), choices=LANGUAGES)
    consent = BooleanField(
        CONSENT_WORDING,
        default=False,
        validators=[DataRequired(_l("Tick the box to subscribe."))],
    )
    submit = SubmitField(_l("Subscribe"))

    def validate_email(self, field) -> None:
        """Accept a valid email only."""
        try:
            field.data = normalize_email(field.data)
        except InvalidEmail as error:
            raise ValidationError(error.message) from error
        if not field.data:
            raise ValidationError(_l("Enter a valid email address."))


class ConfirmForm(FlaskForm):
    """The one button that confirms a subscription."""

    submit = SubmitField(_l("Confirm my subscription"))


class UnsubscribeForm(FlaskForm):
    """The one button that unsubscribes."""

    submit = SubmitField(_l("Unsubscribe"))


class ConsentForm(FlaskForm):
    """Record a consent given, or its withdrawal, for a contact (staff)."""

    KINDS = {
        "": _l("— choose —"),
        "express": _l("Gave express consent"),
        "implied": _l("Implied consent (e.g. a business relationship)"),
        "withdrawn": _l("Withdrew consent"),
    }
    kind = SelectField(
        _l("What the person did"), validators=[DataRequired(_l("Choose what the person did."))]
    )
    on = DateField(_l("Date"), validators=[Optional()])
    source = StringField(
        _l("Source"),
        validators=[Length(max=200)],
        render_kw={"placeholder": _l("e.g. signed form at the regional forum")},
    )
    wording = TextAreaField(_l("Wording shown to the person"), render_kw={"rows": 3})
    submit = SubmitField(_l("Record"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = {key: str(label) for key, label in self.KINDS.items()}


class UnsubscribeListForm(FlaskForm):
    """Upload the unsubscribe list exported by the mailing tool."""

    file = spreadsheet_field(
        _l("Unsubscribe list (.csv, .xlsx, .xls or .ods, with an email column)")
    )
    submit = SubmitField(_l("Withdraw these consents"))
