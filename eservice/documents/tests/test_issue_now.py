import pytest

from eservice.documents.models import Document
from eservice.intake.models import Request

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_approved_request_without_fee_is_issued_from_the_officers_list(
    client, officer, approved_request, tasks
):
    client.force_login(officer)
    page = client.get("/en/staff/documents/").content.decode()
    assert approved_request.reference in page and "Issue and sign the document" in page
    response = client.post(f"/en/staff/documents/issue/{approved_request.reference}/", follow=True)
    assert b"being issued and signed" in response.content
    tasks()
    approved_request.refresh_from_db()
    assert approved_request.status == Request.Status.COMPLETED
    licence = Document.objects.get(request=approved_request)
    detail = client.get(f"/en/staff/documents/{licence.token}/").content.decode()
    assert "PAdES B-B" in detail and "Revoke this document" in detail


def test_a_request_not_yet_approved_cannot_be_issued(client, officer, agency, licence_service):
    from eservice.documents.testing import make_request

    request = make_request(agency, licence_service, status=Request.Status.CONSIDERING)
    client.force_login(officer)
    response = client.post(f"/en/staff/documents/issue/{request.reference}/", follow=True)
    assert "cannot become" in response.content.decode()
    assert not Document.objects.exists()


def test_the_templates_page_lists_the_agencys_services(client, agency, licence_service):
    from eservice.identity.models import User

    admin = User.objects.create_user("adm", agency=agency, role=User.Role.AGENCY_ADMIN)
    client.force_login(admin)
    page = client.get("/en/staff/documents/templates/").content.decode()
    assert licence_service.name_th in page and "Add a template" in page
