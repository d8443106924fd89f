"""The spreadsheet columns of each kind of record, with their French and English headers.

Exports write these headers, so that an exported file re-imports as it is; the importer
recognizes them (and more synonyms) when it reads a file. Order is the export's order.
"""

from dataclasses import dataclass

KINDS = ("stakeholders", "contacts", "interactions", "commitments", "relationships")


@dataclass(frozen=True)
class Column:
    """One column: its key in exported rows, and its header in each language."""

    key: str
    fr: str
    en: str

    def header(self, lang: str) -> str:
        """Return the header in `lang` (French unless English is asked for)."""
        return self.en if lang == "en" else self.fr


COLUMNS: dict[str, tuple[Column, ...]] = {
    "stakeholders": (
        Column("id", "ID", "ID"),
        Column("name", "Nom", "Name"),
        Column("kind", "Type", "Kind"),
        Column("sector", "Secteur", "Sector"),
        Column("level", "Palier", "Level"),
        Column("region", "Région", "Region"),
        Column("locality", "Municipalité", "Locality"),
        Column("geographic_code", "Code géographique", "Geographic code"),
        Column("mrc", "MRC", "MRC"),
        Column("email", "Courriel", "Email"),
        Column("phone", "Téléphone", "Phone"),
        Column("website", "Site Web", "Website"),
        Column("stage", "Étape de mobilisation", "Stage"),
        Column("influence", "Influence", "Influence"),
        Column("interest", "Intérêt", "Interest"),
        Column("tags", "Étiquettes", "Tags"),
        Column("notes", "Notes", "Notes"),
        Column("external_ref", "Référence externe", "External reference"),
    ),
    "contacts": (
        Column("id", "ID", "ID"),
        Column("first_name", "Prénom", "First name"),
        Column("last_name", "Nom", "Last name"),
        Column("stakeholder", "Organisme", "Stakeholder"),
        Column("region", "Région", "Region"),
        Column("title", "Titre", "Title"),
        Column("email", "Courriel", "Email"),
        Column("phone", "Téléphone", "Phone"),
        Column("language", "Langue", "Language"),
        Column("newsletter", "Infolettre", "Newsletter"),
        Column("consent_date", "Date du consentement", "Consent date"),
        Column("consent_source", "Source du consentement", "Consent source"),
    ),
    "interactions": (
        Column("id", "ID", "ID"),
        Column("date", "Date", "Date"),
        Column("kind", "Type", "Kind"),
        Column("stakeholders", "Organismes", "Stakeholders"),
        Column("measures", "Mesures", "Measures"),
        Column("summary", "Résumé", "Summary"),
        Column("coordinator", "Coordination", "Coordinator"),
        Column("follow_up", "Suivi", "Follow-up"),
    ),
    "commitments": (
        Column("id", "ID", "ID"),
        Column("stakeholder", "Organisme", "Stakeholder"),
        Column("region", "Région", "Region"),
        Column("measure", "Mesure", "Measure"),
        Column("status", "Statut", "Status"),
        Column("involvement", "Implication", "Involvement"),
        Column("committed_on", "Date d'engagement", "Committed on"),
        Column("due_on", "Échéance", "Due on"),
        Column("description", "Description", "Description"),
    ),
    # A tie: A and B name stakeholders as the other kinds do (a name, its region, or an ID).
    "relationships": (
        Column("id", "ID", "ID"),
        Column("stakeholder_a", "Organisme A", "Stakeholder A"),
        Column("region_a", "Région A", "Region A"),
        Column("stakeholder_b", "Organisme B", "Stakeholder B"),
        Column("region_b", "Région B", "Region B"),
        Column("type", "Type", "Type"),
        Column("intensity", "Intensité", "Intensity"),
        Column("starts_on", "Début", "Start"),
        Column("ends_on", "Fin", "End"),
        Column("notes", "Note", "Note"),
    ),
}


def headers(kind: str, lang: str = "fr") -> list[str]:
    """Return the headers of `kind` in `lang`, in export order."""
    return [column.header(lang) for column in COLUMNS[kind]]
