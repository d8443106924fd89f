"""Quebec's municipalities (reference data) and the rule of a stakeholder's place.

The official directory (MAMH, Répertoire des municipalités du Québec, CC BY 4.0) ships in
`models/data/quebec-municipalities.csv`; migration 0014 loads it and `maillage reference
municipalities FILE` loads a newer edition. Each municipality has a geographic code (its
key: names are not unique, there are many "Saint-…" in several regions), a designation,
its MRC *or equivalent territory* and its administrative region.

The MRC of a municipality is its `mrc_code` (3 digits) when it belongs to an MRC, else its
census division (2 digits): Montréal, Laval, Longueuil, Gatineau, Lévis, ..., the reserves
outside any MRC and Nord-du-Québec are "equivalent territories". The two kinds of code
never collide (3 digits against 2).

A stakeholder's place (`settle_place`) is the one rule: a named municipality gives the
region and the MRC; else a named MRC gives the region; a region that disagrees is refused
with both named. Forms and imports both go through it (`models.operations.stakeholders`).
"""

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Connection,
    ForeignKey,
    Integer,
    String,
    bindparam,
    column,
    select,
    table,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db
from models.normalize import fold, name_key, saints_spelled_out
from models.reference_data import REGIONS

DIRECTORY_FILE = Path(__file__).parent / "data" / "quebec-municipalities.csv"
REGIONS_MAP_FILE = Path(__file__).parent / "data" / "quebec-regions.svg.json"

# The credit lines the licence asks for, shown wherever the data are (privacy page, maps).
DIRECTORY_CREDIT = (
    "Source\u00a0: Données Québec, ministère des Affaires municipales et de l'Habitation (MAMH), "
    "Répertoire des municipalités du Québec, CC BY 4.0 (extrait)."
)
MAP_CREDIT = (
    "Source\u00a0: Données Québec, ministère des Ressources naturelles et des Forêts (MRNF), "
    "Base de données géographiques et administratives (régions administratives), "
    "CC BY 4.0 (données simplifiées)\u202f; littoral\u00a0: Natural Earth."
)

REGION_NAMES = dict(REGIONS)

# The column of a coverage by MRC that counts the stakeholders of its regions whose MRC is
# not known (neither a municipality nor an MRC named), so that its cells add up to the
# regions' own.
NO_MRC = "none"


class Municipality(db.Model):
    """A municipality of the official directory (or an unorganized territory, an Indigenous
    land: every entry of it). An entry absent from a newer edition is kept, inactive, so
    that the stakeholders naming it keep their place."""

    geographic_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    designation: Mapped[str] = mapped_column(String(100), default="")
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    # The MRC or equivalent territory: 3 digits (an MRC) or 2 (a census division).
    mrc_code: Mapped[str] = mapped_column(String(3), index=True)
    mrc_name: Mapped[str] = mapped_column(String(200))
    population: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Place(NamedTuple):
    """A municipality as plain values (what the directory in memory holds)."""

    code: str
    name: str
    designation: str
    region_code: str
    mrc_code: str
    mrc_name: str
    active: bool

    def described(self) -> str:
        """`Stanstead (Canton, Memphrémagog, 05 Estrie)`: enough to tell homonyms apart
        (the town and the township of Stanstead share their name, MRC and region; their
        geographic code settles it)."""
        return (
            f"{self.name} ({self.designation}, {self.mrc_name}, {region_named(self.region_code)})"
        )


class Territory(NamedTuple):
    """An MRC or equivalent territory, with its region."""

    code: str
    name: str
    region_code: str


def region_named(code: str | None) -> str:
    """`02 Saguenay–Lac-Saint-Jean`: a region as messages name it."""
    return f"{code} {REGION_NAMES.get(code or '', '')}".strip()


# ---------------------------------------------------------------------------- the directory


