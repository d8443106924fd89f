"""Forms of the review queue: attach an address to a contact, discard it, put it back, and
the contact form prefilled from an address."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField

from app.contacts.forms import ContactForm
from app.fields import SelectField


class AttachForm(FlaskForm):
    """Attach one address to a contact chosen by type-ahead (the contacts' own, in the
    user's scope); made with `prefix` the address's id, so that a page holds one per
    address. `contact_id` is also posted by the buttons of the suggested contacts."""

    contact_id = SelectField(_l("Contact"), coerce=str, validate_choice=False)
    submit = SubmitField(_l("Attach"))

    @classmethod
    def of(cls, address_id: int, **kwargs) -> "AttachForm":
        """Return the form of the address `address_id`, its type-ahead ready."""
        form = cls(prefix=f"a{address_id}", **kwargs)
        form.contact_id.choices = {"": "—"}
        form.contact_id.render_kw = {
            "data-lookup": url_for("contacts.lookup"),
            "data-placeholder": _("Type a name…"),
        }
        return form


class ButtonForm(FlaskForm):
    """A form that is one button (discard, put back, a suggested contact): its CSRF token
    and what it posts in hidden fields."""

    contact_id = HiddenField()


class ContactFromAddressForm(ContactForm):
    """The contact form, for a person found in a message: the stakeholder is required."""

    submit = SubmitField(_l("Create the contact and attach the address"))

    def fill_from(self, address: str) -> "ContactFromAddressForm":
        """Prefill a new form: the email, and the names when the address reads as
        `first.last@` (`jeanne.tremblay@` → Jeanne, Tremblay)."""
        self.email.data = address
        first, last = guessed_names(address)
        self.first_name.data, self.last_name.data = first, last
        return self


def guessed_names(address: str) -> tuple[str, str]:
    """Return (first, last) read from an address's `first.last` local part, else blanks."""
    local = address.split("@", 1)[0]
    parts = local.replace("_", ".").split(".")
    if len(parts) == 2 and all(p.replace("-", "").isalpha() and len(p) > 1 for p in parts):
        return tuple("-".join(w.capitalize() for w in p.split("-")) for p in parts)
    return "", ""
