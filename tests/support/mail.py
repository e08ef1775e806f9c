"""The one SMTP server tests send mail to: aiosmtpd on 127.0.0.1, on a
free port, collecting every message it accepts.

``Mailbox.settings()`` are the app settings that point Scratchpad at it
(plain SMTP, no TLS: the connection never leaves the machine), and
``Mailbox.wait()`` returns the next message, waiting a bounded time, since
the site sends mail from a thread of its own after its transaction commits.
"""

from __future__ import annotations

import email
import email.policy
import queue
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

SENDER = "Scratchpad <scratchpad@example.org>"
LINK = re.compile(r"https?://[^\s/]+/\S+")  # one with a path


class Mailbox:
    def __init__(self) -> None:
        self.received: queue.Queue[EmailMessage] = queue.Queue()
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        self.received.put(message)  # type: ignore[arg-type]
        return "250 OK"

    def settings(self) -> dict[str, str]:
        return {
            "scratchpad.smtp_host": "127.0.0.1",
            "scratchpad.smtp_port": str(self.port),
            "scratchpad.smtp_tls": "none",
            "scratchpad.smtp_sender": SENDER,
        }

    def wait(self, timeout: float = 10.0) -> EmailMessage:
        return self.received.get(timeout=timeout)

    def empty(self, settle: float = 0.5) -> bool:
        """True when no message arrives within ``settle`` seconds."""
        try:
            self.received.get(timeout=settle)
        except queue.Empty:
            return True
        return False


def link_in(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    match = LINK.search(body.get_content())
    assert match, "no link in the message"
    return match.group(0)


@contextmanager
def mail_server() -> Iterator[Mailbox]:
    """A running SMTP server on 127.0.0.1, stopped afterwards."""
    mailbox = Mailbox()
    with socket.socket() as probe:  # a free port (aiosmtpd connects to check)
        probe.bind(("127.0.0.1", 0))
        mailbox.port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
