"""Background work of the oversight office: measuring, the 15-day notice, the 60-day report."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from eservice.oversight import measure, notices, reports
from eservice.oversight.models import CabinetReport, Notice, NoticeDelivery


@task(queue_name="bulk")
def take_daily_figures() -> int:
    """Measure every agency and aggregate the day's figures for the dashboard."""
    measure.refresh_statuses()
    return measure.build_daily_figures()


@task(queue_name="bulk")
def send_notice(notice_id: int) -> int:
    """Queue one batch of a notice's copies, then hand the rest to a new task, so that a
    pause takes effect between batches and a lost worker loses at most one batch's time."""
    taken = notices.send_batch(notice_id, settings.OVERSIGHT_NOTICE_BATCH)
    if taken and Notice.objects.filter(pk=notice_id, status=Notice.Status.SENDING).exists():
        send_notice.enqueue(notice_id)
    return taken


def _made_within(latest: Notice | CabinetReport | None, days: int) -> bool:
    # A day's grace: the scheduler's periods and the last one made need not line up exactly.
    return latest is not None and latest.created_at > timezone.now() - timedelta(days=days - 1)


@task(queue_name="bulk")
def send_scheduled_notice() -> int | None:
    """§22: every 15 days, a notice to every agency, written from fresh measurements. None
    when the last scheduled one is younger than that (a restart or a repeated task)."""
    latest = Notice.objects.filter(scheduled=True).order_by("-created_at").first()
    if _made_within(latest, settings.OVERSIGHT_NOTICE_DAYS):
        return None
    measure.refresh_statuses()
    try:
        return notices.create_notice({}, scheduled=True).number
    except notices.EmptyAudience:
        return None


@task(queue_name="bulk")
def make_scheduled_report() -> int | None:
    """§22: every 60 days, the report to the Cabinet, with its PDF. None when the last report
    is younger than that (a restart or a repeated task)."""
    if _made_within(
        CabinetReport.objects.order_by("-created_at").first(), settings.OVERSIGHT_REPORT_DAYS
    ):
        return None
    measure.refresh_statuses()
    report = reports.make_report()
    reports.render_files(report)
    return report.number


@task(queue_name="bulk")
def render_report(report_id: int) -> None:
    report = CabinetReport.objects.get(pk=report_id)
    if not (report.pdf_th and report.pdf_en):
        reports.render_files(report)


@task()
def resume_stalled_notices() -> int:
    """A notice still sending whose last batch is long past lost its task with a worker:
    start a new one. A duplicate task is harmless; rows are taken under a lock."""
    stalled = (
        Notice.objects.filter(
            status=Notice.Status.SENDING,
            progress_at__lt=timezone.now() - timedelta(minutes=5),
            deliveries__status=NoticeDelivery.Status.PENDING,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    ids = list(stalled)
    for notice_id in ids:
        send_notice.enqueue(notice_id)
    return len(ids)
