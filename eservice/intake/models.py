import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from eservice.catalogue.models import Service

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
    # One submission per form, per API call, per e-mail: a double click, a retry or the back
    # button finds the request already made instead of making a second one.
    idempotency_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    # What was sent under the key (API): a retry must send the same, a new request a new key.
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    # Rendered the first time someone asks for it, then kept: never in the submitting request.
    receipt_pdf = models.FileField(upload_to="intake/receipts/%Y/%m/", blank=True)
    acknowledgement = models.ForeignKey(
        "outreach.OutgoingMail",
        verbose_name=_("acknowledgement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

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

    def receipt_url(self) -> str:
        """Absolute, for e-mails: the receipt PDF behind the same private link."""
        return settings.SITE_URL + reverse(
            "intake:receipt", kwargs={"token": self.tracking_token()}
        )

    def reply_tag(self) -> str:
        return hmac.new(
            settings.SECRET_KEY.encode(), f"reply:{self.reference}".encode(), hashlib.sha256
        ).hexdigest()[:10]

    def reply_address(self) -> str:
        """Where the applicant's replies go: the reference and a short HMAC, so a reply
        joins this request and a guessed or mistyped address does not (Alaveteli's way)."""
        return f"{settings.INTAKE_REPLY_LOCALPART}+{self.reference}-{self.reply_tag()}@" + (
            settings.INTAKE_EMAIL_DOMAIN
        )

    @property
    def service(self) -> "Service | None":
        return self.service_version.service if self.service_version is not None else None


def upload_path(instance: "Attachment", filename: str) -> str:
    # The stored name is the content hash, never the applicant's file name.
    return f"intake/attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    """A file an applicant sent with a request (or a draft of one). Kept outside the web
    root, served only through the private link or to the agency's officers."""

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    draft = models.ForeignKey(
        "Draft", on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    field_key = models.CharField(_("form field"), max_length=100, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(upload_to=upload_path, max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Draft(models.Model):
    """An application not yet submitted. Its key is the secret in the private resume link
    and the idempotency key of the final submission."""

    key = models.CharField(max_length=64, unique=True)
    service_version = models.ForeignKey(
        "catalogue.ServiceVersion", on_delete=models.CASCADE, related_name="+"
    )
    applicant_name = models.CharField(max_length=255, blank=True)
    applicant_email = models.EmailField(max_length=320, blank=True)
    data = models.JSONField(default=dict, blank=True)
    step = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted = models.ForeignKey(
        Request, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.key[:8]


class InboundEmail(models.Model):
    """Every message that reached an agency's address, kept raw with its hash as evidence.
    It becomes a request, joins one as a reply, or waits in the holding pen for an
    officer; none is dropped."""

    class Outcome(models.TextChoices):
        REQUEST = "request", _("Became a request")
        REPLY = "reply", _("Joined a request as a reply")
        HELD = "held", _("Waiting in the holding pen")
        DISMISSED = "dismissed", _("Dismissed by an officer")

    sha256 = models.CharField(max_length=64, unique=True)
    raw = models.FileField(upload_to="intake/mail/%Y/%m/", max_length=255)
    received_at = models.DateTimeField(_("received"))
    agency = models.ForeignKey(
        "registry.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, null=True, blank=True, related_name="emails"
    )
    sender = models.CharField(_("from"), max_length=320, blank=True)
    recipients = models.TextField(_("to"), blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    message_id = models.CharField(max_length=998, blank=True)
    body = models.TextField(_("text"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("why it is held"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        indexes = [models.Index(fields=["outcome", "agency", "received_at"])]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"

    def can_be_handled_by(self, user: Any) -> bool:
        """Mail held for an agency is its officers' to accept or dismiss (User.can_act).
        Mail that reached no agency (an unknown address) is no agency's: oversight staff,
        who run the platform, dismiss it."""
        if self.agency_id is None:
            return bool(user.is_oversight)
        return bool(user.can_act(self.agency_id))


class ApiClient(models.Model):
    """A connected system (Citizen Portal, Biz Portal, an agency's own system) allowed to
    submit requests. Only a hash of its key is kept; a revoked key stops working at once."""

    name = models.CharField(_("name"), max_length=255)
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("only for agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    key_prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, name: str, agency: Any = None) -> tuple["ApiClient", str]:
        """A new client and its key. The key is shown once; only its hash is kept."""
        prefix = secrets.token_hex(4)
        key = f"es_{prefix}_{secrets.token_urlsafe(32)}"
        client = cls.objects.create(
            name=name, agency=agency, key_prefix=prefix, key_hash=_key_hash(key)
        )
        return client, key

    @classmethod
    def authenticate(cls, key: str) -> "ApiClient | None":
        """The client this key belongs to, revoked or not; None for an unknown key."""
        parts = key.split("_")
        if len(parts) < 3 or parts[0] != "es":
            return None
        client = cls.objects.filter(key_prefix=parts[1]).first()
        if client is None or not hmac.compare_digest(client.key_hash, _key_hash(key)):
            return None
        return client


def _key_hash(key: str) -> str:
    # Keys are long and random, so a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(key.encode()).hexdigest()


class ApiCall(models.Model):
    """Every call a connected system makes, kept for the agency and oversight."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="calls")
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    reference = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "at"])]

    def __str__(self) -> str:
        return f"{self.client} {self.method} {self.path} {self.status}"


class PostCount(models.Model):
    """Posts to the public forms per client address per minute: the rate limit, forgotten
    after a few minutes."""

    bucket = models.CharField(max_length=80, primary_key=True)  # "<address>:<minute>"
    minute = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.bucket}: {self.count}"

    @staticmethod
    def bucket_of(address: str | None) -> str:
        minute = int(timezone.now().timestamp() // 60)
        return f"{address}:{minute}"[:80]

    @classmethod
    def so_far(cls, bucket: str) -> int:
        return cls.objects.filter(bucket=bucket).values_list("count", flat=True).first() or 0

    @classmethod
    def add(cls, bucket: str) -> int:
        """Count one post; the bucket's count with it. One atomic statement (SQLite 3.35+
        and PostgreSQL), so two workers never lose each other's count, and parallel posts
        cannot all read a count under the limit and all pass."""
        minute = int(bucket.rsplit(":", 1)[1])
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO intake_postcount (bucket, minute, count) VALUES (%s, %s, 1)"
                " ON CONFLICT (bucket) DO UPDATE SET count = intake_postcount.count + 1"
                " RETURNING count",
                [bucket, minute],
            )
            return int(cursor.fetchone()[0])
