"""French text of issue 13 (the network): what the lead wrote beside the helpers' parts."""

FR = {
    "Intensity": "Intensité",
    "Has as member": "A pour membre",
    "Declared ties": "Liens déclarés",
    "Funded by": "Financé par",
    "Tie intensities": "Intensités des liens",
}
