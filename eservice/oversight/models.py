"""The oversight office's records: the guide of electronic methods (in editions), what each
agency declares, each agency's measured status, daily figures, the 15-day notices and the
60-day reports to the Cabinet (§19-§22)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """The levels of electronic methods (Cabinet resolution of 9 May 2023). NONE is where an
    agency stands before it uses even the beginner tools for a step."""

    NONE = 0, pgettext_lazy("electronic method level", "Not yet electronic")
    BEGINNER = 1, pgettext_lazy("electronic method level", "Beginner")
    STANDARD = 2, pgettext_lazy("electronic method level", "Standard")
    ADVANCED = 3, pgettext_lazy("electronic method level", "Advanced")


class Step(models.TextChoices):
    """The process steps of a service, in the order an application moves through them."""

    RECEIVE = "receive", pgettext_lazy("process step", "Receive")
    ACKNOWLEDGE = "acknowledge", pgettext_lazy("process step", "Acknowledge")
    VERIFY_IDENTITY = "verify_identity", pgettext_lazy("process step", "Verify identity")
    CHECK_DOCUMENTS = "check_documents", pgettext_lazy("process step", "Check documents")
    CONSIDER = "consider", pgettext_lazy("process step", "Consider")
    PAY = "pay", pgettext_lazy("process step", "Pay")
    ISSUE = "issue", pgettext_lazy("process step", "Issue")
    NOTIFY = "notify", pgettext_lazy("process step", "Notify")
    ARCHIVE = "archive", pgettext_lazy("process step", "Archive")


GUIDE_LEVELS = [Level.BEGINNER, Level.STANDARD, Level.ADVANCED]


def in_language(obj: object, field: str) -> str:
    """The Thai or English text of a bilingual field, in the page's language; Thai when the
    English is missing (Thai is the official text)."""
    english = (get_language() or "th").startswith("en")
    value = getattr(obj, f"{field}_en", "") if english else ""
    return value or getattr(obj, f"{field}_th")


class GuideEdition(models.Model):
    """One edition of the guide. Published editions are frozen: staff change the guide by
    drafting the next edition and publishing it."""

    number = models.PositiveIntegerField(_("edition"), unique=True)
    title_th = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    changes = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("guide edition")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.title_th} ({self.number})"

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @classmethod
    def current(cls) -> "GuideEdition | None":
        return cls.objects.filter(published_at__isnull=False).order_by("-number").first()

    def draft_next(self, user: Any) -> "GuideEdition":
        """A new draft edition holding a copy of every tool of this one."""
        from django.db import transaction

        with transaction.atomic():
            number = (GuideEdition.objects.aggregate(n=models.Max("number"))["n"] or 0) + 1
            draft = GuideEdition.objects.create(
                number=number,
                title_th=self.title_th,
                title_en=self.title_en,
                created_by=user,
            )
            tools = list(self.tools.all())
            for tool in tools:
                tool.pk = None
                tool.edition = draft
            Tool.objects.bulk_create(tools)
        return draft


class Tool(models.Model):
    """A tool of the guide for one step at one level: how to prepare, the legal basis,
    recommendations and cautions. List fields hold one item per line."""

    edition = models.ForeignKey(GuideEdition, on_delete=models.CASCADE, related_name="tools")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    summary_th = models.TextField(_("summary (Thai)"))
    summary_en = models.TextField(_("summary (English)"))
    preparation_th = models.TextField(_("preparation steps (Thai), one per line"))
    preparation_en = models.TextField(_("preparation steps (English), one per line"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=255, help_text=_("Sections of the Act, e.g. §7, §10.")
    )
    recommendations_th = models.TextField(_("recommendations (Thai), one per line"))
    recommendations_en = models.TextField(_("recommendations (English), one per line"))
    cautions_th = models.TextField(_("cautions (Thai), one per line"))
    cautions_en = models.TextField(_("cautions (English), one per line"))
    inferred = models.BooleanField(
        _("inferred"),
        default=False,
        help_text=_("The tool is assembled from practice, not taken from the DGA guide."),
    )

    class Meta:
        verbose_name = _("tool")
        ordering = ["edition", "level", "order", "pk"]
        indexes = [models.Index(fields=["edition", "step", "level"])]

    def __str__(self) -> str:
        return self.name_th

    def _lines(self, field: str) -> list[str]:
        return [line.strip() for line in in_language(self, field).splitlines() if line.strip()]

    @property
    def name(self) -> str:
        return in_language(self, "name")

    @property
    def summary(self) -> str:
        return in_language(self, "summary")

    @property
    def preparation(self) -> list[str]:
        return self._lines("preparation")

    @property
    def recommendations(self) -> list[str]:
        return self._lines("recommendations")

    @property
    def cautions(self) -> list[str]:
        return self._lines("cautions")

    def as_json(self) -> dict[str, object]:
        def both(field: str) -> dict[str, object]:
            return {
                lang: [x.strip() for x in getattr(self, f"{field}_{lang}").splitlines() if x]
                for lang in ("th", "en")
            }

        return {
            "step": self.step,
            "level": Level(self.level).name.lower(),
            "name": {"th": self.name_th, "en": self.name_en},
            "summary": {"th": self.summary_th, "en": self.summary_en},
            "preparation": both("preparation"),
            "legal_basis": self.legal_basis,
            "recommendations": both("recommendations"),
            "cautions": both("cautions"),
            "inferred": self.inferred,
        }


class Declaration(models.Model):
    """An agency's statement that it works at a level for a step by means outside the
    platform, with evidence; oversight staff accept or reject it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    agency = models.ForeignKey(
        "registry.Agency", on_delete=models.CASCADE, related_name="declarations"
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    evidence_url = models.URLField(_("evidence: web address"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence: document"), upload_to="oversight/evidence/%Y/%m/", blank=True
    )
    # The type the document's content was checked as when it came in: it is served as this.
    evidence_type = models.CharField(max_length=100, blank=True, editable=False)
    note = models.TextField(_("how the agency does it"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("declaration")
        ordering = ["-declared_at"]
        constraints = [
            # The rule holds for every way in (form, API, shell), not only the form.
            models.CheckConstraint(
                condition=~Q(evidence_url="") | ~Q(evidence_file=""),
                name="declaration_has_evidence",
            )
        ]
        indexes = [models.Index(fields=["status", "declared_at"])]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_step_display()} {self.get_level_display()}"


class AgencyStatus(models.Model):
    """Where one agency stands now, measured from the platform and accepted declarations.
    Rebuilt by refresh_statuses(); lists, filters and notices read it instead of measuring
    8,000 agencies on every page."""

    agency = models.OneToOneField(
        "registry.Agency", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    kind = models.CharField(max_length=32, db_index=True)
    province = models.CharField(_("province"), max_length=2, blank=True, db_index=True)
    # {step: {"measured": n, "declared": n, "level": n}}
    steps = models.JSONField(default=dict)
    overall = models.PositiveSmallIntegerField(_("overall level"), choices=Level.choices)
    # §20/§22 duties; None where the platform does not record the fact yet.
    channel_announced_on = models.DateField(null=True, blank=True)
    email_verified = models.BooleanField(null=True)
    services_published = models.PositiveIntegerField(default=0)
    services_on_portal = models.PositiveIntegerField(null=True)
    compliant = models.BooleanField(_("complies with §20"), db_index=True)
    requests_received = models.PositiveIntegerField(default=0)
    requests_handled = models.PositiveIntegerField(default=0)
    requests_on_time = models.PositiveIntegerField(null=True)
    measured_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["compliant", "kind", "province"])]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.get_overall_display()}"

    def level_of(self, step: str) -> int:
        return int(self.steps.get(step, {}).get("level", 0))


class DailyFigures(models.Model):
    """The national dashboard's pre-aggregated figures: one row per day, agency kind and
    province, and roll-up rows ("*" for every kind or every province), so the dashboard
    reads a handful of rows instead of a million requests."""

    day = models.DateField()
    kind = models.CharField(max_length=32)
    province = models.CharField(max_length=2, blank=True)
    agencies = models.PositiveIntegerField(default=0)
    # Agencies per overall level, and per step and level: {"0": n, ...}, {"receive": {...}}
    by_level = models.JSONField(default=dict)
    by_step = models.JSONField(default=dict)
    standard_or_above = models.PositiveIntegerField(default=0)
    compliant = models.PositiveIntegerField(default=0)
    channel_announced = models.PositiveIntegerField(default=0)
    email_verified = models.PositiveIntegerField(default=0)
    with_services = models.PositiveIntegerField(default=0)
    services_published = models.PositiveIntegerField(default=0)
    services_on_portal = models.PositiveIntegerField(default=0)
    requests_received = models.PositiveIntegerField(default=0)
    requests_handled = models.PositiveIntegerField(default=0)
    requests_on_time = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "province"], name="one_figure_row_per_day_group"
            )
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.province}"


