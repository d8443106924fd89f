"""The mail drop: reading the coalition's drop mailbox over IMAP.

`imap.py` connects (password or OAuth2) and moves what was read to the done folder,
`messages.py` reads one message (its sender, the addresses it names, a forward's original
sender, a short excerpt without quoted replies or signatures), `poll.py` is one reading of
the mailbox. What a message becomes in the data (an `email` interaction, addresses to
classify) is `models/operations/maildrop.py`.
"""
