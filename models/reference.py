"""Reference lists: regions, sectors, themes, measures and the small vocabularies.

Every list is keyed by a stable code; admins may rename labels or add entries, never
drop them (an entry can be deactivated). The codes that the software reasons about
(levels, active statuses, stage order) are named here once.
"""

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from models.base import db

LEVELS = ("local", "regional", "national")
NATIONAL = "national"
STAGES = ("identified", "contacted", "engaged", "committed", "champion")
ACTIVE_STATUSES = ("committed", "in_progress", "achieved")
INTERACTION_KINDS = ("meeting", "call", "email", "event", "visit", "other")
CONSENT_KINDS = ("none", "express", "implied")
LANGUAGES = ("fr", "en")


# Tie types read one way: A is a member of B, A funds B. Every other type (an admin's new
# ones included) reads the same from either end, as a partnership does.
DIRECTED_TIES = ("member_of", "funds")


class Labelled:
    """A coded entry with a French and an English label and a display position."""

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label_fr: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Moved on by a rename only (see `Vocabulary.version`).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version, "version_id_generator": False}

    def label(self, lang: str = "fr") -> str:
        """Return the label in `lang` (French unless English is asked for)."""
        return self.label_en if lang == "en" else self.label_fr


class Region(Labelled, db.Model):
    """One of Quebec's 17 administrative regions; its code is "01" to "17"."""


class Sector(Labelled, db.Model):
    """A sector of society a stakeholder belongs to (childcare, health, ...)."""


class Theme(Labelled, db.Model):
    """A theme of the coalition's platform, grouping measures."""

    measures: Mapped[list["Measure"]] = relationship(
        back_populates="theme", order_by="Measure.position"
    )


class Measure(Labelled, db.Model):
    """One measure of the platform that stakeholders commit to."""

    theme_code: Mapped[str] = mapped_column(ForeignKey("theme.code"), index=True)
    theme: Mapped[Theme] = relationship(back_populates="measures")


class Vocabulary(db.Model):
    """An entry of a small coded list: levels, stages, statuses, kinds, ...

    `list` names the list (`level`, `stage`, `commitment_status`, `involvement`,
    `interaction_kind`, `relationship_type`, `relationship_intensity`, `stakeholder_kind`,
    `consent_kind`).
    """

    list: Mapped[str] = mapped_column(String(40), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label_fr: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Moved on by a rename only, which also makes the database refuse a rename that another
    # overtook (`UPDATE ... WHERE version = ?`): no lost update. Reordering or deactivating
    # an entry does not make a rename form stale.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def label(self, lang: str = "fr") -> str:
        """Return the label in `lang` (French unless English is asked for)."""
        return self.label_en if lang == "en" else self.label_fr
