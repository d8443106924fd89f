"""French text of the safety nets: throttling, passwords, the language switch."""

FR = {
    "Too many failed attempts. Try again in %(count)s minute.": (
        "Trop d’essais infructueux. Réessayez dans %(count)s minute.",
        "Trop d’essais infructueux. Réessayez dans %(count)s minutes.",
    ),
    "Too many requests from your connection. Try again in %(count)s minute.": (
        "Trop de demandes venues de votre connexion. Réessayez dans %(count)s minute.",
        "Trop de demandes venues de votre connexion. Réessayez dans %(count)s minutes.",
    ),
    "A password cannot be the account's email address.": "Le mot de passe ne peut pas être l’adresse courriel du compte.",
}
