"""French text of the spreadsheet import: the wizard, the CLI and the row errors."""

FR = {
    # CLI
    "%(email)s is not allowed to import.": "%(email)s n’a pas le droit d’importer.",
    "%(file)s does not exist.": "%(file)s n’existe pas.",
    "Row %(row)s, column “%(column)s”, value “%(value)s”: %(message)s": "Ligne %(row)s, colonne «\u00a0%(column)s\u00a0», valeur «\u00a0%(value)s\u00a0»\u00a0: %(message)s",
    "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
    "%(rejected)s rejected.": "%(rows)s lignes\u00a0: %(created)s créées, %(updated)s mises à jour, %(unchanged)s "
    "inchangées, %(rejected)s rejetées.",
    "Dry run: nothing was written.": "Essai à blanc\u00a0: rien n’a été enregistré.",
    "Nothing was written: fix the rejected rows, or use --skip-invalid.": "Rien n’a été enregistré\u00a0: corrigez les lignes rejetées, ou utilisez --skip-invalid.",
    # Wizard
    "What the file lists": "Ce que le fichier contient",
    "Spreadsheet (.xlsx, .xls, .ods or .csv)": "Chiffrier (.xlsx, .xls, .ods ou .csv)",
    "Choose a file.": "Choisissez un fichier.",
    "Expected .xlsx, .xls, .ods or .csv.": "Un fichier .xlsx, .xls, .ods ou .csv est attendu.",
    "Continue": "Continuer",
    "— ignore this column —": "— ignorer cette colonne —",
    "Preview the import": "Aperçu de l’importation",
    "Skip the invalid rows and import the others": "Ignorer les lignes invalides et importer les autres",
    "Undo": "Annuler",
    "Error": "Erreur",
    "Rejected rows": "Lignes rejetées",
    "rejected": "rejets",
    "The import was undone.": "L’importation a été annulée.",
    "The file is too large: the limit is %(limit)s MB.": "Le fichier est trop volumineux\u00a0: la limite est de %(limit)s Mo.",
    "Rows": "Lignes",
    "Created": "Créées",
    "Updated": "Mises à jour",
    "Unchanged": "Inchangées",
    "Rejected": "Rejetées",
    "Row": "Ligne",
    "Column": "Colonne",
    "Value": "Valeur",
    "Problem": "Problème",
    "The first %(shown)s of %(total)s errors are shown; the download lists every rejected row.": "Les %(shown)s premières erreurs sur %(total)s sont affichées\u202f; le téléchargement "
    "contient toutes les lignes rejetées.",
    "Upload": "Fichier",
    "Columns": "Colonnes",
    "Preview": "Aperçu",
    "Result": "Résultat",
    "Imports": "Importations",
    "New import": "Nouvelle importation",
    "When": "Quand",
    "Who": "Qui",
    "File": "Fichier",
    "List": "Liste",
    "Status": "Statut",
    "Done": "Terminée",
    "Undone": "Annulée",
    "Running": "En cours",
    "Nothing imported": "Rien d’importé",
    "Failed": "Échec",
    "No import yet.": "Aucune importation pour le moment.",
    "Header row found on line %(row)s. Choose what each column holds; this choice is "
    "remembered for files with the same columns.": "Ligne d’en-tête trouvée à la ligne %(row)s. Choisissez ce que contient chaque "
    "colonne\u202f; ce choix sera retenu pour les fichiers ayant les mêmes colonnes.",
    "Columns not recognized (ignored unless you choose a field): %(columns)s": "Colonnes non reconnues (ignorées, sauf si vous leur attribuez un champ)\u00a0: %(columns)s",
    "Import a spreadsheet": "Importer un chiffrier",
    "Excel (.xlsx, .xls), LibreOffice (.ods) or CSV. Titles above the column headers are "
    "fine; the next step shows how the columns were understood.": "Excel (.xlsx, .xls), LibreOffice (.ods) ou CSV. Des titres au-dessus des en-têtes "
    "de colonnes ne posent pas problème\u202f; l’étape suivante montre comment les colonnes "
    "ont été comprises.",
    "Import history": "Historique des importations",
    "Back to the columns": "Revenir aux colonnes",
    "Importing…": "Importation en cours…",
    "Import progress": "Progression de l’importation",
    "Import finished.": "Importation terminée.",
    "It was undone.": "Elle a été annulée.",
    "Nothing was imported: some rows have errors. Fix them, or import again skipping the "
    "invalid rows.": "Rien n’a été importé\u00a0: des lignes comportent des erreurs. Corrigez-les, ou importez "
    "de nouveau en ignorant les lignes invalides.",
    "The import failed; nothing was written.": "L’importation a échoué\u202f; rien n’a été enregistré.",
    "Download the rejected rows (.xlsx)": "Télécharger les lignes rejetées (.xlsx)",
    "(.csv)": "(.csv)",
    # Batches and undo
    "This import has nothing to undo.": "Cette importation n’a rien à annuler.",
    "Only the author of an import or an administrator can undo it.": "Seule la personne qui a lancé l’importation, ou l’administration, peut l’annuler.",
    "Records of this import were changed since; it can no longer be undone.": "Des fiches de cette importation ont été modifiées depuis\u202f; elle ne peut plus être "
    "annulée.",
    # Files
    "Unknown kind of list: %(kind)s.": "Type de liste inconnu\u00a0: %(kind)s.",
    "%(name)s is empty.": "%(name)s est vide.",
    "%(name)s has no recognizable header row (expected columns such as %(expected)s).": "%(name)s n’a pas de ligne d’en-tête reconnaissable (colonnes attendues, par exemple\u00a0: "
    "%(expected)s).",
    "%(name)s lacks the required column(s): %(columns)s.": "Il manque à %(name)s la ou les colonnes obligatoires\u00a0: %(columns)s.",
    "%(name)s is not a spreadsheet: expected .xlsx, .xls, .ods or .csv.": "%(name)s n’est pas un chiffrier\u00a0: un fichier .xlsx, .xls, .ods ou .csv est attendu.",
    "%(name)s cannot be read.": "%(name)s ne peut pas être lu.",
    "%(name)s is not a CSV file; save it as .xlsx or .csv.": "%(name)s n’est pas un fichier CSV\u202f; enregistrez-le en .xlsx ou en .csv.",
    "%(name)s is protected by a password; remove the password and import it again.": "%(name)s est protégé par un mot de passe\u202f; retirez le mot de passe et importez-le "
    "de nouveau.",
    "%(name)s is not a spreadsheet, or it is damaged.": "%(name)s n’est pas un chiffrier, ou il est endommagé.",
    "%(name)s is damaged or incomplete; save it again and retry.": "%(name)s est endommagé ou incomplet\u202f; enregistrez-le de nouveau et réessayez.",
    "%(name)s expands to far more data than a spreadsheet holds; it is refused.": "%(name)s se décompresse en bien plus de données qu’un chiffrier n’en contient\u202f; "
    "il est refusé.",
    "%(name)s holds XML declarations that a spreadsheet never has; it is refused.": "%(name)s contient des déclarations XML qu’un chiffrier n’a jamais\u202f; il est refusé.",
    "%(name)s has no sheet.": "%(name)s ne contient aucune feuille.",
    "%(name)s has more than %(count)s rows; split it in parts.": "%(name)s compte plus de %(count)s lignes\u202f; divisez-le en plusieurs fichiers.",
    "%(name)s is damaged: it announces %(declared)s texts but holds %(present)s. Save it again from your spreadsheet program.": "%(name)s est endommagé\u00a0: il annonce %(declared)s textes, mais n’en contient que %(present)s. Enregistrez-le de nouveau depuis votre chiffrier.",
    "%(name)s has a filled cell far from the others, at %(cell)s: the sheet would span %(rows)s rows by %(columns)s columns. Empty that cell, or copy your list into a new sheet, and import it again.": "%(name)s a une cellule remplie loin des autres, en %(cell)s\u00a0: la feuille s’étendrait sur %(rows)s lignes et %(columns)s colonnes. Videz cette cellule, ou copiez votre liste dans une nouvelle feuille, puis importez-la de nouveau.",
    "This cell holds bytes that are not text in UTF-8 or Windows-1252 (shown as �); save the file as “CSV UTF-8” and import it again.": "Cette cellule contient des octets qui ne sont pas du texte en UTF-8 ni en Windows-1252 (affichés comme �)\u202f; enregistrez le fichier en «\u00a0CSV UTF-8\u00a0» et importez-le de nouveau.",
    "%(name)s is larger than %(size)s MB; split it in parts.": "%(name)s dépasse %(size)s Mo\u202f; divisez-le en plusieurs fichiers.",
    '%(name)s has a cell of more than %(limit)s characters, from line %(line)s on: often a quotation mark (") that is never closed. Correct that line and import it again.': '%(name)s a une cellule de plus de %(limit)s caractères, à partir de la ligne %(line)s\u00a0: c’est souvent un guillemet (") jamais refermé. Corrigez cette ligne et importez le fichier de nouveau.',
    "Waiting": "En attente",
    "Waiting for the import worker…": "En attente du traitement d’importation…",
    "No import worker is running, so the import waits. Ask an administrator to start it (maillage worker); the import will then run by itself.": "Aucun traitement d’importation n’est en cours, alors l’importation attend. Demandez à l’administration de le démarrer (maillage worker)\u202f; l’importation se fera ensuite d’elle-même.",
    "The import stopped on an unexpected error; nothing was written.": "L’importation s’est arrêtée sur une erreur imprévue\u202f; rien n’a été écrit.",
    "The import was interrupted (the server restarted) and could not be completed; nothing was written. Import the file again.": "L’importation a été interrompue (le serveur a redémarré) et n’a pas pu être menée à terme\u202f; rien n’a été écrit. Importez de nouveau le fichier.",
    "The import could not be started: the job queue does not answer. Try again in a moment.": "L’importation n’a pas pu démarrer\u00a0: la file des traitements ne répond pas. Réessayez dans un moment.",
    "%(name)s holds a sheet too large to import; copy your list into a new sheet and import it again.": "%(name)s contient une feuille trop grande pour être importée\u202f; copiez votre liste dans une nouvelle feuille, puis importez-la de nouveau.",
    # Row errors
    "Unknown value; the closest is “%(closest)s”.": "Valeur inconnue\u202f; la plus proche est «\u00a0%(closest)s\u00a0».",
    "Unknown value.": "Valeur inconnue.",
    "Not a date; write it as 2026-03-14 or 14/03/2026.": "Ce n’est pas une date\u202f; écrivez-la 2026-03-14 ou 14/03/2026.",
    "Not a valid email address.": "Adresse courriel invalide.",
    "Not a valid phone number.": "Numéro de téléphone invalide.",
    "Not a website: give an address starting with http:// or https://, or a domain such as "
    "example.org.": "Site Web invalide\u00a0: indiquez une adresse commençant par http:// ou "
    "https://, ou un domaine comme exemple.org.",
    "Expected a whole number from 1 to 5.": "Un nombre entier de 1 à 5 est attendu.",
    "An ID is a whole number.": "Un ID est un nombre entier.",
    "Too long: at most %(limit)s characters.": "Trop long\u00a0: au plus %(limit)s caractères.",
    "A stakeholder's name is needed.": "Le nom de l’acteur est nécessaire.",
    "No stakeholder has the ID %(id)s.": "Aucun acteur n’a l’ID %(id)s.",
    "No stakeholder named “%(name)s”%(where)s.": "Aucun acteur nommé «\u00a0%(name)s\u00a0»%(where)s.",
    "Several stakeholders are named “%(name)s” (regions %(regions)s); give the region or "
    "the ID.": "Plusieurs organismes se nomment «\u00a0%(name)s\u00a0» (régions %(regions)s)\u202f; précisez la "
    "région ou l’ID.",
    " at the national level": " au palier national",
    " in region %(region)s": " dans la région %(region)s",
    "No commitment has this ID.": "Aucun engagement n’a cet ID.",
    "A stakeholder and a measure are required.": "Un acteur et une mesure sont obligatoires.",
    "No contact has this ID.": "Aucun contact n’a cet ID.",
    "Another contact already has this email.": "Un autre contact a déjà ce courriel.",
    "A first and a last name are required.": "Le prénom et le nom sont obligatoires.",
    "No user has this email.": "Aucun utilisateur n’a ce courriel.",
    "No interaction has this ID.": "Aucune interaction n’a cet ID.",
    "A date and at least one stakeholder are required.": "Une date et au moins un acteur sont obligatoires.",
    "No stakeholder has this ID.": "Aucun acteur n’a cet ID.",
    "A name is required.": "Le nom est obligatoire.",
    "Another stakeholder already has this external reference.": "Un autre acteur a déjà cette référence externe.",
    "A region is required, unless the level is national.": "La région est obligatoire, sauf au palier national.",
    "Same record as row %(row)s of the file.": "Même fiche que la ligne %(row)s du fichier.",
    "Unknown region.": "Région inconnue.",
    "This contact was anonymized: their data cannot be restored.": (
        "Ce contact a été anonymisé\u00a0: ses données ne peuvent pas être rétablies."
    ),
}
