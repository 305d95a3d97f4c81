"""Enqueue the periodic tasks of settings.PERIODIC_TASKS, each once per period.

Safe to run on several machines at once: a unique row per (task, period) decides which
scheduler enqueues, in the same transaction as the task itself. A busy or dropped database
only delays it (ADR 0012).
"""

import time
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from eservice.lib.models import ScheduledRun
from eservice.lib.retry import retry_transient


def period_start(now: datetime, every_seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % every_seconds, tz=UTC)


def enqueue_due(now: datetime) -> list[str]:
    enqueued = []
    for task_path, every in settings.PERIODIC_TASKS:
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(
                    task_path=task_path, period_start=period_start(now, every)
                )
                import_string(task_path).enqueue()
        except IntegrityError:
            continue  # another scheduler (or an earlier loop) already did this period
        enqueued.append(task_path)
    return enqueued


class Command(BaseCommand):
    help = "Enqueue periodic background tasks (reminders, notices, snapshots) on time."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between checks.")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        while True:
            # Safe to repeat after a busy or dropped database: a period done is not done again.
            enqueued = retry_transient(lambda: enqueue_due(datetime.now(tz=UTC)), what="scheduler")
            for task_path in enqueued:
                self.stdout.write(f"enqueued {task_path}")
            if once:
                return
            time.sleep(interval)
