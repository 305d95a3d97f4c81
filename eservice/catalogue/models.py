from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Service(models.Model):
    """A service an agency provides, with its public manual (คู่มือสำหรับประชาชน)."""

    class Kind(models.TextChoices):
        # The Act §5 list of what "applying" covers.
        LICENCE = "licence", _("Licence")
        PERMIT = "permit", _("Permit")
        REGISTRATION = "registration", _("Registration")
        NOTIFICATION = "notification", _("Notification")
        CERTIFICATE = "certificate", _("Certificate")
        APPEAL = "appeal", _("Appeal")
        COMPLAINT = "complaint", _("Complaint")
        REQUEST_FOR_ACTION = "request_for_action", _("Request for action")
        MONEY_OR_WELFARE = "money_or_welfare", _("Money or welfare")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        SUSPENDED = "suspended", _("Suspended")

    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    processing_days = models.PositiveIntegerField(
        _("processing time (working days)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name_th


class ServiceVersion(models.Model):
    """A frozen, published version of a service's manual and e-form. A request keeps the
    version it was made under."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    manual = models.JSONField(_("manual"), default=dict)
    form = models.JSONField(_("form definition"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("service version")
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.number}"
