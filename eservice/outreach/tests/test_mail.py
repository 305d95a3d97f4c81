from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from email.policy import compat32

import pytest
from django.utils import timezone

from eservice.outreach.mail import queue_mail
from eservice.outreach.models import OutgoingMail
from eservice.outreach.tasks import BATCH, requeue_stalled_mail, send_queued_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_queued_mail_reaches_the_smtp_server_once(smtp_server, tasks):
    mail = queue_mail("saraban@bangbuathong.go.th", "เรื่อง ทดสอบ", "สวัสดีครับ")

    tasks()
    tasks()  # a second run finds nothing left to send

    received = smtp_server.mailbox.wait_for(1)
    assert len(received) == 1
    assert received[0]["To"] == "saraban@bangbuathong.go.th"
    assert received[0]["Subject"] == "เรื่อง ทดสอบ"
    assert "สวัสดีครับ" in received[0].get_content()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert mail.attempts == 1
    assert mail.sent_at is not None


def test_every_part_of_a_thai_message_arrives_as_written(smtp_server, tasks, settings):
    """The worker builds messages itself (faster than Django's builder): Thai in the sender's
    name, subject and both bodies, the reply address and threading headers all arrive
    intact, and a line break smuggled into a header cannot start a header of its own."""
    settings.DEFAULT_FROM_EMAIL = "เทศบาลเมืองบางบัวทอง <no-reply@bangbuathong.go.th>"
    subject = "ได้รับคำขอแล้ว: 4120401-2569-00000017-3 / Request received"
    queue_mail(
        "somying@example.com",
        subject + "\nBcc: victim@example.com",
        "เราได้รับคำขอของท่านแล้ว\nWe have received your request.\n",
        html_body="<p>เราได้รับคำขอของท่านแล้ว</p>",
        reply_to="r+17.abc@bangbuathong.go.th",
        headers={"In-Reply-To": "<first@example.com>", "Auto-Submitted": "auto-replied"},
    )

    tasks()

    (message,) = smtp_server.mailbox.wait_for(1)
    raw = smtp_server.mailbox.envelopes[0].original_content
    # The sender's name, read as RFC 2047 says (the space between two encoded words is not
    # part of the text), as mail clients do; Python's address parser would keep it.
    sender = message_from_bytes(raw, policy=compat32)["From"]
    assert str(make_header(decode_header(sender))) == (
        "เทศบาลเมืองบางบัวทอง <no-reply@bangbuathong.go.th>"
    )
    head, _blank, _body = raw.partition(b"\r\n\r\n")
    assert max(len(line) for line in head.split(b"\r\n")) <= 78  # encoded words fit (RFC 2047)
    assert message["Subject"] == subject + " Bcc: victim@example.com"
    assert message["Bcc"] is None
    assert message["Reply-To"] == "r+17.abc@bangbuathong.go.th"
    assert message["In-Reply-To"] == "<first@example.com>"
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["Message-ID"] == OutgoingMail.objects.get().message_id
    assert message["Date"].datetime is not None
    text = message.get_body(("plain",)).get_content()
    assert text.replace("\r\n", "\n") == "เราได้รับคำขอของท่านแล้ว\nWe have received your request.\n"
    assert message.get_body(("html",)).get_content() == "<p>เราได้รับคำขอของท่านแล้ว</p>"


def test_a_worker_sends_many_messages_over_one_connection(smtp_server, tasks):
    for n in range(3):
        queue_mail(f"saraban{n}@example.go.th", "Subject", "Body")

    tasks()

    assert len(smtp_server.mailbox.wait_for(3)) == 3
    assert len(set(smtp_server.mailbox.peers)) == 1


