"""French text of issue 13 (the network): what the lead wrote beside the helpers' parts."""

FR = {
    "Intensity": "Intensité",
    "Tie intensities": "Intensités des liens",
}
