from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Service(models.Model):
    """A service an agency provides, with its public manual (คู่มือสำหรับประชาชน).

    What officers edit here is the draft; the public, the portal feed and new requests read
    the published ServiceVersion, which publish() freezes."""

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

    class Audience(models.TextChoices):
        PEOPLE = "people", _("People")
        BUSINESSES = "businesses", _("Businesses")
        BOTH = "both", _("People and businesses")

    class Assurance(models.TextChoices):
        # NIST SP 800-63 identity assurance, as DGA's DGS 1-1/1-2:2564 follow it. §8: never
        # more than the service needs.
        NONE = "none", _("No identity check")
        IAL1 = "ial1", _("Self-declared identity (IAL1)")
        IAL2 = "ial2", _("Verified identity: ThaID or ID-card check (IAL2)")
        IAL3 = "ial3", _("In-person or high-assurance identity (IAL3)")

    class Output(models.TextChoices):
        LICENCE = "licence", _("Licence or permit")
        CERTIFICATE = "certificate", _("Certificate")
        LETTER = "letter", _("Letter or reply")
        MONEY = "money", _("Money or welfare")
        REGISTRATION = "registration", _("Registration")
        NONE = "none", _("No document")

    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    audience = models.CharField(
        _("for"), max_length=16, choices=Audience.choices, default=Audience.PEOPLE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    province_code = models.CharField(
        _("province served"),
        max_length=2,
        blank=True,
        help_text=_("Leave empty when the service is for the whole country."),
    )
    legal_basis_th = models.TextField(_("legal basis (Thai)"), blank=True)
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    eligibility_th = models.TextField(_("who may apply, and conditions (Thai)"), blank=True)
    eligibility_en = models.TextField(_("who may apply, and conditions (English)"), blank=True)
    processing_days = models.PositiveIntegerField(
        _("processing time (working days)"), null=True, blank=True
    )
    no_fee = models.BooleanField(
        _("no fee"),
        default=False,
        help_text=_("Tick when the service is free; the manual then says “no fee”."),
    )
    no_documents = models.BooleanField(
        _("no documents needed"),
        default=False,
        help_text=_("Tick when applicants attach nothing; the manual then says “none”."),
    )
    channel_online = models.BooleanField(_("online (e-form)"), default=False)
    channel_email = models.BooleanField(_("by e-mail"), default=False)
    channel_in_person = models.BooleanField(_("in person"), default=True)
    in_person_reason_th = models.TextField(
        _("legal reason for in person only (Thai)"),
        blank=True,
        help_text=_(
            "§7: a service may be in person only when a law requires the applicant's presence "
            "(such as marriage registration or ID cards). Name that law."
        ),
    )
    in_person_reason_en = models.TextField(
        _("legal reason for in person only (English)"), blank=True
    )
    where_th = models.TextField(
        _("where and when to apply in person (Thai)"),
        blank=True,
        help_text=_("Office, address and opening hours."),
    )
    where_en = models.TextField(_("where and when to apply in person (English)"), blank=True)
    identity_assurance = models.CharField(
        _("identity check needed"), max_length=8, choices=Assurance.choices, default=Assurance.IAL1
    )
    output = models.CharField(
        _("what the applicant receives"),
        max_length=16,
        choices=Output.choices,
        default=Output.LETTER,
    )
    output_detail_th = models.CharField(_("result document (Thai)"), max_length=255, blank=True)
    output_detail_en = models.CharField(_("result document (English)"), max_length=255, blank=True)
    must_display = models.BooleanField(
        _("must be displayed"),
        default=False,
        help_text=_(
            "§13: the licence must be shown at the place of business; it can be shown "
            "electronically with a QR code."
        ),
    )
    last_reviewed = models.DateField(_("manual last reviewed"), null=True, blank=True)
    form_draft = models.JSONField(_("e-form being edited"), default=dict, blank=True)
    current_version = models.ForeignKey(
        "ServiceVersion",
        verbose_name=_("published version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    on_citizen_portal_since = models.DateField(
        _("listed on Citizen Portal (ทางรัฐ) since"), null=True, blank=True
    )
    on_biz_portal_since = models.DateField(_("listed on Biz Portal since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # When what the public and the portals see changed: publishing, suspending, portal flags.
    # The feed's updated_since and its paging order read this.
    changed_at = models.DateTimeField(_("public entry changed"), default=timezone.now)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            # The portal feed pages through published services in changed_at order.
            models.Index(fields=["changed_at", "id"], name="service_feed_order"),
            # Search: results in name order, and the counts of filtered results, from indexes.
            models.Index(fields=["status", "name_th", "id"], name="service_search_order"),
            models.Index(
                fields=["status", "province_code", "audience", "kind"],
                name="service_search_filter",
            ),
            models.Index(fields=["agency", "status"], name="service_agency_status"),
        ]

    def __str__(self) -> str:
        return self.name_th

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_th

    @property
    def channels(self) -> list[str]:
        return [
            channel
            for channel, offered in (
                ("online", self.channel_online),
                ("email", self.channel_email),
                ("in_person", self.channel_in_person),
            )
            if offered
        ]

    def publishing_problems(self) -> list[str]:
        """What the Licensing Facilitation Act's manual still lacks, and what is wrong with the
        e-form, each saying what to fix; empty when the service can be published."""
        from eservice.catalogue.formdef import fields_of, validate_definition

        problems: list[Any] = []
        if not self.description_th:
            problems.append(_("Describe the service in Thai."))
        if not self.steps.exists():
            problems.append(_("Add the steps, each with the unit responsible and its time."))
        if not self.processing_days:
            problems.append(_("Give the total processing time in working days."))
        if self.no_fee == self.fees.exists():
            problems.append(
                _("List the fees, or tick “no fee”, but not both.")
                if self.no_fee
                else _("List the fees, or tick “no fee”.")
            )
        numbers = {
            f["key"]
            for f in fields_of(self.form_draft or {})
            if f.get("type") in ("number", "money")
        }
        for fee in self.fees.exclude(per_unit_of=""):
            if fee.per_unit_of not in numbers:
                problems.append(
                    _(
                        "The fee “%(fee)s” is per unit of “%(field)s”, but the e-form has no "
                        "number field with that key."
                    )
                    % {"fee": fee.description_th, "field": fee.per_unit_of}
                )
        if self.no_documents == self.documents.exists():
            problems.append(
                _("List the required documents, or tick “no documents needed”, but not both.")
                if self.no_documents
                else _("List the required documents, or tick “no documents needed”.")
            )
        if not self.channels:
            problems.append(_("Choose at least one channel for applying."))
        if self.channels == ["in_person"] and not self.in_person_reason_th:
            problems.append(
                _("§7: give the legal reason why this service can only be applied for in person.")
            )
        if self.channel_online and not self.form_draft:
            problems.append(_("Build the e-form, or untick the online channel."))
        if self.form_draft:
            problems += [
                str(_("E-form: %(problem)s") % {"problem": p})
                for p in validate_definition(self.form_draft)
            ]
        return [str(p) for p in problems]

    def manual(self) -> dict[str, Any]:
        """The public manual as it stands now, in the shape a version freezes."""
        agency = self.agency
        return {
            "agency": {"code": agency.code, "name_th": agency.name_th, "name_en": agency.name_en},
            "name_th": self.name_th,
            "name_en": self.name_en,
            "description_th": self.description_th,
            "description_en": self.description_en,
            "kind": self.kind,
            "audience": self.audience,
            "province_code": self.province_code,
            "legal_basis_th": self.legal_basis_th,
            "legal_basis_en": self.legal_basis_en,
            "eligibility_th": self.eligibility_th,
            "eligibility_en": self.eligibility_en,
            "processing_days": self.processing_days,
            "steps": [s.as_manual() for s in self.steps.all()],
            "no_fee": self.no_fee,
            "fees": [f.as_manual() for f in self.fees.all()],
            "no_documents": self.no_documents,
            "documents": [d.as_manual() for d in self.documents.all()],
            "channels": self.channels,
            "in_person_reason_th": self.in_person_reason_th,
            "in_person_reason_en": self.in_person_reason_en,
            "where_th": self.where_th,
            "where_en": self.where_en,
            "identity_assurance": self.identity_assurance,
            "output": self.output,
            "output_detail_th": self.output_detail_th,
            "output_detail_en": self.output_detail_en,
            "must_display": self.must_display,
            "last_reviewed": self.last_reviewed.isoformat() if self.last_reviewed else None,
        }

    @property
    def has_unpublished_changes(self) -> bool:
        current = self.current_version
        return current is None or (current.manual, current.form) != (self.manual(), self.form_draft)

    @transaction.atomic
    def publish(self, by: Any) -> "ServiceVersion":
        """Freeze the manual and the e-form as a new version, unless nothing changed since the
        last one. Requests made earlier keep the version they were made under."""
        problems = self.publishing_problems()
        if problems:
            raise ValidationError(problems)
        Service.objects.select_for_update().filter(pk=self.pk).first()
        manual, form = self.manual(), self.form_draft
        current = self.current_version
        if current is None or (current.manual, current.form) != (manual, form):
            last = self.versions.aggregate(n=models.Max("number"))["n"] or 0
            current = ServiceVersion.objects.create(
                service=self,
                number=last + 1,
                manual=manual,
                form=form,
                published_at=timezone.now(),
                published_by=by if getattr(by, "pk", None) else None,
            )
        self.current_version = current
        self.status = self.Status.PUBLISHED
        self.changed_at = timezone.now()
        self.save()
        from eservice.catalogue.search import index_service

        index_service(self)
        return current

    def suspend(self) -> None:
        self.status = self.Status.SUSPENDED
        self.changed_at = timezone.now()
        self.save(update_fields=["status", "changed_at"])

    def can_apply_online(self) -> bool:
        version = self.current_version
        return (
            self.status == self.Status.PUBLISHED
            and version is not None
            and "online" in version.manual.get("channels", [])
            and bool(version.form)
        )


class Step(models.Model):
    """One step of the manual's process, with the unit responsible and its time."""

    class Unit(models.TextChoices):
        MINUTES = "minutes", _("minutes")
        HOURS = "hours", _("hours")
        DAYS = "days", _("working days")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description_th = models.CharField(_("step (Thai)"), max_length=500)
    description_en = models.CharField(_("step (English)"), max_length=500, blank=True)
    responsible_th = models.CharField(_("unit responsible (Thai)"), max_length=255)
    responsible_en = models.CharField(_("unit responsible (English)"), max_length=255, blank=True)
    duration = models.PositiveIntegerField(_("time"))
    duration_unit = models.CharField(
        _("time unit"), max_length=8, choices=Unit.choices, default=Unit.DAYS
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("step")

    def __str__(self) -> str:
        return self.description_th

    def as_manual(self) -> dict[str, Any]:
        return {
            "description_th": self.description_th,
            "description_en": self.description_en,
            "responsible_th": self.responsible_th,
            "responsible_en": self.responsible_en,
            "duration": self.duration,
            "duration_unit": self.duration_unit,
        }


class Fee(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description_th = models.CharField(_("fee (Thai)"), max_length=500)
    description_en = models.CharField(_("fee (English)"), max_length=500, blank=True)
    amount = models.DecimalField(
        _("amount (baht)"),
        max_digits=12,
        decimal_places=2,
        # A free service ticks "no fee"; a zero or negative fee would make an invoice (and a
        # QR code) no one can pay.
        validators=[MinValueValidator(Decimal("0.01"), _("A fee is more than zero baht."))],
    )
    per_unit_of = models.CharField(
        _("per unit of (e-form field)"),
        max_length=64,
        blank=True,
        default="",
        help_text=_(
            "For a fee per unit (such as 0.50 baht a square metre): the key of the e-form's "
            "number field the applicant fills in (such as area_sqm). The amount is then the "
            "rate, and the fee is the applicant's number times it. Leave empty for a fixed fee."
        ),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("fee")

    def __str__(self) -> str:
        return f"{self.description_th} {self.amount}"

    def as_manual(self) -> dict[str, Any]:
        return {
            "description_th": self.description_th,
            "description_en": self.description_en,
            "amount": str(self.amount.quantize(Decimal("0.01"))),
            **({"per_unit_of": self.per_unit_of} if self.per_unit_of else {}),
        }


class RequiredDocument(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_th = models.CharField(_("document (Thai)"), max_length=500)
    name_en = models.CharField(_("document (English)"), max_length=500, blank=True)
    issued_by_agency = models.BooleanField(
        _("issued by a state agency"),
        default=False,
        help_text=_(
            "§12: copies of documents a state agency issued are made and certified by the "
            "agency itself, free; applicants should not have to bring them."
        ),
    )
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    note_th = models.CharField(_("note (Thai)"), max_length=500, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=500, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("required document")

    def __str__(self) -> str:
        return self.name_th

    def as_manual(self) -> dict[str, Any]:
        return {
            "name_th": self.name_th,
            "name_en": self.name_en,
            "issued_by_agency": self.issued_by_agency,
            "originals": self.originals,
            "copies": self.copies,
            "note_th": self.note_th,
            "note_en": self.note_en,
        }


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
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.number}"


class Term(models.Model):
    """A word of the catalogue's vocabulary: Thai split into words with pythainlp, English
    lower-cased. Searching matches query words against this small table first."""

    text = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.text


class ServiceTerm(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "service"], name="one_entry_per_term")
        ]
        indexes = [models.Index(fields=["service"], name="serviceterm_service")]

    def __str__(self) -> str:
        return f"{self.term_id}:{self.service_id}"
