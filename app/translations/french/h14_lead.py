"""French text of issue 14 (geography): the place rule and the municipal directory."""

FR = {
    "No municipality has the geographic code %(code)s.": (
        "Aucune municipalité n'a le code géographique %(code)s."
    ),
    "No MRC has the code %(code)s.": "Aucune MRC n'a le code %(code)s.",
    "%(municipality)s is in the MRC %(its)s, not %(given)s.": (
        "%(municipality)s est dans la MRC %(its)s, pas %(given)s."
    ),
    "%(municipality)s is in the region %(its)s, not %(given)s.": (
        "%(municipality)s est dans la région %(its)s, pas %(given)s."
    ),
    "The MRC %(mrc)s is in the region %(its)s, not %(given)s.": (
        "La MRC %(mrc)s est dans la région %(its)s, pas %(given)s."
    ),
    "Municipal directory": "Répertoire des municipalités",
    "Municipality (directory)": "Municipalité (répertoire)",
    "MRC": "MRC",
    "Municipalities added": "Municipalités ajoutées",
    "Municipalities changed": "Municipalités modifiées",
    "Municipalities no longer in the directory": "Municipalités retirées du répertoire",
    "Stakeholders moved with their municipality": "Acteurs déplacés avec leur municipalité",
    "Stakeholders linked to a municipality": "Acteurs reliés à une municipalité",
}
