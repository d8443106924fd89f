"""Send an email through the SMTP server of the configuration.

Without `MAIL_SERVER` (development, tests) nothing is sent: the message is written to the
application log, and under `TESTING` it is also kept in `app.extensions["mail_outbox"]`
so that tests can read it.
"""

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, body: str, html: str | None = None) -> EmailMessage:
    """Send a plain-text email to `to`, with `html` as its alternative if given; return the
    message. Raises OSError if SMTP fails."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if current_app.testing:
        current_app.extensions.setdefault("mail_outbox", []).append(message)
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("Email not sent (MAIL_SERVER is not set):\n%s", message)
        return message
    smtp_class = smtplib.SMTP_SSL if config["MAIL_PORT"] == 465 else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
        if config["MAIL_USE_TLS"] and smtp_class is smtplib.SMTP:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
    return message
