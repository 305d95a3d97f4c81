from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from eservice.lib.models import WorkerHeartbeat


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def live_workers() -> int:
    since = timezone.now() - timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)
    try:
        return WorkerHeartbeat.objects.filter(seen_at__gte=since).count()
    except Exception:
        return 0
