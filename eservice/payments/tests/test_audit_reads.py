"""Reading fees, invoices and statements leaves an audit entry: who, what, which agency."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eservice.lib.models import AuditEntry
from eservice.payments.models import PaymentAccount, StatementImport
from eservice.payments.services import ask_for_fee

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(agency, approved_request):
    PaymentAccount.objects.create(agency=agency, biller_id="099400016550001")
    return ask_for_fee(approved_request, items=[{"label": "ค่าธรรมเนียม", "amount": "500.00"}])


def test_reading_the_fee_page_is_audited(client, agency, approved_request, invoice):
    assert client.get(f"/track/{approved_request.tracking_token()}/fee/").status_code == 200

    entry = AuditEntry.objects.get(action="fee.read")
    assert (entry.actor, entry.agency_id) == ("applicant", agency.pk)
    assert (entry.object_type, entry.object_id) == ("intake.request", str(approved_request.pk))


def test_reading_an_invoice_pdf_is_audited(client, agency, approved_request, invoice):
    token = approved_request.tracking_token()
    response = client.get(f"/track/{token}/fee/{invoice.number}.pdf")
    assert response["Content-Type"] == "application/pdf"

    entry = AuditEntry.objects.get(action="invoice.read")
    assert (entry.actor, entry.agency_id) == ("applicant", agency.pk)
    assert (entry.object_type, entry.object_id) == ("payments.invoice", str(invoice.pk))


def test_reading_the_payments_page_is_audited(client, officer, agency):
    client.force_login(officer)
    assert client.get("/en/staff/payments/").status_code == 200

    entry = AuditEntry.objects.get(action="payments.read")
    assert (entry.actor, entry.agency_id) == ("officer", agency.pk)


def test_reading_a_statement_is_audited(client, officer, agency):
    client.force_login(officer)
    client.post(
        "/en/staff/payments/statements/",
        {"statement": SimpleUploadedFile("s.csv", b"date,amount,ref1,ref2,transaction_id\n")},
    )
    statement = StatementImport.objects.get()
    assert client.get(f"/en/staff/payments/statements/{statement.pk}/").status_code == 200

    entry = AuditEntry.objects.get(action="statement.read")
    assert (entry.actor, entry.agency_id) == ("officer", agency.pk)
    assert (entry.object_type, entry.object_id) == ("payments.statementimport", str(statement.pk))
