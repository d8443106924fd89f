"""Forms of the import wizard."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SubmitField

from app.fields import spreadsheet_field
from models.columns import COLUMNS

KIND_LABELS = {
    "stakeholders": _l("Stakeholders"),
    "contacts": _l("Contacts"),
    "interactions": _l("Interactions"),
    "commitments": _l("Commitments"),
    "relationships": _l("Ties between stakeholders"),
}


class UploadForm(FlaskForm):
    """Step 1: the kind of list and the file."""

    kind = SelectField(_l("What the file lists"))
    file = spreadsheet_field(_l("Spreadsheet (.xlsx, .xls, .ods or .csv)"))
    submit = SubmitField(_l("Continue"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = {kind: str(label) for kind, label in KIND_LABELS.items()}


def mapping_form(kind: str, headers: list[str], chosen: dict[int, str], lang: str = "fr"):
    """Return a form with one select per column of the file, pre-set to `chosen`."""
    choices = {"": str(_l("— ignore this column —"))} | {
        column.key: column.header(lang) for column in COLUMNS[kind]
    }

    class MappingForm(FlaskForm):
        pass

    for index, header in enumerate(headers):
        if header:
            field = SelectField(header or f"#{index + 1}", choices=choices,
                                default=chosen.get(index, ""))  # fmt: skip
            setattr(MappingForm, f"col_{index}", field)
    MappingForm.submit = SubmitField(_l("Preview the import"))
    return MappingForm()


class ConfirmForm(FlaskForm):
    """Step 3: write the import, all or nothing unless told to skip invalid rows."""

    skip_invalid = BooleanField(_l("Skip the invalid rows and import the others"))
    submit = SubmitField(_l("Import"))


class UndoForm(FlaskForm):
    """The confirmed undoing of an import."""

    submit = SubmitField(_l("Undo the import"))
