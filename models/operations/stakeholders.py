"""Create, update and archive stakeholders."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.audit import record
from models.base import db
from models.municipality import PlaceConflict, directory, settle_place
from models.operations.common import (
    add_audited,
    apply_changes,
    check_version,
    require_manager,
    touch,
)
from models.operations.validation import Checker
from models.reference import LEVELS, NATIONAL, Region, Sector
from models.stakeholder import Stakeholder, StakeholderTag

# What describes the organization itself (a contact's access request shows it too).
PROFILE_FIELDS = (
    "name",
    "kind",
    "sector_code",
    "level",
    "region_code",
    "municipality_code",
    "mrc_code",
    "locality",
    "email",
    "phone",
    "website",
)
FIELDS = (
    *PROFILE_FIELDS,
    "stage",
    "influence",
    "interest",
    "owner_id",
    "notes",
    "external_ref",
)
AUDITED = (*FIELDS, "tag_names", "archived")


def _clean(data: dict, current: Stakeholder | None) -> dict:
    """Validate the stakeholder fields present in `data`; return them cleaned."""
    data = {k: v for k, v in data.items() if k in (*FIELDS, "tags")}
    check = Checker(data)
    if current is None:
        check.data.setdefault("name", "")
    check.required_text("name")
    for text_field in ("locality", "notes"):
        if text_field in data:
            data[text_field] = (data[text_field] or "").strip()
    if "external_ref" in data:
        data["external_ref"] = (data["external_ref"] or "").strip() or None
    check.vocabulary("kind", "stakeholder_kind")
    check.choice("level", LEVELS)
    check.vocabulary("stage", "stage")
    check.reference("sector_code", Sector)
    check.reference("region_code", Region)
    check.score("influence")
    check.score("interest")
    check.email("email")
    check.phone("phone")
    check.website("website", Stakeholder.website.type.length)
    level = data.get("level", current.level if current else "local")
    region = data.get("region_code", current.region_code if current else None)
    reference = data.get("external_ref")
    if reference:
        taken = select(Stakeholder.id).where(Stakeholder.external_ref == reference)
        if current is not None:
            taken = taken.where(Stakeholder.id != current.id)
        if db.session.scalar(taken) is not None:
            check.fail(
                "external_ref",
                _l(
                    "Another stakeholder already has the external reference %(value)s.",
                    value=reference,
                ),
            )
    _check_owner(check, data, current, level, region)
    region = _settle_place(check, data, current, level, region)
    if level == NATIONAL and region:
        check.fail("region_code", _l("A national stakeholder has no region."))
    elif level != NATIONAL and not region:
        check.fail("region_code", _l("A local or regional stakeholder needs a region."))
    check.done()
    return data


def _settle_place(check: Checker, data: dict, current, level, region):
    """Apply the place rule (`models.municipality.settle_place`): a named municipality gives
    the region, the MRC and the locality's official name; else a named MRC gives the region;
    a region given in `data` that disagrees is refused, naming both. Returns the region the
    stakeholder will have."""
    for field in ("municipality_code", "mrc_code"):
        if field in data:
            data[field] = (data[field] or "").strip() or None
    place_fields = ("level", "region_code", "municipality_code", "mrc_code", "locality")
    if current is not None and not any(f in data for f in place_fields):
        return region
    municipality = data.get("municipality_code", current.municipality_code if current else None)
    if not municipality and data.get("locality") and level != NATIONAL and region:
        municipality = _named_in(data["locality"], region, data.get("mrc_code"))
    if "mrc_code" in data:
        mrc = data["mrc_code"]
    elif municipality or (current is not None and current.municipality_code):
        mrc = None  # a municipality brings its own MRC, and takes it away when dropped
    elif current is not None and data.get("region_code") in (None, current.region_code):
        mrc = current.mrc_code  # without a municipality, the MRC stays in its region
    else:
        mrc = None  # another region: the MRC of the one before goes
    try:
        settled = settle_place(level, data.get("region_code"), municipality, mrc)
    except PlaceConflict as conflict:
        check.fail(conflict.field, conflict.message)
        return region
    if level != NATIONAL and (settled.municipality is not None or settled.mrc_code is not None):
        data["region_code"] = region = settled.region_code
    untouched = (
        current is not None
        and "mrc_code" not in data
        and not current.municipality_code
        and settled.region_code == current.region_code
    )
    if settled.municipality is None and untouched:
        # A region that is one territory gives its MRC when chosen, not at every save.
        data["mrc_code"] = current.mrc_code
    else:
        data["mrc_code"] = settled.mrc_code
    data["municipality_code"] = municipality
    if settled.municipality is not None:
        data["locality"] = settled.municipality.name
    return region


def _named_in(locality: str, region: str, mrc: str | None) -> str | None:
    """Return the code of the one municipality of `region` (and of `mrc`, when given) that a
    free-text place names (`roberval` in 02 is Roberval), or None: a form without script,
    or a place typed rather than picked, still gets its municipality."""
    found = [
        p
        for p in directory().municipalities(locality)
        if p.active and p.region_code == region and mrc in (None, p.mrc_code)
    ]
    return found[0].code if len(found) == 1 else None


def _check_owner(check: Checker, data: dict, current, level, region) -> None:
    """Check that a newly chosen owner is an active user who may own this stakeholder."""
    from models.user import User

    chosen = data.get("owner_id")
    if not chosen or (current is not None and chosen == current.owner_id):
        return
    owner = db.session.get(User, chosen) if isinstance(chosen, int) else None
    if owner is None or not owner.may_own(level, region):
        check.fail("owner_id", _l("This person cannot be the owner of this stakeholder."))


def _set_tags(stakeholder: Stakeholder, tags) -> None:
    names = sorted({t.strip() for t in (tags or []) if t and t.strip()})
    if names != stakeholder.tag_names:
        stakeholder.tags = [StakeholderTag(name=n) for n in names]


def create_stakeholder(actor, data: dict) -> Stakeholder:
    """Create a stakeholder from `data` (model field names, `tags` as a list); audit it."""
    require_manager(actor)
    data = _clean(dict(data), None)
    tags = data.pop("tags", [])
    stakeholder = Stakeholder(**data)
    _set_tags(stakeholder, tags)
    add_audited(actor, stakeholder, "stakeholder", AUDITED)
    return stakeholder


def update_stakeholder(
    actor, stakeholder: Stakeholder, data: dict, expected_version: int | None = None
) -> bool:
    """Apply `data` to `stakeholder`; refuse a stale edit; return whether anything changed."""
    require_manager(actor)
    check_version(stakeholder, expected_version)
    data = _clean(dict(data), stakeholder)
    changed = False
    if "tags" in data:
        before = stakeholder.tag_names
        _set_tags(stakeholder, data.pop("tags"))
        if stakeholder.tag_names != before:
            touch(actor, stakeholder)
            record(
                actor,
                "update",
                "stakeholder",
                stakeholder.id,
                {"tag_names": before},
                {"tag_names": stakeholder.tag_names},
            )
            changed = True
    changed = apply_changes(actor, stakeholder, data, FIELDS, "stakeholder") or changed
    db.session.flush()
    return changed


def archive_stakeholder(actor, stakeholder: Stakeholder, archived: bool = True) -> None:
    """Archive (or restore) `stakeholder`: it leaves lists and reports but keeps its history."""
    require_manager(actor)
    if stakeholder.archived != archived:
        record(
            actor,
            "archive",
            "stakeholder",
            stakeholder.id,
            {"archived": stakeholder.archived},
            {"archived": archived},
        )
        stakeholder.archived = archived
        stakeholder.updated_by_id = actor.id if actor else None
        db.session.flush()
