"""The mail drop: reading the coalition's drop mailbox over IMAP.

`imap.py` connects (password or OAuth2), fetches each message's header and the start of
its body, and moves what was read to the done folder; `messages.py` reads one message
(its sender, date, subject, the addresses it names), with `headers.py` (decoding what
clients write), `forwards.py` (the message a forward carries) and `text.py` (the body's
text, without quoted replies or signatures); `poll.py` is one reading of the mailbox.
What a message becomes in the data (an `email` interaction, addresses to classify) is
`models/operations/maildrop.py`.
"""
