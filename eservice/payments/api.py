"""The e-Payment provider's callback: signed, and idempotent (a repeat changes nothing)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from eservice.lib.errors import ApiError
from eservice.payments.adapters import SIGNATURE_HEADER, InvalidCallback, provider
from eservice.payments.models import Payment
from eservice.payments.services import record_payment

router = Router(tags=["payments"])


class CallbackResult(Schema):
    transaction_id: str
    recorded: bool
    status: str


@router.post(
    "/callback",
    response=CallbackResult,
    url_name="payment_callback",
    summary="Payment provider callback (HMAC-SHA256 of the body in X-Signature)",
)
def payment_callback(request: HttpRequest) -> dict:
    try:
        event = provider().parse_callback(request.body, request.headers.get(SIGNATURE_HEADER, ""))
    except InvalidCallback as e:
        raise ApiError(
            401,
            "invalid_callback",
            _("The callback is not signed with the agreed key, or its content is malformed."),
        ) from e
    if event.status != "paid":
        return {"transaction_id": event.transaction_id, "recorded": False, "status": event.status}
    payment, created = record_payment(
        source=Payment.Source.PROVIDER,
        receiving_account=Payment.provider_account(),
        external_id=event.transaction_id,
        ref1=event.ref1,
        ref2=event.ref2,
        amount=event.amount,
        paid_at=event.paid_at,
    )
    return {"transaction_id": event.transaction_id, "recorded": created, "status": payment.status}