def test_a_failing_relay_keeps_the_mail_queued_with_the_reason_then_sends_it(smtp_server):
    smtp_server.stop()
    mail = queue_mail("saraban@example.go.th", "Subject", "Body")

    send_queued_mail.call("mail")

    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.attempts == 1
    assert "Connection refused" in mail.last_error or "Errno" in mail.last_error
    assert mail.next_attempt_at > timezone.now()
    assert smtp_server.mailbox.messages == []

    smtp_server.start()
    OutgoingMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    send_queued_mail.call("mail")

    assert len(smtp_server.mailbox.wait_for(1)) == 1
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert mail.attempts == 2
    assert mail.last_error == ""


def test_mail_is_given_up_after_the_last_attempt_and_the_reason_kept(smtp_server, settings):
    smtp_server.stop()
    settings.MAIL_MAX_ATTEMPTS = 2
    mail = queue_mail("saraban@example.go.th", "Subject", "Body")

    for _ in range(2):
        OutgoingMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
        send_queued_mail.call("mail")

    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.attempts == 2
    assert mail.last_error


def test_a_second_run_sends_nothing_more(smtp_server):
    queue_mail("saraban@example.go.th", "Subject", "Body")
    assert send_queued_mail.call("mail") == 1
    assert send_queued_mail.call("mail") == 0
    assert len(smtp_server.mailbox.wait_for(1)) == 1


def test_mail_queued_together_is_sent_by_one_task_in_batches(smtp_server, tasks):
    from django_tasks_db.models import DBTaskResult

    for n in range(BATCH + 5):
        queue_mail(f"saraban{n}@example.go.th", "Subject", "Body")
    queue_mail("everyone@example.go.th", "Notice", "Body", bulk=True)

    # One waiting task per queue, however many messages: each run sends all that is due.
    assert sorted(DBTaskResult.objects.values_list("queue_name", flat=True)) == ["bulk", "mail"]
    tasks()

    assert len(smtp_server.mailbox.wait_for(BATCH + 6)) == BATCH + 6
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}


def test_mail_claimed_by_another_worker_is_left_to_it(smtp_server):
    mail = queue_mail("saraban@example.go.th", "Subject", "Body")
    # Another worker holds the lease while its relay talks.
    OutgoingMail.objects.filter(pk=mail.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=15)
    )
    assert send_queued_mail.call("mail") == 0
    assert smtp_server.mailbox.messages == []


def test_stalled_mail_gets_a_new_task(smtp_server, tasks):
    mail = queue_mail("saraban@example.go.th", "Subject", "Body")
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # the task was lost
    OutgoingMail.objects.filter(pk=mail.pk).update(
        next_attempt_at=timezone.now() - timedelta(hours=1)
    )

    assert requeue_stalled_mail.call() == 1
    tasks()

    assert len(smtp_server.mailbox.wait_for(1)) == 1


def test_mail_rolled_back_with_its_caller_is_never_sent(smtp_server, tasks):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_mail("saraban@example.go.th", "Subject", "Body")
        raise RuntimeError("the request failed")

    tasks()
    assert OutgoingMail.objects.count() == 0
    assert smtp_server.mailbox.messages == []


def test_no_worker_starts_the_waiting_task_before_the_new_mail_is_committed(smtp_server):
    """Otherwise the task could run, find nothing yet, and leave the new mail waiting."""
    from django.db import connection, connections, transaction
    from django_tasks_db.models import DBTaskResult

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: a worker cannot claim mid-transaction")
    queue_mail("first@example.go.th", "Subject", "Body")  # a task now waits

    def worker_claims() -> list[tuple[object, ...]]:
        # What db_worker does, on its own connection, while the caller's transaction is open.
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
                    " FOR UPDATE SKIP LOCKED"
                )
                found = cursor.fetchall()
                cursor.execute("ROLLBACK")
            return found
        finally:
            other.close()

    with transaction.atomic():
        queue_mail("second@example.go.th", "Subject", "Body")
        assert worker_claims() == []  # locked until the caller commits
    assert len(worker_claims()) == 1  # then the one waiting task sends both
    assert DBTaskResult.objects.count() == 1


