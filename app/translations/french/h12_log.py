"""French of the quick log and the type-aheads (issue 12)."""

NB = "\u00a0"  # the non-breaking space before : ; ? ! and inside « »

FR = {
    "Yes, this date is past": "Oui, cette date est passée",
    "Save and log another": "Enregistrer et consigner une autre",
    "This date is past. Tick “Yes, this date is past” to save it anyway.": (
        f"Cette date est passée. Cochez «{NB}Oui, cette date est passée{NB}» pour "
        "l’enregistrer quand même."
    ),
    "Interaction logged: %(kind)s of %(day)s with %(names)s.": (
        f"Interaction consignée{NB}: %(kind)s du %(day)s avec %(names)s."
    ),
    "Follow-up in": "Relance dans",
    "+1 week": "+1 semaine",
    "+2 weeks": "+2 semaines",
    "+1 month": "+1 mois",
    "Back to %(name)s": "Retour à %(name)s",
    "Remove %(name)s": "Retirer %(name)s",
    "%(count)s result": ("%(count)s résultat", "%(count)s résultats"),
    "(the first %(shown)s shown)": "(les %(shown)s premiers affichés)",
    "You cannot log an interaction for “%(name)s”: %(why)s": (
        f"Vous ne pouvez pas consigner d’interaction pour «{NB}%(name)s{NB}»{NB}: %(why)s"
    ),
    "your role reads the stakeholders without logging interactions.": (
        "votre rôle consulte les acteurs sans consigner d’interactions."
    ),
    "national stakeholders are read-only for regional leads.": (
        "les acteurs nationaux sont en lecture seule pour les responsables régionaux."
    ),
    "it is outside your regions.": "il est hors de vos régions.",
}
