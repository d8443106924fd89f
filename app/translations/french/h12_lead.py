"""French text of the lead's own changes for issue 12 (the interactions of one stakeholder)."""

FR = {
    "All the interactions with this stakeholder": "Toutes les interactions avec cet acteur",
}
