"""Checks of incoming values shared by the write operations."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.base import db
from models.normalize import InvalidEmail, normalize_email, normalize_phone, normalize_website
from models.operations.common import ValidationFailed
from models.reference import Vocabulary


def known(model, code: str | None) -> bool:
    """Return whether `code` is an entry of the reference table `model`."""
    return (
        code is not None
        and db.session.scalar(select(model.code).where(model.code == code)) is not None
    )


class Checker:
    """Collects field errors while an operation validates its data."""

    def __init__(self, data: dict):
        self.data = data
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message) -> None:
        """Record an error on `field` (the first one wins)."""
        self.errors.setdefault(field, str(message))

    def required_text(self, field: str) -> None:
        """Check that `field`, when given, is non-empty text, and trim it."""
        if field in self.data:
            value = (self.data[field] or "").strip()
            self.data[field] = value
            if not value:
                self.fail(field, _l("This field is required."))

    def choice(self, field: str, choices: tuple[str, ...]) -> None:
        """Check that `field`, when given, is one of `choices`."""
        if field in self.data and self.data[field] not in choices:
            self.fail(field, _l("Unknown value: %(value)s", value=self.data[field]))

    def vocabulary(self, field: str, list_name: str) -> None:
        """Check that `field`, when given, is a code of the vocabulary `list_name`.

        The table is asked, not a constant, so that entries an admin adds are accepted.
        """
        value = self.data.get(field)
        if (
            field in self.data
            and db.session.scalar(
                select(Vocabulary.code).where(
                    Vocabulary.list == list_name, Vocabulary.code == value
                )
            )
            is None
        ):
            self.fail(field, _l("Unknown value: %(value)s", value=value))

    def reference(self, field: str, model) -> None:
        """Check that `field`, when given and not empty, is a code of `model`."""
        value = self.data.get(field)
        if field in self.data and value not in (None, "") and not known(model, value):
            self.fail(field, _l("Unknown value: %(value)s", value=value))
        if field in self.data and value == "":
            self.data[field] = None

    def score(self, field: str) -> None:
        """Check that `field`, when given, is empty or a whole number from 1 to 5."""
        if field not in self.data or self.data[field] in (None, ""):
            if field in self.data:
                self.data[field] = None
            return
        try:
            value = int(self.data[field])
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            self.fail(field, _l("Give a whole number from 1 to 5."))
        else:
            self.data[field] = value

    def email(self, field: str, empty=""):
        """Check and lowercase the email in `field`; an empty one becomes `empty`."""
        if field in self.data:
            try:
                self.data[field] = normalize_email(self.data[field]) or empty
            except InvalidEmail as error:
                self.fail(field, error.message)

    def phone(self, field: str) -> None:
        """Check the phone number in `field` and put it in the house form (`514-555-1234`)."""
        if field in self.data:
            try:
                self.data[field] = normalize_phone(self.data[field])
            except ValueError:
                self.fail(field, _l("Invalid phone number: %(value)s", value=self.data[field]))

    def website(self, field: str, limit: int) -> None:
        """Check that `field` is an http(s) address of at most `limit` characters; a bare
        domain gets `https://`."""
        if field in self.data:
            try:
                self.data[field] = website = normalize_website(self.data[field])
            except ValueError:
                self.fail(field, _l("Invalid website: %(value)s. Give an address starting "
                                    "with http:// or https://, or a domain such as "
                                    "example.org.", value=self.data[field]))  # fmt: skip
                return
            if len(website) > limit:
                self.fail(field, _l("Too long: at most %(limit)s characters.", limit=limit))

    def date(self, field: str) -> None:
        """Check that `field`, when given, is a date or empty."""
        value = self.data.get(field)
        if field in self.data and value is not None and not isinstance(value, date):
            self.fail(field, _l("Invalid date: %(value)s", value=value))

    def done(self) -> None:
        """Raise ValidationFailed when any error was recorded."""
        if self.errors:
            raise ValidationFailed(self.errors)
