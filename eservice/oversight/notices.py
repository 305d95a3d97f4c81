"""The §22 notice: every agency (or a chosen group) is told what it still has to do and by
when, each in its own words, through the mail queue.

Exactly once: the notice's whole audience is written as PENDING rows up front (one per
agency, unique); a worker takes a chunk of rows with a lock and, in the same transaction,
queues each agency's e-mail and marks its row QUEUED. A worker killed mid-chunk rolls the
whole chunk back, mail included, so the next run sends it; a finished chunk is never taken
again.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eservice.lib.dates import format_date
from eservice.outreach.mail import queue_mail
from eservice.outreach.models import OutgoingMail
from eservice.oversight.measure import DUTIES, has_fields, missing_duties, model
from eservice.oversight.models import (
    AgencyStatus,
    GuideEdition,
    Level,
    Notice,
    NoticeDelivery,
    Step,
    Tool,
)

CHUNK = 100
AUDIENCE_KEYS = ("kind", "province", "level", "compliance")


class EmptyAudience(Exception):
    message = gettext_lazy(
        "No agency matches this group. Widen the group (kind, province, level or compliance) "
        "and try again."
    )


def audience(filters: dict[str, str]) -> QuerySet[AgencyStatus]:
    statuses = AgencyStatus.objects.all()
    if filters.get("kind"):
        statuses = statuses.filter(kind=filters["kind"])
    if filters.get("province"):
        statuses = statuses.filter(province=filters["province"])
    if str(filters.get("level", "")).isdigit():
        statuses = statuses.filter(overall=int(filters["level"]))
    if filters.get("compliance") in ("compliant", "not_compliant"):
        statuses = statuses.filter(compliant=filters["compliance"] == "compliant")
    return statuses


def create_notice(
    filters: dict[str, str],
    *,
    user: Any = None,
    scheduled: bool = False,
    message_th: str = "",
    message_en: str = "",
) -> Notice:
    """Write the notice and one PENDING copy per agency of the group, and start sending.
    Raises EmptyAudience when no agency is in the group."""
    from eservice.oversight.tasks import send_notice

    clean = {k: str(filters.get(k) or "") for k in AUDIENCE_KEYS}
    for attempt in range(3):
        try:
            with transaction.atomic():
                agency_ids = list(audience(clean).values_list("agency_id", flat=True))
                if not agency_ids:
                    raise EmptyAudience
                number = (Notice.objects.aggregate(n=models.Max("number"))["n"] or 0) + 1
                notice = Notice.objects.create(
                    number=number,
                    created_by=user,
                    audience=clean,
                    respond_by=timezone.localdate()
                    + timedelta(days=settings.OVERSIGHT_NOTICE_DAYS),
                    message_th=message_th,
                    message_en=message_en,
                    scheduled=scheduled,
                )
                NoticeDelivery.objects.bulk_create(
                    (NoticeDelivery(notice=notice, agency_id=a) for a in agency_ids),
                    batch_size=2000,
                )
                send_notice.enqueue(notice.pk)
            return notice
        except IntegrityError:
            if attempt == 2:  # two notices numbered at once, three times over
                raise
    raise AssertionError("unreachable")


def recipients(agency_ids: list[int]) -> dict[int, str]:
    """Where each agency's notice goes: its verified central e-mail, else another verified
    address of the agency, else the contact address on record, else its administrator."""
    found: dict[int, str] = {}
    channel = model("registry.Channel")
    if has_fields(channel, "agency", "kind", "status", "address"):
        assert channel is not None
        rows = channel._default_manager.filter(
            agency_id__in=agency_ids, status="verified", kind__in=["central_email", "unit_email"]
        ).values_list("agency_id", "kind", "address")
        for agency_id, _kind, address in sorted(rows, key=lambda r: r[1] != "central_email"):
            found.setdefault(agency_id, address)
    from eservice.registry.models import Agency

    missing = [a for a in agency_ids if a not in found]
    if missing and has_fields(Agency, "contact_email"):
        for agency_id, address in (
            Agency.objects.filter(pk__in=missing)
            .exclude(contact_email="")
            .values_list("pk", "contact_email")
        ):
            found.setdefault(agency_id, address)
    missing = [a for a in agency_ids if a not in found]
    if missing:
        from eservice.identity.models import User

        for agency_id, address in (
            User.objects.filter(agency_id__in=missing, is_active=True)
            .exclude(email="")
            .order_by(models.Case(models.When(role=User.Role.AGENCY_ADMIN, then=0), default=1))
            .values_list("agency_id", "email")
        ):
            found.setdefault(agency_id, address)
    return found


def next_tools(edition: GuideEdition | None) -> dict[tuple[str, int], list[Tool]]:
    tools: dict[tuple[str, int], list[Tool]] = {}
    if edition is not None:
        for tool in edition.tools.all():
            tools.setdefault((tool.step, tool.level), []).append(tool)
    return tools


def wording(notice: Notice) -> dict[str, dict[str, Any]]:
    """Every fixed phrase of the notice, translated once per language for a whole batch:
    thousands of copies differ only in the agency's gaps."""
    words: dict[str, dict[str, Any]] = {}
    for language in ("th", "en"):
        with translation.override(language):
            words[language] = {
                "subject": _(
                    "Notice no. %(number)s of duties under the Electronic Public Service Act"
                )
                % {"number": notice.number},
                "to": _("To: %(agency)s"),
                "intro": _(
                    "Under section 22 of the Electronic Public Service Act B.E. 2565, the "
                    "Office of the Public Sector Development Commission reminds every state "
                    "agency of its duties."
                ),
                "message": notice.message_en if language == "en" else notice.message_th,
                "complete_by": _("Please complete by %(date)s:")
                % {"date": format_date(notice.respond_by, language)},
                "all_done": _("Your agency meets every duty under section 20. Thank you."),
                "behind": _(
                    "Steps still below the standard level, and the guide's tools for them:"
                ),
                "page": _("Your agency's readiness page: %(url)s"),
                "safety": _(
                    "This notice never asks for passwords, bank accounts or payments. If a "
                    "message in our name does, do not answer it."
                ),
                "duties": {k: str(v) for k, v in DUTIES.items()},
                "steps": {step.value: str(step.label) for step in Step},
                "levels": {level.value: str(level.label) for level in Level},
                "readiness": settings.SITE_URL + reverse("oversight:readiness", args=[0]),
            }
    return words


