import subprocess

import pytest

from eservice.intake.models import Request
from eservice.intake.services import submit
from eservice.intake.tests.test_submit import submission
from eservice.lib.models import AuditEntry


@pytest.fixture
def application(agency, shop_licence):
    return submit(submission(agency, shop_licence))[0]


@pytest.mark.django_db
def test_the_private_link_shows_status_and_both_times(client, application):
    response = client.get(f"/en/track/{application.tracking_token()}/")
    assert response.status_code == 200
    assert application.reference in response.text
    assert "Submitted" in response.text
    assert "Deemed received" in response.text
    assert AuditEntry.objects.filter(action="request.track").exists()


@pytest.mark.django_db
def test_the_reference_alone_opens_nothing(client, application):
    assert client.get(f"/track/{application.reference}/").status_code == 404
    assert client.get(f"/track/{application.reference}:forged/").status_code == 404


@pytest.mark.django_db
def test_the_applicant_is_told_what_to_do_when_documents_are_missing(client, application):
    Request.objects.filter(pk=application.pk).update(status=Request.Status.DEFICIENCIES_REQUESTED)
    response = client.get(f"/en/track/{application.tracking_token()}/")
    assert "What you need to do" in response.text
    assert "missing documents" in response.text


@pytest.mark.django_db
def test_the_applicant_can_ask_for_paper(client, application):
    response = client.post(
        f"/en/track/{application.tracking_token()}/paper/", {"paper": "yes"}, follow=True
    )
    application.refresh_from_db()
    assert application.paper_requested
    assert "on paper" in response.text
    assert AuditEntry.objects.filter(action="request.paper_requested").exists()


@pytest.mark.django_db
def test_the_receipt_is_rendered_once_then_kept(client, application, media, tmp_path):
    url = f"/track/{application.tracking_token()}/receipt.pdf"
    first = client.get(url)
    assert first["Content-Type"] == "application/pdf"
    application.refresh_from_db()
    kept = application.receipt_pdf.name
    assert kept
    second = client.get(url)
    application.refresh_from_db()
    assert application.receipt_pdf.name == kept
    assert second.content == first.content
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(first.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert application.reference in text
    assert "สมชาย" in text


@pytest.mark.django_db
def test_the_fee_and_documents_are_reached_from_the_private_link_when_due(client, application):
    token = application.tracking_token()
    submitted = client.get(f"/en/track/{token}/").text
    assert f"/en/respond/{token}/" in submitted
    assert f"/en/track/{token}/fee/" not in submitted

    Request.objects.filter(pk=application.pk).update(status=Request.Status.AWAITING_FEE)
    awaiting_fee = client.get(f"/en/track/{token}/").text
    assert f"/en/track/{token}/fee/" in awaiting_fee
    assert f"/en/track/{token}/documents/" not in awaiting_fee

    Request.objects.filter(pk=application.pk).update(status=Request.Status.COMPLETED)
    assert f"/en/track/{token}/documents/" in client.get(f"/en/track/{token}/").text
