"""Bytes no database stores, numbers beyond 64 bits and JSON nested past reading get a 400
(or, for the API's typed ids, its schema error), never a server error: on SQLite and
on PostgreSQL alike."""

from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from conftest import PASSWORD
from eservice.intake.conftest import ONE_PAGE_FORM, make_service
from eservice.intake.models import ApiClient, Request

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = "9" * 25
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def key(agency):
    return ApiClient.issue("Citizen Portal")[1]


@pytest.fixture
def service(agency):
    return make_service(agency, ONE_PAGE_FORM, "คำร้องทั่วไป")


def assert_bilingual_api_error(response, status=400, code="bad_input"):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]["th"] and error["message"]["en"]
    assert error["message"]["th"] != error["message"]["en"]


def assert_bilingual_page(response):
    assert response.status_code == 400
    assert "ระบบอ่านคำขอนี้ไม่ได้" in response.text
    assert "The request could not be read" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/agencies/?q=a%00b",  # NUL in a query string
        "/services/?q=%ED%A0%80",  # an encoded lone surrogate in a query string
        "/agencies/a%00b/",  # NUL in a path
        "/track/a%00b/",
        "/en/register/?holder=%00",
    ],
)
def test_pages_refuse_bad_bytes_in_the_address_with_a_bilingual_400(client, url):
    assert_bilingual_page(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        "/api/agencies/?q=a%00b",
        "/api/agencies/?q=%ED%A0%80",
        "/api/agencies/a%00b",
        "/api/documents/a%00b",
        "/api/services?cursor=%00",
    ],
)
def test_the_api_refuses_bad_bytes_in_the_address_with_its_error_shape(client, url):
    assert_bilingual_api_error(client.get(url))


def test_a_form_with_nul_is_refused_before_any_view_reads_it(client, officer):
    response = client.post("/accounts/login/", {"username": "officer\x00", "password": PASSWORD})
    assert_bilingual_page(response)
    raw = client.post(
        "/accounts/login/",
        b"username=%ED%A0%80&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert_bilingual_page(raw)


def test_an_over_long_username_gets_a_400_not_a_stored_failure(client, officer):
    from axes.models import AccessAttempt

    response = client.post("/accounts/login/", {"username": "x" * 5000, "password": "wrong"})
    assert_bilingual_page(response)
    assert not AccessAttempt.objects.exists()
    # A name of ordinary length still counts as a failed attempt.
    client.post("/accounts/login/", {"username": "officer", "password": "wrong"})
    assert AccessAttempt.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        '{"service_id": %(id)s, "applicant": {"name": "\\ud800"}}',  # lone surrogate
        '{"service_id": %(id)s, "applicant": {"name": "a\\u0000"}}',  # NUL
        '{"service_id": %(id)s, "applicant": {"name": "a"}, "answers": {"subject": "\\udfff"}}',
        '{"service_id": %(id)s, "applicant": {"name": "a"}, "answers": {"\\u0000": "x"}}',
        DEEP,
    ],
)
@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "multipart"])
def test_the_api_refuses_json_no_database_stores(client, key, service, body, content_type):
    body = body.replace("%(id)s", str(service.pk))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if content_type == "multipart":
        response = client.post("/api/requests/", {"payload": body}, **auth)
    else:
        response = client.post("/api/requests/", body, content_type=content_type, **auth)
    assert_bilingual_api_error(response)
    assert not Request.objects.exists()


def test_an_escaped_surrogate_pair_is_an_ordinary_character(client, key, service):
    text = (
        f'{{"service_id": {service.pk}, "applicant": {{"name": "\\u0e2a\\u0e21"}}, '
        '"answers": {"subject": "\\ud83d\\ude00"}}'
    )
    response = client.post(
        "/api/requests/", text, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 201, response.content
    assert Request.objects.get().answers["subject"] == "😀"


def test_a_deeply_nested_callback_body_is_a_400(client):
    response = client.post("/api/payments/callback", DEEP, content_type="application/json")
    assert_bilingual_api_error(response)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/agencies/?page={BEYOND_64_BITS}",
        f"/api/documents/register?offset={BEYOND_64_BITS}",
        f"/api/cases/?page={BEYOND_64_BITS}",
    ],
)
def test_api_positions_beyond_64_bits_are_out_of_range(client, officer, url):
    client.force_login(officer)
    assert_bilingual_api_error(client.get(url), status=400, code="out_of_range")


@pytest.mark.parametrize(
    "url",
    [
        f"/api/oversight/guide/{BEYOND_64_BITS}",
        f"/api/oversight/agencies/{BEYOND_64_BITS}/readiness",
    ],
)
def test_api_ids_beyond_64_bits_get_the_schema_error(client, officer, url):
    client.force_login(officer)
    assert_bilingual_api_error(client.get(url), status=422, code="invalid_input")


def test_a_service_id_beyond_64_bits_is_no_service(client):
    assert_bilingual_api_error(client.get(f"/api/services/th-1-{BEYOND_64_BITS}"), 404, "not_found")


@pytest.mark.parametrize(
    "url", [f"/agencies/?page={BEYOND_64_BITS}", f"/cases/?page={BEYOND_64_BITS}"]
)
def test_page_numbers_beyond_64_bits_show_the_last_page(client, officer, url):
    client.force_login(officer)
    assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/agencies/%ED%A0%80/", "/api/agencies/%ED%A0%80"])
def test_an_encoded_surrogate_in_a_real_requests_path_is_a_400(live_server, path):
    # Only a real server hands the path over as raw bytes; the test client mends them first.
    with pytest.raises(HTTPError) as refused:
        urlopen(live_server.url + path)  # noqa: S310
    assert refused.value.code == 400
    assert "ระบบอ่านคำขอนี้ไม่ได้" in refused.value.read().decode() or path.startswith("/api/")
