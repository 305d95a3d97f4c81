import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_register_api_lists_and_filters_licences(client, licence):
    rows = client.get("/api/documents/register").json()
    assert [r["number"] for r in rows] == [licence.number]
    assert client.get("/api/documents/register", {"holder": "nobody"}).json() == []
    licence.revoked_at = timezone.now()
    licence.save()
    assert client.get("/api/documents/register", {"current": True}).json() == []


def test_a_document_status_by_id(client, licence):
    data = client.get(f"/api/documents/{licence.token}").json()
    assert data["status"] == "valid" and data["number"] == licence.number
    missing = client.get("/api/documents/nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
