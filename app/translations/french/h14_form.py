"""French text of issue 14's stakeholder place: the form's municipality, MRC and place, the
stakeholder page's place, the place rule's messages (`models.municipality.settle_place`),
the audit log's words and the reference data's credit on the privacy page."""

NB = "\u00a0"  # a no-break space, before ":"
NNB = "\u202f"  # a narrow no-break space, before ; ? !

FR = {
    # The form
    "From the official directory: its MRC and region follow.": f"Répertoire officiel{NB}: la MRC et la région en découlent.",
    "For a stakeholder without a municipality (a table covering a whole MRC); a municipality gives its own.": f"Pour un acteur sans municipalité (une table qui couvre toute une MRC){NNB}; une municipalité donne la sienne.",
    "Place (if not a municipality)": "Lieu (si ce n’est pas une municipalité)",
    "A neighbourhood, a community not in the directory: the region is then required.": f"Un quartier, une communauté absente du répertoire{NB}: la région est alors obligatoire.",
    # The place rule (models/municipality.py)
    # The stakeholder page
    "MRC %(name)s": "MRC %(name)s",
    "%(name)s (territory equivalent to an MRC)": "%(name)s (territoire équivalent à une MRC)",
    # The audit log
    # The privacy page
    "Reference data": "Données de référence",
    "Quebec's municipalities, their MRCs and regions, and the map of the regions come from public open data:": f"Les municipalités du Québec, leurs MRC et leurs régions, ainsi que la carte des régions, proviennent de données ouvertes publiques{NB}:",
}
