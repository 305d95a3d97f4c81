from datetime import timedelta

import pytest
from django.utils import timezone

from eservice.outreach.mail import queue_mail
from eservice.outreach.models import OutgoingMail
from eservice.outreach.tasks import requeue_stalled_mail, send_mail

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


def test_a_worker_sends_many_messages_over_one_connection(smtp_server, tasks):
    for n in range(3):
        queue_mail(f"saraban{n}@example.go.th", "Subject", "Body")

    tasks()

    assert len(smtp_server.mailbox.wait_for(3)) == 3
    assert len(set(smtp_server.mailbox.peers)) == 1


def test_a_failing_relay_keeps_the_mail_queued_with_the_reason_then_sends_it(smtp_server):
    smtp_server.stop()
    mail = queue_mail("saraban@example.go.th", "Subject", "Body")

    send_mail.call(mail.pk)

    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.attempts == 1
    assert "Connection refused" in mail.last_error or "Errno" in mail.last_error
    assert mail.next_attempt_at > timezone.now()
    assert smtp_server.mailbox.messages == []

    smtp_server.start()
    OutgoingMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    send_mail.call(mail.pk)

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
        send_mail.call(mail.pk)

    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.attempts == 2
    assert mail.last_error


def test_a_duplicate_task_for_the_same_mail_sends_nothing_more(smtp_server):
    mail = queue_mail("saraban@example.go.th", "Subject", "Body")
    send_mail.call(mail.pk)
    send_mail.call(mail.pk)
    assert len(smtp_server.mailbox.wait_for(1)) == 1
    assert send_mail.call(mail.pk) == "skipped"


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
