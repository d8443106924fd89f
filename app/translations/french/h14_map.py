"""French text of issue 14's map of Quebec (reports/region_map.py, app/reports/region_map.py,
the synergy report's map and a regional lead's home)."""

FR = {
    "%(count)s committed stakeholder": (
        "%(count)s acteur engagé",
        "%(count)s acteurs engagés",
    ),
    "+ %(count)s committed national stakeholder (in no region)": (
        "+ %(count)s acteur national engagé (hors des régions)",
        "+ %(count)s acteurs nationaux engagés (hors des régions)",
    ),
    "0: none (gap)": "0\u00a0: aucun (lacune)",
    "Montréal and Laval": "Montréal et Laval",
    "Map of": "Carte de",
    "Overall": "Vue d’ensemble",
    "All the report's measures": "Toutes les mesures du rapport",
    "all the report's measures": "toutes les mesures du rapport",
    "Outside your territory": "Hors de votre territoire",
    "the other regions: %(why)s": "les autres régions\u00a0: %(why)s",
    "Not in this report": "Hors de ce rapport",
    "Committed stakeholders by region: %(measures)s": "Acteurs engagés par région\u00a0: %(measures)s",
    "Committed stakeholders in your territory": "Acteurs engagés de votre territoire",
    "file name\x04map-of-quebec": "carte-du-quebec",
    "Map of Quebec": "Carte du Québec",
    "Distinct stakeholders with an active commitment to the measures chosen, by region; hatched regions have none.": (
        "Acteurs distincts ayant un engagement actif envers les mesures choisies, par région\u202f;"
        " les régions hachurées n’en ont aucun."
    ),
    "The figures by measure are in the coverage table.": (
        "Les chiffres par mesure sont dans le tableau de couverture."
    ),
    "Download the map (SVG)": "Télécharger la carte (SVG)",
    "Your territory on the map": "Votre territoire sur la carte",
    "Darker: more committed stakeholders; hatched: none yet; grey: outside your territory.": (
        "Plus foncé\u00a0: plus d’acteurs engagés\u202f; hachuré\u00a0: aucun pour l’instant\u202f;"
        " gris\u00a0: hors de votre territoire."
    ),
    "Open the map of the synergy report": "Ouvrir la carte du rapport de synergie",
}
