"""Find the header row of a sheet and map its columns to the fields of a kind of record.

Headers are matched case-, accent- and punctuation-insensitively (`models.normalize.fold`)
against the export's own headers (`models.columns`) and the French and English synonyms
partners use. Unknown columns are reported and ignored, never fatal.
"""

from dataclasses import dataclass, field

from models.columns import COLUMNS
from models.normalize import name_key

HEADER_SEARCH_ROWS = 30

# Synonyms beyond each column's French and English export header, per kind.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "stakeholders": {
        "id": ("Identifiant", "No", "Numéro"),
        "name": (
            "Nom de l'organisme",
            "Organisation",
            "Organization",
            "Organisme",
            "Nom de l'organisation",
            "Raison sociale",
            "Organization name",
        ),
        "kind": ("Type d'acteur", "Catégorie"),
        "sector": ("Secteur d'activité",),
        "level": ("Niveau", "Palier d'intervention", "Échelle"),
        "region": ("Région administrative", "Administrative region", "Code de région"),
        "locality": (
            "Ville",
            "Municipalité / MRC",
            "City",
            "Municipality",
            "Localité",
            "Town",
            "Nom de la municipalité",
            "Municipality name",
        ),
        "geographic_code": (
            "Code de la municipalité",
            "Code municipal",
            "Municipality code",
            "Code géo",
            "Code MAMH",
        ),
        "mrc": (
            "MRC / Territoire équivalent",
            "MRC ou TE",
            "MRC ou territoire équivalent",
            "Territoire équivalent",
            "TE",
            "Regional county municipality",
            "RCM",
            "Nom de la MRC",
            "MRC name",
        ),
        "email": ("E-mail", "Adresse courriel", "Courriel de l'organisme", "Mail"),
        "phone": ("Tél", "Tél.", "Telephone", "Numéro de téléphone", "Phone number"),
        "website": ("Site", "Site Internet", "Web", "URL", "Web site"),
        "stage": ("Étape", "Mobilisation", "Mobilization stage"),
        "interest": ("Interet",),
        "tags": ("Mots-clés", "Keywords"),
        "notes": ("Remarques", "Commentaires", "Comments"),
        "external_ref": (
            "Référence",
            "Réf. externe",
            "Reference",
            "External ID",
            "Identifiant externe",
        ),
    },
    "contacts": {
        "first_name": ("Given name", "Prenom"),
        "last_name": ("Nom de famille", "Surname", "Family name"),
        "stakeholder": ("Organisation", "Organization", "Nom de l'organisme", "Employeur"),
        "title": ("Fonction", "Poste", "Job title"),
        "email": ("E-mail", "Adresse courriel", "Mail"),
        "phone": ("Tél", "Tél.", "Telephone"),
        "language": ("Langue de correspondance", "Preferred language"),
        "newsletter": ("Consentement", "Consent", "Abonnement"),
        "consent_date": ("Date de consentement",),
        "consent_source": ("Source",),
    },
    "interactions": {
        "date": ("Date de l'interaction", "Le"),
        "stakeholders": (
            "Organisme",
            "Stakeholder",
            "Organisations",
            "Organizations",
            "Participants",
        ),
        "measures": ("Mesure", "Measure", "Mesures discutées"),
        "summary": ("Compte rendu", "Description", "Notes"),
        "coordinator": (
            "Coordonnateur",
            "Coordonnatrice",
            "Courriel du coordonnateur",
            "Logged by",
        ),
        "follow_up": ("Date de suivi", "Relance", "Follow-up date"),
    },
    "commitments": {
        "stakeholder": ("Organisation", "Organization", "Nom de l'organisme"),
        "measure": ("Mesure de la plateforme", "Platform measure"),
        "committed_on": ("Date", "Engagé le", "Date de l'engagement"),
        "due_on": ("Date d'échéance", "Due date", "Deadline"),
    },
    "relationships": {
        "stakeholder_a": ("Acteur A", "Organisation A", "Organization A", "Nom A"),
        "region_a": ("Région de A", "Region of A"),
        "stakeholder_b": ("Acteur B", "Organisation B", "Organization B", "Nom B"),
        "region_b": ("Région de B", "Region of B"),
        "type": ("Type de lien", "Type de relation", "Relationship type", "Tie type"),
        "intensity": ("Intensité du lien", "Niveau de collaboration", "Collaboration level"),
        "starts_on": ("Date de début", "Depuis", "Start date", "Since"),
        "ends_on": ("Date de fin", "Jusqu'au", "End date", "Until"),
        "notes": ("Notes", "Remarque", "Remarques", "Commentaires", "Comments"),
    },
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "stakeholders": ("name",),
    "contacts": ("first_name", "last_name"),
    "interactions": ("date", "stakeholders"),
    "commitments": ("stakeholder", "measure"),
    "relationships": ("stakeholder_a", "stakeholder_b"),
}


