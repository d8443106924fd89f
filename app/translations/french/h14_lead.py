"""French text of issue 14 (geography): the directory's audit words (the place rule's
messages are in h14_import)."""

FR = {
    "Municipalities added": "Municipalités ajoutées",
    "Municipalities changed": "Municipalités modifiées",
    "Municipalities no longer in the directory": "Municipalités retirées du répertoire",
    "Stakeholders moved with their municipality": "Acteurs déplacés avec leur municipalité",
    "Stakeholders linked to a municipality": "Acteurs reliés à une municipalité",
}
