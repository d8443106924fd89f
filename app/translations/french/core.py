"""French text of the core's strings (sign-in, home, errors, write operations)."""

FR = {
    "You are not allowed to do this.": "Vous n’avez pas le droit de faire ceci.",
    "This page does not exist.": "Cette page n’existe pas.",
    "Something went wrong on our side. Please try again.":
        "Une erreur s’est produite de notre côté. Veuillez réessayer.",
    "Email": "Courriel",
    "Password": "Mot de passe",
    "Sign in": "Se connecter",
    "Sign out": "Se déconnecter",
    "Please sign in to see this page.": "Veuillez vous connecter pour voir cette page.",
    "Unknown email or wrong password.": "Courriel inconnu ou mot de passe erroné.",
    "You are signed out.": "Vous êtes déconnecté.",
    "Maillage": "Maillage",
    "The stakeholder mobilization CRM of the Collectif petite enfance.":
        "Le suivi de la mobilisation des partenaires du Collectif petite enfance.",
    "Back to the home page": "Retour à l’accueil",
    "Home": "Accueil",
    "Hello, %(name)s": "Bonjour, %(name)s",
    "Your territory: all of Quebec.": "Votre territoire : tout le Québec.",
    "Your territory: %(regions)s, and national stakeholders.":
        "Votre territoire : %(regions)s, et les acteurs nationaux.",
    "Stakeholders and active commitments by region":
        "Acteurs et engagements actifs par région",
    "Region": "Région",
    "Stakeholders": "Acteurs",
    "Active commitments": "Engagements actifs",
    "Total": "Total",
    "Unknown stakeholder.": "Acteur inconnu.",
    "Unknown measure.": "Mesure inconnue.",
    "This stakeholder already has a commitment to this measure.":
        "Cet acteur a déjà un engagement envers cette mesure.",
    "You are not allowed to make this change.":
        "Vous n’avez pas le droit de faire cette modification.",
    "someone else": "Quelqu’un d’autre",
    "%(who)s changed this record after you opened it. Reload it and make "
    "your change again.":
        "%(who)s a modifié cette fiche après que vous l’avez ouverte. Rechargez-la et "
        "refaites votre modification.",
    "Another contact already has the email %(value)s.":
        "Un autre contact a déjà le courriel %(value)s.",
    "Choose at least one stakeholder.": "Choisissez au moins un acteur.",
    "You cannot log interactions for one of these stakeholders.":
        "Vous ne pouvez pas consigner d’interactions pour l’un de ces acteurs.",
    "Unknown contact.": "Contact inconnu.",
    "Another stakeholder already has the external reference %(value)s.":
        "Un autre acteur a déjà la référence externe %(value)s.",
    "This field is required.": "Ce champ est obligatoire.",
    "A stakeholder cannot be tied to itself.": "Un acteur ne peut pas être lié à lui-même.",
    "The end date comes before the start date.": "La date de fin précède la date de début.",
    "A national stakeholder has no region.": "Un acteur national n’a pas de région.",
    "A local or regional stakeholder needs a region.":
        "Un acteur local ou régional doit avoir une région.",
    "Use at least %(n)d characters.": "Utilisez au moins %(n)d caractères.",
    "A user with this email already exists.": "Un utilisateur a déjà ce courriel.",
    "Unknown region.": "Région inconnue.",
    "A regional lead needs at least one region.":
        "Un responsable régional doit avoir au moins une région.",
    "Only regional leads have regions.": "Seuls les responsables régionaux ont des régions.",
    "Unknown value: %(value)s": "Valeur inconnue : %(value)s",
    "Give a whole number from 1 to 5.": "Indiquez un nombre entier de 1 à 5.",
    "Invalid email address: %(value)s": "Adresse courriel invalide : %(value)s",
    "Invalid date: %(value)s": "Date invalide : %(value)s",
}
