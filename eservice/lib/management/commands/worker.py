"""The task worker: django-tasks-db's db_worker, plus a heartbeat that /healthz can see, both
carried on through a busy or dropped database (ADR 0012)."""

import os
import socket
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from eservice.lib.models import WorkerHeartbeat
from eservice.lib.retry import is_transient, recover, retry_transient
from eservice.lib.warm import load_the_platform


def _beat(worker_id: str, stop: threading.Event) -> None:
    try:
        while not stop.is_set():
            try:
                WorkerHeartbeat.objects.update_or_create(
                    worker_id=worker_id,
                    defaults={
                        "hostname": socket.gethostname(),
                        "pid": os.getpid(),
                        "seen_at": timezone.now(),
                    },
                )
            except DatabaseError as error:
                # The next beat is the retry: a missed one only ages the row a little.
                if not is_transient(error):
                    raise
                recover(error, what="heartbeat", pause=settings.WORKER_HEARTBEAT_SECONDS)
            stop.wait(settings.WORKER_HEARTBEAT_SECONDS)
    finally:
        connection.close()


class Worker(db_worker.Worker):
    def run(self) -> None:
        # db_worker forgives a lock met while reading the queue, but not one met when its
        # transaction begins, nor a dropped connection: either ended the process.
        retry_transient(super().run, what="worker")

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # A task that ran must not stay "running" for ever because the database was busy or
        # gone as its outcome was written: keep trying to write it.
        for outcome in ("set_successful", "set_failed"):
            write = getattr(db_task_result, outcome)
            setattr(db_task_result, outcome, _keep_trying(write))
        super().run_task(db_task_result)


def _keep_trying(write: Callable[[Any], None]) -> Callable[[Any], None]:
    return lambda value: retry_transient(lambda: write(value), what="recording a task's outcome")


class Command(db_worker.Command):
    help = "Run background tasks from every queue, and report a heartbeat for /healthz."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        # db_worker.Command.handle, less --reload, with the Worker above.
        if options["reload"]:
            raise CommandError("The worker does not reload; restart it after a change.")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        queue_names = options["queue_name"].split(",")
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        self.configure_logging(options["verbosity"])
        load_the_platform()
        worker_id = options["worker_id"]
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
        )
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(worker_id, stop), daemon=True)
        if not options["batch"]:
            beat.start()
        try:
            worker.configure_signals()
            worker.run()
        finally:
            stop.set()
            if beat.is_alive():
                beat.join()  # its last write must land before the row is removed
            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
