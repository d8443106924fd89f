"""The drop mailbox over IMAP: connect with the MAILDROP_* settings, read messages without
their attachments, move what was read to the done folder.

A message is read as its header plus the first `BODY_BYTES` of its body (`BODY.PEEK[TEXT]
<0.N>`): enough for the text a person wrote, never a 10 MB attachment. Nothing is marked
read and nothing is ever deleted; a message read is moved (IMAP MOVE, else COPY then
expunge of that message alone) to MAILDROP_DONE_FOLDER, created when missing.
"""

import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import MailboxFolderSelectError, MailboxLoginError
from imap_tools.utils import encode_folder

BODY_BYTES = 128 * 1024  # of each body: the text comes first in what mail clients write
CHUNK = 100  # messages fetched (and then moved) at once
TIMEOUT = 60  # seconds, for connecting and for each answer


class MailboxError(Exception):
    """The drop mailbox could not be read: unreachable, refused the login, no folder."""


@dataclass
class Fetched:
    """A message as fetched: its UID, when the server received it, its size, and its
    header followed by the start of its body."""

    uid: str
    received_at: datetime | None  # INTERNALDATE, naive UTC
    size: int  # of the whole message, attachments included
    raw: bytes


def access_token(app: Flask) -> str:
    """Return the OAuth2 access token of the mailbox (MAILDROP_AUTH = "oauth2").

    It is MAILDROP_PASSWORD for now, given by whoever renews it; refreshing a Microsoft 365
    or Google token from a refresh token would go here, and only here."""
    return app.config["MAILDROP_PASSWORD"] or ""


def _connect(app: Flask):
    """Return an unauthenticated imap-tools mailbox for the settings' host and security."""
    host, port = app.config["MAILDROP_HOST"], app.config["MAILDROP_PORT"]
    security = app.config["MAILDROP_SECURITY"]
    if security == "ssl":
        return MailBox(host, port, timeout=TIMEOUT, ssl_context=ssl.create_default_context())
    if security == "starttls":
        return MailBoxStartTls(host, port, timeout=TIMEOUT,
                               ssl_context=ssl.create_default_context())  # fmt: skip
    if security == "none":
        return MailBoxUnencrypted(host, port, timeout=TIMEOUT)
    raise MailboxError(f"MAILDROP_SECURITY is {security!r}: use ssl, starttls or none")


@contextmanager
def open_mailbox(app: Flask) -> Iterator["Drop"]:
    """Connect and sign in to the drop mailbox, make sure the done folder exists, select
    the folder read; yield it as a `Drop`; sign out."""
    try:
        mailbox = _connect(app)
    except (OSError, ssl.SSLError) as error:
        raise MailboxError(f"cannot reach {app.config['MAILDROP_HOST']}: {error}") from error
    try:
        user = app.config["MAILDROP_USER"] or ""
        if app.config["MAILDROP_AUTH"] == "oauth2":
            mailbox.xoauth2(user, access_token(app), initial_folder=None)
        else:
            mailbox.login(user, app.config["MAILDROP_PASSWORD"] or "", initial_folder=None)
        drop = Drop(mailbox, app.config["MAILDROP_FOLDER"], app.config["MAILDROP_DONE_FOLDER"])
        yield drop
    except MailboxLoginError as error:
        raise MailboxError(f"the mailbox refused the sign-in of {user}: {error}") from error
    except MailboxFolderSelectError as error:
        raise MailboxError(f"no folder {app.config['MAILDROP_FOLDER']}: {error}") from error
    finally:
        with suppress(Exception):  # the connection may be gone already: nothing to close
            mailbox.logout()


