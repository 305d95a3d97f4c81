import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    LICENCE = "licence", _("Licence")
    CERTIFICATE = "certificate", _("Certificate")
    LETTER = "letter", _("Letter")
    RECEIPT = "receipt", _("Receipt")


class DocumentTemplate(models.Model):
    """What an agency issues for one service: the wording an agency administrator edits.
    The body is a small template: {{ holder }}, {{ service }}, {{ answers.<field> }},
    {{ reference }}, {{ valid_until }} are filled in."""

    service = models.ForeignKey(
        "catalogue.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="document_templates",
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=[(k.value, k.label) for k in (Kind.LICENCE, Kind.CERTIFICATE, Kind.LETTER)],
        default=Kind.LICENCE,
    )
    title = models.CharField(_("title printed on the document"), max_length=255)
    subject = models.CharField(
        _("subject (เรื่อง, letters only)"), max_length=255, blank=True, default=""
    )
    body = models.TextField(_("body"))
    letter_prefix = models.CharField(
        _("letter number prefix (ที่)"), max_length=40, blank=True, default=""
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=255)
    signatory_position = models.CharField(_("signatory's position"), max_length=255)
    valid_days = models.PositiveIntegerField(
        _("valid for (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the document does not expire."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document template")
        constraints = [
            models.UniqueConstraint(fields=["service", "kind"], name="one_template_per_kind")
        ]

    def __str__(self) -> str:
        return self.title


def new_token() -> str:
    # 128 bits: the public verification link must not be guessable from another one.
    return secrets.token_urlsafe(16)


class DocumentQuerySet(models.QuerySet["Document"]):
    def current(self) -> "DocumentQuerySet":
        """Neither revoked, superseded nor expired today."""
        today = timezone.localdate()
        return self.filter(revoked_at__isnull=True, superseded_by__isnull=True).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today)
        )

    def register(self) -> "DocumentQuerySet":
        """The public licence register (§13(2)): every licence granted."""
        return self.filter(kind=Kind.LICENCE).select_related("agency")


class Document(models.Model):
    """A signed PDF the agency issued. Its token is its public, unguessable id."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded")

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    number = models.CharField(_("document number"), max_length=64, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    agency = models.ForeignKey(
        "registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        "intake.Request",
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    holder = models.CharField(_("holder"), max_length=255)
    subject = models.CharField(_("what it is for"), max_length=255, blank=True, default="")
    area = models.CharField(_("area"), max_length=255, blank=True, default="")
    details = models.JSONField(_("printed details"), default=dict, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    pdf = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, default="", db_index=True)
    signature_level = models.CharField(max_length=8, blank=True, default="")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True, default="")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "agency", "issued_at"]),
            models.Index(fields=["kind", "holder"]),
        ]
        constraints = [
            # Two workers issuing at once must never print the same number; issuing takes
            # the next one when the database refuses a clash. Unnumbered rows are exempt.
            models.UniqueConstraint(
                fields=["agency", "kind", "number"],
                condition=~models.Q(number=""),
                name="unique_document_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def status(self) -> str:
        if self.revoked_at:
            return self.Status.REVOKED
        if self.superseded_by_id:
            return self.Status.SUPERSEDED
        if self.valid_until and self.valid_until < timezone.localdate():
            return self.Status.EXPIRED
        return self.Status.VALID

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def is_signed(self) -> bool:
        return bool(self.sha256)

    def verify_url(self) -> str:
        """Absolute: printed as the QR code on the document itself."""
        return settings.SITE_URL + reverse("documents:verify", kwargs={"token": self.token})
