"""Forms of the administration screens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import AnyOf, Length

from app.choices import region_options
from app.editing import EditForm
from models.labels import LANGUAGE_LABELS, ROLE_LABELS
from models.operations.reference import list_of


class UserForm(EditForm):
    """Create a user (all fields) or edit one (without email and password)."""

    email = EmailField(_l("Email"), validators=[Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    role = SelectField(_l("Role"))
    regions = SelectMultipleField(
        _l("Regions"),
        description=_l("Regional leads only. Hold Ctrl (⌘ on a Mac) to choose several."),
        render_kw={"size": 9},
    )
    language = SelectField(_l("Language"))
    password = PasswordField(
        _l("Initial password"),
        description=_l("At least 12 characters."),
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Save"))

    FIELDS = ("name", "role", "regions", "language")

    def fill_choices(self, editing: bool = False) -> "UserForm":
        """Fill the selects; an edit form has no email or password."""
        if editing:
            del self.email
            del self.password
        self.role.choices = {code: str(label) for code, label in ROLE_LABELS.items()}
        self.regions.choices = region_options()
        self.language.choices = LANGUAGE_LABELS
        return self

    def load(self, user) -> None:
        """Show `user`'s values in the form."""
        self.name.data, self.role.data = user.name, user.role
        self.regions.data, self.language.data = user.region_codes, user.language

    def prepare(self, user) -> "UserForm":
        """Fill the choices to edit a user (no email or password)."""
        return self.fill_choices(editing=True)

    def values(self) -> dict:
        """Return the operation's data: this form's own fields only."""
        return {name: getattr(self, name).data for name in self.FIELDS}


class PasswordForm(FlaskForm):
    """Give a user a new password."""

    password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters."),
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Reset the password"), id="password-submit")


class ActiveForm(FlaskForm):
    """Deactivate or reactivate (a POST carrying the state wanted)."""

    active = HiddenField(validators=[AnyOf(("0", "1"))])
    submit = SubmitField(_l("Deactivate"))

    def wanting(self, active: bool, key: str = "") -> "ActiveForm":
        """Set the state this form asks for and its button's label (`key`: unique ids)."""
        if key:
            self.active.id, self.submit.id = f"active-{key}", f"active-submit-{key}"
        self.active.data = "1" if active else "0"
        self.submit.label.text = _l("Reactivate") if active else _l("Deactivate")
        return self


class EntryForm(EditForm):
    """Add a reference entry (code, labels, theme for a measure) or rename one (labels)."""

    code = StringField(
        _l("Code"),
        validators=[Length(max=40)],
        description=_l(
            "Lowercase letters without accents, digits and underscores; it never changes."
        ),
    )
    theme_code = SelectField(_l("Theme"))
    label_fr = StringField(_l("French label"), validators=[Length(max=200)])
    label_en = StringField(_l("English label"), validators=[Length(max=200)])
    submit = SubmitField(_l("Save"))

    def fill_choices(self, kind: str, adding: bool, themes: dict[str, str]) -> "EntryForm":
        """Keep the fields that apply: the code when adding, the theme for a new measure."""
        if not adding:
            del self.code
        if not adding or kind != "measure":
            del self.theme_code
        else:
            self.theme_code.choices = themes
        return self

    def load(self, entry) -> None:
        """Show `entry`'s labels in the form."""
        self.label_fr.data, self.label_en.data = entry.label_fr, entry.label_en

    def prepare(self, entry) -> "EntryForm":
        """Keep the fields of a rename: the labels."""
        return self.fill_choices(list_of(entry), adding=False, themes={})

    def values(self) -> dict:
        """Return the operation's data: the labels."""
        return {"label_fr": self.label_fr.data, "label_en": self.label_en.data}
