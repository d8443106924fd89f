"""French text of issue 13's import and export of ties (the `relationships` kind)."""

NB = "\u00a0"  # before « : » and inside « »

FR = {
    "file name\x04ties": "liens",
    "Export the ties (Excel)": "Exporter les liens (Excel)",
    "Export the ties (CSV)": "Exporter les liens (CSV)",
    "Ties between stakeholders have no list of their own: export them, edit the file, and "
    "import it back here.": f"Les liens entre acteurs n’ont pas de liste à eux{NB}: exportez-les, "
    "modifiez le fichier, puis importez-le ici.",
    "List of ties": "Liste des liens",
}
