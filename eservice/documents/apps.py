from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "eservice.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from eservice.cases.models import Transition
        from eservice.documents import signals

        post_save.connect(
            signals.on_transition, sender=Transition, dispatch_uid="documents.transition"
        )
