from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutgoingMail(models.Model):
    """Every e-mail the platform sends is a row first, so none is lost to a crash or a
    relay that is down. A task sends it; failures are retried with back-off, then given up
    with the reason kept."""

    class Status(models.TextChoices):
        # A context of their own: other apps translate these words for other things.
        QUEUED = "queued", pgettext_lazy("mail status", "Queued")
        SENT = "sent", pgettext_lazy("mail status", "Sent")
        FAILED = "failed", pgettext_lazy("mail status", "Failed")

    to = models.EmailField(_("to"), max_length=320)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    from_email = models.CharField(_("from"), max_length=320, blank=True)
    reply_to = models.CharField(_("reply to"), max_length=320, blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    purpose = models.CharField(_("purpose"), max_length=50, default="general")
    # Mail queue names by purpose (settings.TASKS): "mail" for urgent, "bulk" for notices.
    queue = models.CharField(max_length=16, default="mail")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    def retry_delay(self) -> timedelta:
        base = settings.MAIL_RETRY_BASE_SECONDS
        return timedelta(seconds=min(base * 2 ** max(self.attempts - 1, 0), 6 * 3600))
