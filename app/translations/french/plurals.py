"""French text of the counts that agree with their number (`ngettext`): one, many."""

FR = {
    "%(num)s stakeholder": ("%(num)s acteur", "%(num)s acteurs"),
    "%(num)s contact": ("%(num)s contact", "%(num)s contacts"),
    "%(num)s interaction": ("%(num)s interaction", "%(num)s interactions"),
    "%(size)s byte": ("%(size)s octet", "%(size)s octets"),
    "%(num)s consent withdrawn": ("%(num)s consentement retiré", "%(num)s consentements retirés"),
    "%(num)s already withdrawn": ("%(num)s déjà retiré", "%(num)s déjà retirés"),
    "%(num)s unknown address": ("%(num)s adresse inconnue", "%(num)s adresses inconnues"),
    "%(num)s invalid cell": ("%(num)s cellule invalide", "%(num)s cellules invalides"),
    "%(num)s row has errors. By default nothing is imported while any row is rejected; you may "
    "skip it and import the others.": (
        "%(num)s ligne comporte des erreurs. Par défaut, rien n’est importé tant qu’une ligne "
        "est rejetée\u202f; vous pouvez l’ignorer et importer les autres.",
        "%(num)s lignes comportent des erreurs. Par défaut, rien n’est importé tant qu’une ligne "
        "est rejetée\u202f; vous pouvez les ignorer et importer les autres.",
    ),
}
