from django.db import models


class ScheduledRun(models.Model):
    """One row per periodic task per period: the unique constraint is what stops two
    schedulers from enqueuing the same job twice."""

    task_path = models.CharField(max_length=200)
    period_start = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task_path", "period_start"], name="one_run_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.task_path} @ {self.period_start:%Y-%m-%d %H:%M:%S}"


class WorkerHeartbeat(models.Model):
    """A running task worker touches its row every few seconds; /healthz reads them."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.IntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class AuditEntry(models.Model):
    """Append-only record of actions and of every view of personal data. Each entry carries
    the hash of the one before it, so an edit or a deletion breaks the chain
    (`manage.py verify_audit`)."""

    at = models.DateTimeField(db_index=True)
    actor = models.CharField(max_length=150, blank=True)  # username, "applicant", "system"
    ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=64)  # e.g. "request.view", "channel.verify"
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    agency_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Audit entries are never changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class AuditHead(models.Model):
    """The hash of the newest audit entry. Writers lock this one row to append in turn,
    and verify_audit compares it with the last entry; rewinding it too is caught by the
    signed checkpoints kept outside the database (eservice.lib.checkpoints)."""

    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.hash
