import subprocess

import pytest

from eservice.cases.workflow import move
from eservice.documents.models import Document, DocumentTemplate
from eservice.documents.tasks import issue_for_request
from eservice.documents.testing import mail_with, make_request
from eservice.intake.models import Request

pytestmark = pytest.mark.django_db(transaction=True)


def to_issuing(request):
    move(request, Request.Status.ISSUING, actor=None)  # sets off the issuing


def test_it_issues_a_signed_licence_completes_the_case_and_mails_the_link(
    approved_request, smtp_server, tasks, tmp_path
):
    to_issuing(approved_request)
    tasks()
    approved_request.refresh_from_db()
    assert approved_request.status == Request.Status.COMPLETED
    document = Document.objects.get(request=approved_request)
    assert document.kind == "licence"
    assert document.holder == "นางสาวสมศรี ขายดี"
    assert document.area == "บางบัวทอง นนทบุรี"
    path = tmp_path / "licence.pdf"
    path.write_bytes(document.pdf.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "นางสาวสมศรี ขายดี" in text
    assert document.token in text  # printed beside the QR code
    mail = mail_with(smtp_server, "Your document is ready")
    assert mail["To"] == "somsri@example.org"
    assert approved_request.tracking_token() + "/documents/" in mail.get_content()


def test_it_uses_the_agency_template_and_its_validity(
    approved_request, licence_service, tasks, tmp_path
):
    DocumentTemplate.objects.create(
        service=licence_service,
        kind="licence",
        title="ใบอนุญาตจำหน่ายอาหาร",
        body="อนุญาตให้ {{ holder }} เปิดร้าน {{ answers.shop_name }}",
        signatory_name="นายใหญ่ ใจดี",
        signatory_position="นายกเทศมนตรีเมืองบางบัวทอง",
        valid_days=365,
    )
    to_issuing(approved_request)
    tasks()
    document = Document.objects.get(request=approved_request)
    assert document.valid_until is not None
    path = tmp_path / "licence.pdf"
    path.write_bytes(document.pdf.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "ร้านสมศรี" in text
    assert "นายใหญ่ ใจดี" in text


def test_running_twice_issues_nothing_twice(approved_request, tasks):
    to_issuing(approved_request)
    issue_for_request.enqueue(approved_request.pk)
    tasks()
    assert Document.objects.filter(request=approved_request).count() == 1


def test_a_paper_request_puts_the_document_in_the_officers_print_queue(
    agency, licence_service, officer, client, tasks
):
    request = make_request(agency, licence_service, paper_requested=True)
    to_issuing(request)
    tasks()
    document = Document.objects.get(request=request)
    client.force_login(officer)
    page = client.get("/staff/documents/")
    assert document.number in page.content.decode()
    assert f"/staff/documents/{document.token}/print" in page.content.decode()
    printed = client.post(f"/staff/documents/{document.token}/print")
    assert printed["Content-Type"] == "application/pdf"
    document.refresh_from_db()
    assert document.printed_at is not None
    assert (
        f"/staff/documents/{document.token}/print"
        not in client.get("/staff/documents/").content.decode()
    )
