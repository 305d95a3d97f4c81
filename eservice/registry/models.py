"""The agency register and the register of announced electronic channels (§10, §20 of the
Act; the Regulation on Correspondence for the central `saraban` mailbox).

An e-mail address counts only once someone at it has clicked a one-time link; everything
else about an address (its domain class, the naming advice) is derived from the address.
"""

import hashlib
import secrets
from datetime import date, time, timedelta
from typing import Any

import geothai
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eservice.lib.workdays import STANDARD_HOURS, OfficeCalendar
from eservice.registry import addresses


def default_office_hours() -> dict[str, list[str]]:
    return {
        str(day): [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
        for day, (opens, closes) in STANDARD_HOURS.items()
    }


def search_text(*parts: str) -> str:
    """What directory search matches against: lower case, spaces removed, so that a word
    of a Thai query is found inside a longer name."""
    return " ".join("".join(p.lower().split()) for p in parts if p)


class Agency(models.Model):
    """A state agency under the Act (§4-5): central, regional or local."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        REGIONAL_OFFICE = "regional", _("Regional office")
        STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
        PUBLIC_ORGANISATION = "public_org", _("Public organisation")
        INDEPENDENT_BODY = "independent", _("Independent body")
        PROVINCIAL_ADMIN = "pao", _("Provincial administrative organisation")
        CITY_MUNICIPALITY = "city_municipality", _("City municipality")
        TOWN_MUNICIPALITY = "town_municipality", _("Town municipality")
        SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("Subdistrict municipality")
        SAO = "sao", _("Subdistrict administrative organisation")
        BANGKOK = "bangkok", _("Bangkok Metropolitan Administration")
        PATTAYA = "pattaya", _("Pattaya City")

    LOCAL_KINDS = (
        Kind.PROVINCIAL_ADMIN,
        Kind.CITY_MUNICIPALITY,
        Kind.TOWN_MUNICIPALITY,
        Kind.SUBDISTRICT_MUNICIPALITY,
        Kind.SAO,
        Kind.BANGKOK,
        Kind.PATTAYA,
    )

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    province_code = models.CharField(_("province code"), max_length=2, blank=True)
    district_code = models.CharField(_("district code"), max_length=4, blank=True)
    subdistrict_code = models.CharField(_("subdistrict code"), max_length=6, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    website = models.CharField(_("website"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Section 4: the Act does not apply to Parliament, the courts, the independent organs
    # under the Constitution and the other bodies it names. They stay in the register but
    # are never measured, chased or listed as not complying.
    outside_the_act = models.BooleanField(
        _("outside the Act (section 4)"),
        default=False,
        help_text=_(
            "Parliament, the courts, the independent organs under the Constitution and the "
            "other bodies section 4 leaves out."
        ),
    )
    # A lead for reminders only (e.g. an address someone typed into a website field); it
    # is never shown as the agency's channel.
    contact_email = models.CharField(_("known contact e-mail"), max_length=320, blank=True)
    office_hours = models.JSONField(_("office hours"), default=default_office_hours)
    source = models.CharField(_("source"), max_length=40, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_th"]
        indexes = [
            models.Index(fields=["kind", "province_code"]),
            models.Index(fields=["province_code", "district_code"]),
        ]

    def __str__(self) -> str:
        return self.name_th

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search_text(self.name_th, self.name_en, self.code)
        self.__dict__.pop("_calendar", None)  # office hours may have changed
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = geography_errors(self.province_code, self.district_code, self.subdistrict_code)
        if self.postal_code and not (len(self.postal_code) == 5 and self.postal_code.isdigit()):
            errors["postal_code"] = _("A postal code has five digits, like 11110.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An agency cannot be its own parent.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_local(self) -> bool:
        return self.kind in self.LOCAL_KINDS

    @property
    def province(self) -> geothai.Province | None:
        return geothai.province(self.province_code) if self.province_code else None

    @property
    def district(self) -> geothai.District | None:
        return geothai.district(self.district_code) if self.district_code else None

    @property
    def subdistrict(self) -> geothai.Subdistrict | None:
        return geothai.subdistrict(self.subdistrict_code) if self.subdistrict_code else None

    def calendar(self) -> OfficeCalendar:
        """Office hours and closures for deadlines and the deemed time of receipt (§10).
        Read once per loaded agency: a submission needs it twice (receipt, case due date)."""
        cached = self.__dict__.get("_calendar")
        if cached is None:
            cached = self.__dict__["_calendar"] = self._read_calendar()
        return cached

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.pop("_calendar", None)
        super().refresh_from_db(*args, **kwargs)

    def _read_calendar(self) -> OfficeCalendar:
        hours = {
            int(day): (time.fromisoformat(opens), time.fromisoformat(closes))
            for day, (opens, closes) in (self.office_hours or default_office_hours()).items()
        }
        closures = self.closures.values_list("day", flat=True) if self.pk else []
        return OfficeCalendar(hours=hours, closures=frozenset(closures))

    @property
    def intake_email(self) -> str:
        """Where applications by e-mail reach this agency: the platform's SMTP receiver takes
        "<agency code>@INTAKE_EMAIL_DOMAIN" (or the agency's own server forwards there)."""
        return f"{self.code}@{settings.INTAKE_EMAIL_DOMAIN}"

    def official_email(self) -> str:
        """Where mail in the agency's name goes while nobody there has an account: its
        central e-mail in the register (a verified one first), else the contact from the
        government open data it was imported from. Never an address a visitor typed, so
        nobody can make the platform write to an address of their choosing."""
        central = (
            self.channels.filter(kind=Channel.Kind.CENTRAL_EMAIL)
            .order_by(models.Case(models.When(status="verified", then=0), default=1), "pk")
            .values_list("address", flat=True)
            .first()
        )
        return central or self.contact_email

    def verified_email(self) -> "Channel | None":
        return self.channels.filter(kind__in=Channel.EMAIL_KINDS, status=Channel.Status.VERIFIED)[
            :1
        ].first()


def geography_errors(province: str, district: str, subdistrict: str) -> dict[str, Any]:
    """Codes must exist in GeoThai and nest: subdistrict in district in province."""
    errors: dict[str, Any] = {}
    if province and geothai.province(province) is None:
        errors["province_code"] = _("Unknown province code. Use the two-digit DOPA code.")
    if district:
        found = geothai.district(district)
        if found is None:
            errors["district_code"] = _("Unknown district code. Use the four-digit DOPA code.")
        elif province and found.province_code != province:
            errors["district_code"] = _("This district is not in the province given.")
    if subdistrict:
        found_sub = geothai.subdistrict(subdistrict)
        if found_sub is None:
            errors["subdistrict_code"] = _("Unknown subdistrict code. Use the six-digit DOPA code.")
        elif district and found_sub.district_code != district:
            errors["subdistrict_code"] = _("This subdistrict is not in the district given.")
    return errors


class Closure(models.Model):
    """A day the agency's office is closed besides weekends and public holidays."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="closures")
    day = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("office closure")
        verbose_name_plural = _("office closures")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="one_closure_a_day")]

    def __str__(self) -> str:
        return f"{self.agency} {self.day}"


class Channel(models.Model):
    """An electronic channel the agency announced (§10, §20)."""

    class Kind(models.TextChoices):
        CENTRAL_EMAIL = "central_email", _("Central e-mail (saraban)")
        UNIT_EMAIL = "unit_email", _("E-mail of a unit")
        ESERVICE = "eservice", _("E-service website")
        CITIZEN_PORTAL = "citizen_portal", _("Citizen Portal (ทางรัฐ) listing")
        BIZ_PORTAL = "biz_portal", _("Biz Portal listing")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        NEEDS_ATTENTION = "needs_attention", _("Needs attention")
        LISTED = "listed", _("Listed")

    class Attention(models.TextChoices):
        NONE = "", _("None")
        EXPIRED = "expired", _("The verification link expired unused")
        BOUNCED = "bounced", _("The verification e-mail could not be delivered")

    EMAIL_KINDS = (Kind.CENTRAL_EMAIL, Kind.UNIT_EMAIL)

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("kind of channel"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("e-mail address or web address"), max_length=320)
    unit = models.CharField(_("unit"), max_length=255, blank=True)
    announced_on = models.DateField(_("announcement date"), null=True, blank=True)
    announcement_ref = models.CharField(_("announcement reference"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attention = models.CharField(
        _("reason"), max_length=20, choices=Attention.choices, default="", blank=True
    )
    domain_class = models.CharField(
        _("domain class"), max_length=20, choices=addresses.DomainClass.choices, blank=True
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["kind", "address"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "address"], name="one_channel_per_address"
            )
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.address}"

    @property
    def is_email(self) -> bool:
        return self.kind in self.EMAIL_KINDS

    @property
    def is_free_mail(self) -> bool:
        return self.domain_class == addresses.DomainClass.FREE

    def reverify_due(self) -> date | None:
        if self.verified_at is None:
            return None
        due = self.verified_at + timedelta(days=settings.REGISTRY_REVERIFY_DAYS)
        return timezone.localtime(due).date()  # the Bangkok date, not UTC's


class ChannelChange(models.Model):
    """The history of an agency's channels: who changed what, when. Kept when a channel is
    removed."""

    class Action(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        REMOVED = "removed", _("Removed")
        LINK_SENT = "link_sent", _("Verification link sent")
        VERIFIED = "verified", _("Verified")
        NEEDS_ATTENTION = "needs_attention", _("Needs attention")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="channel_changes")
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    channel_label = models.CharField(_("channel"), max_length=400)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("when"), default=timezone.now)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)

    class Meta:
        verbose_name = _("channel change")
        verbose_name_plural = _("channel changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.channel_label}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class VerificationQuerySet(models.QuerySet["Verification"]):
    def usable(self) -> "VerificationQuerySet":
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Verification(models.Model):
    """A one-time link sent to an address. Only the SHA-256 of the token is stored, so a
    copy of the database does not hold working links."""

    class Purpose(models.TextChoices):
        CHANNEL = "channel", _("Verify a channel")
        CLAIM = "claim", _("Confirm a claim")
        ACCOUNT = "account", _("Set a password")

    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.CharField(max_length=320)
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, null=True, blank=True, related_name="verifications"
    )
    claim = models.ForeignKey(
        "Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="verifications"
    )
    mail = models.ForeignKey(
        "outreach.OutgoingMail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = VerificationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["used_at", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} {self.email}"

    @classmethod
    def issue(cls, purpose: str, email: str, **links: Any) -> tuple["Verification", str]:
        """A new link; the token is returned once, for the e-mail, and never stored."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        hours = settings.REGISTRY_VERIFICATION_HOURS
        verification = cls.objects.create(
            purpose=purpose,
            token_hash=hash_token(token),
            email=email,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
            **links,
        )
        return verification, token

    @classmethod
    def find(cls, token: str, purpose: str) -> "Verification | None":
        return cls.objects.filter(token_hash=hash_token(token), purpose=purpose).first()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class Claim(models.Model):
    """Someone at an agency with no account asks to manage its channels: the address is
    confirmed by a link, then oversight staff approve."""

    class Status(models.TextChoices):
        AWAITING_EMAIL = "awaiting_email", _("Waiting for the e-mail to be confirmed")
        AWAITING_APPROVAL = "awaiting_approval", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="claims")
    name = models.CharField(_("your name"), max_length=200)
    position = models.CharField(_("your position"), max_length=200)
    email = models.CharField(_("the agency's central e-mail"), max_length=320)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_EMAIL
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.agency}: {self.email}"


class Reminder(models.Model):
    """A reminder to register and verify a channel (§22: every 15 days)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="reminders")
    to = models.CharField(_("to"), max_length=320)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    mail = models.ForeignKey(
        "outreach.OutgoingMail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["agency", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.agency} {self.sent_at:%Y-%m-%d}"


class Snapshot(models.Model):
    """The register's completeness on one day, for the trend."""

    day = models.DateField(_("date"), unique=True)
    figures = models.JSONField(default=dict)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)


class ImportJob(models.Model):
    """An import started from the web: the file, its progress and its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
