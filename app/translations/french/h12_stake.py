"""French text of the stakeholder page's actions (contacts, commitments, ties, owner) and of
the import wizard's second try and confirmed undo."""

NB = "\u00a0"  # a non-breaking space, before : ; ? ! and inside « »

FR = {
    # The stakeholder page
    "Add a contact": "Ajouter un contact",
    "Add a commitment": "Ajouter un engagement",
    "Add a tie": "Ajouter un lien",
    "Present:": f"Présents{NB}:",
    "Status of %(measure)s": "Statut — %(measure)s",
    "%(measure)s: the status is now “%(status)s”.": f"%(measure)s{NB}: le statut est maintenant «{NB}%(status)s{NB}».",
    "Remove": "Retirer",
    "Change the status": "Changer",
    # The owner
    "Who follows it up.": "La personne qui en assure le suivi.",
    "This person cannot be the owner of this stakeholder.": "Cette personne ne peut pas être responsable de cet acteur.",
    # Ties
    "Tie": "Lien",
    "Other stakeholder": "Autre acteur",
    "Add the tie": "Ajouter le lien",
    "Remove the tie": "Retirer le lien",
    "Tie added.": "Lien ajouté.",
    "Tie removed.": "Lien retiré.",
    "Choose the other stakeholder.": "Choisissez l’autre acteur.",
    "Remove the tie “%(type)s” between %(name)s and %(other)s? The audit log keeps what it held.": f"Retirer le lien «{NB}%(type)s{NB}» entre %(name)s et %(other)s{NB}? Le journal d’audit en garde la trace.",
    "Keep it": "Le garder",
    # The import wizard
    "Import the same file again": "Importer de nouveau le même fichier",
    "Skip the %(num)s invalid row and import the others, without uploading the file again.": (
        "Ignorer la ligne invalide et importer les autres, sans téléverser le fichier de nouveau.",
        "Ignorer les %(num)s lignes invalides et importer les autres, sans téléverser le fichier de nouveau.",
    ),
    "The file of this import is no longer kept: upload it again.": f"Le fichier de cette importation n’est plus conservé{NB}: téléversez-le de nouveau.",
    "Undo the import": "Annuler l’importation",
    "Undo the import?": f"Annuler l’importation{NB}?",
    "Imported on %(date)s: %(list)s.": f"Importé le %(date)s{NB}: %(list)s.",
    "%(num)s record created by this import will be deleted.": (
        "%(num)s fiche créée par cette importation sera supprimée.",
        "%(num)s fiches créées par cette importation seront supprimées.",
    ),
    "%(num)s record updated by this import will get its previous values back.": (
        "%(num)s fiche modifiée par cette importation retrouvera ses valeurs d’avant.",
        "%(num)s fiches modifiées par cette importation retrouveront leurs valeurs d’avant.",
    ),
    "This cannot be reversed, except by importing the file again.": "On ne peut pas revenir en arrière, sauf en important le fichier de nouveau.",
    "Keep the import": "Garder l’importation",
}
