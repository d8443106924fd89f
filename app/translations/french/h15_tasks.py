"""French text of follow-ups as tasks (issue 15): the assignee, who may take a follow-up
and why not, handing it over from the home page, the email telling the new assignee."""

FR = {
    "Assigned to": "Assigné à",
    "Someone else": "Quelqu’un d’autre",
    "No user has the number %(value)s.": "Aucun utilisateur ne porte le numéro %(value)s.",
    "their account is deactivated.": "son compte est désactivé.",
    "board members read the data without acting on it.": "les membres du conseil d’administration consultent les données sans agir sur elles.",
    "the interaction has no stakeholder.": "l’interaction n’a aucun acteur.",
    "national stakeholders, such as “%(stakeholder)s”, are read-only for regional leads.": "les acteurs nationaux, comme «\u202f%(stakeholder)s\u202f», sont en lecture seule pour les responsables régionaux.",
    "“%(stakeholder)s” is outside their regions.": "«\u202f%(stakeholder)s\u202f» est hors de ses régions.",
    "%(name)s cannot take this follow-up: %(why)s": "%(name)s ne peut pas prendre ce suivi\u00a0: %(why)s",
    "Sees the follow-up on their home page; told by email.": "Voit le suivi sur sa page d’accueil\u202f; en est averti par courriel.",
    "%(name)s (me)": "%(name)s (moi)",
    "%(name)s (deactivated)": "%(name)s (compte désactivé)",
    "Follow-up assigned to you: %(names)s": "Suivi qui vous est confié\u00a0: %(names)s",
    "%(assigner)s assigned you the follow-up of an interaction with %(names)s, due on %(date)s.": "%(assigner)s vous a confié le suivi d’une interaction avec %(names)s, prévu le %(date)s.",
    "Summary: %(summary)s": "Résumé\u00a0: %(summary)s",
    "Open the interaction:": "Ouvrir l’interaction\u00a0:",
    "The follow-up is assigned to %(name)s, but the email telling them could not be sent.": "Le suivi est confié à %(name)s, mais le courriel pour l’en avertir n’a pas pu être envoyé.",
    "Follow-up with %(names)s assigned to %(name)s.": "Suivi avec %(names)s confié à %(name)s.",
    "Hand over": "Confier",
    "Assign to": "Confier à",
    "Assign": "Confier",
    "Logged by %(name)s": "Consigné par %(name)s",
    "Logged by me, held by others": "Consignés par moi, confiés à d’autres",
    "Assigned to %(name)s": "Assigné à %(name)s",
    # Bulk: assign the follow-ups of the rows ticked.
    "Assign the follow-ups to": "Confier les suivis à",
    "Assign the follow-up of %(count)s interaction to %(value)s?": (
        "Confier le suivi de %(count)s interaction à %(value)s\u202f?",
        "Confier les suivis de %(count)s interactions à %(value)s\u202f?",
    ),
    "%(num)s interaction has no follow-up, or a stakeholder the person chosen may not act on: it is left out.": (
        "%(num)s interaction n’a pas de suivi, ou un acteur sur lequel la personne choisie ne peut pas agir\u00a0: elle est laissée de côté.",
        "%(num)s interactions n’ont pas de suivi, ou un acteur sur lequel la personne choisie ne peut pas agir\u00a0: elles sont laissées de côté.",
    ),
    "%(count)s follow-up assigned to you": (
        "%(count)s suivi vous est confié",
        "%(count)s suivis vous sont confiés",
    ),
    "%(assigner)s assigned you the follow-up of %(count)s interaction.": (
        "%(assigner)s vous a confié le suivi de %(count)s interaction.",
        "%(assigner)s vous a confié les suivis de %(count)s interactions.",
    ),
    "Your open follow-ups:": "Vos suivis à faire\u00a0:",
}
