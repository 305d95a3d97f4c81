from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "eservice.cases"
    label = "cases"
    verbose_name = _("Case handling")

    def ready(self) -> None:
        from eservice.intake.models import Request

        post_save.connect(open_case, sender=Request, dispatch_uid="cases.open_case")


def open_case(
    sender: type, instance: object, created: bool, raw: bool = False, **_: object
) -> None:
    """Every request gets a case the moment it exists, so it is in the inbox at once."""
    if created and not raw:
        from eservice.cases.models import Case

        Case.open_for(instance)  # type: ignore[arg-type]