class Directory:
    """The municipal directory in memory, for lookups by code, name and MRC."""

    def __init__(self, places: Iterable[Place]):
        self.by_code: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = {}
        self.territories: dict[str, Territory] = {}
        self._territory_names: dict[str, list[Territory]] = {}
        for place in places:
            self.by_code[place.code] = place
            self.by_name.setdefault(name_key(place.name), []).append(place)
            if place.mrc_code not in self.territories:
                territory = Territory(place.mrc_code, place.mrc_name, place.region_code)
                self.territories[place.mrc_code] = territory
        for territory in self.territories.values():
            for key in _territory_keys(territory.name):
                self._territory_names.setdefault(key, []).append(territory)
        # Each region's MRCs by name, sorted once: the place rule asks for them per row.
        self._of_region: dict[str, list[Territory]] = {}
        ordered = sorted(
            self.territories.values(), key=lambda t: (t.region_code, fold(t.name), t.code)
        )
        for territory in ordered:
            self._of_region.setdefault(territory.region_code, []).append(territory)
        self._searchable = sorted(
            ((saints_spelled_out(fold(p.name)), p) for p in self.by_code.values() if p.active),
            key=lambda pair: (pair[0], pair[1].code),
        )

    def municipalities(self, text) -> list[Place]:
        """Return the municipalities that `text` names: a geographic code (`07025`, or
        `7025` as Excel writes it after dropping the zero) or a name (case, accents, dashes
        and apostrophes aside; `Ville de Roberval`, `Municipalité de …` and `St-`/`Ste-` for
        `Saint-`/`Sainte-` too). Active entries first."""
        raw = str(text if text is not None else "").strip()
        if not raw:
            return []
        if re.fullmatch(r"\d{4,5}(?:\.0)?", raw):
            place = self.by_code.get(raw.split(".")[0].zfill(5))
            return [place] if place else []
        found: list[Place] = []
        for key in dict.fromkeys((name_key(raw), saints_spelled_out(fold(raw)).replace(" ", ""))):
            found = self.by_name.get(key) or self.by_name.get(_without_designation(key)) or []
            if found:
                break
        return sorted(found, key=lambda p: (not p.active, p.region_code, p.code))

    def territories_named(self, text) -> list[Territory]:
        """Return the MRCs (or equivalent territories) that `text` names: a code (`460`,
        `46`), a name with or without `MRC`/`MRC de`, or `Brome-Missisquoi (460)`. An MRC
        comes before a census division of the same name."""
        raw = str(text if text is not None else "").strip()
        if not raw:
            return []
        coded = re.fullmatch(r"(?:MRC\s*)?(\d{2,3})", raw, re.IGNORECASE)
        if coded:
            territory = self.territories.get(coded.group(1))
            return [territory] if territory else []
        named = re.fullmatch(r"(.*?)\s*\((\d{2,3})\)", raw)
        if named and named.group(2) in self.territories:
            territory = self.territories[named.group(2)]
            if not named.group(1) or _territory_keys(named.group(1)) & _territory_keys(
                territory.name
            ):
                return [territory]
        found: dict[str, Territory] = {}
        for key in _territory_keys(raw):
            for territory in self._territory_names.get(key, []):
                found[territory.code] = territory
        return sorted(found.values(), key=lambda t: (-len(t.code), t.code))

    def search(self, text: str, regions: Iterable[str] | None = None, limit: int = 10):
        """Return up to `limit` active municipalities whose name starts with `text` (folded,
        `St`/`Ste` read as `Saint`/`Sainte`), then those with a word starting with it, then
        those holding it; in `regions` only when given."""
        wanted = saints_spelled_out(fold(text))
        if not wanted:
            return []
        allowed = set(regions) if regions is not None else None
        ranked: list[tuple[int, str, Place]] = []
        for folded, place in self._searchable:
            if allowed is not None and place.region_code not in allowed:
                continue
            if folded.startswith(wanted):
                rank = 0
            elif f" {wanted}" in f" {folded}":
                rank = 1
            elif wanted in folded:
                rank = 2
            else:
                continue
            ranked.append((rank, folded, place))
        ranked.sort(key=lambda r: (r[0], r[1], r[2].code))
        return [place for _rank, _folded, place in ranked[:limit]]

    def territories_of(self, regions: Iterable[str] | None = None) -> list[Territory]:
        """Return the MRCs of `regions` (all when None), by region then name."""
        allowed = set(regions) if regions is not None else None
        return [t for code, territories in self._of_region.items() if allowed is None or
                code in allowed for t in territories]  # fmt: skip


def mrc_columns(regions: Iterable[str]) -> list[str]:
    """Return the columns of a coverage by MRC of `regions`: their MRCs (by region, then
    name), then NO_MRC."""
    return [t.code for t in directory().territories_of(regions)] + [NO_MRC]


