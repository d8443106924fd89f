"""French text of issue 13's import and export of ties (the `relationships` kind)."""

NB = "\u00a0"  # before « : » and inside « »

FR = {
    "file name\x04ties": "liens",
    "Ties between stakeholders": "Liens entre acteurs",
    "Export the ties (Excel)": "Exporter les liens (Excel)",
    "Export the ties (CSV)": "Exporter les liens (CSV)",
    "Ties between stakeholders have no list of their own: export them, edit the file, and "
    "import it back here.": f"Les liens entre acteurs n’ont pas de liste à eux{NB}: exportez-les, "
    "modifiez le fichier, puis importez-le ici.",
    "No tie has this ID.": "Aucun lien ne porte cet ID.",
    "Another tie of this type already links these two stakeholders (ID %(id)s).": (
        "Un autre lien de ce type relie déjà ces deux acteurs (ID %(id)s)."
    ),
    "A tie needs stakeholder A and stakeholder B.": "Un lien exige un acteur A et un acteur B.",
    "List of ties": "Liste des liens",
}
