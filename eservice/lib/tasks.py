from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from eservice.lib import checkpoints
from eservice.lib.models import ScheduledRun, WorkerHeartbeat


@task()
def forget_old_heartbeats() -> int:
    """Workers killed without a goodbye leave a row behind; keep a day for diagnosis."""
    day_ago = timezone.now() - timedelta(days=1)
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=day_ago).delete()
    ScheduledRun.objects.filter(period_start__lt=timezone.now() - timedelta(days=30)).delete()
    return deleted


@task()
def write_audit_checkpoint() -> int | None:
    """Anchor the audit chain outside the database (see eservice.lib.checkpoints)."""
    checkpoint = checkpoints.write()
    return checkpoint.seq if checkpoint else None