def place_words(field: str, code: str) -> str:
    """Return a stakeholder's `municipality_code` or `mrc_code` in words, as the audit log
    shows it (`Roberval (Le Domaine-du-Roy, 02 Saguenay–Lac-Saint-Jean)`, `Brome-Missisquoi`);
    the code itself when the directory does not hold it."""
    known = directory()
    if field == "municipality_code" and code in known.by_code:
        return known.by_code[code].described()
    if field == "mrc_code" and code in known.territories:
        return known.territories[code].name
    return code


def _territory_keys(text: str) -> set[str]:
    """The matching keys of an MRC name: with and without `MRC`, `MRC de`, `MRC des`."""
    key = name_key(text)
    keys = {key}
    for prefix in ("mrcde", "mrcdu", "mrcdes", "mrcd", "mrc"):
        if key.startswith(prefix) and len(key) > len(prefix):
            keys.add(key[len(prefix) :])
            break
    return keys


_DESIGNATIONS = ("villede", "municipalitede", "paroissede", "cantonde", "villagede", "villed")


def _without_designation(key: str) -> str:
    """`villederoberval` → `roberval`: partners write the designation before the name."""
    for prefix in _DESIGNATIONS:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def directory() -> Directory:
    """Return the directory as the database holds it now (remembered by each process until
    a new edition is loaded: `maillage reference municipalities` writes an audit event)."""
    from models.cache import remembered

    return remembered("municipal_directory", None, _read_directory, depends_on=("municipality",))


def _read_directory() -> Directory:
    M = Municipality
    rows = db.session.execute(
        select(
            M.geographic_code, M.name, M.designation, M.region_code, M.mrc_code, M.mrc_name,
            M.active,
        ).order_by(M.geographic_code)
    )  # fmt: skip
    return Directory(Place(*row) for row in rows)


# ------------------------------------------------------------------------- a stakeholder's place


class PlaceConflict(ValueError):
    """A place that contradicts itself; `field` is the form field to blame."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


class Settled(NamedTuple):
    region_code: str | None
    mrc_code: str | None
    municipality: Place | None


def settle_place(
    level: str,
    region_code: str | None,
    municipality_code: str | None = None,
    mrc_code: str | None = None,
    known: Directory | None = None,
) -> Settled:
    """Return the region and MRC that a stakeholder's municipality (or else its MRC) gives,
    checked against the region given (a region that is one territory, as Montréal, gives
    its MRC too); raise PlaceConflict when they disagree or when a code
    names nothing. A national stakeholder keeps its municipality (its address) but has no
    region nor MRC."""
    known = known or directory()
    place = None
    if municipality_code:
        place = known.by_code.get(municipality_code)
        if place is None:
            raise PlaceConflict(
                "municipality_code",
                _l("No municipality has the geographic code %(code)s.", code=municipality_code),
            )
    territory = None
    if mrc_code:
        territory = known.territories.get(mrc_code)
        if territory is None:
            raise PlaceConflict("mrc_code", _l("No MRC has the code %(code)s.", code=mrc_code))
    if place is not None and territory is not None and territory.code != place.mrc_code:
        raise PlaceConflict(
            "mrc_code",
            _l(
                "%(municipality)s is in the MRC %(its)s, not %(given)s.",
                municipality=place.name,
                its=place.mrc_name,
                given=territory.name,
            ),
        )
    if level == "national":
        return Settled(None, None, place)
    if place is not None:
        if region_code and region_code != place.region_code:
            raise PlaceConflict(
                "region_code",
                _l(
                    "%(municipality)s is in the region %(its)s, not %(given)s.",
                    municipality=place.name,
                    its=region_named(place.region_code),
                    given=region_named(region_code),
                ),
            )
        return Settled(place.region_code, place.mrc_code, place)
    if territory is not None:
        if region_code and region_code != territory.region_code:
            raise PlaceConflict(
                "region_code",
                _l(
                    "The MRC %(mrc)s is in the region %(its)s, not %(given)s.",
                    mrc=territory.name,
                    its=region_named(territory.region_code),
                    given=region_named(region_code),
                ),
            )
        return Settled(territory.region_code, territory.code, None)
    # A region that is a single territory (Montréal, Laval, Nord-du-Québec) gives it.
    alone = [t.code for t in known.territories_of([region_code])] if region_code else []
    return Settled(region_code, alone[0] if len(alone) == 1 else None, None)


# --------------------------------------------------------------------- loading an edition


# The columns of the shipped extract, and those of the ministry's own file they come from.
EXTRACT_COLUMNS = ("geographic_code", "name", "designation", "region_code", "mrc_code", "mrc_name")
MINISTRY_COLUMNS = ("mcode", "munnom", "mdes", "regadm", "mrc", "divrec")


class DirectoryFileError(ValueError):
    """A directory file that cannot be read; the message names the line and the column."""


def read_directory_file(data: bytes) -> list[dict]:
    """Return the rows of a directory file: the shipped extract or the ministry's own CSV
    (UTF-8 with or without BOM, or Windows-1252; `,` or `;`). Personal columns of the
    ministry's file (mayors, councillors, emails) are never read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    if all(c in header for c in EXTRACT_COLUMNS):
        convert = _from_extract
    elif all(c in header for c in MINISTRY_COLUMNS):
        convert = _from_ministry
    else:
        raise DirectoryFileError(
            "line 1: neither the extract's columns ("
            + ", ".join(EXTRACT_COLUMNS)
            + ") nor the ministry's ("
            + ", ".join(MINISTRY_COLUMNS)
            + ")"
        )
    rows, seen = [], set()
    for line, raw in enumerate(reader, start=2):
        cells = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(cells.values()):
            continue
        row = convert(cells, line)
        if row["geographic_code"] in seen:
            raise DirectoryFileError(
                f"line {line}, geographic code: {row['geographic_code']} appears twice"
            )
        seen.add(row["geographic_code"])
        rows.append(row)
    if not rows:
        raise DirectoryFileError("the file holds no municipality")
    return rows


