"""French text of the board's report (issue 12): print, PDF and plain words."""

FR = {
    "%(percent)s of the possible ties exist": "%(percent)s des liens possibles existent",
    "Download as PDF": "Télécharger en PDF",
    "PDF files cannot be made on this server: its PDF library (WeasyPrint) or the system's Pango library is missing. Print the page instead (landscape), or ask the administrator.": "Ce serveur ne peut pas produire de fichiers PDF\u00a0: sa bibliothèque PDF (WeasyPrint) ou la bibliothèque Pango du système est absente. Imprimez plutôt la page (à l’italienne), ou adressez-vous à l’administration.",
    "The PDF cannot be made on this server": "Le PDF ne peut pas être produit sur ce serveur",
    "For the administrator: %(why)s": "Pour l’administration\u00a0: %(why)s",
    "Back to the report": "Retour au rapport",
    "As of %(date)s.": "En date du %(date)s.",
    "Filters: %(filters)s.": "Filtres\u00a0: %(filters)s.",
    "Two stakeholders are tied when they took part in the same interaction, commit to the same measure in the same region, or have a current relationship.": "Deux acteurs sont liés lorsqu’ils ont pris part à la même interaction, s’engagent envers la même mesure dans la même région ou entretiennent une relation en cours.",
    "The share of the possible ties between stakeholders that exist: a density of %(density)s means that %(words)s.": "La part des liens possibles entre acteurs qui existent\u00a0: une densité de %(density)s signifie que %(words)s.",
    "The closer to 1, the more everyone works with everyone.": "Plus elle approche de 1, plus tout le monde travaille avec tout le monde.",
    "A broker links groups that would not talk to each other without it: if it left, the network would split. The number beside its name (betweenness, from 0 to 1) grows with the share of the shortest paths between other stakeholders that go through it.": "Un intermédiaire relie des groupes qui, sans lui, ne se parleraient pas\u00a0: s’il partait, le réseau se scinderait. Le nombre à côté de son nom (intermédiarité, de 0 à 1) croît avec la part des plus courts chemins entre d’autres acteurs qui passent par lui.",
    "Ties, density and brokers by region, as explained at the top of the report; the three brokers of highest betweenness.": "Liens, densité et intermédiaires par région, tels qu’expliqués en haut du rapport\u00a0; les trois intermédiaires à la plus forte intermédiarité.",
    "; ": "\u00a0; ",
    "%(label)s: %(values)s": "%(label)s\u00a0: %(values)s",
}
