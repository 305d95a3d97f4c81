import pytest

from eservice.intake.models import ApiClient

pytestmark = pytest.mark.django_db


def test_a_key_over_its_limit_gets_429_while_another_key_does_not(settings, client, agency):
    settings.API_REQUESTS_PER_MINUTE = 3
    busy = ApiClient.issue("Citizen Portal")[1]
    quiet = ApiClient.issue("Biz Portal")[1]

    def read(key):
        return client.get("/api/requests/ABC-1", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert [read(busy).status_code for _ in range(3)] == [404, 404, 404]
    refused = read(busy)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert "Retry-After" in error["message"]["en"] and "Retry-After" in error["message"]["th"]
    assert error["message"]["th"] != error["message"]["en"]
    assert read(quiet).status_code == 404