def _checked(row: dict, line: int) -> dict:
    code = row["geographic_code"]
    if not re.fullmatch(r"\d{5}", code):
        raise DirectoryFileError(f"line {line}, geographic code: {code!r} is not 5 digits")
    if row["region_code"] not in REGION_NAMES:
        raise DirectoryFileError(f"line {line}, region: {row['region_code']!r} is no region")
    if not row["name"]:
        raise DirectoryFileError(f"line {line}, name: empty")
    if not row["mrc_code"]:
        raise DirectoryFileError(f"line {line}, MRC: empty (and no census division)")
    return row


def _population(text: str) -> int | None:
    digits = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    return int(digits) if digits.isdigit() else None


def _from_extract(cells: dict, line: int) -> dict:
    return _checked(
        {
            "geographic_code": cells["geographic_code"].zfill(5),
            "name": cells["name"],
            "designation": cells.get("designation", ""),
            "region_code": cells["region_code"].zfill(2),
            "mrc_code": cells["mrc_code"] or cells.get("census_division_code", ""),
            "mrc_name": cells["mrc_name"] or cells.get("census_division_name", ""),
            "population": _population(cells.get("population", "")),
        },
        line,
    )


_CODED = re.compile(r"^(.*?)\s*\((\d+)\)\s*$")


def _coded(text: str) -> tuple[str, str]:
    """`MRC Brome-Missisquoi (460)` → (`Brome-Missisquoi`, `460`)."""
    found = _CODED.match(text or "")
    if not found:
        return text or "", ""
    name = re.sub(r"^MRC\s+", "", found.group(1))
    return name, found.group(2)


def _from_ministry(cells: dict, line: int) -> dict:
    mrc_name, mrc_code = _coded(cells.get("mrc", ""))
    division_name, division_code = _coded(cells.get("divrec", ""))
    _region_name, region_code = _coded(cells.get("regadm", ""))
    return _checked(
        {
            "geographic_code": cells["mcode"].zfill(5),
            "name": cells["munnom"],
            "designation": cells.get("mdes", ""),
            "region_code": region_code.zfill(2) if region_code else "",
            "mrc_code": mrc_code or division_code,
            "mrc_name": mrc_name if mrc_code else division_name,
            "population": _population(cells.get("mpopul", "")),
        },
        line,
    )


class Loaded(NamedTuple):
    """What loading an edition changed."""

    added: int
    changed: int
    retired: int
    unchanged: int


_FIELDS = ("name", "designation", "region_code", "mrc_code", "mrc_name", "population")


