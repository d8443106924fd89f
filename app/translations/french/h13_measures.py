"""French text of issue 13's network measures (the synergy report's Network part)."""

FR = {
    # The page
    "Network": "Réseau",
    "the network as it stood on %(day)s": "le réseau tel qu’il était le %(day)s",
    "from %(since)s to %(until)s": "du %(since)s au %(until)s",
    "No community": "Aucune communauté",
    "%(num)s community": ("%(num)s communauté", "%(num)s communautés"),
    ", none mixing sectors": ", aucune ne mêlant les secteurs",
    ", of which %(num)s mixes several sectors": (
        ", dont %(num)s mêle plusieurs secteurs",
        ", dont %(num)s mêlent plusieurs secteurs",
    ),
    "then, now": "avant, maintenant",
    "Each figure reads the previous period, an arrow, then this period. The previous period: "
    "%(previous)s.": "Chaque chiffre se lit ainsi\u00a0: la période précédente, une flèche, puis "
    "cette période. La période précédente\u00a0: %(previous)s.",
    "Islands": "Îlots",
    "Groups of two stakeholders or more tied to one another and to nobody else of the region: "
    "the fewer, the more woven the region.": "Groupes de deux acteurs ou plus liés entre eux et à "
    "personne d’autre de la région\u00a0: moins il y en a, plus la région est maillée.",
    "Isolated": "Isolés",
    "Stakeholders tied to nobody of the region.": "Acteurs liés à personne de la région.",
    "Ties per stakeholder": "Liens par acteur",
    "How many others a stakeholder is tied to, on average.": "À combien d’autres un acteur est "
    "lié, en moyenne.",
    "Centralization": "Centralisation",
    "From 0 to 1: near 1, the region hangs on one hub; near 0, the ties are spread evenly.": "De 0 "
    "à 1\u00a0: près de 1, la région repose sur un seul pivot\u202f; près de 0, les liens sont "
    "également répartis.",
    "Communities": "Communautés",
    "Groups that work more with one another than with the rest (Louvain method); one that mixes "
    "sectors is cross-sector work.": "Groupes qui travaillent davantage entre eux qu’avec les "
    "autres (méthode de Louvain)\u202f; une communauté qui mêle les secteurs est un travail "
    "intersectoriel.",
    "Furthest reach": "Plus grande portée",
    "Who can carry a message furthest: the stakeholders who reach the most others in two steps "
    "(a partner's partners), with that number.": "Qui peut porter un message le plus loin\u00a0: "
    "les acteurs qui joignent le plus d’autres en deux pas (les partenaires d’un partenaire), "
    "avec ce nombre.",
    "%(num)s island": ("%(num)s îlot", "%(num)s îlots"),
    "%(num)s isolated": ("%(num)s isolé", "%(num)s isolés"),
    "density %(num)s": "densité %(num)s",
    "before: %(num)s": "avant\u00a0: %(num)s",
    # The workbook
    "Network: the previous period, this period and the change": "Réseau\u00a0: la période "
    "précédente, cette période et l’écart",
    "%(measure)s, previous period": "%(measure)s, période précédente",
    "%(measure)s, change": "%(measure)s, écart",
    "Communities, previous period": "Communautés, période précédente",
    "Communities mixing sectors": "Communautés mêlant les secteurs",
    "Furthest reach (two steps)": "Plus grande portée (deux pas)",
    "Community": "Communauté",
    "Mixes sectors": "Mêle les secteurs",
    "Louvain on the tie graph (exact)": "Louvain sur le graphe des liens (exact)",
    "Louvain on the graph of groups (estimate)": "Louvain sur le graphe des groupes (estimation)",
    "the regions' communities, each found within its region": "les communautés des régions, "
    "chacune trouvée dans sa région",
    "Communities, by region": "Communautés, par région",
    "Connected components of two stakeholders or more: groups tied to one another (directly or "
    "through others) and to nobody else of the region.": "Composantes connexes de deux acteurs ou "
    "plus\u00a0: des groupes liés entre eux (directement ou par d’autres) et à personne d’autre "
    "de la région.",
    "The average degree: 2 × ties ÷ n.": "Le degré moyen\u00a0: 2 × liens ÷ n.",
    "Freeman's degree centralization: the sum, over the stakeholders, of the highest degree minus "
    "theirs, divided by (n−1)(n−2); 0 when n < 3. It is 1 for a star (everything hangs on one "
    "hub) and 0 when everyone has as many ties.": "La centralisation des degrés de Freeman\u00a0: "
    "la somme, sur les acteurs, du plus haut degré moins le leur, divisée par (n−1)(n−2)\u202f; "
    "0 quand n < 3. Elle vaut 1 pour une étoile (tout repose sur un pivot) et 0 quand chacun a "
    "autant de liens.",
    "Louvain's method (networkx, fixed seed): groups that have more ties among themselves than "
    "chance would give. Those of two stakeholders or more, with their sectors; a community mixes "
    "sectors when it has more than one. Exact (on the tie graph) up to 2,000 ties; above, Louvain "
    "runs on a graph of groups: each stakeholder of a commitment group or meeting of five or more "
    "stands with the largest one it belongs to, the others with the group most of their partners "
    "stand with.": "La méthode de Louvain (networkx, graine fixe)\u00a0: des groupes qui ont plus "
    "de liens entre eux que le hasard n’en donnerait. Celles de deux acteurs ou plus, avec leurs "
    "secteurs\u202f; une communauté mêle les secteurs quand elle en compte plus d’un. Exacte (sur "
    "le graphe des liens) jusqu’à 2 000 liens\u202f; au-delà, Louvain s’applique à un graphe de "
    "groupes\u00a0: chaque acteur d’un groupe d’engagement ou d’une rencontre de cinq acteurs ou "
    "plus se range avec le plus grand auquel il appartient, les autres avec le groupe où se "
    "rangent la plupart de leurs partenaires.",
    "For each stakeholder, how many distinct others are within two ties (its partners and their "
    "partners); the three highest.": "Pour chaque acteur, combien d’autres acteurs distincts sont "
    "à deux liens ou moins (ses partenaires et les leurs)\u202f; les trois plus élevés.",
    "Previous period": "Période précédente",
    "With a period [start, end] (the end is today when not given): the same number of days, "
    "ending the day before the start; interactions that occurred in it, commitments committed in "
    "it (their status as today), relationships current on its last day. Without a start date: "
    "the network as it stood 90 days before the end (today when no period is chosen): "
    "interactions and dated commitments up to that day, undated commitments when this period "
    "counts them, relationships current that day. The same stakeholders are counted in both; the "
    "change is this period's figure minus the previous one's.": "Avec une période [début, fin] "
    "(la fin est aujourd’hui si elle n’est pas donnée)\u00a0: le même nombre de jours, se "
    "terminant la veille du début\u202f; les interactions qui y ont eu lieu, les engagements pris "
    "pendant celle-ci (leur statut d’aujourd’hui), les relations en cours à son dernier jour. "
    "Sans date de début\u00a0: le réseau tel qu’il était 90 jours avant la fin (aujourd’hui si "
    "aucune période n’est choisie)\u00a0: les interactions et les engagements datés jusqu’à ce "
    "jour, les engagements non datés quand cette période les compte, les relations en cours ce "
    "jour-là. Les mêmes acteurs sont comptés dans les deux\u202f; l’écart est le chiffre de cette "
    "période moins celui de la précédente.",
}
