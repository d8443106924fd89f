"""French of issue 12's faster quick log: the save shortcut and the measure finder."""

FR = {
    "Ctrl+Enter to save": "Ctrl+Entrée pour enregistrer",
    "⌘+Enter to save": "⌘+Entrée pour enregistrer",
    "Find a measure": "Trouver une mesure",
    "Type a word of the measure…": "Tapez un mot de la mesure…",
    "No measure holds these words.": "Aucune mesure ne contient ces mots.",
}