def load_directory(connection: Connection, rows: list[dict]) -> Loaded:
    """Write an edition of the directory: new entries added, changed ones updated, those
    absent retired (kept, inactive). Returns the counts."""
    target = table(
        "municipality",
        *[column(c) for c in ("geographic_code", "name_key", "active", *_FIELDS)],
    )
    existing = {
        r.geographic_code: r
        for r in connection.execute(
            select(*[target.c[c] for c in ("geographic_code", "active", *_FIELDS)])
        )
    }
    added, changed, unchanged = [], 0, 0
    for row in rows:
        values = {**row, "name_key": name_key(row["name"]), "active": True}
        before = existing.pop(row["geographic_code"], None)
        if before is None:
            added.append(values)
        elif before.active and all(getattr(before, f) == row[f] for f in _FIELDS):
            unchanged += 1
        else:
            connection.execute(
                target.update()
                .where(target.c.geographic_code == row["geographic_code"])
                .values({k: v for k, v in values.items() if k != "geographic_code"})
            )
            changed += 1
    if added:
        connection.execute(target.insert(), added)
    retired = [code for code, r in existing.items() if r.active]
    if retired:
        connection.execute(
            target.update().where(target.c.geographic_code.in_(retired)).values(active=False)
        )
    return Loaded(len(added), changed, len(retired), unchanged)


def shipped_rows() -> list[dict]:
    """Return the rows of the directory shipped with the code."""
    return read_directory_file(DIRECTORY_FILE.read_bytes())


class Followed(NamedTuple):
    """How many stakeholders `follow_directory` moved, linked and placed."""

    moved: int
    linked: int
    placed: int


def follow_directory(connection: Connection) -> Followed:
    """Bring the stakeholders in step with the directory the database holds: a stakeholder
    naming a municipality takes its region and MRC (a newer edition may have moved it), and
    a stakeholder whose free-text locality is exactly one municipality of its region (case,
    accents and dashes aside) is linked to it; one in a region that is a single territory
    (Montréal, Laval) gets that MRC (placed). Writes without audit
    events: the caller records one for the whole change."""
    municipalities = table(
        "municipality", column("geographic_code"), column("name_key"), column("region_code"),
        column("mrc_code"), column("active"),
    )  # fmt: skip
    stakeholders = table(
        "stakeholder", column("id"), column("level"), column("region_code"), column("mrc_code"),
        column("municipality_code"), column("locality"), column("version"),
    )  # fmt: skip
    places = {r.geographic_code: r for r in connection.execute(select(municipalities))}
    by_name: dict[tuple[str, str], list] = {}
    for place in places.values():
        if place.active:
            by_name.setdefault((place.name_key, place.region_code), []).append(place)
    territories: dict[str, set[str]] = {}
    for place in places.values():
        territories.setdefault(place.region_code, set()).add(place.mrc_code)
    alone = {region: codes.pop() for region, codes in territories.items() if len(codes) == 1}
    moved, linked, placed = [], [], []
    for s in connection.execute(select(stakeholders)):
        if s.municipality_code:
            place = places.get(s.municipality_code)
            if place is None or s.level == "national":
                continue
            if (s.region_code, s.mrc_code) != (place.region_code, place.mrc_code):
                moved.append({"sid": s.id, "r": place.region_code, "m": place.mrc_code})
        elif s.locality and s.region_code and s.level != "national":
            key = name_key(s.locality)
            found = by_name.get((key, s.region_code)) or by_name.get(
                (_without_designation(key), s.region_code), []
            )
            if len(found) == 1:
                linked.append({"sid": s.id, "c": found[0].geographic_code, "m": found[0].mrc_code})
            elif s.mrc_code is None and s.region_code in alone:  # Montréal, Laval: one territory
                placed.append({"sid": s.id, "r": s.region_code, "m": alone[s.region_code]})
    if moved or placed:
        connection.execute(
            stakeholders.update()
            .where(stakeholders.c.id == bindparam("sid"))
            .values(
                region_code=bindparam("r"),
                mrc_code=bindparam("m"),
                version=stakeholders.c.version + 1,
            ),
            moved + placed,
        )
    if linked:
        connection.execute(
            stakeholders.update()
            .where(stakeholders.c.id == bindparam("sid"))
            .values(
                municipality_code=bindparam("c"),
                mrc_code=bindparam("m"),
                version=stakeholders.c.version + 1,
            ),
            linked,
        )
    return Followed(len(moved), len(linked), len(placed))
