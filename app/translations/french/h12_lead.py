"""French text of the lead's own changes for issue 12 (the interactions of one stakeholder)."""

FR = {
    "All the interactions with this stakeholder": "Toutes les interactions avec cet acteur",
    "More than %(num)s results: type a few more letters.": "Plus de %(num)s résultats\u00a0: tapez quelques lettres de plus.",
}
