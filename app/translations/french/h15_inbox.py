"""French text of the mail drop's reading (issue 15): `maillage maildrop poll`."""

FR = {
    "MAILDROP_HOST is not set: there is no drop mailbox to read.": "MAILDROP_HOST n’est pas défini\u00a0: il n’y a pas de boîte de dépôt à lire.",
    "%(num)s message read:": ("%(num)s message lu\u00a0:", "%(num)s messages lus\u00a0:"),
    "%(num)s logged as an interaction": (
        "%(num)s consigné comme interaction",
        "%(num)s consignés comme interactions",
    ),
    "%(num)s with addresses to classify": (
        "%(num)s avec des adresses à classer",
        "%(num)s avec des adresses à classer",
    ),
    "%(num)s ignored (sender not an active user)": (
        "%(num)s ignoré (l’expéditeur n’est pas un utilisateur actif)",
        "%(num)s ignorés (l’expéditeur n’est pas un utilisateur actif)",
    ),
    "%(num)s already read": ("%(num)s déjà lu", "%(num)s déjà lus"),
    "%(num)s could not be read or filed (see the log)": (
        "%(num)s n’a pu être lu ou classé (voir le journal)",
        "%(num)s n’ont pu être lus ou classés (voir le journal)",
    ),
    "The reading stopped: %(error)s": "La lecture s’est arrêtée\u00a0: %(error)s",
}
