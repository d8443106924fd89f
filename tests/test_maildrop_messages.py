"""Reading one message of the mail drop (no server needed): forwards as Outlook and Gmail
write them in French and English, the dates they write, replies, excerpts."""

from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from inbox.forwards import loose_date
from inbox.imap import parse_fetch
from inbox.messages import read_message
from inbox.text import clean_excerpt

MONTREAL = ZoneInfo("America/Montreal")
DROP = "maillage@collectif.example"


def message(subject, body, sender="Camille Roy <camille@collectif.example>", to=(DROP,), **h):
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = ", ".join(to)
    mail["Subject"] = subject
    mail["Date"] = "Mon, 16 Mar 2026 09:15:00 -0400"
    for name, value in h.items():
        mail[name.replace("_", "-")] = value
    mail.set_content(body)
    return mail


def read(mail) -> object:
    raw = mail if isinstance(mail, bytes) else mail.as_bytes()
    return read_message(raw, zone=MONTREAL, drop_address=DROP)


def test_an_outlook_forward_in_english():
    found = read(
        message(
            "FW: Budget 2026",
            "FYI\n\n________________________________\n"
            "From: Marc Gagnon <Marc.Gagnon@Partenaire.example>\n"
            "Sent: Thursday, March 12, 2026 2:03 PM\n"
            "To: Camille Roy <camille@collectif.example>; Léa Tremblay "
            "<lea@cpesoleil.example>\n"
            "Subject: Budget 2026\n\n"
            "Hello Camille,\n\nThe board approved the budget.\n\nBest regards,\nMarc\n",
        )
    )
    assert found.forwarded == "inline"
    assert found.sender == "camille@collectif.example"
    assert found.subject == "Budget 2026"
    assert found.sent_at == datetime(2026, 3, 12, 18, 3)
    assert found.addresses == ["marc.gagnon@partenaire.example", "lea@cpesoleil.example"]
    assert found.excerpt == "Hello Camille,\n\nThe board approved the budget."


def test_a_gmail_forward_in_french():
    found = read(
        message(
            "Fwd: Halte-garderie",
            "---------- Message transféré ---------\n"
            "De\u00a0: Léa Tremblay <lea@cpesoleil.example>\n"
            "Date\u00a0: jeu. 12 mars 2026 à 14 h 03\n"
            "Objet\u00a0: Halte-garderie\n"
            "À\u00a0: <camille@collectif.example>\n\n\n"
            "Bonjour,\nLa halte ouvrira en mai.\n",
        )
    )
    assert found.addresses == ["lea@cpesoleil.example"]
    assert (found.subject, found.sent_at) == ("Halte-garderie", datetime(2026, 3, 12, 18, 3))
    assert found.excerpt == "Bonjour,\nLa halte ouvrira en mai."


def test_an_old_outlook_forward_with_its_original_message_line():
    found = read(
        message(
            "TR: Invitation",
            "-----Message d'origine-----\n"
            "De : Ville de Laval [mailto:info@laval.example]\n"
            "Envoyé : 2 février 2026 09:30\n"
            "À : Camille Roy\n"
            "Objet : Invitation\n\n"
            "Vous êtes invitée au conseil.\n",
        )
    )
    assert found.addresses == ["info@laval.example"]
    assert found.sent_at == datetime(2026, 2, 2, 14, 30)  # EST, UTC−5
    assert found.excerpt == "Vous êtes invitée au conseil."


def test_a_message_forwarded_as_an_attachment_is_the_attached_message():
    original = message(
        "Rapport",
        "Voici le rapport.",
        sender="Léa Tremblay <lea@cpesoleil.example>",
        to=("camille@collectif.example",),
        Cc="marc@partenaire.example",
        Message_ID="<rapport-123@cpesoleil.example>",
    )
    forward = message("Fwd: Rapport", "Voir la pièce jointe.")
    forward.add_attachment(original)
    found = read(forward)
    assert found.forwarded == "attached"
    assert found.addresses == ["lea@cpesoleil.example", "marc@partenaire.example"]
    assert found.excerpt == "Voici le rapport."
    # The same key as the original read directly (a Bcc copy of it): logged once.
    assert found.key == read(original).key


