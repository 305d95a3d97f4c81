import smtplib
import threading
from collections.abc import Iterable
from datetime import timedelta
from types import TracebackType

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, Q
from django.tasks import task
from django.utils import timezone

from eservice.outreach.mail import deliver, record_failure
from eservice.outreach.models import OutgoingMail

# Messages claimed at once: a worker killed mid-batch leaves at most these to its lease.
BATCH = 20
# Messages one run sends before it hands over to a fresh task, about a second's worth: a
# national bulk send then holds a worker from other tasks, or a stopping worker from
# exiting, for no longer than that.
PER_RUN = 200


def sending_lease() -> timedelta:
    """How long a claimed message is kept from other workers (MAIL_SENDING_LEASE_SECONDS).
    A live sender renews it (Lease); a killed one's messages fall due when it runs out."""
    return timedelta(seconds=settings.MAIL_SENDING_LEASE_SECONDS)


class Lease:
    """Keeps the messages this worker claimed from other workers while it is alive: a thread
    pushes their lease on every third of it, even while one message holds the relay for
    long. A message is let go before its outcome is written, under the lock the renewal
    takes, so a renewal never undoes "sent" or a retry time."""

    def __init__(self) -> None:
        self._held: set[int] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, daemon=True)

    def hold(self, mails: Iterable[OutgoingMail]) -> None:
        with self._lock:
            self._held.update(m.pk for m in mails)

    def let_go(self, pks: Iterable[int]) -> None:
        with self._lock:
            self._held.difference_update(pks)

    def _renew(self) -> None:
        try:
            while not self._stop.wait(sending_lease().total_seconds() / 3):
                with self._lock:
                    OutgoingMail.objects.filter(
                        pk__in=self._held, status=OutgoingMail.Status.QUEUED
                    ).update(next_attempt_at=timezone.now() + sending_lease())
        finally:
            connection.close()  # the thread's own connection

    def __enter__(self) -> "Lease":
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()


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
        OutgoingMail.objects.filter(pk__in=ids).update(next_attempt_at=now + sending_lease())
    return list(OutgoingMail.objects.filter(pk__in=ids).order_by("pk"))


@task(queue_name="mail")
def send_queued_mail(queue: str) -> int:
    """Send what is due in a queue, batch by batch, over the worker's open relay
    connection. queue_mail() makes sure one of these waits whenever mail is queued; what is
    left queued at the end (retries, more than one run's worth) gets a run when it is due."""
    sent = 0
    with Lease() as lease:
        for batch_number in range(PER_RUN // BATCH):
            batch = claim_due(queue)
            if not batch:
                break
            lease.hold(batch)
            if batch_number == 0:
                # Should this worker be killed mid-send, a run is already set for when its
                # lease runs out, and another worker sends what it held.
                _wake_when_due(queue)
            sent_now, relay_down = _send(batch, lease)
            sent += sent_now
            if relay_down:
                break
    _wake_when_due(queue)
    return sent


def _send(batch: list[OutgoingMail], lease: Lease) -> tuple[int, bool]:
    """(messages sent, whether the relay is unreachable). When the relay cannot be reached
    the rest of the batch is handed back at once, to be tried with the failed message,
    rather than each waiting out its own time-out while the lease runs down."""
    sent = 0
    for index, mail in enumerate(batch):
        try:
            deliver(mail)
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            rest = [m.pk for m in batch[index + 1 :]]
            lease.let_go([mail.pk, *rest])
            record_failure(mail, error)
            OutgoingMail.objects.filter(pk__in=rest, status=OutgoingMail.Status.QUEUED).update(
                next_attempt_at=mail.next_attempt_at
            )
            return sent, True
        except Exception as error:
            lease.let_go([mail.pk])
            record_failure(mail, error)
            continue
        lease.let_go([mail.pk])
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
