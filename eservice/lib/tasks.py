from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from eservice.lib import checkpoints
from eservice.lib.models import ScheduledRun, WorkerHeartbeat


@task()
def forget_old_heartbeats() -> int:
    """Workers killed without a goodbye leave a row behind; keep a day for diagnosis."""
    day_ago = timezone.now() - timedelta(days=1)
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=day_ago).delete()
    forget_past_periods()
    return deleted


def forget_past_periods() -> None:
    """Drop the rows of periods that have ended. The current period's row must stay: it is
    what stops the scheduler from enqueuing a 60-day task again within its 60 days."""
    now = timezone.now()
    periods = dict(settings.PERIODIC_TASKS)
    for task_path, every in periods.items():
        ended = now - timedelta(seconds=every) - timedelta(days=1)
        ScheduledRun.objects.filter(task_path=task_path, period_start__lt=ended).delete()
    gone = ScheduledRun.objects.exclude(task_path__in=periods)
    gone.filter(period_start__lt=now - timedelta(days=30)).delete()


@task()
def write_audit_checkpoint() -> int | None:
    """Anchor the audit chain outside the database (see eservice.lib.checkpoints)."""
    checkpoint = checkpoints.write()
    return checkpoint.seq if checkpoint else None
