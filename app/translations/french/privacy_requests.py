"""French text of the personal data screens: access requests, anonymization, retention."""

FR = {
    # Contacts
    "Anonymized contact #%(id)s": "Contact anonymisé nº %(id)s",
    "Export personal data": "Exporter les renseignements personnels",
    "Anonymize": "Anonymiser",
    # Access requests
    "Access requests": "Demandes d’accès",
    "Everything held on a person: their contact record, stakeholder, the interactions they took part in, their consent history and the audit events about them.": "Tout ce que nous détenons sur une personne\u00a0: sa fiche de contact, son organisme, les interactions auxquelles elle a pris part, l’historique de son consentement et les événements du journal d’audit qui la concernent.",
    "Email of the person": "Courriel de la personne",
    "Find": "Chercher",
    "Download their data (JSON)": "Télécharger ses renseignements (JSON)",
    "No contact has the email %(email)s.": "Aucun contact n’a le courriel %(email)s.",
    "This contact was anonymized on %(date)s.": "Ce contact a été anonymisé le %(date)s.",
    # Anonymization
    "Anonymize %(name)s": "Anonymiser %(name)s",
    "I understand that this erases this person's data for good.": "Je comprends que les renseignements de cette personne seront effacés définitivement.",
    "Tick the box to confirm.": "Cochez la case pour confirmer.",
    "The contact's personal data was erased.": "Les renseignements personnels du contact ont été effacés.",
    "This contact was already anonymized: nothing was changed.": "Ce contact était déjà anonymisé\u00a0: rien n’a été modifié.",
    "This contact was already anonymized: nothing to do.": "Ce contact est déjà anonymisé\u00a0: il n’y a rien à faire.",
    "Their name, email, phone, title, notes and consent source will be erased for good, and their newsletter consent withdrawn. Earlier audit events about them keep who did what and when, without these values.": "Ses nom, courriel, téléphone, titre, notes et source du consentement seront effacés définitivement, et son consentement à l’infolettre sera retiré. Les événements du journal d’audit qui la concernent gardent qui a fait quoi et quand, sans ces valeurs.",
    "Interactions they took part in: %(count)s. They stay, counted as before, linked to an anonymized contact.": "Interactions auxquelles la personne a pris part\u00a0: %(count)s. Elles restent, comptées comme avant, liées à un contact anonymisé.",
    "To answer an access request first, download their data before anonymizing.": "Pour répondre d’abord à une demande d’accès, téléchargez ses renseignements avant d’anonymiser.",
    # Retention
    "Retention review": "Revue de conservation",
    "No interaction for (years)": "Sans interaction depuis (années)",
    "Show": "Afficher",
    "Contacts": "Contacts",
    "Anonymize the selected contacts": "Anonymiser les contacts cochés",
    "Select": "Choisir",
    "Last interaction": "Dernière interaction",
    "Added on": "Ajouté le",
    "never": "jamais",
    "No contact has gone that long without an interaction.": "Aucun contact n’est resté aussi longtemps sans interaction.",
    "Contacts with no interaction for the number of years chosen below (a contact never met counts from when it was added). Tick those whose data is no longer needed, then anonymize them.": "Contacts sans interaction depuis le nombre d’années choisi ci-dessous (un contact jamais rencontré compte à partir de son ajout). Cochez ceux dont les renseignements ne sont plus nécessaires, puis anonymisez-les.",
    "Confirm the anonymization": "Confirmer l’anonymisation",
    "The personal data of this contact will be erased for good; their interactions stay, counted as before.": "Les renseignements personnels de ce contact seront effacés définitivement\u202f; ses interactions restent, comptées comme avant.",
    "Contacts to anonymize: %(count)s. Their personal data will be erased for good; their interactions stay, counted as before.": "Contacts à anonymiser\u00a0: %(count)s. Leurs renseignements personnels seront effacés définitivement\u202f; leurs interactions restent, comptées comme avant.",
    "Cancel": "Annuler",
    "Contacts anonymized: %(count)s.": "Contacts anonymisés\u00a0: %(count)s.",
    "Tick at least one contact.": "Cochez au moins un contact.",
    # The command line
    "%(email)s is not an administrator.": "%(email)s n’a pas le rôle Administration.",
    "Export failed: %(error)s": "L’exportation a échoué\u00a0: %(error)s",
    "Personal data of contact %(id)s written to %(file)s.": (
        "Renseignements personnels du contact %(id)s écrits dans %(file)s."
    ),
    "Anonymization failed: %(error)s": "L’anonymisation a échoué\u00a0: %(error)s",
    "Contact %(id)s was already anonymized: nothing was changed.": (
        "Le contact %(id)s était déjà anonymisé\u00a0: rien n’a changé."
    ),
    "Contact %(id)s anonymized.": "Contact %(id)s anonymisé.",
    "Erase for good the personal data of %(name)s (contact %(id)s)?": (
        "Effacer pour de bon les renseignements personnels de %(name)s (contact %(id)s)\u202f?"
    ),
}
