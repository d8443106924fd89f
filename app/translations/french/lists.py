"""French of the lists' filters, sorts and messages (`models/lists/`, `app/lists.py`)."""

FR = {
    "Filter left out: “%(value)s” is not a value of %(field)s.": (
        "Filtre ignoré\u00a0: «\u00a0%(value)s\u00a0» n’est pas une valeur possible pour\u00a0: %(field)s."
    ),
    "Sort by:": "Trier par\u00a0:",
    "%(num)s stakeholder of your territory had no interaction in %(days)s days.": (
        "%(num)s acteur de votre territoire n’a eu aucune interaction depuis %(days)s jours.",
        "%(num)s acteurs de votre territoire n’ont eu aucune interaction depuis %(days)s jours.",
    ),
    "Who, what": "Qui, quoi",
    "Name, email, phone, stakeholder": "Nom, courriel, téléphone, acteur",
    "Current and archived": "Actuels et archivés",
    "Current only": "Actuels seulement",
    "Words of the summary": "Mots du résumé",
    "Logged by me": "Consignées par moi",
    "No interaction in %(days)s days": "Aucune interaction depuis %(days)s jours",
    "Region led": "Région dirigée",
    "State": "État",
    "User list": "Liste des utilisateurs",
    "No user matches these filters.": "Aucun utilisateur ne correspond à ces filtres.",
    "All actions": "Toutes les actions",
    "All measures": "Toutes les mesures",
    "All stages": "Toutes les étapes",
}