class Drop:
    """The signed-in drop mailbox, its read folder selected."""

    def __init__(self, mailbox, folder: str, done_folder: str) -> None:
        self.mailbox = mailbox
        self.client = mailbox.client
        # The capabilities said before the sign-in may omit MOVE (Dovecot, Exchange).
        typ, data = self.client.capability()
        if typ == "OK" and data and data[-1]:
            self.client.capabilities = tuple(data[-1].decode().upper().split())
        self.done_folder = done_folder
        if not mailbox.folder.exists(done_folder):
            mailbox.folder.create(done_folder)
            mailbox.folder.subscribe(done_folder, True)
        mailbox.folder.set(folder)

    def uids(self) -> list[str]:
        """Return the UIDs of every message in the read folder, oldest first."""
        typ, data = self.client.uid("SEARCH", None, "ALL")
        _check(typ, data, "SEARCH")
        return sorted((data[0] or b"").decode().split(), key=int)

    def fetch(self, uids: list[str]) -> list[Fetched]:
        """Return the messages `uids` (at most CHUNK), each its header and body's start."""
        if not uids:
            return []
        items = f"(UID INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER] BODY.PEEK[TEXT]<0.{BODY_BYTES}>)"
        typ, data = self.client.uid("FETCH", ",".join(uids), items)
        _check(typ, data, "FETCH")
        return parse_fetch(data)

    def move(self, uids: list[str]) -> None:
        """Move the messages `uids` to the done folder (never delete them)."""
        if not uids:
            return
        folder = encode_folder(self.done_folder)
        uid_set = ",".join(uids)
        if "MOVE" in self.client.capabilities:
            typ, data = self.client.uid("MOVE", uid_set, folder)
            _check(typ, data, "MOVE")
            return
        typ, data = self.client.uid("COPY", uid_set, folder)
        _check(typ, data, "COPY")
        typ, data = self.client.uid("STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)")
        _check(typ, data, "STORE")
        if "UIDPLUS" in self.client.capabilities:  # expunge these, not another's \Deleted
            typ, data = self.client.uid("EXPUNGE", uid_set)
        else:
            typ, data = self.client.expunge()
        _check(typ, data, "EXPUNGE")


def _check(typ: str, data, command: str) -> None:
    if typ != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode(errors="replace")
        raise MailboxError(f"{command} refused: {detail}")


_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
_SECTION = re.compile(rb"BODY\[(HEADER|TEXT)\](?:<\d+>)? \{\d+\}$")
_START = re.compile(rb"^\d+ \(")
_MONTHS = {
    month: number
    for number, month in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def parse_fetch(data: list) -> list[Fetched]:
    """Return the messages of a UID FETCH answer (imaplib's list of tuples and bytes)."""
    found: list[dict] = []
    for item in data:
        meta, literal = (item[0], item[1]) if isinstance(item, tuple) else (item, None)
        if not isinstance(meta, bytes):
            continue
        if _START.match(meta):
            found.append({"header": b"", "text": b"", "meta": b""})
        if not found:
            continue
        current = found[-1]
        current["meta"] += meta
        section = _SECTION.search(meta)
        if section and literal is not None:
            current["header" if section.group(1) == b"HEADER" else "text"] = literal
    return [_fetched(entry) for entry in found if _UID.search(entry["meta"])]


def _fetched(entry: dict) -> Fetched:
    meta = entry["meta"]
    size = _SIZE.search(meta)
    header = entry["header"]
    if header and not header.endswith(b"\r\n\r\n") and not header.endswith(b"\n\n"):
        header += b"\r\n"
    return Fetched(
        uid=_UID.search(meta).group(1).decode(),
        received_at=_internaldate(meta),
        size=int(size.group(1)) if size else 0,
        raw=header + entry["text"],
    )


def _internaldate(meta: bytes) -> datetime | None:
    """Return a FETCH answer's INTERNALDATE ("14-Mar-2026 02:30:00 -0400") as naive UTC."""
    found = _INTERNALDATE.search(meta)
    if not found:
        return None
    try:
        day, month, rest = found.group(1).decode().strip().split("-", 2)
        moment = datetime.strptime(f"{day}-{_MONTHS[month]}-{rest}", "%d-%m-%Y %H:%M:%S %z")
    except (KeyError, ValueError):
        return None
    return moment.astimezone(UTC).replace(tzinfo=None)
