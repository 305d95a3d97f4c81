import smtplib
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Min, Q
from django.tasks import task
from django.utils import timezone

from eservice.outreach.mail import deliver, record_failure
from eservice.outreach.models import OutgoingMail

# How long a worker owns a message while talking to the relay. Past it, a crashed send is
# picked up again (each run sets a run for when the next queued message falls due).
SENDING_LEASE = timedelta(minutes=15)
# Messages claimed at once: a worker killed mid-batch leaves at most these to its lease.
BATCH = 20
# Messages one run sends before it hands over to a fresh task, about a second's worth: a
# national bulk send then holds a worker from other tasks, or a stopping worker from
# exiting, for no longer than that.
PER_RUN = 200


def claim_due(queue: str, limit: int = BATCH) -> list[OutgoingMail]:
    """Take up to `limit` due messages of a queue for sending. Workers skip each other's
    rows (PostgreSQL) or take turns at the write lock (SQLite), and the lease keeps a
    claimed message from everyone else while the relay talks, without holding a lock."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(status=OutgoingMail.Status.QUEUED, queue=queue, next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        OutgoingMail.objects.filter(pk__in=ids).update(next_attempt_at=now + SENDING_LEASE)
    return list(OutgoingMail.objects.filter(pk__in=ids).order_by("pk"))


@task(queue_name="mail")
def send_queued_mail(queue: str) -> int:
    """Send what is due in a queue, batch by batch, over the worker's open relay
    connection. queue_mail() makes sure one of these waits whenever mail is queued; what is
    left queued at the end (retries, more than one run's worth) gets a run when it is due."""
    sent = 0
    for _batch in range(PER_RUN // BATCH):
        batch = claim_due(queue)
        if not batch:
            break
        sent_now, relay_down = _send(batch)
        sent += sent_now
        if relay_down:
            break
    _wake_when_due(queue)
    return sent


def _send(batch: list[OutgoingMail]) -> tuple[int, bool]:
    """(messages sent, whether the relay is unreachable). When the relay cannot be reached
    the rest of the batch is handed back at once, to be tried with the failed message,
    rather than each waiting out its own time-out while the lease runs down."""
    sent = 0
    for index, mail in enumerate(batch):
        try:
            deliver(mail)
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            record_failure(mail, error)
            rest = [m.pk for m in batch[index + 1 :]]
            OutgoingMail.objects.filter(pk__in=rest, status=OutgoingMail.Status.QUEUED).update(
                next_attempt_at=mail.next_attempt_at
            )
            return sent, True
        except Exception as error:
            record_failure(mail, error)
            continue
        # One message at a time: a worker killed mid-batch resends none that left. A plain
        # statement, as the ORM's update costs five times as much, for every message sent.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE outreach_outgoingmail SET status = %s, sent_at = %s,"
                " attempts = attempts + 1, last_error = '' WHERE id = %s",
                [
                    OutgoingMail.Status.SENT,
                    connection.ops.adapt_datetimefield_value(timezone.now()),
                    mail.pk,
                ],
            )
        sent += 1
    return sent, False


def _wake_when_due(queue: str) -> None:
    """A run at the time the next queued message of the queue falls due (a retry, or one
    leased by a worker that may have died), unless a run is already set for then."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    due = OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED, queue=queue).aggregate(
        at=Min("next_attempt_at")
    )["at"]
    if due is None:
        return
    waiting = DBTaskResult.objects.filter(
        Q(run_after__lte=max(due, timezone.now())) | Q(run_after=get_date_max()),  # or now
        status="READY",
        task_path=send_queued_mail.module_path,
        queue_name=queue,
    )
    if not waiting.exists():
        send_queued_mail.using(queue_name=queue, run_after=due).enqueue(queue)


def wake_sender(queue: str) -> None:
    """Make sure a sending task for the queue runs after the caller's transaction commits.
    One waiting task is enough, as it sends everything due when it starts; so a thousand
    messages queued at once make one task, not a thousand. The waiting task's row is locked
    until the caller commits (PostgreSQL; SQLite writers take turns anyway), so no worker
    can start it before it could see the caller's message."""
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic(savepoint=False):
        waiting = (
            DBTaskResult.objects.ready()
            # Skip a row another transaction holds: waiting for it could deadlock with a
            # transaction that took the audit log's lock first, and a second task is
            # harmless.
            .select_for_update(skip_locked=True)
            .filter(task_path=send_queued_mail.module_path, queue_name=queue)
            .order_by()
            .values_list("pk", flat=True)[:1]
        )
        if not list(waiting):
            send_queued_mail.using(queue_name=queue).enqueue(queue)


@task()
def requeue_stalled_mail() -> int:
    """A safety net: queued mail whose next attempt is long past (its task was lost with a
    crashed worker or a restored database) gets a sending task again."""
    stalled = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.QUEUED,
        next_attempt_at__lt=timezone.now() - timedelta(minutes=10),
    )
    queues = set(stalled.values_list("queue", flat=True).distinct())
    for queue in queues:
        wake_sender(queue)
    return stalled.count()
