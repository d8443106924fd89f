"""French of issue 12's words and accessibility part: the skip link, the menu, the folding
filters, the "All" of feminine filters, the names of downloaded files."""

FR = {
    "Skip to content": "Aller au contenu",
    "Synergy": "Synergie",
    "%(num)s contact written to %(file)s.": (
        "%(num)s contact écrit dans %(file)s.",
        "%(num)s contacts écrits dans %(file)s.",
    ),
    "(%(num)s filter set)": ("(%(num)s filtre appliqué)", "(%(num)s filtres appliqués)"),
    # A select's "no filter" choice (models/lists/base.py): "All" alone is "Tous" (web.py).
    "feminine\x04All": "Toutes",
    # Downloaded files' names (app/downloads.py): plain letters, digits and hyphens.
    "file name\x04stakeholders": "acteurs",
    "file name\x04contacts": "contacts",
    "file name\x04interactions": "interactions",
    "file name\x04commitments": "engagements",
    "file name\x04audit-log": "journal-audit",
    "file name\x04users": "utilisateurs",
    "file name\x04synergy-report": "rapport-synergie",
    "file name\x04newsletter": "infolettre",
    "file name\x04personal-data": "donnees-personnelles",
}
