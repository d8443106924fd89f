"""Labels of coded values in French or English: the one place that turns codes into words.

Exports, reports, templates and error messages all ask a `Labels` for the words; the
words come from the reference tables, so an admin's renaming shows everywhere.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.base import db
from models.reference import Measure, Region, Sector, Theme, Vocabulary

NATIONAL_LABEL = {"fr": "National", "en": "National"}


class Labels:
    """Every reference label in one language, loaded in a handful of queries."""

    def __init__(self, lang: str = "fr"):
        self.lang = "en" if lang == "en" else "fr"
        field = "label_en" if self.lang == "en" else "label_fr"
        self._tables = {}
        self._inactive: dict[str, set[str]] = {}
        for name, model in (
            ("region", Region),
            ("sector", Sector),
            ("theme", Theme),
            ("measure", Measure),
        ):
            rows = db.session.execute(
                select(model.code, getattr(model, field), model.active).order_by(model.position)
            ).all()
            self._tables[name] = {code: label for code, label, _active in rows}
            self._inactive[name] = {code for code, _label, active in rows if not active}
        for list_name, code, label in db.session.execute(
            select(Vocabulary.list, Vocabulary.code, getattr(Vocabulary, field)).order_by(
                Vocabulary.list, Vocabulary.position
            )
        ):
            self._tables.setdefault(list_name, {})[code] = label

    def of(self, table: str, code: str | None) -> str:
        """Return the label of `code` in `table` (`region`, `sector`, `stage`, ...).

        An empty code gives ""; an unknown one gives the code itself, never an error.
        """
        if code is None or code == "":
            return ""
        if table == "region" and code == "national":
            return NATIONAL_LABEL[self.lang]
        return self._tables.get(table, {}).get(code, code)

    def codes(self, table: str) -> list[str]:
        """Return the codes of `table` in display order."""
        return list(self._tables.get(table, {}))

    def table(self, table: str) -> dict[str, str]:
        """Return the code → label mapping of `table`, in display order."""
        return dict(self._tables.get(table, {}))

    def active_table(self, table: str, keep=()) -> dict[str, str]:
        """Return `table` without its deactivated entries, but those in `keep` (a record's
        current values, which an edit must be able to leave as they are)."""
        inactive = self._inactive.get(table, set()) - set(keep)
        return {code: label for code, label in self._tables.get(table, {}).items()
                if code not in inactive}  # fmt: skip


# The roles of users (`models.user.ROLES`), in words.
ROLE_LABELS = {
    "admin": _l("Administrator"),
    "coordinator": _l("Coordinator"),
    "regional_lead": _l("Regional lead"),
    "board": _l("Board member"),
}
