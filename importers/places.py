"""Read a stakeholder row's place: its municipality (a name or a geographic code), its MRC
and its region, as partners' lists write them.

A name or code is looked up in the municipal directory (`models.municipality.directory`);
homonyms (many "Saint-…" share a name) are told apart by the row's region or MRC; then the
place rule (`models.municipality.settle_place`, the one the forms apply) gives the region
and the MRC, and refuses a region or an MRC that disagrees, naming both. A name that is no
municipality stays a free-text locality (a neighbourhood). A postal code never gives a
region.
"""

import difflib
import re
from typing import Any

from flask_babel import lazy_gettext as _l

from importers.values import FieldError, text
from models.municipality import Directory, Place, PlaceConflict, directory, settle_place
from models.normalize import name_key
from models.reference import NATIONAL

# The field a conflict of the place rule blames, by the rule's own field.
BLAMED = {"region_code": "region", "mrc_code": "mrc"}
_CODE = re.compile(r"\d{4,5}(?:\.0)?")


class PlaceReader:
    """Turn the place cells of rows into municipality, MRC and region, once per distinct
    combination (a list names the same towns over and over)."""

    def __init__(self) -> None:
        self.known: Directory = directory()
        self.cache: dict[tuple, dict[str, Any] | FieldError] = {}
        self.named: dict[str, list[Place]] = {}  # what each name or code names

    def read(self, data: dict[str, Any], raw: dict[str, Any]) -> None:
        """Replace the row's `geographic_code` and `mrc` cells by `municipality_code` and
        `mrc_code`, the locality by the official name and an absent region by the one the
        place gives (`_region_from` says from what); raise FieldError."""
        code, mrc = data.pop("geographic_code", None), data.pop("mrc", None)
        locality = data.get("locality")
        region, level = data.get("region_code"), data.get("level")
        if not (code or mrc or locality):
            alone = self._alone(region, level)
            if alone:  # Montréal, Laval, Nord-du-Québec: the region is its only MRC
                data["mrc_code"], data["_mrc_from_region"] = alone, True
            return
        key = (locality, code, mrc, region, level)
        found = self.cache.get(key)
        if found is None:
            try:
                found = self._read(locality, code, mrc, region, level, raw)
            except FieldError as error:
                found = error
            self.cache[key] = found
        if isinstance(found, FieldError):
            raise found
        data.update(found)

    def _read(self, locality, code, mrc, region, level, raw) -> dict[str, Any]:
        national = NATIONAL in (region, level)
        given_region = None if national else region
        territories = self.known.territories_named(mrc) if mrc else []
        if mrc and not territories:
            raise FieldError("mrc", mrc, _l("No MRC or equivalent territory is named "
                                            "“%(name)s”.", name=mrc))  # fmt: skip
        if code:
            place = self._by_code(code, locality)
        else:
            place = self._by_name(locality, given_region, territories) if locality else None
        territory = None
        if territories:
            mrc_codes = [t.code for t in territories]
            territory = territories[mrc_codes.index(place.mrc_code)] if (
                place and place.mrc_code in mrc_codes) else territories[0]  # fmt: skip
        level_for_rule = NATIONAL if national else "local"
        try:
            settled = settle_place(
                level_for_rule,
                given_region,
                place.code if place else None,
                territory.code if territory else None,
                self.known,
            )
        except PlaceConflict as conflict:
            field = BLAMED.get(conflict.field, "geographic_code" if code else "locality")
            raise FieldError(field, text(raw.get(field)), conflict.message) from None
        found: dict[str, Any] = {}
        if place is not None:
            found["municipality_code"], found["locality"] = place.code, place.name
        elif locality:
            found["municipality_code"] = None  # a place that is no municipality
        if place is not None or territory is not None or settled.mrc_code:
            found["mrc_code"] = settled.mrc_code
            if not national and not given_region:
                found["region_code"] = settled.region_code
                found["_region_from"] = "municipality" if place else "mrc"
        return found

    def _alone(self, region: str | None, level: str | None) -> str | None:
        """Return the MRC of a region that is one territory, for a row naming no place."""
        if not region or NATIONAL in (region, level):
            return None
        return settle_place("local", region, known=self.known).mrc_code

    def _by_code(self, code: str, locality: str | None) -> Place:
        """Return the municipality of a geographic code (4 digits when a spreadsheet
        dropped the first zero); its name must agree with the locality given."""
        if not _CODE.fullmatch(code):
            raise FieldError("geographic_code", code, _l("A geographic code has 5 digits "
                                                         "(such as 91025)."))  # fmt: skip
        places = self._municipalities(code)
        if not places:
            raise FieldError("geographic_code", code, _l("No municipality has the geographic "
                                                         "code %(code)s.", code=code))  # fmt: skip
        place = places[0]
        if locality and place not in self._municipalities(locality):
            raise FieldError("geographic_code", code, _l(
                "The geographic code %(code)s is %(municipality)s, not “%(locality)s”.",
                code=place.code, municipality=place.described(), locality=locality))  # fmt: skip
        return place

    def _municipalities(self, text: str) -> list[Place]:
        """Return the municipalities `text` names, looked up once per import: the same
        town comes with many regions and levels, each combination read on its own."""
        found = self.named.get(text)
        if found is None:
            found = self.named[text] = self.known.municipalities(text)
        return found

    def _by_name(self, name: str, region: str | None, territories: list) -> Place | None:
        """Return the municipality `name` names, homonyms told apart by the region and the
        MRC given; None when it names none (a free-text place)."""
        places = self._municipalities(name)
        places = [p for p in places if p.active] or places
        if len(places) <= 1:
            return places[0] if places else None
        mrc_codes = {t.code for t in territories}
        narrowed = [p for p in places if (not region or p.region_code == region)
                    and (not mrc_codes or p.mrc_code in mrc_codes)]  # fmt: skip
        if len(narrowed) == 1:
            return narrowed[0]
        candidates = " · ".join(f"{p.described()} [{p.code}]" for p in places)
        if not narrowed:
            raise FieldError("locality", name, _l(
                "No municipality named “%(name)s” is in the region or the MRC given; there "
                "are: %(candidates)s.", name=name, candidates=candidates))  # fmt: skip
        raise FieldError("locality", name, _l(
            "Several municipalities are named “%(name)s”: %(candidates)s. Give the region, "
            "the MRC or the geographic code.", name=name, candidates=candidates))  # fmt: skip

    def closest(self, name: str) -> Place | None:
        """Return the municipality whose name is nearest to `name`, if one is near."""
        close = difflib.get_close_matches(name_key(name), list(self.known.by_name), n=1,
                                          cutoff=0.8)  # fmt: skip
        if not close:
            return None
        places = self.known.by_name[close[0]]
        return next((p for p in places if p.active), places[0])
