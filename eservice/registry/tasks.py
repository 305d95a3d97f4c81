"""Background work of the registry: verification bookkeeping, yearly re-verification,
the 15-day reminders (§22), daily completeness snapshots, imports started from the web."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from eservice.outreach.mail import queue_mail
from eservice.outreach.models import OutgoingMail
from eservice.registry import addresses, channels, queries
from eservice.registry.models import (
    Agency,
    Channel,
    ImportJob,
    Reminder,
    Snapshot,
    Verification,
)

REMINDER = _(
    "Dear %(agency)s,\n\nUnder section 20 of the Electronic Public Service Act B.E. 2565 every "
    "state agency announces its electronic channel, and the register of official e-mail "
    "addresses lists it. Your agency has no verified e-mail address in the register yet.\n\n"
    "Please register your central e-mail address (its name should start with saraban) and "
    "confirm it with the link we send to it:\n\n%(link)s\n\nIf your agency has no account "
    "yet, use 'Manage this agency' on that page. This reminder is sent every %(days)s days "
    "until an address is verified."
)


@task()
def check_channel_domain(channel_id: int) -> str:
    """The pluggable deliverability check; a domain that surely does not exist makes the
    channel need attention, an unknown answer changes nothing."""
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None or not channel.is_email:
        return "gone"
    result = addresses.check_domain(channel.address)
    if result.ok is False and channel.status == Channel.Status.PENDING:
        channels.needs_attention(channel, Channel.Attention.BOUNCED)
    return result.detail or "ok"


@task(queue_name="bulk")
def expire_verifications() -> int:
    """Channels whose latest link expired unused, or whose link could not be delivered,
    need attention."""
    now = timezone.now()
    latest = Verification.objects.filter(
        purpose=Verification.Purpose.CHANNEL, channel=OuterRef("pk")
    ).order_by("-created_at")
    candidates = Channel.objects.filter(
        kind__in=Channel.EMAIL_KINDS,
        status__in=[Channel.Status.PENDING, Channel.Status.VERIFIED],
    ).annotate(
        link_expires=Subquery(latest.values("expires_at")[:1]),
        link_used=Subquery(latest.values("used_at")[:1]),
        link_created=Subquery(latest.values("created_at")[:1]),
        mail_status=Subquery(latest.values("mail__status")[:1]),
    )
    count = 0
    for channel in candidates.filter(link_expires__isnull=False, link_used__isnull=True):
        # A verified channel only expires through a re-verification link sent after it.
        if channel.verified_at and channel.verified_at >= channel.link_created:
            continue
        if channel.mail_status == OutgoingMail.Status.FAILED:
            channels.needs_attention(channel, Channel.Attention.BOUNCED)
            count += 1
        elif channel.link_expires <= now:
            channels.needs_attention(channel, Channel.Attention.EXPIRED)
            count += 1
    return count


@task(queue_name="bulk")
def reverify_yearly() -> int:
    """A verified address is confirmed again every year (settings.REGISTRY_REVERIFY_DAYS)."""
    due = timezone.now() - timedelta(days=settings.REGISTRY_REVERIFY_DAYS)
    last_link = Verification.objects.filter(channel=OuterRef("pk")).order_by("-created_at")
    stale = (
        Channel.objects.filter(status=Channel.Status.VERIFIED, verified_at__lte=due)
        .annotate(last_link=Subquery(last_link.values("created_at")[:1]))
        .select_related("agency")
    )
    count = 0
    for channel in stale:
        if channel.last_link and channel.verified_at and channel.last_link > channel.verified_at:
            continue  # this year's link is already out
        channels.send_verification(channel, "system (yearly re-verification)")
        count += 1
    return count


def contacts(agency: Agency) -> list[str]:
    """Whatever address is known for an agency without a verified channel: its registered
    addresses, its officers, a contact from the import."""
    found = [
        c.address
        for c in agency.channels.all()
        if c.is_email and c.status != Channel.Status.VERIFIED
    ]
    found += [u.email for u in agency.officers.all() if u.email and u.is_active]
    if agency.contact_email:
        found.append(agency.contact_email)
    return list(dict.fromkeys(a.lower() for a in found))


@task(queue_name="bulk")
def chase_missing_channels() -> int:
    """§22: every 15 days, remind each agency that has no verified e-mail yet, at every
    address we know; stops by itself once an address is verified."""
    cutoff = timezone.now() - timedelta(days=settings.REGISTRY_REMINDER_DAYS)
    recently = Reminder.objects.filter(agency=OuterRef("pk"), sent_at__gt=cutoff)
    agencies = (
        Agency.objects.exclude(queries.verified_email())
        .exclude(Exists(recently))
        .prefetch_related("channels", "officers")
        .order_by("pk")
    )
    sent = 0
    for agency in agencies.iterator(chunk_size=500):
        to = contacts(agency)
        if not to:
            continue
        params = {
            "agency": agency.name_th,
            "link": channels.link_for_agency(agency),
            "days": settings.REGISTRY_REMINDER_DAYS,
        }
        with translation.override("th"):
            subject = str(_("Register and verify your agency's official e-mail address"))
        body = channels.bilingual_text(REMINDER, params)
        for address in to:
            mail = queue_mail(address, subject, body, purpose="registry.reminder", bulk=True)
            Reminder.objects.create(agency=agency, to=address, mail=mail)
            sent += 1
    return sent


@task(queue_name="bulk")
def take_snapshot() -> str:
    day = timezone.localdate()
    Snapshot.objects.update_or_create(day=day, defaults={"figures": queries.completeness()})
    return day.isoformat()


@task(queue_name="bulk")
def run_import(job_id: int) -> str:
    from eservice.registry.importer import ImportFileError, import_rows, read_rows

    job = ImportJob.objects.get(pk=job_id)
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        rows = read_rows(bytes(job.content), job.filename)
        report = import_rows(
            rows, dry_run=job.dry_run, actor=job.created_by, source="web import", progress=progress
        )
    except ImportFileError as error:
        job.status = ImportJob.Status.FAILED
        job.error = str(error.message)
        job.save(update_fields=["status", "error"])
        return "failed"
    except Exception:
        # The import's transaction has rolled back: the register is as it was.
        job.status = ImportJob.Status.FAILED
        job.error = str(_("The import stopped on an unexpected error; nothing was changed."))
        job.save(update_fields=["status", "error"])
        raise
    job.refresh_from_db(fields=["done", "total"])
    job.status = ImportJob.Status.DONE
    job.report = report.as_dict()
    job.content = b""  # the report is what is kept; an apply is a new upload
    job.save(update_fields=["status", "report", "content"])
    return "done"
