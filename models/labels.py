"""Labels of coded values in French or English: the one place that turns codes into words.

Exports, reports, templates and error messages all ask a `Labels` for the words. The
reference lists' words come from their tables, so an admin's renaming shows everywhere;
the codes the software itself defines (roles, languages, the audit trail's actions,
entities and fields) have theirs below, as lazy strings that the catalogue translates.
"""

from typing import Any

from flask_babel import LazyString, format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.base import db
from models.municipality import place_words
from models.reference import Measure, Region, Sector, Theme, Vocabulary


def counted(number: int) -> LazyString:
    """Return `number` as the language of the message it goes into writes it ("50 000" in
    French), decided when the message is read."""
    return LazyString(format_number, number)


NATIONAL_LABEL = {"fr": "National", "en": "National"}
NO_MRC_LABEL = {"fr": "Sans MRC connue", "en": "No known MRC"}
ROLE_LABELS = {
    "admin": _l("Administrator"),
    "coordinator": _l("Coordinator"),
    "regional_lead": _l("Regional lead"),
    "board": _l("Board member"),
}
LANGUAGE_LABELS = {"fr": "Français", "en": "English"}  # each in its own language
RISK_LABELS = {
    "low": _l("No risk of serious injury"),
    "serious": _l("Risk of serious injury"),
}

