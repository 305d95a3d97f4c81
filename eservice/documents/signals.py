"""However a case reaches "issuing" (the officer's case page, a paid fee, this app), its
documents are issued: the move itself is the trigger, once, after it is committed."""

from typing import Any

from django.db import transaction

from eservice.intake.models import Request


def on_transition(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and instance.to_status == Request.Status.ISSUING:
        from eservice.documents.tasks import issue_for_request

        request_id = instance.request_id
        transaction.on_commit(lambda: issue_for_request.enqueue(request_id))
