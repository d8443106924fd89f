"""What a request brings in, cleaned before any view reads it (README, Safety).

Query-string and form values, and uploaded files' names, lose their C0 control characters
but tab and line breaks (`models.normalize.strip_controls`): every view, form and filter
then reads clean text, and PostgreSQL never sees a NUL that SQLite would have stored. A
path segment holding a control character (a token, a code) matches no route: 404, and so
does a record id larger than an id column holds, which the database would refuse.
"""

from flask import Request as FlaskRequest
from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter, ValidationError

from models.normalize import has_controls, strip_controls

# Record ids are `integer` columns, 32 bits on PostgreSQL: a larger number names no record,
# and the database would refuse it (an error) rather than find nothing.
ID_MAX = 2**31 - 1


def _clean(value):
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, FileStorage) and value.filename:
        value.filename = strip_controls(value.filename)
    return value


class Parameters(ImmutableMultiDict):
    """The query string's or a form's values, without control characters."""

    def __init__(self, mapping=None):
        pairs = MultiDict(mapping).items(multi=True)
        super().__init__([(key, _clean(value)) for key, value in pairs])


class Request(FlaskRequest):
    """Flask's request, whose `args`, `form` and `files` are `Parameters`."""

    parameter_storage_class = Parameters


class PathText(UnicodeConverter):
    """A path segment of text (the default converter) that holds no control character."""

    def to_python(self, value: str) -> str:
        """Refuse a segment with a control character: the route does not match."""
        if has_controls(value):
            raise ValidationError()
        return value


class RecordId(IntegerConverter):
    """A path's record id (the `int` converter): a whole number up to `ID_MAX`."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", ID_MAX)
        super().__init__(url_map, *args, **kwargs)


def record_id(value) -> int | None:
    """Return the record id that `value` (text from a request) names, else None."""
    text = str(value if value is not None else "")
    if text.isascii() and text.isdecimal() and 0 < int(text) <= ID_MAX:
        return int(text)
    return None


def record_number(value) -> int:
    """Return the record id that `value` names; raise ValueError (a form field's `coerce`)."""
    number = record_id(value)
    if number is None:
        raise ValueError("not a record id")
    return number


def register(app) -> None:
    """Clean every request of `app`; call it before the blueprints are registered."""
    app.request_class = Request
    app.url_map.converters["default"] = app.url_map.converters["string"] = PathText
    app.url_map.converters["int"] = RecordId
