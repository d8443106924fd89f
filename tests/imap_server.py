"""A real IMAP server for the mail drop's tests and benchmark: Dovecot, started in a
throwaway folder (its configuration, a maildir and a password file) on a free port of
127.0.0.1, plain IMAP, and optionally IMAPS and STARTTLS with a self-signed certificate.

Dovecot refuses to deliver mail as root: running as root (CI), its mail processes run as
the `dovecot` system user (which owns the maildir); otherwise as the current user.
"""

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from imap_tools import MailBoxUnencrypted

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "maillage@collectif.example", "mot-de-passe-jetable"


def dovecot_missing() -> str | None:
    """Return why Dovecot cannot run here, or None when it can."""
    if not os.path.exists(DOVECOT):
        return "Dovecot is not installed (Debian: apt-get install dovecot-imapd)"
    return None


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that no one listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = maillage-test-{port}
log_path = {root}/dovecot.log
ssl = {ssl}
{ssl_files}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    {imaps}
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


class Dovecot:
    """A Dovecot of its own: `start()`, `stop()`, and helpers to fill and look into the
    drop mailbox (`USER`)."""

    def __init__(self, tls: bool = False) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="maillage-dovecot-"))
        self.port = free_port()
        self.ssl_port = free_port() if tls else 0
        self.tls = tls
        self.process: subprocess.Popen | None = None

    def start(self) -> "Dovecot":
        """Write the configuration, start Dovecot, and wait until it answers."""
        root = self.root
        (root / "mail").mkdir()
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        if os.geteuid() == 0:
            account = pwd.getpwnam("dovecot")
            login_user = "dovenull" if _exists("dovenull") else "dovecot"
            internal_user = "dovecot"
        else:
            account = pwd.getpwuid(os.getuid())
            login_user = internal_user = account.pw_name
        os.chmod(root, 0o755)  # the mail user reaches its maildir through it
        os.chown(root / "mail", account.pw_uid, account.pw_gid)
        ssl_files = ""
        if self.tls:
            self._make_certificate()
            ssl_files = f"ssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem"
        (root / "dovecot.conf").write_text(
            CONFIG.format(
                root=root,
                port=self.port,
                ssl_port=self.ssl_port,
                ssl="yes" if self.tls else "no",
                ssl_files=ssl_files,
                imaps="ssl = yes" if self.tls else "",
                login_user=login_user,
                internal_user=internal_user,
                mail_user=account.pw_uid,
                mail_group=account.pw_gid,
            )
        )
        with open(root / "stderr.log", "wb") as errors:  # the child keeps its own copy
            self.process = subprocess.Popen(
                [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Dovecot stopped: {self.errors()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe:
                    if probe.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"Dovecot did not answer on port {self.port}: {self.errors()}")

    def _make_certificate(self) -> None:
        """Make a self-signed certificate for 127.0.0.1 (`certificate` for the clients)."""
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(self.root / "key.pem"), "-out", str(self.root / "cert.pem")],
            check=True, capture_output=True,
        )  # fmt: skip

    @property
    def certificate(self) -> Path:
        return self.root / "cert.pem"

    def errors(self) -> str:
        """Return what Dovecot wrote to its error output and log."""
        texts = [
            path.read_text(errors="replace")
            for path in (self.root / "stderr.log", self.root / "dovecot.log")
            if path.exists()
        ]
        return "\n".join(texts)[-3000:]

    def stop(self) -> None:
        """Stop Dovecot, wait for it, and remove its folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    # The drop mailbox, as the tests fill and read it ---------------------------------

    def settings(self) -> dict:
        """Return the MAILDROP_* settings that read this server's drop mailbox."""
        return {
            "MAILDROP_HOST": "127.0.0.1",
            "MAILDROP_PORT": self.port,
            "MAILDROP_SECURITY": "none",
            "MAILDROP_USER": USER,
            "MAILDROP_PASSWORD": PASSWORD,
            "MAILDROP_AUTH": "password",
            "MAILDROP_FOLDER": "INBOX",
            "MAILDROP_DONE_FOLDER": "Traités",
        }

    def mailbox(self) -> MailBoxUnencrypted:
        """Return a signed-in client of the drop mailbox (close it with `logout`)."""
        return MailBoxUnencrypted("127.0.0.1", self.port).login(USER, PASSWORD)

    def append(self, *messages, folder: str = "INBOX", when=None) -> None:
        """Put `messages` (bytes or email messages) in `folder`, as a delivery would."""
        box = self.mailbox()
        try:
            for message in messages:
                raw = message if isinstance(message, bytes) else message.as_bytes()
                box.append(raw, folder, dt=when)
        finally:
            box.logout()

    def contents(self, folder: str) -> list[bytes]:
        """Return the raw messages of `folder` (none when it does not exist), oldest first."""
        box = self.mailbox()
        try:
            if not box.folder.exists(folder):
                return []
            box.folder.set(folder)
            return [message.obj.as_bytes() for message in box.fetch(mark_seen=False)]
        finally:
            box.logout()

    def subjects(self, folder: str) -> list[str]:
        """Return the subjects of the messages in `folder`, oldest first."""
        box = self.mailbox()
        try:
            if not box.folder.exists(folder):
                return []
            box.folder.set(folder)
            return [m.subject for m in box.fetch(mark_seen=False, headers_only=True)]
        finally:
            box.logout()

    def empty(self) -> None:
        """Remove every message and every folder but INBOX."""
        box = self.mailbox()
        try:
            for info in box.folder.list():
                box.folder.set(info.name)
                uids = box.uids()
                if uids:
                    box.delete(uids)
                if info.name != "INBOX":
                    box.folder.set("INBOX")
                    box.folder.delete(info.name)
        finally:
            box.logout()

    def sessions(self) -> list[int]:
        """Return the bytes Dovecot sent to the client in each finished session, as its
        log says (`Disconnected: Logged out in=… out=…`), oldest first."""
        log = (self.root / "dovecot.log").read_text(errors="replace")
        return [int(out) for out in re.findall(r"Logged out in=\d+ out=(\d+)", log)]

    def settled_sessions(self) -> int:
        """Return how many sessions ended, once every session that started has ended
        (Dovecot logs a session's end a moment after the client leaves)."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            log = (self.root / "dovecot.log").read_text(errors="replace")
            ended = len(re.findall(r"Logged out in=", log))
            if ended == len(re.findall(r"imap-login: Info: Login:", log)):
                return ended
            time.sleep(0.02)
        raise AssertionError(f"Dovecot's sessions did not end: {self.errors()}")

    def bytes_sent(self, session: int) -> int:
        """Return the bytes sent in the `session`-th session (from 0), waiting a little for
        Dovecot to log its end."""
        deadline = time.monotonic() + 5
        while len(sent := self.sessions()) <= session:
            if time.monotonic() > deadline:
                raise AssertionError(f"Dovecot logged no session {session}: {self.errors()}")
            time.sleep(0.02)
        return sent[session]


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
