import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eservice.payments import promptpay

logger = logging.getLogger(__name__)


class PaymentAccount(models.Model):
    """Where an agency's fees are paid: a PromptPay biller id (bill payment, with references
    that reconcile automatically) or, failing that, a PromptPay id."""

    agency = models.OneToOneField(
        "registry.Agency", on_delete=models.CASCADE, related_name="payment_account"
    )
    biller_id = models.CharField(
        _("PromptPay biller id"),
        max_length=15,
        blank=True,
        default="",
        help_text=_("15 digits: the agency's tax id and a 2-digit suffix, from its bank."),
    )
    promptpay_id = models.CharField(
        _("PromptPay id"),
        max_length=15,
        blank=True,
        default="",
        help_text=_("Used only without a biller id: a 13-digit tax id or a mobile number."),
    )
    account_name = models.CharField(_("account name"), max_length=255, blank=True, default="")

    class Meta:
        verbose_name = _("payment account")

    def __str__(self) -> str:
        return self.account_name or self.biller_id or self.promptpay_id

    def clean(self) -> None:
        """Keep the ids as the QR carries them, ASCII digits only (Thai digits read as ASCII),
        so a QR made from this account is never refused at the applicant's bank."""
        errors = {}
        try:
            self.biller_id = promptpay.clean_biller_id(self.biller_id) if self.biller_id else ""
        except ValueError as e:
            errors["biller_id"] = str(e)
        try:
            self.promptpay_id = promptpay.ascii_digits(self.promptpay_id)
            if self.promptpay_id:
                promptpay.promptpay_target(self.promptpay_id)
        except ValueError as e:
            errors["promptpay_id"] = str(e)
        if errors:
            raise ValidationError(errors)


class Invoice(models.Model):
    """A fee the applicant is asked to pay for one request."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    request = models.ForeignKey("intake.Request", on_delete=models.PROTECT, related_name="invoices")
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("invoice number"), max_length=20, unique=True, null=True)
    ref1 = models.CharField(_("reference 1"), max_length=20, db_index=True)
    amount = models.DecimalField(_("amount (baht)"), max_digits=12, decimal_places=2)
    items = models.JSONField(_("fee items"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    provider_id = models.CharField(max_length=64, blank=True, default="")
    provider_url = models.URLField(max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("invoice")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number or f"invoice {self.pk}"

    def qr_payload(self) -> str:
        account = PaymentAccount.objects.filter(agency_id=self.agency_id).first()
        if account is None or not (account.biller_id or account.promptpay_id):
            return ""
        try:
            return promptpay.build(
                amount=self.amount,
                biller_id=account.biller_id,
                ref1=self.ref1,
                ref2=self.number or "",
                promptpay_id=account.promptpay_id,
            )
        except ValueError:
            # An account saved before ids were checked: the applicant gets the page without a
            # QR rather than an error; the account page shows the admin what to correct.
            logger.warning("Agency %s's payment account makes no QR", self.agency_id, exc_info=True)
            return ""


class StatementImport(models.Model):
    """One bank statement file an officer imported, and what became of every line."""

    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    # [{"line": 3, "outcome": "accepted|flagged|duplicate|error", "message": "...", "text": "..."}]
    report = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.report if line["outcome"] == outcome)


class Payment(models.Model):
    """Money received, from a bank statement line or a provider's callback. A payment that
    does not match an open invoice exactly is flagged for an officer, never accepted."""

    class Source(models.TextChoices):
        STATEMENT = "statement", _("Bank statement")
        PROVIDER = "provider", _("e-Payment callback")

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        FLAGGED = "flagged", _("Needs an officer")
        RESOLVED = "resolved", _("Resolved by an officer")

    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    # Banks number transactions per account, so two agencies' statements may both hold a
    # "T0001": a transaction id means something only beside the account that received it.
    receiving_account = models.CharField(_("receiving account"), max_length=80)
    external_id = models.CharField(_("transaction id"), max_length=64)
    agency = models.ForeignKey(
        "registry.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    statement = models.ForeignKey(
        StatementImport, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    ref1 = models.CharField(_("reference 1"), max_length=40, blank=True, default="")
    ref2 = models.CharField(_("reference 2"), max_length=40, blank=True, default="")
    amount = models.DecimalField(_("amount (baht)"), max_digits=12, decimal_places=2)
    paid_at = models.DateTimeField(_("paid"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    flag_reason = models.TextField(_("why it needs an officer"), blank=True, default="")
    receipt = models.ForeignKey(
        "documents.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        ordering = ["-created_at", "-id"]
        constraints = [
            # What makes a repeated statement line or callback change nothing.
            models.UniqueConstraint(
                fields=["receiving_account", "external_id"], name="one_payment_per_account_txn"
            )
        ]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        return f"{self.external_id} {self.amount}"

    @staticmethod
    def statement_account(agency_code: str) -> str:
        """An agency's statements are of its own bank account (one per agency)."""
        return f"statement:{agency_code}"

    @staticmethod
    def provider_account() -> str:
        """The e-Payment provider numbers the transactions of the platform's merchant id."""
        return f"provider:{settings.PAYMENT_PROVIDER_MERCHANT_ID}"

    @property
    def amount_matches(self) -> bool:
        return self.invoice is not None and self.invoice.amount == Decimal(self.amount)
