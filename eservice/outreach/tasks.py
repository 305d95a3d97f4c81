from datetime import timedelta

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from eservice.outreach.mail import deliver, record_failure
from eservice.outreach.models import OutgoingMail

# How long a worker owns a message while talking to the relay. Past it, a crashed send is
# picked up again by requeue_stalled_mail.
SENDING_LEASE = timedelta(minutes=15)


def claim(mail_id: int) -> OutgoingMail | None:
    """Take the message for sending, unless it is sent, given up, not due, or another
    worker holds it. One conditional UPDATE, so no lock is held while the relay talks."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(
        pk=mail_id, status=OutgoingMail.Status.QUEUED, next_attempt_at__lte=now
    ).update(next_attempt_at=now + SENDING_LEASE)
    return OutgoingMail.objects.get(pk=mail_id) if claimed else None


@task(queue_name="mail")
def send_mail(mail_id: int) -> str:
    mail = claim(mail_id)
    if mail is None:
        return "skipped"
    try:
        deliver(mail)
    except Exception as error:
        if record_failure(mail, error):
            send_mail.using(queue_name=mail.queue, run_after=mail.next_attempt_at).enqueue(mail.pk)
        return mail.status
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        last_error="",
    )
    return OutgoingMail.Status.SENT


@task()
def requeue_stalled_mail() -> int:
    """A safety net: queued mail whose next attempt is long past (its task was lost with a
    crashed worker or a restored database) gets a new task. Duplicate tasks are harmless:
    claim() lets only one of them send."""
    stalled = list(
        OutgoingMail.objects.filter(
            status=OutgoingMail.Status.QUEUED,
            next_attempt_at__lt=timezone.now() - timedelta(minutes=10),
        ).values_list("pk", "queue")[:5000]
    )
    for pk, queue in stalled:
        send_mail.using(queue_name=queue).enqueue(pk)
    return len(stalled)
