"""The provider's callback secret stands alone: SECRET_KEY does not sign a callback."""

import json

import pytest
from django.conf import settings

from eservice.payments.adapters import sign
from eservice.payments.models import Invoice, Payment
from eservice.payments.services import ask_for_fee

pytestmark = pytest.mark.django_db


def test_a_callback_signed_with_the_secret_key_is_refused(client, approved_request):
    invoice = ask_for_fee(approved_request, items=[{"label": "fee", "amount": "500.00"}])
    body = json.dumps(
        {
            "transactionId": "FORGED-1",
            "status": "PAID",
            "amount": f"{invoice.amount:.2f}",
            "ref1": invoice.ref1,
            "ref2": invoice.number,
            "paidAt": "2026-11-25T10:00:00+07:00",
        }
    ).encode()
    forged = client.post(
        "/api/payments/callback",
        body,
        content_type="application/json",
        headers={"X-Signature": sign(body, settings.SECRET_KEY)},
    )
    assert forged.status_code == 401
    assert not Payment.objects.exists()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN

    genuine = client.post(
        "/api/payments/callback",
        body,
        content_type="application/json",
        headers={"X-Signature": sign(body, settings.PAYMENT_CALLBACK_SECRET)},
    )
    assert genuine.status_code == 200
