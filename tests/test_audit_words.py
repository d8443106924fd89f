"""The audit log in words: every action, entity type and field the code records has a label
(models/labels.py), and the log shows those words in French and in English.

The `app` fixture (conftest.py) also checks, after every test, that whatever the test had
audited has words; the scan below finds what the code can record without running it.
"""

import ast
import importlib
from pathlib import Path

import pytest
from sqlalchemy import select

from models import AuditEvent, Stakeholder, db
from models.audit import ACTIONS
from models.backup import COUNTED
from models.columns import KINDS
from models.labels import (
    AUDIT_ACTIONS,
    AUDIT_ENTITIES,
    AUDIT_ENTITY_FIELDS,
    AUDIT_FIELDS,
    Labels,
)
from models.operations.reference import MODELS, VOCABULARIES
from reports.synergy import SynergyFilters

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "app", "importers", "reports", "jobs")


def audited_in_source() -> tuple[set[str], set[str], set[str]]:
    """Return the actions, entity types and fields that the source passes to `record(...)`
    or writes as audit rows in bulk, where they are written out (literals, or a module's
    tuple of field names given to `snapshot`)."""
    actions, entities, fields = set(), set(), set()
    for path in sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        helpers = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
        for node in ast.walk(tree):
            called = getattr(node, "func", None)
            called = getattr(called, "id", None)
            if called in ("add_audited", "delete_audited") and len(node.args) == 4:
                # add_audited(actor, obj, ENTITY, FIELDS), delete_audited(actor, obj, ENTITY, held)
                actions.add("create" if called == "add_audited" else "delete")
                entities |= literals(node.args[2])
                names = node.args[3]
                if isinstance(names, ast.Name):
                    fields |= set(getattr(importlib.import_module(module), names.id, ()))
                else:
                    fields |= field_names(names, module, helpers)
            elif isinstance(node, ast.Call) and called == "record":
                args = node.args + [k.value for k in node.keywords]
                if len(args) < 3:
                    continue
                actions |= literals(args[1])
                entities |= literals(args[2])
                for values in args[4:6]:
                    fields |= field_names(values, module, helpers)
            elif isinstance(node, ast.Dict):
                row = {k.value: v for k, v in zip(node.keys, node.values, strict=True)
                       if isinstance(k, ast.Constant)}  # fmt: skip
                if {"action", "entity_type", "after"} <= row.keys():
                    actions |= literals(row["action"])
                    entities |= literals(row["entity_type"])
                    fields |= field_names(row["after"], module, helpers)
    return actions, entities, fields


def literals(node) -> set[str]:
    return {node.value} if isinstance(node, ast.Constant) and isinstance(node.value, str) else set()


def field_names(node, module: str, helpers: dict) -> set[str]:
    """Return the keys of a dict literal, the names a `snapshot(obj, NAMES)` takes, or the
    keys that a helper function of the module builds its dict with."""
    if isinstance(node, ast.Dict):
        return {k.value for k in node.keys if isinstance(k, ast.Constant)}
    if not isinstance(node, ast.Call):
        return set()
    called = getattr(node.func, "id", None)
    if called == "snapshot":
        names = node.args[1]
        if isinstance(names, ast.Name):
            # A module's tuple of names; a parameter (a shared helper's) names nothing here.
            return set(getattr(importlib.import_module(module), names.id, ()))
        return {e.value for e in getattr(names, "elts", []) if isinstance(e, ast.Constant)}
    if called in helpers:
        found = set()
        for inner in ast.walk(helpers.pop(called)):  # once: a helper may call itself
            if isinstance(inner, ast.Subscript) and isinstance(inner.ctx, ast.Store):
                found |= literals(inner.slice)
            elif isinstance(inner, ast.Return | ast.Assign):
                found |= field_names(inner.value, module, helpers)
        return found
    return set()


def test_the_scan_finds_what_the_code_records():
    actions, entities, fields = audited_in_source()
    assert {"create", "update", "archive", "delete", "import", "export", "undo"} <= actions
    assert {"stakeholder", "contact", "user", "import_batch", "synergy_report"} <= entities
    assert {"region_code", "newsletter_consent", "measure_codes", "password"} <= fields


def test_every_action_entity_and_field_the_code_records_has_words():
    actions, entities, fields = audited_in_source()
    # Those named at run time: reference lists by name, exports by kind, backup counts,
    # the synergy report's filters.
    entities |= set(MODELS) | set(VOCABULARIES) | set(KINDS)
    fields |= set(COUNTED) | set(SynergyFilters().as_json())
    labelled = set(AUDIT_FIELDS) | {field for _entity, field in AUDIT_ENTITY_FIELDS}
    assert sorted((set(ACTIONS) | actions) - set(AUDIT_ACTIONS)) == []
    assert sorted(entities - set(AUDIT_ENTITIES)) == []
    assert sorted(fields - labelled) == []


