"""Forms of the saved views: save the list's view, rename, share, delete."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, SubmitField


class SaveViewForm(FlaskForm):
    """Save the view of a list (its filters and sort, `query`) under a name (checked by
    `models.operations.saved_views.clean_name`, as a rename's)."""

    list_name = HiddenField()
    query = HiddenField()
    name = StringField(_l("Name of the view"))
    shared = BooleanField(_l("Share with the whole team"), default=False)
    submit = SubmitField(_l("Save"))


class RenameViewForm(FlaskForm):
    """Give a view another name."""

    name = StringField(_l("New name"))
    submit = SubmitField(_l("Rename"))


class ShareViewForm(FlaskForm):
    """Share a view with everyone, or make it personal again (`shared`: "1" or "")."""

    shared = HiddenField()


class DeleteViewForm(FlaskForm):
    """The one button that deletes a view."""

    submit = SubmitField(_l("Delete"))
