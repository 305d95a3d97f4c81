"""Receive applications from an existing mailbox, for agencies that keep their own mail
server: every unread message goes through the same receive_email() as `manage.py smtpd`.

    manage.py poll_imap            # every 60 seconds until stopped
    manage.py poll_imap --once

A message is marked read only after it is stored, so a failure (the database down) leaves it
for the next poll; the same message twice is recognised by its hash.
"""

import contextlib
import imaplib
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from eservice.intake.mailin import receive_email


def poll() -> int:
    """Fetch and receive every unread message once; returns how many were received."""
    imap_class = imaplib.IMAP4_SSL if settings.INTAKE_IMAP_SSL else imaplib.IMAP4
    imap = imap_class(settings.INTAKE_IMAP_HOST, settings.INTAKE_IMAP_PORT, timeout=60)
    received = 0
    try:
        imap.login(settings.INTAKE_IMAP_USER, settings.INTAKE_IMAP_PASSWORD)
        imap.select(settings.INTAKE_IMAP_FOLDER)
        _typ, found = imap.uid("SEARCH", "UNSEEN")
        for uid in (found[0] or b"").decode().split():
            _typ, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next(p[1] for p in parts if isinstance(p, tuple))
            receive_email(raw)
            imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            received += 1
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            imap.logout()
    return received


class Command(BaseCommand):
    help = "Receive applications from an IMAP mailbox (INTAKE_IMAP_* settings)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Poll once, then stop.")
        parser.add_argument("--every", type=int, default=60, help="Seconds between polls.")

    def handle(self, *args: Any, once: bool, every: int, **options: Any) -> None:
        if not settings.INTAKE_IMAP_HOST:
            raise CommandError("Set INTAKE_IMAP_HOST (and the other INTAKE_IMAP_* variables).")
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        while True:
            try:
                count = poll()
                self.stdout.write(f"Received {count} message(s).")
            except (imaplib.IMAP4.error, OSError) as error:
                self.stderr.write(f"Could not poll the mailbox: {error}")
            if once:
                return
            close_old_connections()  # a long-running loop must not keep a stale connection
            if stop.wait(every):
                return