def test_no_label_waits_for_an_action_that_does_not_exist():
    assert set(AUDIT_ACTIONS) == set(ACTIONS)


def test_an_unknown_code_shows_as_itself(app):
    words = Labels("fr")
    assert words.action("frobnicate") == "frobnicate"
    assert words.entity("gizmo") == "gizmo"
    assert words.field("gizmo", "sprocket_id") == "sprocket_id"
    assert words.value("gizmo", "sprocket_id", "x1") == "x1"


@pytest.fixture
def history(app, make_user):
    """A stakeholder created, moved to another region and stage, tagged and archived,
    and a user who changed their language, all through the operations."""
    from models.operations import archive_stakeholder, create_stakeholder, update_stakeholder

    coordinator = make_user("coordinator", name="Zoé Coord")
    stakeholder = create_stakeholder(coordinator, {
        "name": "CPE Soleil", "sector_code": "childcare", "level": "local",
        "region_code": "06", "stage": "identified",
    })  # fmt: skip
    update_stakeholder(coordinator, stakeholder, {"region_code": "02", "stage": "contacted",
                                                  "tags": ["petite enfance"]})  # fmt: skip
    archive_stakeholder(coordinator, stakeholder)
    db.session.commit()
    return stakeholder


def audit_page(client, login, language, query=""):
    login("admin", language=language)
    return client.get("/admin/audit" + query).get_data(as_text=True)


def test_the_audit_log_speaks_french(client, login, history):
    text = audit_page(client, login, "fr")
    for words in ("Création", "Modification", "Archivage", "Acteur", "Région", "Secteur",
                  "Étape de mobilisation", "Étiquettes", "Archivé", "Oui", "Non",
                  "Services de garde éducatifs", "06 · Montréal", "02 · Saguenay–Lac-Saint-Jean",
                  "Identifié", "Contacté"):  # fmt: skip
        assert words in text, words
    for code in (">update<", ">stakeholder", "region_code", "sector_code", "childcare",
                 ">identified", "tag_names"):  # fmt: skip
        assert code not in text, code


def test_the_audit_log_speaks_english(client, login, history):
    text = audit_page(client, login, "en")
    for words in ("Creation", "Change", "Archiving", "Stakeholder", "Region", "Sector",
                  "Mobilization stage", "Educational childcare", "06 · Montréal",
                  "Contacted", "Yes"):  # fmt: skip
        assert words in text, words
    assert "region_code" not in text and ">update<" not in text


def test_the_filters_show_words_and_keep_codes_as_values(client, login, history):
    text = audit_page(client, login, "fr")
    assert '<option value="stakeholder">Acteur</option>' in text
    assert '<option value="update">Modification</option>' in text
    assert '<option value="archive">Archivage</option>' in text
    text = client.get("/admin/audit?action=archive&entity_type=stakeholder").text
    assert '<option value="archive" selected>Archivage</option>' in text
    assert text.count("<tr>") == 2  # the header and the one archiving


def test_a_user_and_a_reference_entry_in_words(client, login, restore_reference):
    from models.operations import rename_entry

    admin = login("admin")
    client.post("/language", data={"lang": "en", "next": "/admin/audit"})
    rename_entry(admin, "sector", "childcare", "Services de garde", "Childcare")
    db.session.commit()
    text = client.get("/admin/audit").text
    assert "User" in text and "Language" in text and "Français" in text and "English" in text
    assert "Sector" in text and "Childcare (childcare)" in text and "English label" in text
    client.post("/language", data={"lang": "fr", "next": "/admin/audit"})
    text = client.get("/admin/audit").text
    assert "Utilisateur" in text and "Langue" in text and "Libellé anglais" in text


def test_every_recorded_event_of_the_history_has_words(app, history):
    words = Labels("fr")
    for event in db.session.scalars(select(AuditEvent)):
        assert words.action(event.action) != event.action
        assert words.entity(event.entity_type) != event.entity_type
        for field in {**(event.before or {}), **(event.after or {})}:
            assert words.field(event.entity_type, field) != field
    assert db.session.get(Stakeholder, history.id).archived


def test_an_import_and_its_undoing_in_words(client, login):
    from models.audit import record

    admin = login("admin")
    record(admin, "import", "import_batch", 7, None, {
        "kind": "relationships", "file": "liens.xlsx", "rows": 3, "created": 2, "updated": 1,
        "unchanged": 0, "rejected": 0,
    })  # fmt: skip
    record(admin, "undo", "import_batch", 7, None,
           {"kind": "relationships", "deleted": 2, "restored": 1})  # fmt: skip
    db.session.commit()
    text = client.get("/admin/audit").text
    for words in ("Importation", "Annulation", "Fichier importé", "Relations", "Lignes",
                  "Créées", "Rejetées", "Supprimées", "Rétablies", "liens.xlsx"):  # fmt: skip
        assert words in text, words
