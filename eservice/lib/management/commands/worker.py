"""The task worker: django-tasks-db's db_worker, plus a heartbeat that /healthz can see."""

import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from eservice.lib.models import WorkerHeartbeat


def _beat(worker_id: str, stop: threading.Event) -> None:
    try:
        while not stop.is_set():
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id,
                defaults={
                    "hostname": socket.gethostname(),
                    "pid": os.getpid(),
                    "seen_at": timezone.now(),
                },
            )
            stop.wait(settings.WORKER_HEARTBEAT_SECONDS)
    finally:
        connection.close()


class Command(db_worker.Command):
    help = "Run background tasks from every queue, and report a heartbeat for /healthz."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"]
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(worker_id, stop), daemon=True)
        if not options["batch"]:
            beat.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            if beat.is_alive():
                beat.join()  # its last write must land before the row is removed
            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
