"""French text of issue 13's ties, recorded from a stakeholder's page: the form, the list
of ties, editing, ending and undoing, and the messages naming the other stakeholder."""

NB = "\u00a0"  # a no-break space, before ":"
NNB = "\u202f"  # a narrow no-break space, before ; ? !

FR = {
    # The form
    "Type of tie": "Type de lien",
    "From knowing of each other (awareness) to working as one (integration).": "De la simple connaissance mutuelle (connaissance) au travail en commun intégré (intégration).",
    "intensity\x04Not specified": "Non précisée",
    "Start date": "Date de début",
    "End date": "Date de fin",
    "Note": "Note",
    "Edit the tie": "Modifier le lien",
    "The tie between %(name)s and %(other)s.": "Le lien entre %(name)s et %(other)s.",
    "A tie between %(name)s and another stakeholder.": "Un lien entre %(name)s et un autre acteur.",
    # The list of ties
    "A stakeholder outside your territory": "Un acteur hors de votre territoire",
    "Ended": "Terminé",
    "End today": "Terminer aujourd’hui",
    "from %(start)s to %(end)s": "du %(start)s au %(end)s",
    "ended on %(date)s": "terminé le %(date)s",
    "since %(date)s": "depuis le %(date)s",
    "starting on %(date)s": "à compter du %(date)s",
    "until %(date)s": "jusqu’au %(date)s",
    "Ended by mistake? Put the tie with %(name)s back as it was.": f"Terminé par erreur{NNB}? Rétablissez le lien avec %(name)s tel qu’il était.",
    # The messages
    "Tie with %(name)s added.": "Lien avec %(name)s ajouté.",
    "Tie with %(name)s saved.": "Lien avec %(name)s enregistré.",
    "Tie with %(name)s ended today.": "Lien avec %(name)s terminé aujourd’hui.",
    "Tie with %(name)s back as it was.": "Lien avec %(name)s rétabli.",
    "Tie with %(name)s removed.": "Lien avec %(name)s retiré.",
    "The tie with %(name)s had already ended.": "Le lien avec %(name)s était déjà terminé.",
    "The tie could not be changed: reload the page and try again.": f"Le lien n’a pas pu être modifié{NB}: rechargez la page et réessayez.",
}
