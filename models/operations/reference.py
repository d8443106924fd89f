"""Manage the reference lists: rename labels, add entries, deactivate and reactivate them.

Codes never change and nothing is ever deleted: stored records keep pointing at their
entry. Regions are Quebec's 17 and levels are what the software reasons about, so
neither can be added to; regions and the vocabularies have no active flag.
"""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from models.audit import record
from models.base import db
from models.operations.common import ValidationFailed, check_version, require
from models.operations.validation import Checker
from models.reference import Measure, Region, Sector, Theme, Vocabulary

MODELS = {"region": Region, "sector": Sector, "theme": Theme, "measure": Measure}
VOCABULARIES = (
    "level",
    "stage",
    "commitment_status",
    "involvement",
    "interaction_kind",
    "relationship_type",
    "relationship_intensity",
    "stakeholder_kind",
    "consent_kind",
)
# Lists nobody may add to: Quebec has 17 regions; the software reasons about levels and
# about the four intensities of a tie (the network map draws them), and the database
# constrains a contact's consent kind.
FIXED = ("region", "level", "relationship_intensity", "consent_kind")
CODE = re.compile(r"^[a-z0-9_]{1,40}$")


def list_name(model_or_list) -> str:
    """Return the name of a reference list given as a model class or a name."""
    for name, model in MODELS.items():
        if model_or_list is model or model_or_list == name:
            return name
    if model_or_list in VOCABULARIES:
        return model_or_list
    raise ValueError(f"unknown reference list {model_or_list!r}")


def can_add(model_or_list) -> bool:
    """Return whether entries may be added to this list."""
    return list_name(model_or_list) not in FIXED


def has_active(model_or_list) -> bool:
    """Return whether this list's entries can be deactivated."""
    return list_name(model_or_list) in ("sector", "theme", "measure")


def entries_query(model_or_list):
    """Return the `Select` of a list's entries in display order."""
    name = list_name(model_or_list)
    if name in MODELS:
        return select(MODELS[name]).order_by(MODELS[name].position, MODELS[name].code)
    return (
        select(Vocabulary)
        .where(Vocabulary.list == name)
        .order_by(Vocabulary.position, Vocabulary.code)
    )


def get_entry(model_or_list, code: str):
    """Return the entry `code` of a list, or None."""
    name = list_name(model_or_list)
    if name in MODELS:
        return db.session.get(MODELS[name], code)
    return db.session.get(Vocabulary, (name, code))


def _labels(data: dict) -> dict:
    check = Checker(data)
    check.required_text("label_fr")
    check.required_text("label_en")
    for field in ("label_fr", "label_en"):
        if len(data[field]) > 200:
            check.fail(field, _l("Use at most %(n)d characters.", n=200))
    return check


def rename_entry(actor, model_or_list, code: str, label_fr: str, label_en: str) -> bool:
    """Give an entry new French and English labels; return whether anything changed."""
    require(actor is not None and actor.is_admin)
    name = list_name(model_or_list)
    entry = get_entry(name, code)
    data = {"label_fr": label_fr, "label_en": label_en}
    check = _labels(data)
    if entry is None:
        check.fail("code", _l("Unknown value: %(value)s", value=code))
    check.done()
    before, after = {}, {}
    for field in ("label_fr", "label_en"):
        if getattr(entry, field) != data[field]:
            before[field], after[field] = getattr(entry, field), data[field]
            setattr(entry, field, data[field])
    if after:
        entry.version += 1
        record(actor, "update", name, None, {"code": code, **before}, {"code": code, **after})
    return bool(after)


def update_entry(actor, entry, data: dict, expected_version: int | None = None) -> bool:
    """Rename `entry` to `data`'s label_fr and label_en; refuse a stale edit; return
    whether anything changed."""
    require(actor is not None and actor.is_admin)
    check_version(entry, expected_version)
    return rename_entry(actor, list_of(entry), entry.code, data["label_fr"], data["label_en"])


def list_of(entry) -> str:
    """Return the name of the list `entry` belongs to."""
    return entry.list if isinstance(entry, Vocabulary) else list_name(type(entry))


def add_entry(
    actor, model_or_list, code: str, label_fr: str, label_en: str, theme_code: str | None = None
):
    """Add an entry with a new code at the end of a list (a measure goes under a theme)."""
    require(actor is not None and actor.is_admin)
    name = list_name(model_or_list)
    data = {"code": (code or "").strip(), "label_fr": label_fr, "label_en": label_en}
    check = _labels(data)
    if name in FIXED:
        check.fail("code", _l("Entries cannot be added to this list."))
    elif not CODE.match(data["code"]):
        check.fail(
            "code", _l("Use lowercase letters without accents, digits and underscores only.")
        )
    elif get_entry(name, data["code"]) is not None:
        check.fail("code", _l("This code is already used."))
    if name == "measure" and db.session.get(Theme, theme_code or "") is None:
        check.fail("theme_code", _l("Choose a theme."))
    check.done()
    model = MODELS.get(name, Vocabulary)
    last = select(func.max(model.position))
    if name not in MODELS:
        last = last.where(Vocabulary.list == name)
        data["list"] = name
    data["position"] = (db.session.scalar(last) or 0) + 1
    if name == "measure":
        data["theme_code"] = theme_code
    entry = model(**data)
    db.session.add(entry)
    db.session.flush()
    record(actor, "create", name, None, None, data)
    return entry


def set_entry_active(actor, model_or_list, code: str, active: bool) -> bool:
    """Deactivate or reactivate a sector, theme or measure; return whether it changed."""
    require(actor is not None and actor.is_admin)
    name = list_name(model_or_list)
    if not has_active(name):
        raise ValidationFailed({"active": _l("Entries of this list cannot be deactivated.")})
    entry = get_entry(name, code)
    if entry is None:
        raise ValidationFailed({"code": _l("Unknown value: %(value)s", value=code)})
    if entry.active == bool(active):
        return False
    entry.active = bool(active)
    record(
        actor,
        "update",
        name,
        None,
        {"code": code, "active": not active},
        {"code": code, "active": bool(active)},
    )
    return True