def test_an_outlook_reply_in_french_is_not_a_forward():
    found = read(
        message(
            "RE : Rencontre",
            "Oui, jeudi 10 h.\n\n"
            "De\u00a0: Léa Tremblay <lea@cpesoleil.example>\n"
            "Envoyé\u00a0: 11 mars 2026 16:20\n"
            "À\u00a0: Camille Roy <camille@collectif.example>\n"
            "Objet\u00a0: Rencontre\n\n"
            "Êtes-vous libre jeudi?\n",
            to=("Léa Tremblay <lea@cpesoleil.example>",),
            Cc=DROP,
        )
    )
    assert found.forwarded == ""
    assert found.addresses == ["lea@cpesoleil.example"]  # not the drop, not the sender
    assert found.sent_at == datetime(2026, 3, 16, 13, 15)
    assert found.excerpt == "Oui, jeudi 10 h."


def test_a_forward_sent_to_a_stakeholder_with_the_drop_in_bcc_is_a_message_of_its_own():
    found = read(
        message(
            "TR : Budget 2026",
            "Pour votre information.\n\n________________________________\n"
            "De\u00a0: Marc Gagnon <marc@partenaire.example>\n"
            "Envoyé\u00a0: jeudi 12 mars 2026 14:03\n"
            "Objet\u00a0: Budget 2026\n\nLe CA a approuvé le budget.\n",
            to=("Léa Tremblay <lea@cpesoleil.example>",),
        )
    )
    assert found.forwarded == ""
    assert found.addresses == ["lea@cpesoleil.example"]
    assert found.sent_at == datetime(2026, 3, 16, 13, 15)  # the day it was forwarded to her
    assert (found.subject, found.excerpt) == ("TR : Budget 2026", "Pour votre information.")


def test_a_message_without_message_id_has_a_stable_key():
    mail = message("Sans identifiant", "Bonjour")
    assert "Message-ID" not in mail
    assert read(mail).key == read(mail).key
    other = message("Autre sujet", "Bonjour")
    assert read(mail).key != read(other).key


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("jeudi 12 mars 2026 14:03", datetime(2026, 3, 12, 18, 3)),
        ("jeu. 12 mars 2026 à 14 h 03", datetime(2026, 3, 12, 18, 3)),
        ("Thursday, March 12, 2026 2:03 PM", datetime(2026, 3, 12, 18, 3)),
        ("Thu, Mar 12, 2026 at 2:03 AM", datetime(2026, 3, 12, 6, 3)),
        ("Thu, 12 Mar 2026 14:03:27 -0400", datetime(2026, 3, 12, 18, 3, 27)),
        ("1er décembre 2026 12:00 p.m.", datetime(2026, 12, 1, 17, 0)),
        ("2026-07-01 08:30", datetime(2026, 7, 1, 12, 30)),
        ("le jour de la marmotte", None),
    ],
)
def test_dates_written_in_forwarded_headers(written, utc):
    assert loose_date(written, MONTREAL) == utc


def test_an_excerpt_is_cut_at_a_word_end():
    text = "Bonjour " + "la table de concertation " * 40
    excerpt = clean_excerpt(text, length=100)
    assert excerpt == "Bonjour" + " la table de concertation" * 3 + " la table de…"


def test_a_fetch_answer_is_split_into_messages_whatever_its_order():
    data = [
        (b'7 (UID 12 RFC822.SIZE 10485760 INTERNALDATE "12-Mar-2026 14:03:27 -0400" '
         b"BODY[HEADER] {20}", b"Subject: Un\r\n\r\n"),
        (b" BODY[TEXT]<0> {5}", b"Texte"),
        b")",
        (b"8 (BODY[HEADER] {21}", b"Subject: Deux\r\n\r\n"),
        b' BODY[TEXT]<0> "" UID 13 INTERNALDATE "01-Dec-2026 09:00:00 +0000")',
    ]  # fmt: skip
    first, second = parse_fetch(data)
    assert (first.uid, first.size, first.received_at) == (
        "12",
        10485760,
        datetime(2026, 3, 12, 18, 3, 27),
    )
    assert first.raw == b"Subject: Un\r\n\r\nTexte"
    assert (second.uid, second.received_at) == ("13", datetime(2026, 12, 1, 9, 0))
    assert second.raw == b"Subject: Deux\r\n\r\n"
