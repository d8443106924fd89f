"""Form fields of our own: a spreadsheet upload, a select that writes its markup once per
set of options, and the options of a list page's filters.

Writing options through WTForms (escaping each value and label, sorting each tag's
attributes) is slow, and forms show dozens of them. A plain select (one value, text
labels) is the same markup for the same options, attributes and selected value, so
`QuickSelect` keeps its last few hundred writings and reuses them; anything else (several
values, groups, option attributes) goes WTForms' general way. The output is the same
markup either way. A list page's filters (`models.lists`, not a WTForms form) have about
two hundred options, written by `filter_options`.
"""

import functools

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from markupsafe import Markup, escape
from wtforms import SelectField as WTFormsSelectField
from wtforms.fields.choices import Choice
from wtforms.widgets import Select, html_params

WRITINGS_KEPT = 512
SPREADSHEET_TYPES = ["xlsx", "xls", "ods", "csv"]


def spreadsheet_field(label) -> FileField:
    """Return a required upload field that takes a spreadsheet our readers open."""
    return FileField(
        label,
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(SPREADSHEET_TYPES, _l("Expected .xlsx, .xls, .ods or .csv.")),
        ],
    )


class QuickSelect(Select):
    """WTForms' select widget, reusing the markup of a plain select's options."""

    def __call__(self, field, **kwargs):
        choices = field.choices
        if self.multiple or not isinstance(choices, dict) or not _plain(choices):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        for name in self.validation_attrs:
            flag = getattr(field.flags, name)
            if flag is not None and name not in kwargs:
                kwargs[name] = flag
        try:
            return _select(
                field.name, tuple(kwargs.items()), tuple(choices.items()), field.coerce, field.data
            )
        except TypeError:  # an attribute or the data that cannot be a key: write it anew
            return super().__call__(field, **kwargs)

    @classmethod
    def render_option(cls, choice, **kwargs):
        """Write one option; choices with extra attributes go the general way."""
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or value)
        return Markup(f'<option{selected} value="{escape(value)}">{label}</option>')


def _plain(choices: dict) -> bool:
    """Whether every value and label of `choices` is a plain string (not lazy, not markup)."""
    return all(type(v) is str and type(label) is str for v, label in choices.items())


@functools.lru_cache(maxsize=WRITINGS_KEPT)
def _select(name: str, attributes: tuple, choices: tuple, coerce, data) -> Markup:
    """Return the markup of a plain select (the same as WTForms' `Select`)."""
    options = [
        QuickSelect.render_option(Choice(value, label, coerce(value) == data, None))
        for value, label in choices
    ]
    params = html_params(name=name, **dict(attributes))
    return Markup(f"<select {params}>{''.join(options)}</select>")


class SelectField(WTFormsSelectField):
    """WTForms' SelectField with the quicker widget."""

    widget = QuickSelect()


def filter_options(groups, value) -> Markup:
    """Return the <option>s of a list's filter, in an <optgroup> for each named group
    (`ListQuery.choices`), those of `value` (a code, or several) selected. Written here
    rather than by a loop of the template: a list page has two hundred of them."""
    chosen = {value} if isinstance(value, str) else set(value)
    parts = []
    for group, items in groups:
        if group:
            parts.append(f'<optgroup label="{escape(group)}">')
        for code, label in items:
            selected = " selected" if code in chosen else ""
            parts.append(f'<option value="{escape(code)}"{selected}>{escape(label)}</option>')
        if group:
            parts.append("</optgroup>")
    return Markup("".join(parts))
