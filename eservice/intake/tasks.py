from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from eservice.intake.models import Attachment, Draft, PostCount


@task()
def forget_old_drafts() -> int:
    """Unsubmitted drafts hold personal data for no purpose once abandoned (PDPA): after
    INTAKE_DRAFT_DAYS without a change they are deleted with their files, except a file a
    request also holds (files are stored once per content)."""
    cutoff = timezone.now() - timedelta(days=settings.INTAKE_DRAFT_DAYS)
    old = Draft.objects.filter(submitted__isnull=True, updated_at__lt=cutoff)
    with transaction.atomic():
        files = set(
            Attachment.objects.filter(draft__in=old, request__isnull=True).values_list(
                "file", flat=True
            )
        )
        Attachment.objects.filter(draft__in=old, request__isnull=True).delete()
        deleted, _by_model = old.delete()
        still_used = set(Attachment.objects.filter(file__in=files).values_list("file", flat=True))
    for name in files - still_used:
        default_storage.delete(name)
    return deleted


@task()
def forget_post_counts() -> int:
    """Rate-limit counts are needed for the current minute only."""
    minute = int(timezone.now().timestamp() // 60)
    deleted, _by_model = PostCount.objects.filter(minute__lt=minute - 2).delete()
    return deleted
