"""Sending email: reset links and address checks, through the SMTP server
of the settings (``scratchpad.smtp_*``). With no ``smtp_host`` nothing is
ever sent, and no page offers email.

A message is sent only once the request's transaction has committed (its
link then exists), and in a thread of its own, so that how long the SMTP
server takes cannot tell a visitor whether an account exists. A failure
is logged, never shown.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from typing import Any

from scratchpad.settings import Settings

log = logging.getLogger(__name__)
TIMEOUT = 20


def message(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.smtp_sender
    mail["To"] = to
    mail["Subject"] = subject
    domain = parseaddr(settings.smtp_sender)[1].rpartition("@")[2]
    mail["Message-ID"] = make_msgid(domain=domain or None)
    mail.set_content(body)
    return mail


def deliver(settings: Settings, mail: EmailMessage) -> None:
    """Hand ``mail`` to the SMTP server; raises on failure."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.smtp_tls == "ssl":
        smtp = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=TIMEOUT, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT)
    with smtp:
        if settings.smtp_tls == "starttls":
            smtp.starttls(context=context)
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(mail)


def _send_now(settings: Settings, mail: EmailMessage) -> None:
    try:
        deliver(settings, mail)
    except (OSError, smtplib.SMTPException) as error:
        log.error("could not send %r to the SMTP server: %s", mail["Subject"], error)


def send_after_commit(request: Any, to: str, subject: str, body: str) -> None:
    """Send a message once (and only if) this request's changes are stored."""
    settings: Settings = request.registry.scratchpad_settings
    if not settings.email_enabled:
        return
    mail = message(settings, to, subject, body)

    def after_commit(committed: bool) -> None:
        if committed:
            threading.Thread(
                target=_send_now, args=(settings, mail), daemon=True
            ).start()

    request.tm.get().addAfterCommitHook(after_commit)
