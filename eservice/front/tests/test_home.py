import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_is_thai_by_default(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.status_code == 200
    assert '<html lang="th">' in page.text
    assert "บริการภาครัฐ ทางออนไลน์" in page.text
    assert 'href="/en/"' in page.text


def test_the_english_home_page(client):
    page = client.get("/en/")
    assert '<html lang="en">' in page.text
    assert "Government services, online" in page.text
    assert 'href="/"' in page.text


def test_the_api_schema_is_published(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "eservice API"
    assert client.get("/api/docs").status_code == 200
