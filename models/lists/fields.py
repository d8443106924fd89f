"""Fields and options more than one list has: the region, the MRC, the archived switch,
and the options of select fields taken from the reference labels."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, null, true

from models.labels import Labels, labels_in
from models.lists.base import Deferred, Field
from models.municipality import directory
from models.scoping import NATIONAL, in_areas, visible_areas
from models.stakeholder import Stakeholder

ONLY_ARCHIVED, WITH_ARCHIVED = "1", "all"


def table(name: str):
    """Return the options of the reference table `name` (codes → labels)."""
    return lambda labels: labels.table(name)


def areas(labels: Labels) -> dict[str, str]:
    """Return the regions, as "06 · Montréal", then National."""
    return labels.regions() | {NATIONAL: labels.of("region", NATIONAL)}


def fixed(**choices):
    """Return fixed options: code → label (a lazy string)."""
    return lambda _labels: choices


def region(reach: Callable = lambda condition: condition) -> Field:
    """Return the region filter (one or more areas) of a list whose rows `reach` the
    stakeholders meeting a condition (the stakeholders themselves by default)."""
    return Field(
        "region",
        _l("Region"),
        lambda codes, _: reach(in_areas(codes)),
        options=areas,
        blank=ALL_REGIONS,
        many=True,
    )


ALL_REGIONS = _l("All regions")  # "Tous" would not agree with « région »


def mrcs(labels: Labels, user, values) -> dict[str, str]:
    """Return the MRCs (and equivalent territories) a view may filter by: those of the
    regions the user sees, narrowed to the regions chosen in its region filter, by region
    then name. A regional lead is never offered, nor given, another region's MRC."""
    regions = set(labels.codes("region"))
    seen = visible_areas(user)
    if seen is not None:
        regions &= seen
    if values.get("region"):
        regions &= set(values["region"])
    return {t.code: t.name for t in directory().territories_of(regions)}


def mrc_region(labels: Labels) -> Callable[[str], str]:
    """Return what gives the words of the region of an MRC (its group in the select),
    the directory read once for the select's hundred-odd MRCs."""
    territories, regions = directory().territories, labels.regions()

    def region_of(code: str) -> str:
        territory = territories.get(code)
        return regions.get(territory.region_code, territory.region_code) if territory else ""

    return region_of


def mrc(reach: Callable = lambda condition: condition) -> Field:
    """Return the MRC filter (one or more MRCs of the regions in view) of a list whose rows
    `reach` the stakeholders meeting a condition (the stakeholders themselves by default).
    It follows the region filter, which comes before it."""
    return Field(
        "mrc",
        _l("MRC"),
        lambda codes, _: reach(Stakeholder.mrc_code.in_(codes)),
        options=mrcs,
        blank=_l("All MRCs"),
        many=True,
        narrowed=True,
        group=mrc_region,
    )


ARCHIVED = _l("Archived")


def archived(label=ARCHIVED) -> Field:
    """Return the archived switch: current stakeholders by default, archived ones only,
    or both. The list applies the default (`current_only`)."""
    return Field(
        "archived",
        label,
        lambda value, _: Stakeholder.archived.is_(True) if value == ONLY_ARCHIVED else true(),
        options=fixed(
            **{ONLY_ARCHIVED: _l("Archived only"), WITH_ARCHIVED: _l("Current and archived")}
        ),
        blank=_l("Current only"),
    )


@dataclass(frozen=True)
class DisplayOrder(Deferred):
    """The position of `column`'s code in the reference list `table`: a sort by it follows
    the order of the list's select (the stages from identified to champion), not the
    alphabet of the codes. Written as a CASE of the positions read with the query (NULL
    for a code the list lacks): with a subquery per row, the first page of 100,000
    stakeholders sorted by stage took 320 ms on PostgreSQL, against 70 now."""

    table: str
    column: Any

    def expression(self):
        codes = tuple(labels_in("fr").codes(self.table))
        return fixed_order(self.column, codes) if codes else null()


def display_order(table: str, column) -> DisplayOrder:
    """Return the sort column of `column`'s codes in the order of the list `table`."""
    return DisplayOrder(table, column)


def fixed_order(column, codes: tuple[str, ...]):
    """Return the position of `column`'s code in `codes` (fixed codes, or a reference list's
    read with the query by `DisplayOrder`)."""
    return case({code: position for position, code in enumerate(codes)}, value=column)