def agency_text(
    w: dict[str, Any],
    agency: Any,
    status: AgencyStatus | None,
    tools: dict[tuple[str, int], list[Tool]],
    language: str,
) -> str:
    """The body in one language, written from this agency's own gaps."""
    lines = [w["to"] % {"agency": agency.name_th}, "", w["intro"]]
    if w["message"]:
        lines += ["", w["message"]]
    duties = missing_duties(status) if status else list(settings.OVERSIGHT_DUTIES)
    lines.append("")
    if duties:
        lines.append(w["complete_by"])
        lines += [f"- {w['duties'][d]}" for d in duties]
    else:
        lines.append(w["all_done"])
    behind = [step for step in Step if status is None or status.level_of(step) < Level.STANDARD]
    if behind:
        lines += ["", w["behind"]]
        for step in behind:
            level = (status.level_of(step) if status else 0) + 1
            names = ", ".join(
                (t.name_en or t.name_th) if language == "en" else t.name_th
                for t in tools.get((step, level), [])
            )
            lines.append(f"- {w['steps'][step]} ({w['levels'][level]}): {names or '-'}")
    url = w["readiness"].replace("/0/", f"/{agency.pk}/")
    lines += ["", w["page"] % {"url": url}, w["safety"]]
    return "\n".join(lines)


def render_mail(
    words: dict[str, dict[str, Any]],
    agency: Any,
    status: AgencyStatus | None,
    tools: dict[tuple[str, int], list[Tool]],
) -> tuple[str, str]:
    """Subject and body: Thai first, then English."""
    thai = agency_text(words["th"], agency, status, tools, "th")
    english = agency_text(words["en"], agency, status, tools, "en")
    return words["th"]["subject"], f"{thai}\n\n-----\n\n{english}"


def send_batch(notice_id: int, limit: int) -> int:
    """Queue up to `limit` pending copies of a notice. Returns how many rows it took."""
    from eservice.registry.models import Agency

    notice = Notice.objects.get(pk=notice_id)
    tools = next_tools(GuideEdition.current())
    words = wording(notice)
    taken = 0
    while taken < limit:
        notice.refresh_from_db(fields=["status"])
        if notice.status != Notice.Status.SENDING:
            break
        with transaction.atomic():
            chunk = list(
                NoticeDelivery.objects.select_for_update(skip_locked=True)
                .filter(notice_id=notice_id, status=NoticeDelivery.Status.PENDING)
                .order_by("pk")[: min(CHUNK, limit - taken)]
            )
            if not chunk:
                Notice.objects.filter(pk=notice_id, status=Notice.Status.SENDING).update(
                    status=Notice.Status.DONE, progress_at=timezone.now()
                )
                break
            ids = [d.agency_id for d in chunk]
            agencies = Agency.objects.in_bulk(ids)
            statuses = AgencyStatus.objects.in_bulk(ids)
            addresses = recipients(ids)
            for delivery in chunk:
                address = addresses.get(delivery.agency_id, "")
                if not address:
                    delivery.status = NoticeDelivery.Status.NO_ADDRESS
                    continue
                subject, body = render_mail(
                    words, agencies[delivery.agency_id], statuses.get(delivery.agency_id), tools
                )
                delivery.mail = queue_mail(
                    address,
                    subject,
                    body,
                    purpose="oversight_notice",
                    headers={"X-Eservice-Notice": str(notice.number)},
                    bulk=True,
                )
                delivery.to = address
                delivery.status = NoticeDelivery.Status.QUEUED
            NoticeDelivery.objects.bulk_update(chunk, ["status", "to", "mail"])
            Notice.objects.filter(pk=notice_id).update(progress_at=timezone.now())
        taken += len(chunk)
    return taken


def pause(notice: Notice) -> bool:
    return bool(
        Notice.objects.filter(pk=notice.pk, status=Notice.Status.SENDING).update(
            status=Notice.Status.PAUSED
        )
    )


def resume(notice: Notice) -> bool:
    from eservice.oversight.tasks import send_notice

    with transaction.atomic():
        resumed = Notice.objects.filter(pk=notice.pk, status=Notice.Status.PAUSED).update(
            status=Notice.Status.SENDING, progress_at=timezone.now()
        )
        if resumed:
            send_notice.enqueue(notice.pk)
    return bool(resumed)


def with_counts(notices: QuerySet[Notice]) -> QuerySet[Notice]:
    """Each notice with its audience size and how its copies fared."""
    sent = OutgoingMail.Status.SENT
    failed = OutgoingMail.Status.FAILED
    d = "deliveries"
    return notices.annotate(
        total=Count(d),
        pending=Count(d, filter=Q(deliveries__status=NoticeDelivery.Status.PENDING)),
        delivered=Count(d, filter=Q(deliveries__mail__status=sent)),
        failed=Count(
            d,
            filter=Q(deliveries__mail__status=failed)
            | Q(deliveries__status=NoticeDelivery.Status.NO_ADDRESS),
        ),
    )
