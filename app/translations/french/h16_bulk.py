"""French text of the lists' bulk actions, their confirmation and their undo (issue 16)."""

FR = {
    # The actions (models/operations/bulk_actions.py).
    "Add a tag": "Ajouter une étiquette",
    "Remove a tag": "Retirer une étiquette",
    "Set the owner": "Changer le responsable",
    "Set the stage": "Changer l’étape",
    "Mark follow-ups as done": "Marquer les suivis comme faits",
    "Mark follow-ups as not done": "Marquer les suivis comme non faits",
    "Set the status": "Changer le statut",
    "Set the involvement": "Changer l’implication",
    "Set the preferred language": "Changer la langue préférée",
    "Record a newsletter consent withdrawal": "Consigner un retrait du consentement à l’infolettre",
    "Choose an action.": "Choisissez une action.",
    "Type the tag.": "Tapez l’étiquette.",
    "The tag “%(value)s” is longer than %(num)s characters.": "L’étiquette «\u202f%(value)s\u202f» dépasse %(num)s caractères.",
    "A newsletter consent withdrawal is honoured at once: this change cannot be undone.": "Un retrait du consentement à l’infolettre s’applique sur-le-champ\u00a0: cette modification ne peut pas être annulée.",
    "This change has nothing to undo.": "Cette modification n’a rien à annuler.",
    "Only the author of a change or an administrator can undo it.": "Seule la personne qui a fait la modification, ou l’administration, peut l’annuler.",
    "Records of this change were changed since; it can no longer be undone.": "Des fiches de cette modification ont changé depuis\u202f; elle ne peut plus être annulée.",
    "Records changed": "Fiches modifiées",
    "Rows left out": "Lignes laissées de côté",
    # The bar above the lists (_macros.html, bulk.js).
    "Change the ticked rows": "Modifier les lignes cochées",
    "Selected: %(num)s": "Lignes cochées\u00a0: %(num)s",
    "Tick this page": "Cocher cette page",
    "Action on the ticked rows": "Action sur les lignes cochées",
    "Choose…": "Choisir…",
    "Tag to add or remove": "Étiquette à ajouter ou à retirer",
    "Recent bulk changes": "Modifications en lot récentes",
    "Tick %(name)s": "Cocher %(name)s",
    "Ticked": "Cochée",
    "the interaction of %(date)s": "l’interaction du %(date)s",
    "Select the %(count)s stakeholder matching the filters": (
        "Sélectionner %(count)s acteur correspondant aux filtres",
        "Sélectionner les %(count)s acteurs qui correspondent aux filtres",
    ),
    "Select the %(count)s contact matching the filters": (
        "Sélectionner %(count)s contact correspondant aux filtres",
        "Sélectionner les %(count)s contacts qui correspondent aux filtres",
    ),
    "Select the %(count)s interaction matching the filters": (
        "Sélectionner %(count)s interaction correspondant aux filtres",
        "Sélectionner les %(count)s interactions qui correspondent aux filtres",
    ),
    "Select the %(count)s commitment matching the filters": (
        "Sélectionner %(count)s engagement correspondant aux filtres",
        "Sélectionner les %(count)s engagements qui correspondent aux filtres",
    ),
    # The confirmation (bulk/confirm.html, app/bulk/routes.py).
    "Confirm the change": "Confirmer la modification",
    "Tick the rows to change first.": "Cochez d’abord les lignes à modifier.",
    "Nothing to change: the rows chosen are already so, or not yours to change.": "Rien à modifier\u00a0: les lignes choisies sont déjà ainsi, ou ne sont pas à vous de modifier.",
    "%(num)s row is already so: it stays as it is.": (
        "%(num)s ligne est déjà ainsi\u00a0: elle reste comme elle est.",
        "%(num)s lignes sont déjà ainsi\u00a0: elles restent comme elles sont.",
    ),
    "%(num)s row is not yours to change: it is left out.": (
        "%(num)s ligne n’est pas à vous de modifier\u00a0: elle est laissée de côté.",
        "%(num)s lignes ne sont pas à vous de modifier\u00a0: elles sont laissées de côté.",
    ),
    "%(num)s stakeholder is outside the regions of the owner chosen: it is left out.": (
        "%(num)s acteur est hors des régions du responsable choisi\u00a0: il est laissé de côté.",
        "%(num)s acteurs sont hors des régions du responsable choisi\u00a0: ils sont laissés de côté.",
    ),
    "A withdrawal is honoured at once: this change cannot be undone, and no later undo brings the consent back.": "Un retrait s’applique sur-le-champ\u00a0: cette modification ne peut pas être annulée, et aucune annulation ultérieure ne rétablit le consentement.",
    "You can undo this change afterwards, as long as nobody changes these records in between.": "Vous pourrez annuler cette modification ensuite, tant que personne ne modifie ces fiches entre-temps.",
    "Confirm": "Confirmer",
    "Back to the list": "Retour à la liste",
    "Add the tag “%(value)s” to %(count)s stakeholder?": (
        "Ajouter l’étiquette «\u202f%(value)s\u202f» à %(count)s acteur\u202f?",
        "Ajouter l’étiquette «\u202f%(value)s\u202f» à %(count)s acteurs\u202f?",
    ),
    "Remove the tag “%(value)s” from %(count)s stakeholder?": (
        "Retirer l’étiquette «\u202f%(value)s\u202f» de %(count)s acteur\u202f?",
        "Retirer l’étiquette «\u202f%(value)s\u202f» de %(count)s acteurs\u202f?",
    ),
    "Remove the owner of %(count)s stakeholder?": (
        "Laisser %(count)s acteur sans responsable\u202f?",
        "Laisser %(count)s acteurs sans responsable\u202f?",
    ),
    "Make %(value)s the owner of %(count)s stakeholder?": (
        "Confier %(count)s acteur à %(value)s\u202f?",
        "Confier %(count)s acteurs à %(value)s\u202f?",
    ),
    "Move %(count)s stakeholder to the stage “%(value)s”?": (
        "Passer %(count)s acteur à l’étape «\u202f%(value)s\u202f»\u202f?",
        "Passer %(count)s acteurs à l’étape «\u202f%(value)s\u202f»\u202f?",
    ),
    "Archive %(count)s stakeholder?": (
        "Archiver %(count)s acteur\u202f?",
        "Archiver %(count)s acteurs\u202f?",
    ),
    "Restore %(count)s archived stakeholder?": (
        "Restaurer %(count)s acteur archivé\u202f?",
        "Restaurer %(count)s acteurs archivés\u202f?",
    ),
    "Mark the follow-up of %(count)s interaction as done?": (
        "Marquer le suivi de %(count)s interaction comme fait\u202f?",
        "Marquer les suivis de %(count)s interactions comme faits\u202f?",
    ),
    "Mark the follow-up of %(count)s interaction as not done?": (
        "Marquer le suivi de %(count)s interaction comme non fait\u202f?",
        "Marquer les suivis de %(count)s interactions comme non faits\u202f?",
    ),
    "Set the status of %(count)s commitment to “%(value)s”?": (
        "Passer le statut de %(count)s engagement à «\u202f%(value)s\u202f»\u202f?",
        "Passer le statut de %(count)s engagements à «\u202f%(value)s\u202f»\u202f?",
    ),
    "Set the involvement of %(count)s commitment to “%(value)s”?": (
        "Passer l’implication de %(count)s engagement à «\u202f%(value)s\u202f»\u202f?",
        "Passer l’implication de %(count)s engagements à «\u202f%(value)s\u202f»\u202f?",
    ),
    "Set the preferred language of %(count)s contact to %(value)s?": (
        "Passer la langue préférée de %(count)s contact à %(value)s\u202f?",
        "Passer la langue préférée de %(count)s contacts à %(value)s\u202f?",
    ),
    "Record that %(count)s contact withdrew their newsletter consent?": (
        "Consigner que %(count)s contact a retiré son consentement à l’infolettre\u202f?",
        "Consigner que %(count)s contacts ont retiré leur consentement à l’infolettre\u202f?",
    ),
    # The result, its undo, the recent changes (bulk/batch.html, bulk/index.html).
    "%(count)s stakeholder changed.": ("%(count)s acteur modifié.", "%(count)s acteurs modifiés."),
    "%(count)s contact changed.": ("%(count)s contact modifié.", "%(count)s contacts modifiés."),
    "%(count)s interaction changed.": (
        "%(count)s interaction modifiée.",
        "%(count)s interactions modifiées.",
    ),
    "%(count)s commitment changed.": (
        "%(count)s engagement modifié.",
        "%(count)s engagements modifiés.",
    ),
    "Change undone: %(count)s record is back as it was.": (
        "Modification annulée\u00a0: %(count)s fiche est revenue comme avant.",
        "Modification annulée\u00a0: %(count)s fiches sont revenues comme avant.",
    ),
    "Cannot be undone": "Ne peut pas être annulée",
    "A withdrawal is honoured at once: this change cannot be undone.": "Un retrait s’applique sur-le-champ\u00a0: cette modification ne peut pas être annulée.",
    "No bulk change yet.": "Aucune modification en lot pour l’instant.",
}
