"""French text of the edit pages' answer when someone saved the record in between."""

FR = {
    "%(who)s changed this record after you opened it.": "%(who)s a modifié cette fiche après que vous l’avez ouverte.",
    "What you typed is kept in the form below. Save again to replace the values saved in between with yours, or reload the record to drop your changes.": "Votre saisie est conservée dans le formulaire ci-dessous. Enregistrez de nouveau pour remplacer par la vôtre les valeurs enregistrées entre-temps, ou rechargez la fiche pour abandonner vos modifications.",
    "Fields that differ": "Champs qui diffèrent",
    "Field": "Champ",
    "What you typed": "Votre saisie",
    "Saved in between": "Enregistré entre-temps",
    "Reload the record": "Recharger la fiche",
    "(empty)": "(vide)",
    "Someone else saved this record at the same moment: your change was not saved. Check it and try again.": "Quelqu’un d’autre a enregistré cette fiche au même moment\u00a0: votre modification n’a pas été enregistrée. Vérifiez-la et réessayez.",
}
