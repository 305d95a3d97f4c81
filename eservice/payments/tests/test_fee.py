import re
import subprocess
from html import unescape

import pytest

from eservice.payments import promptpay
from eservice.payments.models import PaymentAccount
from eservice.payments.services import ask_for_fee

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(agency):
    return PaymentAccount.objects.create(agency=agency, biller_id="099400016550001")


def test_the_applicant_sees_the_amount_and_a_correct_promptpay_qr(
    client, account, approved_request
):
    invoice = ask_for_fee(approved_request, items=[{"label": "ค่าธรรมเนียม", "amount": "500.00"}])
    page = client.get(f"/track/{approved_request.tracking_token()}/fee/").content.decode()
    assert "500.00" in page and "ห้าร้อยบาทถ้วน" in page
    assert "<svg" in page
    found = re.search(r'id="qr-payload"[^>]*>([^<]+)<', page)
    assert found is not None
    payload = unescape(found.group(1))
    parsed = promptpay.parse(payload)  # raises when the CRC is wrong
    assert parsed.kind == "bill_payment"
    assert parsed.biller_id == "099400016550001"
    assert parsed.ref1 == invoice.ref1 == approved_request.reference.replace("-", "")
    assert parsed.ref2 == invoice.number
    assert str(parsed.amount) == "500.00"
    assert (parsed.currency, parsed.country) == ("764", "TH")


def test_an_account_saved_before_ids_were_checked_shows_the_fee_without_a_qr(
    client, account, approved_request
):
    PaymentAccount.objects.filter(pk=account.pk).update(biller_id="๐๙๙๔-ABC")
    ask_for_fee(approved_request, items=[{"label": "ค่าธรรมเนียม", "amount": "500.00"}])
    page = client.get(f"/track/{approved_request.tracking_token()}/fee/")
    assert page.status_code == 200
    assert "500.00" in page.content.decode() and "<svg" not in page.content.decode()


def test_the_invoice_pdf_carries_the_amount_in_words(client, account, approved_request, tmp_path):
    invoice = ask_for_fee(approved_request, items=[{"label": "ค่าธรรมเนียม", "amount": "500.00"}])
    response = client.get(f"/track/{approved_request.tracking_token()}/fee/{invoice.number}.pdf")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "invoice.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "ห้าร้อยบาทถ้วน" in text
    assert str(invoice.number) in text


def test_a_wrong_link_shows_nothing(client):
    assert client.get("/track/not-a-token/fee/").status_code == 404


def test_a_case_moved_to_awaiting_fee_elsewhere_gets_its_invoice_from_the_catalogue(
    client, account, approved_request, django_capture_on_commit_callbacks
):
    from eservice.cases.workflow import move

    with django_capture_on_commit_callbacks(execute=True):
        move(approved_request, "awaiting_fee", actor=None)
    page = client.get(f"/track/{approved_request.tracking_token()}/fee/").content.decode()
    assert "500.00" in page
    assert approved_request.invoices.get().items[0]["label"] == "ค่าธรรมเนียมใบอนุญาต"


def test_opening_the_fee_link_makes_no_invoice_and_sends_no_mail_until_the_button(
    client, account, approved_request
):
    """A mail scanner, or anyone with the link, opening it must not make invoices and
    mail; the applicant presses the button, and only one invoice is ever made."""
    from eservice.outreach.models import OutgoingMail

    approved_request.status = "awaiting_fee"  # the invoice made on the move was lost
    approved_request.save(update_fields=["status"])
    url = f"/track/{approved_request.tracking_token()}/fee/"

    for _ in range(3):
        page = client.get(url).content.decode()
    assert not approved_request.invoices.exists()
    assert not OutgoingMail.objects.exists()
    assert "ออกใบแจ้งหนี้" in page  # the button

    client.post(url)
    client.post(url)
    assert approved_request.invoices.count() == 1
    assert OutgoingMail.objects.filter(purpose="fee_requested").count() == 1
    assert "500.00" in client.get(url).content.decode()
