"""Forms of the contact screens."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.access import visible_stakeholder
from app.choices import options, stakeholder_picker
from app.editing import EditForm
from app.fields import SelectField
from app.incoming import record_id
from models.operations import create_contact, update_contact
from models.operations.contacts import FIELDS as CONTACT_FIELDS


class ContactForm(EditForm):
    """Create or edit a contact; the stakeholder is chosen by type-ahead (its id)."""

    create = staticmethod(create_contact)
    update = staticmethod(update_contact)
    created = _l("Contact created.")

    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100)])
    stakeholder_id = SelectField(_l("Stakeholder"), coerce=str, validate_choice=False)
    title = StringField(_l("Title"), validators=[Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=50)])
    language = SelectField(_l("Preferred language"), choices={"fr": "Français", "en": "English"})
    newsletter_consent = SelectField(_l("Newsletter consent"))
    consent_date = DateField(_l("Consent date"), validators=[Optional()])
    consent_source = StringField(_l("Consent source"), validators=[Length(max=200)])
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 3})
    submit = SubmitField(_l("Save"))

    # The operation's fields but the stakeholder (a type-ahead, read apart) and the
    # withdrawal date, which this form does not offer.
    FIELDS = tuple(
        name for name in CONTACT_FIELDS if name not in ("stakeholder_id", "consent_withdrawn_on")
    )

    def fill_choices(self, stakeholder=None) -> "ContactForm":
        """Fill the selects; the stakeholder select holds the current one (type-ahead adds)."""
        self.newsletter_consent.choices = {
            k: v for k, v in options("consent_kind").items() if k != "withdrawn"
        }
        stakeholder_picker(self.stakeholder_id, stakeholder)
        return self

    def load(self, contact) -> None:
        """Show `contact`'s values in the form."""
        for name in self.FIELDS:
            value = getattr(contact, name)
            getattr(self, name).data = value if name == "consent_date" else (value or "")
        self.stakeholder_id.data = str(contact.stakeholder_id or "")

    def prepare(self, contact) -> "ContactForm":
        """Fill the choices of a new contact or to edit `contact`: the stakeholder chosen,
        else its own."""
        chosen = visible_stakeholder(self.stakeholder_id.data)
        return self.fill_choices(chosen or (contact and contact.stakeholder))

    def values(self) -> dict:
        """Return the operation's data: this form's own fields only."""
        data = {name: getattr(self, name).data for name in self.FIELDS}
        data["stakeholder_id"] = record_id(self.stakeholder_id.data)
        return data
