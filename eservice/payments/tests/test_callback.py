import json

import pytest

from eservice.intake.models import Request
from eservice.payments.adapters import sign
from eservice.payments.models import Invoice, Payment
from eservice.payments.services import ask_for_fee

pytestmark = pytest.mark.django_db

SECRET = "callback-secret"


@pytest.fixture(autouse=True)
def secret(settings):
    settings.PAYMENT_CALLBACK_SECRET = SECRET


def callback(client, body: dict, secret=SECRET):
    data = json.dumps(body).encode()
    return client.post(
        "/api/payments/callback",
        data,
        content_type="application/json",
        headers={"X-Signature": sign(data, secret)},
    )


def paid(invoice, txn="DGA-1", amount=None):
    return {
        "transactionId": txn,
        "status": "PAID",
        "amount": amount or f"{invoice.amount:.2f}",
        "ref1": invoice.ref1,
        "ref2": invoice.number,
        "paidAt": "2026-11-25T10:00:00+07:00",
    }


def test_a_signed_callback_pays_the_invoice(client, approved_request):
    invoice = ask_for_fee(approved_request, items=[{"label": "fee", "amount": "500.00"}])
    response = callback(client, paid(invoice))
    assert response.status_code == 200
    assert response.json() == {"transaction_id": "DGA-1", "recorded": True, "status": "accepted"}
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    approved_request.refresh_from_db()
    assert approved_request.status == Request.Status.PAID


def test_a_duplicate_callback_changes_nothing(client, approved_request):
    invoice = ask_for_fee(approved_request, items=[{"label": "fee", "amount": "500.00"}])
    callback(client, paid(invoice))
    transitions = approved_request.transitions.count()
    before = list(Payment.objects.values())
    again = callback(client, paid(invoice))
    assert again.status_code == 200
    assert again.json()["recorded"] is False
    assert list(Payment.objects.values()) == before
    assert approved_request.transitions.count() == transitions


def test_a_callback_with_a_bad_signature_is_refused(client, approved_request):
    invoice = ask_for_fee(approved_request, items=[{"label": "fee", "amount": "500.00"}])
    response = callback(client, paid(invoice), secret="guessed")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_callback"
    assert set(response.json()["error"]["message"]) == {"th", "en"}
    assert not Payment.objects.exists()


def test_a_callback_for_the_wrong_amount_is_flagged(client, approved_request):
    invoice = ask_for_fee(approved_request, items=[{"label": "fee", "amount": "500.00"}])
    response = callback(client, paid(invoice, amount="5.00"))
    assert response.json()["status"] == "flagged"
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN
