"""Receive applications by e-mail: an SMTP server for the agencies' addresses.

    manage.py smtpd --port 2525

Point the MX record of INTAKE_EMAIL_DOMAIN (or a forwarding rule on the agency's own mail
server) here. A message is accepted (250) only after it is stored. While the database is busy
or its connection drops, storing is tried again for up to --give-up-after seconds (ADR 0012);
after that, or if the database fails otherwise, the answer is a temporary failure (451), so
the sending server tries again later (often only half an hour later).
"""

import asyncio
import logging
import signal
import threading
from typing import Any

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from eservice.intake.mailin import receive_email
from eservice.lib.retry import retry_transient
from eservice.lib.warm import load_the_platform

logger = logging.getLogger(__name__)


def _receive(raw: bytes, recipients: list[str], sender: str, give_up_after: float) -> None:
    close_old_connections()
    try:
        # Safe to repeat: the same bytes are recognised and stored once.
        retry_transient(
            lambda: receive_email(raw, recipients=recipients, envelope_sender=sender),
            what="storing an e-mail",
            give_up_after=give_up_after,
        )
    finally:
        connections.close_all()


class Handler:
    def __init__(self, give_up_after: float) -> None:
        self.give_up_after = give_up_after

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if not address.lower().endswith("@" + settings.INTAKE_EMAIL_DOMAIN.lower()):
            return "550 5.7.1 This server only receives mail for its own agencies"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        try:
            await asyncio.to_thread(
                _receive,
                envelope.original_content,
                list(envelope.rcpt_tos),
                envelope.mail_from,
                self.give_up_after,
            )
        except Exception:
            logger.exception("Could not store an incoming message; asking the sender to retry")
            return "451 4.3.0 Temporary failure, please try again later"
        return "250 2.0.0 Received"


class Command(BaseCommand):
    help = "Receive applications sent by e-mail to the agencies' addresses (SMTP)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument(
            "--give-up-after",
            type=float,
            default=60.0,
            help="Seconds a message waits for a busy or unreachable database before the "
            "sender is asked to retry later (451). Senders wait ten minutes for an answer.",
        )

    def handle(
        self, *args: Any, host: str, port: int, give_up_after: float, **options: Any
    ) -> None:
        load_the_platform()
        controller = Controller(
            Handler(give_up_after),
            hostname=host,
            port=port,
            data_size_limit=settings.INTAKE_EMAIL_MAX_BYTES,
            server_hostname=settings.INTAKE_EMAIL_DOMAIN,
        )
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        controller.start()
        self.stdout.write(f"Receiving mail for @{settings.INTAKE_EMAIL_DOMAIN} on {host}:{port}")
        try:
            stop.wait()
        finally:
            controller.stop()
