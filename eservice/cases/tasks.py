from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_noop

from eservice.cases import notices
from eservice.cases.models import Case
from eservice.intake.models import Request


@task(queue_name="bulk")
def send_progress_notices(limit: int = 1000) -> int:
    """Every 7 days while a request is undecided, tell the applicant where it stands
    (Licensing Facilitation Act). Counted from receipt, then from the last notice."""
    now = timezone.now()
    due = now - timedelta(days=settings.CASES_PROGRESS_NOTICE_DAYS)
    cases = (
        Case.objects.filter(is_open=True, decided_at=None)
        .annotate(last=Coalesce("progress_notified_at", "request__deemed_received_at"))
        .filter(last__lte=due)
        .exclude(Q(request__applicant_email="") | Q(request__paper_requested=True))
        .select_related("request", "agency")
        .order_by("last")[:limit]
    )
    sent = 0
    for case in cases:
        notices.send(
            case,
            "progress",
            # Translators: subject of the 7-day progress notice.
            gettext_noop("Progress of your request %(reference)s"),
            {"status": Request.Status(case.status).label},
            bulk=True,
        )
        Case.objects.filter(pk=case.pk).update(progress_notified_at=now)
        sent += 1
    return sent
