"""The queries that matter for case handling, in one place; their indexes are on
models.Case. Every query here is scoped to one agency: officers never see another's cases."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from eservice.cases.models import CLOSED, Case, due_soon_limit
from eservice.identity.models import User
from eservice.intake.models import Request
from eservice.registry.models import Agency

PAGE_SIZE = 25
OPEN_STATES = [s for s in Request.Status.values if s not in CLOSED]
# A reference has digits and no spaces (e.g. 4120401-2569-85331467-2); a name has neither.
REFERENCE = re.compile(r"[A-Za-z0-9-]*\d[A-Za-z0-9-]*")
QUICK_FILTERS = ("open", "overdue", "due_soon", "mine", "unassigned", "all")


@dataclass
class InboxFilter:
    view: str = "open"  # one of QUICK_FILTERS
    status: str = ""
    service: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params: dict[str, str]) -> "InboxFilter":
        view = params.get("view", "open")
        status = params.get("status", "")
        service = params.get("service", "")
        return cls(
            view=view if view in QUICK_FILTERS else "open",
            status=status if status in Request.Status.values else "",
            service=int(service) if service.isdigit() else None,
            q=params.get("q", "").strip()[:100],
        )


def _quick(view: str, user: User, today: date, soon: date) -> Q:
    """A quick filter, among the open cases (except "all"). It names only columns the inbox
    index holds, so PostgreSQL counts them without reading the table."""
    undecided = Q(decided_at=None, paused_since=None)
    return {
        "open": Q(),
        "overdue": undecided & Q(due_on__lt=today),
        "due_soon": undecided & Q(due_on__gte=today, due_on__lte=soon),
        "mine": Q(assignee=user),
        "unassigned": Q(assignee=None),
        "all": Q(),
    }[view]


def inbox(agency: Agency, user: User, f: InboxFilter) -> QuerySet[Case]:
    today = timezone.localdate()
    soon = due_soon_limit(agency.calendar(), today)
    cases = Case.objects.filter(agency=agency)
    if f.view != "all":
        cases = cases.filter(is_open=True)
    cases = cases.filter(_quick(f.view, user, today, soon))
    if f.status:
        cases = cases.filter(status=f.status)
    if f.service:
        cases = cases.filter(service_id=f.service)
    if f.q:
        if REFERENCE.fullmatch(f.q):
            # Exactly, through its index: people paste or read out a reference.
            cases = cases.filter(reference=f.q.upper())
        else:
            cases = cases.filter(applicant_name__icontains=f.q)
    return cases.select_related("assignee", "service").order_by("due_on", "pk")


def inbox_page(
    agency: Agency, user: User, f: InboxFilter, number: str | None, count: int | None = None
) -> Page:  # type: ignore[type-arg]
    """One page of the inbox. The filtering, ordering and paging read only the inbox index;
    the table is read for the 25 rows shown (a "deferred join")."""
    paginator = Paginator(inbox(agency, user, f).values_list("pk", flat=True), PAGE_SIZE)
    if count is not None:
        paginator.count = count  # already counted with the filters
    page = paginator.get_page(number)
    ids = list(page.object_list)
    rows = Case.objects.select_related("assignee", "service").in_bulk(ids)
    return Page([rows[pk] for pk in ids], page.number, paginator)  # type: ignore[arg-type]


def counts(agency: Agency, user: User) -> tuple[dict[str, int], dict[str, int]]:
    """How many open cases each quick filter and each state shows, in one pass over the
    inbox index."""
    today = timezone.localdate()
    soon = due_soon_limit(agency.calendar(), today)
    quick = {
        name: Count("pk", filter=_quick(name, user, today, soon))
        for name in QUICK_FILTERS
        if name not in ("open", "all")
    }
    states = {f"state_{s}": Count("pk", filter=Q(status=s)) for s in OPEN_STATES}
    result = Case.objects.filter(agency=agency, is_open=True).aggregate(
        open=Count("pk"), **quick, **states
    )
    by_filter = {name: result.get(name) or 0 for name in QUICK_FILTERS if name != "all"}
    by_state = {s: result[f"state_{s}"] for s in OPEN_STATES if result[f"state_{s}"]}
    return by_filter, by_state


def dashboard(agency: Agency) -> list[dict[str, object]]:
    """Per service: open, overdue, and the average working days taken against the manual."""
    today = timezone.localdate()
    rows = (
        Case.objects.filter(agency=agency)
        .values("service", "service__name_th", "service__name_en", "service__processing_days")
        .annotate(
            open=Count("pk", filter=Q(is_open=True)),
            overdue=Count(
                "pk",
                filter=Q(is_open=True, decided_at=None, paused_since=None, due_on__lt=today),
            ),
            decided=Count("pk", filter=Q(decided_at__isnull=False)),
            average_days=Avg("days_taken"),
            late_decisions=Count("pk", filter=Q(days_taken__gt=F("allowed_days"))),
        )
        .order_by("service__name_th")
    )
    result = []
    for row in rows:
        allowed = row["service__processing_days"]
        average = row["average_days"]
        result.append(
            {
                **row,
                "average_days": round(average, 1) if average is not None else None,
                "over_manual": allowed is not None and average is not None and average > allowed,
            }
        )
    return result


def late_notices(agency: Agency) -> QuerySet[Case]:
    """Decided cases whose result reached the applicant, or has still not reached them,
    later than the law's 7 days after the decision."""
    allowed = timedelta(days=settings.CASES_RESULT_NOTICE_DAYS)
    return (
        Case.objects.filter(agency=agency, decided_at__isnull=False)
        .filter(
            Q(result_notified_at=None, decided_at__lt=timezone.now() - allowed)
            | Q(result_notified_at__gt=F("decided_at") + allowed)
        )
        .select_related("request")
        .order_by("decided_at")
    )
