"""French text of the counts that agree with their number (`ngettext`): one, many."""

FR = {
    "%(num)s stakeholder": ("%(num)s acteur", "%(num)s acteurs"),
    "%(num)s contact": ("%(num)s contact", "%(num)s contacts"),
    "%(num)s interaction": ("%(num)s interaction", "%(num)s interactions"),
    "%(size)s byte": ("%(size)s octet", "%(size)s octets"),
}
