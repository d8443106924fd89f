"""French text of the import's places: regions as real lists write them, municipalities,
MRCs and the regions they give (issue 14)."""

FR = {
    # Regions (models.normalize.region_code_from_text).
    "“%(value)s” may name several regions: %(regions)s. Give its code.": "«\u00a0%(value)s\u00a0» peut désigner plusieurs régions\u00a0: %(regions)s. Précisez son code.",
    "“%(value)s” is no region; the closest is %(closest)s.": "«\u00a0%(value)s\u00a0» n’est pas une région\u202f; la plus proche est %(closest)s.",
    "No region has the code %(code)s; the codes go from 01 to 17.": "Aucune région n’a le code %(code)s\u202f; les codes vont de 01 à 17.",
    "The codes %(first)s and %(other)s name two regions.": "Les codes %(first)s et %(other)s désignent deux régions différentes.",
    "The names %(first)s and %(other)s name two regions.": "Les noms %(first)s et %(other)s désignent deux régions différentes.",
    "The code %(code)s (%(code_region)s) and the name %(name)s disagree.": "Le code %(code)s (%(code_region)s) et le nom %(name)s ne concordent pas.",
    # Municipalities and MRCs (importers.places, models.municipality.settle_place).
    "No MRC or equivalent territory is named “%(name)s”.": "Aucune MRC ni aucun territoire équivalent ne se nomme «\u00a0%(name)s\u00a0».",
    "A geographic code has 5 digits (such as 91025).": "Un code géographique compte 5 chiffres (par exemple 91025).",
    "The geographic code %(code)s is %(municipality)s, not “%(locality)s”.": "Le code géographique %(code)s est celui de %(municipality)s, et non de «\u00a0%(locality)s\u00a0».",
    "No municipality named “%(name)s” is in the region or the MRC given; there are: %(candidates)s.": "Aucune municipalité nommée «\u00a0%(name)s\u00a0» ne se trouve dans la région ou la MRC indiquée\u202f; il y a\u00a0: %(candidates)s.",
    "Several municipalities are named “%(name)s”: %(candidates)s. Give the region, the MRC or the geographic code.": "Plusieurs municipalités se nomment «\u00a0%(name)s\u00a0»\u00a0: %(candidates)s. Précisez la région, la MRC ou le code géographique.",
    "“%(name)s” is not in the municipal directory, so the region is required.": "«\u00a0%(name)s\u00a0» n’est pas dans le répertoire des municipalités\u00a0: la région est donc obligatoire.",
    "“%(name)s” is not in the municipal directory, so the region is required; the closest municipality is %(closest)s.": "«\u00a0%(name)s\u00a0» n’est pas dans le répertoire des municipalités, la région est donc obligatoire\u202f; la municipalité la plus proche est %(closest)s.",
    # The lead's labels of the directory (models.labels), which the import's audit names.
    # The preview and the command line.
    "Region inferred from the municipality: %(count)s row": (
        "Région déduite de la municipalité\u00a0: %(count)s ligne",
        "Région déduite de la municipalité\u00a0: %(count)s lignes",
    ),
    "Region inferred from the MRC: %(count)s row": (
        "Région déduite de la MRC\u00a0: %(count)s ligne",
        "Région déduite de la MRC\u00a0: %(count)s lignes",
    ),
}
