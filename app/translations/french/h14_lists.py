"""French of issue 14's MRC filters (the lists and the synergy report) and of coverage by
MRC (the report, its workbook and a regional lead's home)."""

NB = "\u00a0"  # a no-break space, before ":"
NNB = "\u202f"  # a narrow no-break space, before ; ? !

FR = {
    # The filters
    "MRCs": "MRC",
    "All MRCs": "Toutes les MRC",
    # Coverage by MRC: the report and its workbook
    "Coverage by MRC": "Couverture par MRC",
    "Distinct stakeholders with an active commitment, by measure and MRC (or equivalent territory) of the regions shown. National stakeholders are in no MRC; those whose MRC is not known are counted apart, so that each row adds up to the regions' coverage.": (
        "Acteurs distincts ayant un engagement actif, par mesure et par MRC (ou territoire "
        "équivalent) des régions affichées. Les acteurs nationaux ne sont dans aucune MRC"
        f"{NNB}; ceux dont la MRC n’est pas connue sont comptés à part, de sorte que chaque "
        "ligne donne le total de la couverture des régions."
    ),
    "Choose one to three regions in the filters to see coverage by MRC.": (
        "Choisissez de une à trois régions dans les filtres pour voir la couverture par MRC."
    ),
    "Coverage by MRC: stakeholders with an active commitment (%(regions)s)": (
        f"Couverture par MRC{NB}: acteurs ayant un engagement actif (%(regions)s)"
    ),
    "When the report covers one to three regions: for each measure and MRC (or equivalent territory) of those regions, the number of distinct stakeholders with an active commitment to it. National stakeholders are in no MRC; those whose MRC is not known count in the column No known MRC, so that each row adds up to the regions' coverage. An MRC filter, like the region filter, keeps the stakeholders of those MRCs and the national ones.": (
        "Quand le rapport couvre de une à trois régions, pour chaque mesure et chaque MRC "
        "(ou territoire équivalent) de ces régions, le nombre d’acteurs distincts ayant un "
        "engagement actif envers elle. Les acteurs nationaux ne sont dans aucune MRC"
        f"{NNB}; ceux dont la MRC n’est pas connue sont comptés dans la colonne Sans MRC "
        "connue, de sorte que chaque ligne donne le total de la couverture des régions. "
        "Un filtre par MRC, comme le filtre par région, garde les acteurs de ces MRC et les "
        "acteurs nationaux."
    ),
    # A regional lead's home
    "Stakeholders with an active commitment, by measure and MRC of your region, and national ones.": (
        "Acteurs ayant un engagement actif, par mesure et par MRC de votre région, et acteurs "
        "nationaux."
    ),
}
