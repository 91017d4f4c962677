"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records what it receives."""

import email
import socket
from email import policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Keeps every message; refuses *@abgelehnt.example (550), defers *@spaeter.example (451)."""

    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@abgelehnt.example"):
            return "550 5.1.1 Empfänger unbekannt"
        if address.endswith("@spaeter.example"):
            return "451 4.3.0 Postfach voll, bitte später erneut"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, msg))
        return "250 Message accepted"


class SmtpServer:
    """Start and stop an aiosmtpd server on a fixed free port."""

    def __init__(self):
        self.port = free_port()
        self.handler = RecordingHandler()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def smtp_settings(server, **extra) -> dict:
    """App settings that send mail over SMTP to ``server`` (a SmtpServer)."""
    return {
        "MAIL_BACKEND": "smtp",
        "MAIL_HOST": "127.0.0.1",
        "MAIL_PORT": server.port,
        "MAIL_TIMEOUT": 5,
        **extra,
    }
