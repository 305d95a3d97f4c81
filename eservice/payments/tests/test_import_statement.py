import subprocess
from datetime import date

import pytest
from django.utils import timezone

from eservice.documents.models import Document
from eservice.documents.testing import make_request
from eservice.intake.models import Request
from eservice.payments.models import Invoice, Payment
from eservice.payments.services import ask_for_fee

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "date,amount,ref1,ref2,transaction_id\n"


def invoice_for(request, amount="500.00"):
    return ask_for_fee(request, items=[{"label": "ค่าธรรมเนียม", "amount": amount}])


def upload(client, text, name="statement.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/en/staff/payments/statements/",
        {"statement": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
        follow=True,
    )
    return response


def test_a_matching_line_pays_issues_a_receipt_and_the_licence(
    client, officer, approved_request, tasks
):
    invoice = invoice_for(approved_request)
    client.force_login(officer)
    response = upload(
        client, HEADER + f"25/11/2569 10:15,500.00,{invoice.ref1},{invoice.number},TXN001\n"
    )
    assert b"1 paid, 0 for you to check, 0 unreadable" in response.content
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    tasks()  # receipt, then the licence
    approved_request.refresh_from_db()
    assert approved_request.status == Request.Status.COMPLETED
    receipt = Payment.objects.get().receipt
    assert receipt is not None
    assert receipt.kind == "receipt" and receipt.is_signed
    assert Document.objects.filter(request=approved_request, kind="licence").count() == 1
    statuses = list(approved_request.transitions.values_list("to_status", flat=True))
    assert statuses[-4:] == ["awaiting_fee", "paid", "issuing", "completed"]


def test_a_buddhist_era_leap_day_in_a_statement_is_read(client, officer, approved_request):
    invoice = invoice_for(approved_request)
    client.force_login(officer)
    response = upload(
        client, HEADER + f"29/02/2567 23:30,500.00,{invoice.ref1},{invoice.number},TXN229\n"
    )
    assert b"1 paid, 0 for you to check, 0 unreadable" in response.content
    paid_at = timezone.localtime(Payment.objects.get().paid_at)
    assert (paid_at.date(), paid_at.hour, paid_at.minute) == (date(2024, 2, 29), 23, 30)


def test_a_payment_just_after_midnight_on_new_year_is_receipted_on_new_years_day(
    client, officer, approved_request, tasks, tmp_path
):
    invoice = invoice_for(approved_request)
    client.force_login(officer)
    upload(client, HEADER + f"01/01/2570 03:00,500.00,{invoice.ref1},{invoice.number},TXN101\n")
    tasks()
    receipt = Payment.objects.get().receipt
    assert receipt is not None
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(receipt.pdf.read())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "1 มกราคม 2570" in " ".join(text.split())  # not 31 December, the UTC date
    assert "31/12/2569" not in text


def test_a_wrong_amount_or_unknown_reference_is_flagged_not_accepted(
    client, officer, agency, licence_service, approved_request
):
    invoice = invoice_for(approved_request)
    client.force_login(officer)
    response = upload(
        client,
        HEADER
        + f"2026-11-25,50.00,{invoice.ref1},{invoice.number},TXN002\n"
        + "2026-11-25,500.00,NOSUCHREF,,TXN003\n",
    )
    body = response.content.decode()
    assert "0 paid, 2 for you to check" in body
    assert f"Paid 50.00 baht, but invoice {invoice.number} is for 500.00 baht." in body
    assert "No invoice has reference 1 “NOSUCHREF”." in body
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN
    assert Payment.objects.filter(status=Payment.Status.FLAGGED).count() == 2
    staff = client.get("/en/staff/payments/").content.decode()
    assert "NOSUCHREF" in staff  # waiting for an officer


def test_unreadable_lines_are_reported_with_the_reason(client, officer, approved_request):
    invoice_for(approved_request)
    client.force_login(officer)
    body = upload(
        client,
        HEADER + "yesterday,500.00,X,,T1\n" + "2026-11-25,five hundred,X,,T2\n" + "2026-11-25,1\n",
    ).content.decode()
    assert "0 paid, 0 for you to check, 3 unreadable" in body
    assert "is not a date like 2026-11-25" in body
    assert "is not a number like 150.00" in body
    assert "Expected 5 columns, found 2." in body
    assert not Payment.objects.exists()


def test_importing_the_same_statement_twice_changes_nothing(
    client, officer, approved_request, tasks
):
    invoice = invoice_for(approved_request)
    client.force_login(officer)
    line = HEADER + f"2026-11-25,500.00,{invoice.ref1},{invoice.number},TXN010\n"
    upload(client, line)
    body = upload(client, line).content.decode()
    assert "1 already recorded" in body
    assert Payment.objects.count() == 1


def test_a_file_without_the_header_is_reported(client, officer):
    client.force_login(officer)
    body = upload(client, "2026-11-25,500.00,X,,T1\n").content.decode()
    assert "The first line must name the columns" in body


def test_an_officer_only_matches_their_own_agencys_invoices(
    client, other_agency, licence_service, agency
):
    from eservice.identity.models import User

    other_officer = User.objects.create_user("other", agency=other_agency, role="officer")
    invoice = invoice_for(make_request(agency, licence_service))
    client.force_login(other_officer)
    body = upload(
        client, HEADER + f"2026-11-25,500.00,{invoice.ref1},{invoice.number},TXN020\n"
    ).content.decode()
    assert "No invoice has reference 1" in body
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


def test_the_same_transaction_id_at_another_agencys_bank_is_a_different_payment(
    client, other_agency, licence_service, agency, officer
):
    """Banks number transactions per account: another agency's "TXN001" must not make
    this agency's payment look like a repeat and vanish."""
    from eservice.identity.models import User

    other_officer = User.objects.create_user("other", agency=other_agency, role="officer")
    client.force_login(other_officer)
    upload(client, HEADER + "2026-11-25,120.00,SOMETHINGELSE,,TXN001\n")

    invoice = invoice_for(make_request(agency, licence_service))
    client.force_login(officer)
    body = upload(
        client, HEADER + f"2026-11-25,500.00,{invoice.ref1},{invoice.number},TXN001\n"
    ).content.decode()
    assert "1 paid, 0 for you to check, 0 unreadable" in body
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.filter(external_id="TXN001").count() == 2

    # Still once per account: the same line again at this agency changes nothing.
    again = upload(
        client, HEADER + f"2026-11-25,500.00,{invoice.ref1},{invoice.number},TXN001\n"
    ).content.decode()
    assert "Already recorded" in again
    assert Payment.objects.filter(external_id="TXN001").count() == 2
