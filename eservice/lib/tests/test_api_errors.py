"""Every error of the API, whichever part of the stack gives it, has one shape with a Thai and
an English message, and the schema documents it on the operation that gives it."""

import re

import pytest

from eservice.intake.models import ApiClient

pytestmark = pytest.mark.django_db

THAI = re.compile("[\u0e01-\u0e5b]")
BEYOND_64_BITS = "9" * 25


def assert_error_shape(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert THAI.search(error["message"]["th"]), error["message"]["th"]
    assert not THAI.search(error["message"]["en"]) and error["message"]["en"]
    return error


def assert_documented(client, method, path, status):
    operation = client.get("/api/openapi.json").json()["paths"][path][method]
    content = operation["responses"][str(status)]["content"]["application/json"]
    assert content["schema"] == {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def key(agency):
    return ApiClient.issue("Citizen Portal")[1]


@pytest.mark.parametrize(
    "url",
    [
        "/api/agencies/?q=a%00b",  # refused by the middleware before ninja sees it
        "/api/agencies/?q=%ED%A0%80",
    ],
)
def test_400_for_bad_bytes(client, url):
    assert_error_shape(client.get(url), 400, "bad_input")
    assert_documented(client, "get", "/api/agencies/", 400)


@pytest.mark.parametrize("page", [BEYOND_64_BITS, "2147483648", "0", "-1"])
def test_400_for_a_page_number_out_of_range(client, page):
    error = assert_error_shape(client.get("/api/agencies/", {"page": page}), 400, "out_of_range")
    assert error["field"] == "page"


@pytest.mark.parametrize("offset", [BEYOND_64_BITS, "2147483648", "-1"])
def test_400_for_an_offset_out_of_range(client, offset):
    response = client.get("/api/documents/register", {"offset": offset})
    assert assert_error_shape(response, 400, "out_of_range")["field"] == "offset"
    assert_documented(client, "get", "/api/documents/register", 400)


def test_the_largest_page_number_is_still_a_page(client, officer):
    assert client.get("/api/agencies/", {"page": 2**31 - 1}).status_code == 200
    client.force_login(officer)
    assert client.get("/api/cases/", {"page": 2**31 - 1}).status_code == 200


def test_401_without_a_session(client):
    assert_error_shape(client.get("/api/cases/"), 401, "not_authenticated")
    assert_documented(client, "get", "/api/cases/", 401)


def test_401_without_an_api_key_and_with_a_wrong_one(client):
    assert_error_shape(client.get("/api/requests/ABC-1"), 401, "not_authenticated")
    wrong = client.get("/api/requests/ABC-1", HTTP_AUTHORIZATION="Bearer nope")
    assert_error_shape(wrong, 401, "bad_key")
    assert_documented(client, "get", "/api/requests/{reference}", 401)


def test_403_for_someone_outside_every_agency(client, oversight_user):
    client.force_login(oversight_user)
    assert_error_shape(client.get("/api/cases/"), 403, "no_agency")
    assert_documented(client, "get", "/api/cases/", 403)


def test_404_for_a_missing_service_and_an_unknown_address(client):
    assert_error_shape(client.get("/api/services/th-4120401-999"), 404, "not_found")
    assert_documented(client, "get", "/api/services/{service_id}", 404)
    assert_error_shape(client.get("/api/no-such-thing"), 404, "not_found")


def test_405_keeps_the_allowed_methods(client):
    response = client.delete("/api/services")
    assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"
    assert_documented(client, "get", "/api/services", 405)


def test_422_names_each_field_in_both_languages(client):
    response = client.get("/api/services", {"limit": 5000, "updated_since": "yesterday"})
    error = assert_error_shape(response, 422, "invalid_input")
    problems = {problem["field"]: problem["message"] for problem in error["fields"]}
    assert problems["limit"] == {
        "th": "โปรดส่งตัวเลขไม่เกิน 500",
        "en": "Send a number of at most 500.",
    }
    assert THAI.search(problems["updated_since"]["th"])
    assert_documented(client, "get", "/api/services", 422)


def test_429_with_retry_after(client, key, settings):
    settings.API_REQUESTS_PER_MINUTE = 1
    client.get("/api/requests/ABC-1", HTTP_AUTHORIZATION=f"Bearer {key}")
    refused = client.get("/api/requests/ABC-1", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert_error_shape(refused, 429, "rate_limited")
    assert refused["Retry-After"] == "60"
    assert_documented(client, "get", "/api/requests/{reference}", 429)


def test_every_operation_documents_the_error_shape(client):
    schema = client.get("/api/openapi.json").json()
    message = schema["components"]["schemas"]["Message"]
    assert set(message["required"]) == {"th", "en"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = {"400", "404", "405", "422", "429"}
            if operation.get("security"):
                expected |= {"401", "403"}
            assert expected <= set(operation["responses"]), (method, path)