def header_keys(kind: str) -> dict[str, str]:
    """Return folded header → field key for `kind` (export headers win over synonyms)."""
    keys: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for header in (column.fr, column.en, column.key):
            keys.setdefault(name_key(header), column.key)
    for key, synonyms in SYNONYMS.get(kind, {}).items():
        for synonym in synonyms:
            keys.setdefault(name_key(synonym), key)
    return keys


def field_keys(kind: str) -> list[str]:
    """Return the field keys of `kind`, in export order."""
    return [column.key for column in COLUMNS[kind]]


@dataclass
class Mapping:
    """Which column of the file holds which field; what was left out."""

    kind: str
    header_row: int  # as the user sees it
    headers: list[str]  # as written in the file
    fields: dict[int, str] = field(default_factory=dict)  # column index → field key
    unknown: list[str] = field(default_factory=list)  # headers mapped to nothing

    def missing(self) -> list[str]:
        """Return the required fields no column holds."""
        present = set(self.fields.values())
        return [key for key in REQUIRED[self.kind] if key not in present]

    def header_of(self, key: str) -> str:
        """Return the file's header of the column holding `key`."""
        for index, mapped in self.fields.items():
            if mapped == key:
                return self.headers[index]
        return key

    def signature(self) -> str:
        """Return the key under which this set of headers' mapping is remembered."""
        return "|".join(sorted({name_key(h) for h in self.headers if name_key(h)}))


def guess_fields(kind: str, headers: list[str]) -> dict[int, str]:
    """Return column index → field key for the headers recognized, first column winning."""
    keys, fields, taken = header_keys(kind), {}, set()
    for index, header in enumerate(headers):
        key = keys.get(name_key(header))
        if key and key not in taken:
            fields[index] = key
            taken.add(key)
    return fields


def find_header(kind: str, rows: list[tuple[int, list]]) -> tuple[int, list[str]] | None:
    """Return (position in `rows`, headers) of the header row among the first rows.

    The header is the first row naming the most known columns; titles and blank lines
    above it are skipped. A row naming none is never a header.
    """
    best, best_count = None, 0
    for position, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headers = [_header_text(cell) for cell in cells]
        count = len(guess_fields(kind, headers))
        if count > best_count:
            best, best_count = (position, headers), count
    return best


def build_mapping(
    kind: str, header_row: int, headers: list[str], chosen: dict[int, str] | None = None
) -> Mapping:
    """Return the mapping of `headers`: `chosen` (the user's or a remembered one) or a guess."""
    known = set(field_keys(kind))
    if chosen is None:
        fields = guess_fields(kind, headers)
    else:
        fields, taken = {}, set()
        for index, key in sorted(chosen.items()):
            if key in known and key not in taken and 0 <= index < len(headers):
                fields[index] = key
                taken.add(key)
    unknown = [h for i, h in enumerate(headers) if h and i not in fields]
    return Mapping(kind, header_row, headers, fields, unknown)


def _header_text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip() if cell is not None else ""
