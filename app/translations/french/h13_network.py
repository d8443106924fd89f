"""French text of issue 13 (the network): what the lead wrote beside the helpers' parts."""

FR = {
    "Intensity": "Intensité",
    "Has as member": "A pour membre",
    "Declared ties": "Liens déclarés",
    "The end of the period comes before its start.": "La fin de la période précède son début.",
    "%(num)s tie outside your territory": (
        "%(num)s lien hors de votre territoire",
        "%(num)s liens hors de votre territoire",
    ),
    "Network map: the stakeholders of the report and their ties, coloured by sector. The full map lists the most connected.": "Carte du réseau : les acteurs du rapport et leurs liens, colorés par secteur. La carte complète énumère les plus liés.",
    "Funded by": "Financé par",
    "Tie intensities": "Intensités des liens",
}
