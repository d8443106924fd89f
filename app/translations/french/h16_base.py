"""French text of issue 16 (data quality) shared by its parts: the audit log's words."""

FR = {
    "Merge of duplicates": "Fusion de doublons",
    "Bulk change": "Modification en lot",
    "Saved view": "Vue enregistrée",
}
