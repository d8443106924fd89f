"""French text of the home pages' follow-up buttons and "who to call next" (issue 12)."""

FR = {
    "New follow-up date": "Nouvelle date de suivi",
    "The follow-up could not be changed: reload the page and try again.": "Le suivi n’a pas pu être modifié : rechargez la page et réessayez.",
    "Follow-up with %(names)s marked as done.": "Suivi avec %(names)s marqué comme fait.",
    "Choose a follow-up date from today on.": "Choisissez une date de suivi à partir d’aujourd’hui.",
    "Follow-up with %(names)s moved to %(date)s.": "Suivi avec %(names)s reporté au %(date)s.",
    "Follow-up with %(names)s back to %(date)s.": "Suivi avec %(names)s remis au %(date)s.",
    "Changed by mistake? Put the follow-up with %(names)s back as it was.": "Une erreur ? Remettez le suivi avec %(names)s comme il était.",
    "Nothing overdue.": "Rien en retard.",
    "See all (%(count)s)": "Tout voir (%(count)s)",
    "Last contact: %(date)s": "Dernier contact : %(date)s",
    "Never contacted": "Jamais contacté",
    "Owner: %(name)s": "Responsable : %(name)s",
    "No owner": "Aucun responsable",
    "Log an interaction with %(name)s": "Consigner une interaction avec %(name)s",
    "Log": "Consigner",
    "Put off a week": "Reporter d’une semaine",
    "Change the date": "Changer la date",
}
