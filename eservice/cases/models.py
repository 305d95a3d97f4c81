"""An officer's side of a request: who handles it, its legal clock, the one-time deficiency
request, messages to the applicant and notes the applicant never sees.

The request itself (what the applicant sent, and its state) belongs to intake; a Case is
created beside every Request and keeps what case handling adds.
"""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eservice.intake.models import Request

S = Request.Status

# Closed for good: nothing more happens to the request.
CLOSED = frozenset({S.COMPLETED, S.REJECTED, S.WITHDRAWN, S.FORWARDED, S.CLOSED_INCOMPLETE})
# The decision is made (the result must reach the applicant within 7 days); the rest is
# fee, issuing and hand-over.
DECIDED = frozenset(
    {
        S.APPROVED,
        S.AWAITING_FEE,
        S.PAID,
        S.ISSUING,
        S.COMPLETED,
        S.REJECTED,
        S.FORWARDED,
        S.CLOSED_INCOMPLETE,
    }
)
# The clock stops while the agency waits for the applicant.
PAUSED = frozenset({S.DEFICIENCIES_REQUESTED})


class Transition(models.Model):
    """One move of a request from a state to another: who, when, why. The case history."""

    request = models.ForeignKey(
        "intake.Request", on_delete=models.PROTECT, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=16)
    to_status = models.CharField(_("to"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request}: {self.from_status} -> {self.to_status}"

    def from_label(self) -> str:
        return str(S(self.from_status).label)

    def to_label(self) -> str:
        return str(S(self.to_status).label)


class Case(models.Model):
    """What case handling keeps about one request. `agency`, `service` and `status` repeat
    the request's so that the inbox is one indexed query; only workflow.move() changes the
    status, and it changes both in one transaction."""

    request = models.OneToOneField(
        "intake.Request", primary_key=True, on_delete=models.PROTECT, related_name="case"
    )
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "catalogue.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=S.choices, default=S.SUBMITTED)
    is_open = models.BooleanField(default=True)
    # Copies of what the inbox shows and searches, so it reads one table.
    reference = models.CharField(_("reference"), max_length=40, db_index=True)
    applicant_name = models.CharField(_("applicant"), max_length=255)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.CharField(_("unit handling it"), max_length=150, blank=True)
    forwarded_to = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The legal clock, in working days from the deemed time of receipt (§10).
    allowed_days = models.PositiveIntegerField(_("processing time (working days)"))
    due_on = models.DateField(_("due"))
    paused_since = models.DateTimeField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    days_taken = models.PositiveIntegerField(null=True, blank=True)
    result_notified_at = models.DateTimeField(null=True, blank=True)
    progress_notified_at = models.DateTimeField(null=True, blank=True)

    # Bumped by every change, so a form filled on a stale page is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("case")
        indexes = [
            # The inbox: an agency's open cases, most urgent first; the other columns let
            # PostgreSQL count the filters and search names from the index alone.
            models.Index(
                fields=["agency", "due_on", "request"],
                condition=Q(is_open=True),
                include=[
                    "status",
                    "assignee",
                    "decided_at",
                    "paused_since",
                    "reference",
                    "applicant_name",
                ],
                name="case_inbox_covering",
            ),
            models.Index(fields=["agency", "status"], name="case_agency_status"),
            models.Index(fields=["agency", "assignee", "is_open"], name="case_agency_assignee"),
            models.Index(fields=["agency", "service", "is_open"], name="case_agency_service"),
        ]

    def __str__(self) -> str:
        return str(self.request_id)

    @classmethod
    def open_for(cls, request: Request) -> "Case":
        """The case of a request, created on first need (requests made before case
        handling was installed, or by bulk inserts that skip signals)."""
        existing = cls.objects.filter(request=request).first()
        return existing if existing is not None else cls.open_new(request)

    @classmethod
    def open_new(cls, request: Request) -> "Case":
        """The case of a request just made: one INSERT, with the agency, version and
        service the request already holds (this runs inside every submission)."""
        version = request.service_version
        service = version.service if version is not None else None
        days = (service.processing_days if service else None) or settings.CASES_DEFAULT_DAYS
        case = Case(
            request=request,
            agency=request.agency,
            service=service,
            status=request.status,
            is_open=request.status not in CLOSED,
            reference=request.reference,
            applicant_name=request.applicant_name,
            allowed_days=days,
        )
        case.due_on = case.compute_due_on()
        case.save(force_insert=True)
        return case

    def manual(self) -> dict[str, Any]:
        """The service manual the request was made under (frozen with its version)."""
        version = self.request.service_version
        return version.manual if version is not None else {}

    def calendar(self):  # type: ignore[no-untyped-def]
        return self.agency.calendar()

    def received_on(self) -> date:
        return timezone.localdate(self.request.deemed_received_at)

    def compute_due_on(self) -> date:
        return self.calendar().add_working_days(
            self.received_on(), self.allowed_days + self.paused_days
        )

    def working_days_used(self, at: datetime | None = None) -> int:
        """Working days the agency has had the file, not counting waits for the applicant."""
        end = timezone.localdate(at or self.decided_at or timezone.now())
        if self.paused_since is not None:
            end = min(end, timezone.localdate(self.paused_since))
        cal = self.calendar()
        return max(cal.working_days_between(self.received_on(), end) - self.paused_days, 0)

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    def is_overdue(self, today: date | None = None) -> bool:
        if not self.is_open or self.is_paused or self.decided_at is not None:
            return False
        return self.due_on < (today or timezone.localdate())

    def is_due_soon(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        if not self.is_open or self.is_paused or self.decided_at or self.is_overdue(today):
            return False
        return self.due_on <= due_soon_limit(self.calendar(), today)

    def notice_lateness_days(self) -> int | None:
        """Days beyond the 7 the law allows between the decision and the applicant being
        told of it; None before a decision."""
        if self.decided_at is None:
            return None
        told = self.result_notified_at or timezone.now()
        late = (told - self.decided_at).days - settings.CASES_RESULT_NOTICE_DAYS
        return max(late, 0)


def due_soon_limit(calendar, today: date) -> date:  # type: ignore[no-untyped-def]
    return calendar.add_working_days(today, settings.CASES_DUE_SOON_DAYS)


class Deficiency(models.Model):
    """The one written request for missing or wrong documents (Licensing Facilitation Act:
    asked once, in writing, a copy to the applicant). One per case, enforced by the
    database."""

    class Problem(models.TextChoices):
        MISSING = "missing", _("Missing")
        WRONG = "wrong", _("Incorrect or incomplete")

    class Via(models.TextChoices):
        WEB = "web", _("Online")
        EMAIL = "email", _("E-mail reply")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="deficiency")
    # [{"document": "...", "problem": "missing"|"wrong", "note": "..."}]
    items = models.JSONField(_("what is missing or wrong"), default=list)
    note = models.TextField(_("notes to the applicant"), blank=True)
    deadline = models.DateField(_("answer by"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("the applicant's answer"), blank=True)
    answered_via = models.CharField(max_length=8, choices=Via.choices, blank=True)

    def __str__(self) -> str:
        return f"{self.case_id}: {len(self.items)} item(s) by {self.deadline}"

    def is_past_deadline(self, today: date | None = None) -> bool:
        return self.answered_at is None and self.deadline < (today or timezone.localdate())

    def item_rows(self) -> list[dict[str, str]]:
        return [
            {**item, "problem_label": str(self.Problem(item["problem"]).label)}
            for item in self.items
        ]


class Message(models.Model):
    """Correspondence with the applicant: shown on the tracking page and, outward, e-mailed."""

    class Direction(models.TextChoices):
        TO_APPLICANT = "out", _("To the applicant")
        FROM_APPLICANT = "in", _("From the applicant")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.direction} {self.at:%Y-%m-%d}"


class Note(models.Model):
    """An internal note between officers. Never shown to the applicant."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    body = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} note {self.at:%Y-%m-%d}"
