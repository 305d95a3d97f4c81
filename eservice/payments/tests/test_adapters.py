"""Contract test: DgaEPayment against a stand-in for the provider on loopback that checks
every request the way the contract says, and the callback signature both ways."""

import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from eservice.payments.adapters import DgaEPayment, InvalidCallback, sign
from eservice.payments.services import ask_for_fee

SECRET = "shared-secret-for-tests"


class FakeDga(BaseHTTPRequestHandler):
    received: list = []

    def log_message(self, *args):
        pass

    def _reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeDga.received.append((self.path, dict(self.headers), json.loads(body)))
        if self.headers.get("X-Signature") != sign(body, SECRET):
            return self._reply(401, {"error": "bad signature"})
        return self._reply(201, {"paymentId": "PAY-1", "paymentUrl": "https://pay.example/PAY-1"})

    def do_GET(self):  # noqa: N802
        FakeDga.received.append((self.path, dict(self.headers), None))
        return self._reply(
            200,
            {"transactionId": "TXN-9", "status": "PAID", "amount": "500.00", "ref1": "R1",
             "ref2": "INV1", "paidAt": "2026-11-25T10:00:00+07:00"},
        )  # fmt: skip


@pytest.fixture
def dga():
    server = HTTPServer(("127.0.0.1", 0), FakeDga)
    FakeDga.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield DgaEPayment(f"http://127.0.0.1:{server.server_port}", "MERCHANT-1", SECRET)
    server.shutdown()


@pytest.mark.django_db
def test_create_sends_the_references_amount_and_callback(dga, approved_request):
    invoice = ask_for_fee(approved_request, items=[{"label": "fee", "amount": "500.00"}])
    created = dga.create(invoice)
    assert (created.payment_id, created.payment_url) == ("PAY-1", "https://pay.example/PAY-1")
    path, headers, body = FakeDga.received[0]
    assert path == "/payments"
    assert headers["X-Merchant-Id"] == "MERCHANT-1"
    assert body["ref1"] == invoice.ref1 and body["ref2"] == invoice.number
    assert body["amount"] == "500.00" and body["currency"] == "THB"
    assert body["callbackUrl"].endswith("/api/payments/callback")


def test_status_reads_a_payment(dga):
    event = dga.status("PAY-1")
    assert FakeDga.received[0][0] == "/payments/PAY-1"
    assert (event.transaction_id, event.status, event.amount) == (
        "TXN-9",
        "paid",
        Decimal("500.00"),
    )


def test_a_callback_is_accepted_only_with_the_right_signature(dga):
    body = json.dumps(
        {"transactionId": "T1", "status": "PAID", "amount": "10.00", "ref1": "A",
         "ref2": "B", "paidAt": "2026-11-25T10:00:00+07:00"}
    ).encode()  # fmt: skip
    assert dga.parse_callback(body, sign(body, SECRET)).transaction_id == "T1"
    with pytest.raises(InvalidCallback):
        dga.parse_callback(body, sign(body, "another-secret"))
    with pytest.raises(InvalidCallback):
        dga.parse_callback(body.replace(b"10.00", b"1.00"), sign(body, SECRET))


def test_a_callback_missing_fields_is_refused(dga):
    body = b'{"transactionId": "T1"}'
    with pytest.raises(InvalidCallback, match="Missing or malformed"):
        dga.parse_callback(body, sign(body, SECRET))
