from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "eservice.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from eservice.cases.models import Transition
        from eservice.payments import signals

        post_save.connect(
            signals.on_transition, sender=Transition, dispatch_uid="payments.transition"
        )
