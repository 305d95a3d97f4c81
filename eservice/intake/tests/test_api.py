import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from eservice.intake.conftest import EXE, pdf_bytes, upload
from eservice.intake.models import ApiCall, ApiClient, Request
from eservice.outreach.models import OutgoingMail


@pytest.fixture
def key(agency):
    return ApiClient.issue("Citizen Portal")[1]


def payload(version, **answers):
    return {
        "service_id": version.service_id,
        "applicant": {"name": "สมศรี มีสุข", "email": "somsri@example.com"},
        "answers": answers,
    }


def post_json(client, key, body, **headers):
    return client.post(
        "/api/requests/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        **headers,
    )


@pytest.mark.django_db
def test_a_connected_system_submits_and_gets_the_reference(client, key, complaint):
    response = post_json(client, key, payload(complaint, subject="ขยะไม่ถูกเก็บ"))
    assert response.status_code == 201, response.content
    body = response.json()
    request = Request.objects.get()
    assert body["reference"] == request.reference
    assert body["receipt_url"].endswith(f"/track/{request.tracking_token()}/receipt.pdf")
    assert request.channel == "api"
    assert OutgoingMail.objects.get().to == "somsri@example.com"
    assert ApiCall.objects.get().status == 201

    status = client.get(f"/api/requests/{request.reference}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert status.json()["status"] == "submitted"
    assert status.json()["status_label"]["th"]


@pytest.mark.django_db
def test_the_idempotency_key_makes_a_retry_return_the_first_request(client, key, complaint):
    body = payload(complaint, subject="x")
    first = post_json(client, key, body, HTTP_IDEMPOTENCY_KEY="abc-1")
    second = post_json(client, key, body, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["reference"] == second.json()["reference"]
    assert Request.objects.count() == 1


@pytest.mark.django_db
def test_the_same_idempotency_key_with_a_different_body_is_refused(client, key, complaint):
    first = post_json(
        client, key, payload(complaint, subject="ขยะไม่ถูกเก็บ"), HTTP_IDEMPOTENCY_KEY="k1"
    )
    reordered = dict(reversed(list(payload(complaint, subject="ขยะไม่ถูกเก็บ").items())))
    retry = post_json(client, key, reordered, HTTP_IDEMPOTENCY_KEY="k1")
    other = post_json(client, key, payload(complaint, subject="ไฟถนนดับ"), HTTP_IDEMPOTENCY_KEY="k1")

    assert (first.status_code, retry.status_code) == (201, 200)
    assert other.status_code == 422
    error = other.json()["error"]
    assert error["code"] == "idempotency_key_reused" and error["field"] == "Idempotency-Key"
    assert error["message"]["th"] and error["message"]["en"]
    assert Request.objects.get().answers["subject"] == "ขยะไม่ถูกเก็บ"


@pytest.mark.django_db
def test_invalid_answers_are_explained_in_thai_and_english(client, key, complaint):
    response = post_json(client, key, payload(complaint, subject=""))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_answer" and error["field"] == "subject"
    assert error["message"]["en"] and error["message"]["th"]
    assert error["message"]["en"] != error["message"]["th"]
    unknown = post_json(client, key, payload(complaint, colour="red")).json()["error"]
    assert unknown["field"] == "colour"
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_files_come_as_multipart_and_disguised_ones_are_refused(client, key, shop_licence, media):
    body = payload(shop_licence, shop_name="ครัวป้าแดง", seats=10)
    ok = client.post(
        "/api/requests/",
        {"payload": json.dumps(body), "floor_plan": upload("plan.pdf", pdf_bytes())},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["attachments"][0]["name"] == "plan.pdf"
    bad = client.post(
        "/api/requests/",
        {"payload": json.dumps(body), "floor_plan": upload("plan.pdf", EXE)},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "floor_plan"


@pytest.mark.django_db
def test_a_revoked_or_wrong_key_is_refused_and_logged(client, key, complaint):
    assert post_json(client, "es_nothing_here", payload(complaint)).status_code == 401
    call_command("api_clients", "revoke", key.split("_")[1])
    response = post_json(client, key, payload(complaint, subject="x"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "revoked_key"
    assert ApiCall.objects.filter(status=401).count() == 1
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_a_client_reads_only_its_own_requests(client, key, complaint):
    reference = post_json(client, key, payload(complaint, subject="x")).json()["reference"]
    other = ApiClient.issue("Biz Portal")[1]
    response = client.get(f"/api/requests/{reference}", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_key_limited_to_an_agency_cannot_submit_elsewhere(client, other_agency, complaint):
    key = ApiClient.issue("Other SAO system", other_agency)[1]
    assert post_json(client, key, payload(complaint, subject="x")).status_code == 403


@pytest.mark.django_db
def test_the_submit_call_is_documented(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/requests/"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@pytest.mark.django_db
@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "service_id": st.one_of(st.just("this"), st.integers(), st.text(max_size=5)),
                "applicant": json_values,
                "answers": st.one_of(
                    json_values,
                    st.dictionaries(
                        st.sampled_from(["subject", "details", "shop_name", "seats", "floor_plan"]),
                        json_values,
                        max_size=5,
                    ),
                ),
            }
        ),
    )
)
def test_hostile_json_never_causes_a_server_error(client, key, complaint, body):
    if isinstance(body, dict) and body.get("service_id") == "this":
        body = {**body, "service_id": complaint.service_id}
    response = post_json(client, key, body)
    assert response.status_code in (200, 201, 400, 404, 422), response.content
    assert "error" in response.json() or "reference" in response.json()
