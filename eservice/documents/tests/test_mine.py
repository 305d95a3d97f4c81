import pytest

pytestmark = pytest.mark.django_db


def test_the_applicant_downloads_their_signed_licence(client, licence, approved_request):
    token = approved_request.tracking_token()
    page = client.get(f"/en/track/{token}/documents/").content.decode()
    assert licence.number in page
    response = client.get(f"/track/{token}/documents/{licence.token}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_document_of_another_request_is_not_served(client, licence, agency, licence_service):
    from eservice.documents.testing import make_request

    other = make_request(agency, licence_service)
    response = client.get(f"/track/{other.tracking_token()}/documents/{licence.token}.pdf")
    assert response.status_code == 404


def test_a_forged_link_shows_nothing(client, licence):
    assert client.get("/track/forged/documents/").status_code == 404
