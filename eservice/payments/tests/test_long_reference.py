from datetime import UTC, datetime
from decimal import Decimal

import pytest

from eservice.documents.testing import make_request
from eservice.payments.services import ask_for_fee, record_payment

pytestmark = pytest.mark.django_db


def test_two_requests_with_long_references_are_paid_separately(agency, licence_service):
    # 26 letters and digits: more than the 20 a bill-payment reference holds.
    first = make_request(agency, licence_service, reference="PROVINCIALOFFICE-2569-000001")
    second = make_request(agency, licence_service, reference="PROVINCIALOFFICE-2569-000002")
    items = [{"label": "ค่าธรรมเนียม", "amount": "500.00"}]
    first_invoice = ask_for_fee(first, items=items)
    second_invoice = ask_for_fee(second, items=items)
    assert first_invoice.ref1 != second_invoice.ref1
    assert len(second_invoice.ref1) == 20

    # The bank's statement carries ref 1 as the QR printed it.
    payment, _ = record_payment(
        source="statement",
        receiving_account="statement:4120401",
        external_id="T0001",
        ref1=second_invoice.ref1,
        ref2="",
        amount=Decimal("500.00"),
        paid_at=datetime(2026, 12, 8, 10, 0, tzinfo=UTC),
        agency_id=agency.pk,
    )
    assert payment.invoice == second_invoice
    assert payment.status == "accepted"
