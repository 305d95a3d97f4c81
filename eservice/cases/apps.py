from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "eservice.cases"
    label = "cases"
    verbose_name = _("Case handling")

    def ready(self) -> None:
        from eservice.intake.models import InboundEmail, Request

        post_save.connect(open_case, sender=Request, dispatch_uid="cases.open_case")
        post_save.connect(reply_received, sender=InboundEmail, dispatch_uid="cases.reply")


def open_case(
    sender: type, instance: object, created: bool, raw: bool = False, **_: object
) -> None:
    """Every request gets a case the moment it exists, so it is in the inbox at once."""
    if created and not raw:
        from eservice.cases.models import Case

        Case.open_new(instance)  # type: ignore[arg-type]


def reply_received(sender: type, instance: Any, raw: bool = False, **_: object) -> None:
    """An e-mail reply joined a request: if the agency is waiting for documents, it is the
    applicant's answer. Run after intake's transaction, so a failure here loses no mail."""
    if raw or instance.outcome != "reply" or instance.request_id is None:
        return
    from eservice.cases.services import answer_by_email

    pk = instance.pk
    transaction.on_commit(lambda: answer_by_email(pk))