def test_when_the_relay_is_down_the_rest_of_the_batch_waits_for_the_next_run(smtp_server):
    from django_tasks_db.models import DBTaskResult

    smtp_server.stop()
    first, *rest = [queue_mail(f"s{n}@example.go.th", "Subject", "Body") for n in range(3)]
    DBTaskResult.objects.all().delete()  # the worker has taken the waiting task

    assert send_queued_mail.call("mail") == 0

    first.refresh_from_db()
    assert first.attempts == 1 and first.last_error
    for mail in rest:
        mail.refresh_from_db()
        # Not tried, so not counted as an attempt; due again with the one that failed.
        assert (mail.attempts, mail.next_attempt_at) == (0, first.next_attempt_at)
    assert DBTaskResult.objects.filter(status="READY", run_after=first.next_attempt_at).exists()


def test_each_retry_gets_a_run_when_it_falls_due(smtp_server, tasks):
    import time_machine
    from django_tasks_db.models import DBTaskResult

    soon, later = (queue_mail(f"s{n}@example.go.th", "Subject", "Body") for n in range(2))
    now = timezone.now()
    OutgoingMail.objects.filter(pk=soon.pk).update(next_attempt_at=now - timedelta(seconds=1))
    OutgoingMail.objects.filter(pk=later.pk).update(next_attempt_at=now + timedelta(minutes=4))
    DBTaskResult.objects.all().delete()

    assert send_queued_mail.call("mail") == 1  # the one due now

    # The other is not forgotten until the sweeper: a run waits for the end of the sending
    # lease (had this worker died), and that run, finding nothing due, sets one for the
    # moment the retry is.
    first = DBTaskResult.objects.get(status="READY")
    assert first.run_after <= now + timedelta(minutes=4)
    with time_machine.travel(first.run_after, tick=False):
        tasks()
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after == now + timedelta(minutes=4)


def test_queuing_mail_and_writing_the_audit_log_in_either_order_never_deadlock(smtp_server):
    """A submission queues its acknowledgement, then writes the audit log; an officer's
    action writes the audit log, then queues a notice. On PostgreSQL each holds its first
    lock while it waits for the second."""
    import threading

    from django.db import connection, connections, transaction

    from eservice.lib import audit

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: there is no lock order to get wrong")
    queue_mail("first@example.go.th", "Subject", "Body")  # a task now waits
    both_hold_their_first_lock = threading.Barrier(2, timeout=10)
    failures: list[BaseException] = []

    def run(first_mail: bool) -> None:
        try:
            with transaction.atomic():
                if first_mail:
                    queue_mail("applicant@example.com", "Received", "Body")
                else:
                    audit.record("case.move", actor="officer")
                both_hold_their_first_lock.wait()
                if first_mail:
                    audit.record("request.submit", actor="web")
                else:
                    queue_mail("applicant@example.com", "Status", "Body")
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(flag,)) for flag in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert failures == []
    assert OutgoingMail.objects.count() == 3


def test_tasks_waiting_to_send_one_message_are_turned_into_sends_of_their_queue(smtp_server):
    """What the 0002 migration does for tasks queued before mail was sent per queue."""
    import importlib

    from django.apps import apps
    from django_tasks_db.models import DBTaskResult

    mail = queue_mail("saraban@example.go.th", "Subject", "Body")
    DBTaskResult.objects.update(
        task_path="eservice.outreach.tasks.send_mail", args_kwargs={"args": [mail.pk], "kwargs": {}}
    )
    migration = importlib.import_module(
        "eservice.outreach.migrations.0002_send_queued_mail_per_queue"
    )

    migration.per_queue(apps, None)

    task = DBTaskResult.objects.get()
    assert task.task_path == send_queued_mail.module_path
    assert task.task_result.args == ["mail"]
    assert task.task.call(*task.task_result.args) == 1
    assert len(smtp_server.mailbox.wait_for(1)) == 1
