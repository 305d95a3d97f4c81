"""From an approved case to a signed licence, in a real browser: the officer asks for the
fee, the applicant sees the PromptPay QR, the officer imports the bank statement, the
worker signs the receipt and the licence, the applicant downloads it and the public
verification page and poppler's pdfsig both find it valid."""

import subprocess

import pytest
from playwright.sync_api import expect

from eservice.documents.models import Document
from eservice.documents.tests.test_signing import nss_db
from eservice.intake.models import Request
from eservice.payments import promptpay
from eservice.payments.models import Invoice, PaymentAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_approved_case_is_paid_by_statement_and_gets_a_valid_signed_licence(
    live_server, page, agency, officer, approved_request, tasks, tmp_path
):
    from conftest import PASSWORD

    PaymentAccount.objects.create(agency=agency, biller_id="099400016550001")
    # The officer signs in and sends the invoice, with the catalogue's amount.
    page.goto(live_server.url + "/en/accounts/login/?next=/en/staff/payments/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Send the invoice").click()
    expect(page.locator("body")).to_contain_text("sent to the applicant")
    invoice = Invoice.objects.get(request=approved_request)

    # The applicant sees the amount and a QR whose payload is a correct PromptPay string.
    applicant = page.context.browser.new_page()
    token = approved_request.tracking_token()
    applicant.goto(f"{live_server.url}/track/{token}/fee/")
    assert applicant.locator("#amount").inner_text() == "500.00"
    assert applicant.locator(".es-qr svg").count() == 1
    payload = applicant.locator("#qr-payload").text_content() or ""
    parsed = promptpay.parse(payload)
    assert (parsed.ref1, parsed.ref2, str(parsed.amount)) == (
        invoice.ref1,
        invoice.number,
        "500.00",
    )

    # The bank statement arrives; the officer imports it.
    statement = tmp_path / "statement.csv"
    statement.write_text(
        "date,amount,ref1,ref2,transaction_id\n"
        f"25/11/2569 09:30,500.00,{invoice.ref1},{invoice.number},KTB-0001\n"
        "25/11/2569 09:31,99.00,UNKNOWN1,,KTB-0002\n"
    )
    page.goto(live_server.url + "/en/staff/payments/")
    page.set_input_files("#id_statement", str(statement))
    page.get_by_role("button", name="Import and match").click()
    expect(page.locator("#summary")).to_contain_text("1 paid, 1 for you to check, 0 unreadable")

    tasks()  # the worker: receipt, then the licence, both signed
    approved_request.refresh_from_db()
    assert approved_request.status == Request.Status.COMPLETED

    # The applicant downloads the licence and follows its verification link.
    applicant.goto(f"{live_server.url}/en/track/{token}/documents/")
    licence = Document.objects.get(request=approved_request, kind="licence")
    with applicant.expect_download() as download:
        applicant.get_by_role("link", name=f"{licence.number} (PDF)").click()
    pdf = tmp_path / "licence.pdf"
    download.value.save_as(pdf)
    applicant.get_by_role("link", name="Verification page").click()
    expect(applicant.locator(".usa-alert__heading")).to_have_text("Valid")

    # The downloaded file passes the upload check too.
    applicant.goto(f"{live_server.url}/en/documents/verify/")
    applicant.set_input_files("#id_pdf", str(pdf))
    applicant.get_by_role("button", name="Check the file").click()
    expect(applicant.locator("body")).to_contain_text(
        "The signature is valid and the file is unchanged"
    )

    # poppler's pdfsig, trusting the demo CA, agrees.
    out = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss_db(tmp_path)}", str(pdf)],
        capture_output=True,
        text=True,
    ).stdout
    assert "Signature is Valid." in out
    assert "Certificate is Trusted." in out
    assert "Total document signed" in out
