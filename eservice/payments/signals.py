"""A case moved to "awaiting fee" anywhere (the officer's case page included) gets its
invoice from the manual's fee items, and the applicant is told, once."""

from typing import Any

from django.db import transaction

from eservice.intake.models import Request


def on_transition(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and instance.to_status == Request.Status.AWAITING_FEE:
        request_id = instance.request_id
        transaction.on_commit(lambda: open_invoice(request_id))


def open_invoice(request_id: int) -> None:
    from eservice.payments.services import ask_for_fee, fee_without_invoice

    with transaction.atomic():
        # Locked: the applicant's "make the invoice" button and this hook may race.
        request = Request.objects.select_for_update().get(pk=request_id)
        if items := fee_without_invoice(request):
            ask_for_fee(request, items=items, move_case=False)
