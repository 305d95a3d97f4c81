"""Payment providers behind one small interface: create a payment, read a callback, ask for
a payment's status. One implementation follows DGA's e-Payment service (Krungthai Bank):
references 1-3 on creation, a signed callback to the agency, a status query.

The provider's exact wire format is not public; the field names below are this platform's
contract with it, and a contract test (tests/test_adapters.py) pins them down.
"""

import hashlib
import hmac
import json
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from eservice.payments.models import Invoice

SIGNATURE_HEADER = "X-Signature"


class InvalidCallback(Exception):
    """The callback's signature or content is wrong; nothing may be recorded from it."""


@dataclass
class CreatedPayment:
    payment_id: str
    payment_url: str


@dataclass
class PaymentEvent:
    transaction_id: str
    status: str  # "paid", "pending", "failed"
    amount: Decimal
    ref1: str
    ref2: str
    paid_at: datetime


class PaymentProvider(Protocol):
    def create(self, invoice: Invoice) -> CreatedPayment: ...

    def parse_callback(self, body: bytes, signature: str) -> PaymentEvent: ...

    def status(self, payment_id: str) -> PaymentEvent: ...


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _event(data: dict) -> PaymentEvent:
    try:
        paid_at = parse_datetime(str(data.get("paidAt") or ""))
        if paid_at is None:
            raise ValueError("paidAt")
        return PaymentEvent(
            transaction_id=str(data["transactionId"]),
            status=str(data["status"]).lower(),
            amount=Decimal(str(data["amount"])),
            ref1=str(data.get("ref1", "")),
            ref2=str(data.get("ref2", "")),
            paid_at=paid_at,
        )
    except (KeyError, ValueError, ArithmeticError) as e:
        raise InvalidCallback(f"Missing or malformed field: {e}") from e


class DgaEPayment:
    """DGA e-Payment: POST /payments, GET /payments/{id}, callbacks signed with HMAC-SHA256
    of the raw body under the shared secret, hex, in the X-Signature header."""

    def __init__(self, base_url: str, merchant_id: str, secret: str, timeout: float = 15) -> None:
        self.base_url = base_url.rstrip("/")
        self.merchant_id = merchant_id
        self.secret = secret
        self.timeout = timeout

    def _call(self, method: str, path: str, payload: dict | None = None) -> dict:
        body = json.dumps(payload).encode() if payload is not None else None
        req = urllib.request.Request(  # noqa: S310 - the configured https provider
            self.base_url + path,
            data=body,
            method=method,
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-Merchant-Id": self.merchant_id,
                **({SIGNATURE_HEADER: sign(body, self.secret)} if body else {}),
            },
        )
        with urllib.request.urlopen(req, timeout=self.timeout) as response:  # noqa: S310
            return json.loads(response.read())

    def create(self, invoice: Invoice) -> CreatedPayment:
        data = self._call(
            "POST",
            "/payments",
            {
                "merchantId": self.merchant_id,
                "ref1": invoice.ref1,
                "ref2": invoice.number,
                "ref3": invoice.agency.code,
                "amount": f"{invoice.amount:.2f}",
                "currency": "THB",
                "callbackUrl": settings.SITE_URL + reverse("api-1:payment_callback"),
            },
        )
        return CreatedPayment(str(data["paymentId"]), str(data.get("paymentUrl", "")))

    def parse_callback(self, body: bytes, signature: str) -> PaymentEvent:
        if not signature or not hmac.compare_digest(sign(body, self.secret), signature):
            raise InvalidCallback("The signature does not match the body.")
        try:
            data = json.loads(body)
        except ValueError as e:
            raise InvalidCallback("The body is not JSON.") from e
        return _event(data)

    def status(self, payment_id: str) -> PaymentEvent:
        return _event(self._call("GET", f"/payments/{payment_id}"))


def provider() -> PaymentProvider:
    return DgaEPayment(
        settings.PAYMENT_PROVIDER_URL,
        settings.PAYMENT_PROVIDER_MERCHANT_ID,
        settings.PAYMENT_CALLBACK_SECRET,
    )
