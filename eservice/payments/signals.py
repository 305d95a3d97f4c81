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
    from eservice.payments.models import Invoice
    from eservice.payments.services import ask_for_fee, fee_items

    request = Request.objects.get(pk=request_id)
    if (
        request.status != Request.Status.AWAITING_FEE
        or Invoice.objects.filter(request=request).exists()
    ):
        return  # asked through this app, which made the invoice itself
    items = fee_items(request)
    if items:
        ask_for_fee(request, items=items, move_case=False)
