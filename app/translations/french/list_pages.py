"""French of the list pages' own words: their page links and their filters' empty choices
(`app/templates/_macros.html`, `models/lists/`)."""

FR = {
    "Pages of the list": "Pages de la liste",
    "All regions": "Toutes les régions",
}
