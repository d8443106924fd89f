"""French text of the web screens' strings (menu, lists, forms, dashboards, admin)."""

FR = {
    "Menu": "Menu",
    "Contacts": "Contacts",
    "Interactions": "Interactions",
    "Commitments": "Engagements",
    "Import": "Importer",
    "Synergy report": "Rapport de synergie",
    "Administration": "Administration",
}