# The audit trail (`models.audit.record`): every action, entity type and field the code
# records has words here; a test fails on a recorded code without them.
AUDIT_ACTIONS = {
    "create": _l("Creation"),
    "update": _l("Change"),
    "archive": _l("Archiving"),
    "delete": _l("Deletion"),
    "import": _l("Data import"),
    "export": _l("Data export"),
    "undo": _l("Undoing"),
    "anonymize": _l("Anonymization"),
    "merge": _l("Merge of duplicates"),
    "bulk": _l("Bulk change"),
}
AUDIT_ENTITIES = {
    "stakeholder": _l("Stakeholder"),
    "contact": _l("Contact"),
    "interaction": _l("Interaction"),
    "commitment": _l("Commitment"),
    "relationship": _l("Relationship"),
    "user": _l("User"),
    "incident": _l("Confidentiality incident"),
    "import_batch": _l("Imported file"),
    "backup": _l("Backup"),
    "newsletter_list": _l("Newsletter mailing list"),
    "newsletter_unsubscribes": _l("Newsletter unsubscribe list"),
    "synergy_report": _l("Synergy report"),
    "network_map": _l("Network map"),
    "municipality": _l("Municipal directory"),
    "merge": _l("Merge of duplicates"),
    "change_batch": _l("Bulk change"),
    "saved_view": _l("Saved view"),
    "not_duplicate": _l("Pair marked not a duplicate"),
    "maildrop_address": _l("Address to classify (mail drop)"),
    "maildrop_message": _l("Message read (mail drop)"),
    # Exports of a list, by its kind (`models.columns.KINDS`).
    "stakeholders": _l("Stakeholder list"),
    "contacts": _l("Contact list"),
    "interactions": _l("Interaction list"),
    "commitments": _l("Commitment list"),
    "relationships": _l("List of ties"),
    "audit": _l("Audit log"),
    "users": _l("User list"),
    # An entry of a reference list (`models.operations.reference`), by the list's name.
    "region": _l("Region"),
    "sector": _l("Sector"),
    "theme": _l("Theme"),
    "measure": _l("Measure"),
    "level": _l("Level"),
    "stage": _l("Mobilization stage"),
    "commitment_status": _l("Commitment status"),
    "involvement": _l("Involvement"),
    "interaction_kind": _l("Interaction kind"),
    "relationship_type": _l("Relationship type"),
    "relationship_intensity": _l("Intensity"),
    "stakeholder_kind": _l("Stakeholder kind"),
    "consent_kind": _l("Consent kind"),
}
AUDIT_FIELDS = {
    # Records' own fields.
    "name": _l("Name"),
    "kind": _l("Kind"),
    "sector_code": _l("Sector"),
    "level": _l("Level"),
    "region_code": _l("Region"),
    "locality": _l("Municipality or MRC"),
    "municipality_code": _l("Municipality (directory)"),
    "mrc_code": _l("MRC"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "website": _l("Website"),
    "stage": _l("Mobilization stage"),
    "influence": _l("Influence"),
    "interest": _l("Interest"),
    "owner_id": _l("Owner"),
    "notes": _l("Notes"),
    "external_ref": _l("External reference"),
    "tag_names": _l("Tags"),
    "archived": _l("Archived"),
    "stakeholder_id": _l("Stakeholder"),
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "title": _l("Title"),
    "language": _l("Language"),
    "newsletter_consent": _l("Newsletter consent"),
    "consent_date": _l("Consent date"),
    "consent_source": _l("Consent source"),
    "consent_withdrawn_on": _l("Consent withdrawn on"),
    "consent_event": _l("Consent register entry"),
    "wording": _l("Wording shown to the person"),
    "on": _l("Date"),
    "source": _l("Source"),
    "measure_code": _l("Measure"),
    "status": _l("Status"),
    "involvement": _l("Involvement"),
    "committed_on": _l("Committed on"),
    "due_on": _l("Due on"),
    "description": _l("Description"),
    "occurred_on": _l("Date"),
    "user_id": _l("Coordinator"),  # who logged an interaction, before migration 0012
    "logged_by_id": _l("Logged by"),
    "filters": _l("Filters"),
    "summary": _l("Summary"),
    "follow_up_on": _l("Follow-up on"),
    "follow_up_done": _l("Follow-up done"),
    "assigned_to_id": _l("Assigned to"),
    "stakeholder_ids": _l("Stakeholders"),
    "contact_ids": _l("Contacts present"),
    "measure_codes": _l("Measures"),
    "source_id": _l("Stakeholder A"),
    "target_id": _l("Stakeholder B"),
    "type": _l("Type"),
    "starts_on": _l("Start"),
    "intensity": _l("Intensity"),
    "ends_on": _l("End"),
    "discovered_on": _l("Date it was discovered"),
    "information_concerned": _l("Personal information concerned"),
    "people_count": _l("Number of people concerned"),
    "serious_injury_risk": _l("Assessment"),
    "risk_assessment": _l("Risk assessment"),
    "cai_notified_on": _l("Commission d'accès à l'information notified on"),
    "people_notified_on": _l("People concerned notified on"),
    "role": _l("Role"),
    "regions": _l("Regions"),
    "mrcs": _l("MRCs"),
    "active": _l("Active"),
    "password": _l("Password"),
    "code": _l("Code"),
    "label_fr": _l("French label"),
    "label_en": _l("English label"),
    "position": _l("Position"),
    "theme_code": _l("Theme"),
    "list": _l("List"),
    # What an anonymization, an export, an import or a backup reports.
    "erased_fields": _l("Erased fields"),
    "audit_events_redacted": _l("Audit events redacted"),
    "consent_events_erased": _l("Consent events erased"),
    "maildrop_messages_erased": _l("Mail-drop messages cleared of their address"),
    "export": _l("Reason"),
    "format": _l("Format"),
    "rows": _l("Rows"),
    "lang": _l("Language"),
    "left_out": _l("Addresses left out"),
    "file": _l("File"),
    "stakeholders": _l("Stakeholders"),
    "contacts": _l("Contacts"),
    "interactions": _l("Interactions"),
    "themes": _l("Themes"),
    "measures": _l("Measures"),
    "sectors": _l("Sectors"),
    "levels": _l("Levels"),
    "since": _l("Since"),
    "until": _l("Until"),
    "created": _l("Created"),
    "updated": _l("Updated"),
    "unchanged": _l("Unchanged"),
    "rejected": _l("Rejected"),
    "deleted": _l("Deleted"),
    "restored": _l("Restored"),
    "withdrawn": _l("Consents withdrawn"),
    "already": _l("Already withdrawn"),
    "unknown": _l("Unknown addresses"),
    "invalid": _l("Invalid cells"),
    # What a merge of duplicates (or its undoing) reports.
    "kept": _l("Survivor before the merge"),
    "removed": _l("Record removed by the merge"),
    "merge_id": _l("Merge number"),
    "kept_id": _l("Survivor"),
    "removed_id": _l("Removed record"),
    "picks": _l("Values taken from the removed record"),
    "counts": _l("Moved to the survivor"),
    "commitments": _l("Commitments"),
    "commitments_merged": _l("Commitments merged"),
    "ties": _l("Ties"),
    "consent_events": _l("Consent register entries"),
}
# A field whose label depends on what the event is about.
AUDIT_ENTITY_FIELDS = {
    ("incident", "occurred_on"): _l("Date of the incident"),
    ("incident", "description"): _l("What happened"),
    ("not_duplicate", "low_id"): _l("First record (ID)"),
    ("not_duplicate", "high_id"): _l("Second record (ID)"),
    ("not_duplicate", "names"): _l("Names"),
    # A new edition of the municipal directory (`maillage reference municipalities`).
    ("municipality", "added"): _l("Municipalities added"),
    ("municipality", "changed"): _l("Municipalities changed"),
    ("municipality", "retired"): _l("Municipalities no longer in the directory"),
    ("municipality", "stakeholders_moved"): _l("Stakeholders moved with their municipality"),
    ("municipality", "stakeholders_linked"): _l("Stakeholders linked to a municipality"),
    ("municipality", "stakeholders_placed"): _l("Stakeholders placed in their region's MRC"),
    # A saved view (`models.operations.saved_views`), and the newsletter list restricted to one.
    ("saved_view", "user_id"): _l("Owner"),
    ("saved_view", "list_name"): _l("List"),
    ("saved_view", "args"): _l("Filters and sort"),
    ("saved_view", "shared"): _l("Share with the whole team"),
    ("newsletter_list", "view"): _l("Saved view"),
    ("newsletter_list", "view_id"): _l("ID of the saved view"),
    # A bulk change (`models.operations.bulk_actions`): its action, value and counts.
    ("change_batch", "action"): _l("Action"),
    ("change_batch", "value"): _l("Value"),
    ("change_batch", "count"): _l("Records changed"),
    ("change_batch", "refused"): _l("Rows left out"),
    # A user's own account page (`models.operations.account`): calendar feed and digest.
    ("user", "calendar_feed"): _l("Calendar address"),
    ("user", "digest_opt_in"): _l("Weekly digest by email"),
    # An address of the mail drop's review queue (`models.operations.maildrop_review`).
    ("maildrop_address", "outcome"): _l("Classification"),
    ("maildrop_address", "address"): _l("Email address"),
    ("maildrop_address", "message_id"): _l("Message number"),
    ("maildrop_address", "contact_id"): _l("Contact"),
    # A message read from the mail drop with addresses to classify (`inbox.poll`).
    ("maildrop_message", "queued"): _l("Addresses to classify"),
}
# Values that are codes: the reference list (or the table above) that has their words.
AUDIT_VALUE_LISTS = {
    "region_code": "region",
    "regions": "region",
    "sector_code": "sector",
    "sectors": "sector",
    "theme_code": "theme",
    "themes": "theme",
    "measure_code": "measure",
    "measure_codes": "measure",
    "measures": "measure",
    "level": "level",
    "levels": "level",
    "stage": "stage",
    "status": "commitment_status",
    "involvement": "involvement",
    "type": "relationship_type",
    "intensity": "relationship_intensity",
    "newsletter_consent": "consent_kind",
    "consent_event": "consent_kind",
}
# A directed tie (`models.reference.DIRECTED_TIES`) read from its other end, B's page:
# "CPE A is a member of Table B" shows on the table's page as "Has as member: CPE A".
TIE_TYPES_SEEN_FROM_TARGET = {
    "member_of": _l("Has as member"),
    "funds": _l("Funded by"),
}
# Values that are codes of the municipal directory: its words (`models.municipality`).
AUDIT_PLACE_FIELDS = ("municipality_code", "mrc_code")
AUDIT_ENTITY_VALUE_LISTS = {
    ("stakeholder", "kind"): "stakeholder_kind",
    ("interaction", "kind"): "interaction_kind",
}
AUDIT_WORDS = {
    "role": ROLE_LABELS,
    "language": LANGUAGE_LABELS,
    "lang": LANGUAGE_LABELS,
    "serious_injury_risk": RISK_LABELS,
    "export": {"access_request": _l("Access request")},
    "password": {"changed": _l("Changed by the user"), "reset": _l("Reset by an administrator")},
    "outcome": {
        "pending": _l("To classify"),
        "attached": _l("Attached to a contact"),
        "created": _l("Contact created from it"),
        "discarded": _l("Discarded"),
    },
    "erased_fields": AUDIT_FIELDS,
    "picks": AUDIT_FIELDS,
    # The calendar feed's secret is never audited, only whether there is one.
    "calendar_feed": {
        "active": _l("An address in use"),
        "none": _l("No address"),
        "new": _l("A new address"),
    },
    # What an import (or its undoing) was about; stakeholders' and interactions' own kinds
    # are reference codes (AUDIT_ENTITY_VALUE_LISTS).
    "kind": {
        "stakeholders": _l("Stakeholders"),
        "contacts": _l("Contacts"),
        "interactions": _l("Interactions"),
        "commitments": _l("Commitments"),
        "relationships": _l("Relationships"),
    },
}


def labels_in(lang: str) -> "Labels":
    """Return the reference labels in `lang`, read again only after an audited change (an
    admin's renaming, a new entry)."""
    from models.cache import remembered

    return remembered("labels", lang, lambda: Labels(lang))


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

    def regions(self) -> dict[str, str]:
        """Return the regions as the selects show them: {code: "06 · Montréal"}."""
        return {code: f"{code} · {label}" for code, label in self.table("region").items()}

    def area(self, code: str) -> str:
        """Return a report column's words: "06 · Montréal" for a region, "National"."""
        if code == "national":
            return NATIONAL_LABEL[self.lang]
        return self.regions().get(code, code)

    def mrc(self, code: str) -> str:
        """Return an MRC's (or equivalent territory's) name, or "No known MRC" for the
        column of stakeholders without one (`models.municipality.NO_MRC`)."""
        from models.municipality import NO_MRC, directory

        if code == NO_MRC:
            return NO_MRC_LABEL[self.lang]
        territory = directory().territories.get(code)
        return territory.name if territory else code

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

    def action(self, code: str) -> str:
        """Return the words of an audited action (`update`: "Modification" in French)."""
        return str(AUDIT_ACTIONS.get(code, code))

    def entity(self, code: str) -> str:
        """Return the words of an audited entity type (`stakeholder`: "Acteur")."""
        return str(AUDIT_ENTITIES.get(code, code))

    def field(self, entity: str, code: str) -> str:
        """Return the words of a field of an audited `entity` (`region_code`: "Région")."""
        label = AUDIT_ENTITY_FIELDS.get((entity, code)) or AUDIT_FIELDS.get(code, code)
        return str(label)

    def value(self, entity: str, field: str, value: Any) -> Any:
        """Return an audited value in words where it is a code (a region, a role, a list of
        measures...); any other value as it is."""
        if isinstance(value, list):
            return [self.value(entity, field, v) for v in value]
        if not isinstance(value, str) or not value:
            return value
        if field == "code" and entity in self._tables:  # an entry of a reference list
            label = self.of(entity, value)
            return value if label == value else f"{label} ({value})"
        if field in AUDIT_PLACE_FIELDS:
            return place_words(field, value)
        listed = AUDIT_ENTITY_VALUE_LISTS.get((entity, field)) or AUDIT_VALUE_LISTS.get(field)
        if listed == "region" and value in self._tables["region"]:
            return self.regions()[value]  # as the region selects show it
        if listed:
            return self.of(listed, value)
        return str(AUDIT_WORDS.get(field, {}).get(value, value))
