"""The sending lease: a worker killed mid-send has its messages sent by the next run once
its short lease runs out, and a sender that is slow but alive keeps its messages, so none
is sent twice."""

import asyncio
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import Mailbox, SMTPServer, route_mail_to, start_process
from eservice.outreach.mail import queue_mail
from eservice.outreach.models import OutgoingMail
from eservice.outreach.tasks import claim_due, send_queued_mail

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_clock]


class SlowMailbox(Mailbox):
    """Stalls on every message while `stalling` (the relay hangs mid-send), or takes
    `delay` seconds over each (a slow relay)."""

    def __init__(self) -> None:
        super().__init__()
        self.stalling = False
        self.stalled = threading.Event()
        self.delay = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.stalling:
            self.stalled.set()
            while self.stalling:
                await asyncio.sleep(0.05)
            return "421 Try again later"  # its sender was killed meanwhile
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def relay(settings: Any) -> Any:
    server = SMTPServer()
    server.mailbox = SlowMailbox()
    server.start()
    route_mail_to(settings, server)
    yield server
    server.stop()


def received(relay: SMTPServer) -> list[str]:
    return sorted(str(m["To"]) for m in relay.mailbox.messages)


def test_mail_held_by_a_killed_worker_is_sent_by_the_next_run_within_a_minute(relay, tasks):
    relay.mailbox.stalling = True
    addresses = [f"saraban{n}@example.go.th" for n in range(3)]
    for to in addresses:
        queue_mail(to, "Subject", "Body")
    worker = start_process(
        "worker",
        "--queue-name",
        "mail",
        "--no-startup-delay",
        "--interval",
        "0.2",
        env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(relay.port)},
    )
    try:
        assert relay.mailbox.stalled.wait(90), "the worker never started sending"
    finally:
        worker.kill()  # mid-send: no goodbye, its task never finishes
        worker.wait()
    killed_at = timezone.now()
    relay.mailbox.stalling = False

    held_until = max(OutgoingMail.objects.values_list("next_attempt_at", flat=True))
    assert held_until <= killed_at + timedelta(seconds=60)
    # A run is already waiting for the end of the lease: no sweeper needed.
    waiting = DBTaskResult.objects.filter(status="READY", queue_name="mail")
    assert waiting.filter(run_after__lte=held_until).exists()

    with time_machine.travel(held_until - timedelta(seconds=5), tick=False):
        tasks()  # still the dead worker's: nobody else sends them yet
    assert received(relay) == []

    with time_machine.travel(held_until + timedelta(seconds=1), tick=False):
        tasks()
    assert received(relay) == addresses
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}


def test_a_slow_sender_keeps_its_messages_past_the_lease_and_none_is_sent_twice(relay, settings):
    settings.MAIL_SENDING_LEASE_SECONDS = 2
    relay.mailbox.delay = 1.0  # four messages take twice the lease
    addresses = [f"saraban{n}@example.go.th" for n in range(4)]
    for to in addresses:
        queue_mail(to, "Subject", "Body")
    sent: list[int] = []

    def sender() -> None:
        try:
            sent.append(send_queued_mail.call("mail"))
        finally:
            connection.close()

    thread = threading.Thread(target=sender)
    thread.start()
    time.sleep(3)  # past the first lease, two messages still to go
    taken_by_another_worker = claim_due("mail")
    thread.join(timeout=30)

    assert taken_by_another_worker == []
    assert sent == [4]
    assert received(relay) == addresses