class Notice(models.Model):
    """A notice of duties under §22 to a group of agencies (every 15 days to all)."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Queued to every agency")

    number = models.PositiveIntegerField(_("number"), unique=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # {"kind": "", "province": "", "level": "", "compliance": ""}: "" is "any".
    audience = models.JSONField(_("audience"), default=dict)
    respond_by = models.DateField(_("act by"))
    message_th = models.TextField(_("message (Thai)"), blank=True)
    message_en = models.TextField(_("message (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENDING
    )
    scheduled = models.BooleanField(_("sent by the schedule"), default=False)
    # The last time a batch was queued: a notice that stops moving was lost with a worker.
    progress_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notice")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"#{self.number}"


class NoticeDelivery(models.Model):
    """One agency's copy of a notice. Created for the whole audience up front; a row is
    claimed (PENDING -> QUEUED) in the same transaction that queues its e-mail, so a crash
    at any point sends each agency its copy exactly once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        QUEUED = "queued", _("Queued")
        NO_ADDRESS = "no_address", _("No e-mail address on record")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    agency = models.ForeignKey("registry.Agency", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    to = models.CharField(max_length=320, blank=True)
    mail = models.ForeignKey(
        "outreach.OutgoingMail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notice", "agency"], name="one_copy_per_agency")
        ]
        indexes = [models.Index(fields=["notice", "status"])]

    def __str__(self) -> str:
        return f"{self.notice}: {self.agency_id}"


class CabinetReport(models.Model):
    """The report to the Cabinet every 60 days (§22), frozen when made: the figures and the
    named list of agencies that have not complied."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    # {"total": n, "compliant": n, "by_kind": {kind: [total, compliant]},
    #  "by_province": {code: [total, compliant]}}
    figures = models.JSONField(default=dict)
    # [{"code", "name_th", "name_en", "kind", "province", "missing": [duty, ...]}]
    non_compliant = models.JSONField(default=list)
    # The others, [{"code", "name_th", "name_en", "kind", "province"}]: with non_compliant,
    # the full list of agencies (the CSV). Empty in reports made before it was kept.
    complying = models.JSONField(default=list)
    # Rendered in the background when the report is made; a summary of a few pages.
    pdf_th = models.FileField(upload_to="oversight/reports/", blank=True)
    pdf_en = models.FileField(upload_to="oversight/reports/", blank=True)

    class Meta:
        verbose_name = _("report to the Cabinet")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"#{self.number}"

    def previous(self) -> "CabinetReport | None":
        return CabinetReport.objects.filter(number__lt=self.number).order_by("-number").first()
