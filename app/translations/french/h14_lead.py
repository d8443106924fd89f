"""French text of issue 14 (geography): the directory's audit words and the place rule's
messages, which forms and imports both show."""

FR = {
    # The place rule (models.municipality.settle_place), which forms and imports show.
    "MRC": "MRC",
    "No municipality has the geographic code %(code)s.": "Aucune municipalité n’a le code géographique %(code)s.",
    "No MRC has the code %(code)s.": "Aucune MRC n’a le code %(code)s.",
    "%(municipality)s is in the MRC %(its)s, not %(given)s.": "%(municipality)s fait partie de la MRC %(its)s, et non de la MRC %(given)s.",
    "%(municipality)s is in the region %(its)s, not %(given)s.": "%(municipality)s est dans la région %(its)s, et non dans la région %(given)s.",
    "The MRC %(mrc)s is in the region %(its)s, not %(given)s.": "La MRC %(mrc)s est dans la région %(its)s, et non dans la région %(given)s.",
    "Municipal directory": "Répertoire des municipalités",
    "Municipality (directory)": "Municipalité (répertoire)",
    "Municipalities added": "Municipalités ajoutées",
    "Municipalities changed": "Municipalités modifiées",
    "Municipalities no longer in the directory": "Municipalités retirées du répertoire",
    "Stakeholders moved with their municipality": "Acteurs déplacés avec leur municipalité",
    "Stakeholders linked to a municipality": "Acteurs reliés à une municipalité",
    "Stakeholders placed in their region's MRC": "Acteurs placés dans la MRC de leur région",
}
