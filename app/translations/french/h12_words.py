"""French of issue 12's words and accessibility part: the skip link, the menu, the folding
filters, the "All" of feminine filters, the names of downloaded files."""

FR = {
    "Skip to content": "Aller au contenu",
    "Synergy": "Synergie",
    "(%(num)s filter set)": ("(%(num)s filtre appliqué)", "(%(num)s filtres appliqués)"),
    # A select's "no filter" choice (models/lists/base.py): "All" alone is "Tous" (web.py).
    "feminine\x04All": "Toutes",
}
