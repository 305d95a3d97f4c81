from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TRACKING_SALT = "eservice.intake.track"


class Request(models.Model):
    """An application received through an announced channel (§7, §10). Once acknowledged it
    exists forever."""

    class Status(models.TextChoices):
        # Biz Portal's states, as the brief describes them.
        SUBMITTED = "submitted", _("Submitted")
        CHECKING = "checking", _("Checking")
        DEFICIENCIES_REQUESTED = "deficient", _("Waiting for the applicant")
        CONSIDERING = "considering", _("Considering")
        APPROVED = "approved", _("Approved")
        AWAITING_FEE = "awaiting_fee", _("Awaiting fee")
        PAID = "paid", _("Paid")
        ISSUING = "issuing", _("Issuing")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        FORWARDED = "forwarded", _("Forwarded to the competent agency")
        CLOSED_INCOMPLETE = "incomplete", _("Closed as incomplete")

    class Channel(models.TextChoices):
        WEB = "web", _("Online form")
        EMAIL = "email", _("E-mail")
        API = "api", _("Connected system")

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    service_version = models.ForeignKey(
        "catalogue.ServiceVersion",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_email = models.EmailField(_("applicant's e-mail"), max_length=320, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    entered_at = models.DateTimeField(_("entered the system"))
    deemed_received_at = models.DateTimeField(_("deemed received (§10)"))
    paper_requested = models.BooleanField(_("paper requested (§11)"), default=False)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [models.Index(fields=["agency", "status", "deemed_received_at"])]

    def __str__(self) -> str:
        return self.reference

    def tracking_token(self) -> str:
        """The secret part of the applicant's private link. Derived, not stored: it can be
        put in every e-mail, and the reference alone does not give it away."""
        return signing.Signer(salt=TRACKING_SALT).sign(self.reference)

    def tracking_url(self) -> str:
        """Absolute, for e-mails: where the applicant follows this request."""
        return settings.SITE_URL + reverse("intake:track", kwargs={"token": self.tracking_token()})

    @classmethod
    def from_tracking_token(cls, token: str) -> "Request | None":
        try:
            reference = signing.Signer(salt=TRACKING_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return cls.objects.filter(reference=reference).first()
