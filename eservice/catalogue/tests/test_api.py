import json
from datetime import timedelta

from django.utils import timezone

from eservice.catalogue.models import Service


def feed(client, url="/api/services", **params):
    response = client.get(url, params)
    assert response.status_code == 200, response
    return json.loads(b"".join(response.streaming_content))


def test_the_feed_returns_published_services_in_hsds_shape(
    client, published_service, ready_service
):
    Service.objects.create(agency=published_service.agency, name_th="ร่าง")  # drafts stay out
    body = feed(client)
    assert body["total_items"] == 1
    (item,) = body["contents"]
    assert item["id"] == f"th-4120401-{published_service.pk}"
    assert item["name"] == "ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร"
    assert item["alternate_name"] == "Food shop licence"
    assert item["status"] == "active"
    assert item["organization"]["name"] == "เทศบาลเมืองบางบัวทอง"
    assert item["cost_options"][0]["amount"] == 1000.0
    assert item["cost_options"][0]["currency"] == "THB"
    assert item["required_documents"][0]["document"] == "สำเนาบัตรประจำตัวประชาชน"
    assert item["application_process"].startswith("1. ตรวจสอบคำขอและเอกสาร")
    assert item["service_areas"][0]["name"] == "นนทบุรี"
    cpsv = item["cpsv_ap"]
    assert cpsv["processing_time"] == "P30D"
    assert {c["code"] for c in cpsv["has_channel"]} == {"online", "in_person"}
    assert cpsv["has_input"][0]["issued_by_state_agency"] is True
    assert cpsv["produces"]["must_be_displayed"] is True
    assert item["eservice"]["version"] == 1
    assert item["eservice"]["apply_online"] is True
    assert body["next"] is None


def test_portal_listing_dates_are_in_the_feed(client, published_service):
    published_service.on_citizen_portal_since = timezone.localdate()
    published_service.save()
    item = client.get(f"/api/services/th-4120401-{published_service.pk}").json()
    assert item["eservice"]["listed_on"]["citizen_portal"] == timezone.localdate().isoformat()
    assert item["eservice"]["listed_on"]["biz_portal"] is None


def make_published(service, n):
    service.pk = None
    service.current_version = None
    service.name_th = f"บริการที่ {n}"
    service.save()
    service.steps.create(description_th="ขั้นตอน", responsible_th="งาน", duration=1)
    service.fees.create(description_th="ค่าธรรมเนียม", amount=10)
    service.documents.create(name_th="เอกสาร")
    service.publish(by=None)
    return service


def test_the_feed_pages_with_a_cursor_until_the_end(client, published_service):
    for n in range(4):
        make_published(Service.objects.get(pk=published_service.pk), n)
    first = feed(client, limit=2)
    assert first["total_items"] == 5 and len(first["contents"]) == 2
    second = feed(client, first["next"])
    third = feed(client, second["next"])
    assert len(third["contents"]) == 1 and third["next"] is None
    ids = [i["id"] for page in (first, second, third) for i in page["contents"]]
    assert len(set(ids)) == 5


def test_updated_since_returns_only_what_changed(client, published_service):
    since = timezone.now()
    assert feed(client, updated_since=since.isoformat())["total_items"] == 0
    published_service.name_th = "ชื่อใหม่"
    published_service.save()
    published_service.publish(by=None)
    body = feed(client, updated_since=since.isoformat())
    assert [i["name"] for i in body["contents"]] == ["ชื่อใหม่"]


def test_a_suspended_service_stays_in_the_feed_as_inactive(client, published_service):
    since = timezone.now() - timedelta(seconds=1)
    published_service.suspend()
    (item,) = feed(client, updated_since=since.isoformat())["contents"]
    assert item["status"] == "inactive"


def test_etag_gives_304_until_something_changes(client, published_service):
    first = client.get("/api/services")
    tag = first["ETag"]
    assert client.get("/api/services", HTTP_IF_NONE_MATCH=tag).status_code == 304
    published_service.suspend()
    assert client.get("/api/services", HTTP_IF_NONE_MATCH=tag).status_code == 200
    one = client.get(f"/api/services/th-4120401-{published_service.pk}")
    assert (
        client.get(
            f"/api/services/th-4120401-{published_service.pk}", HTTP_IF_NONE_MATCH=one["ETag"]
        ).status_code
        == 304
    )


def test_a_bad_cursor_or_limit_is_refused_with_a_message(client, published_service):
    response = client.get("/api/services", {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "cursor" and error["message"]["th"] and error["message"]["en"]
    assert client.get("/api/services", {"limit": 5000}).status_code == 422


def test_drafts_are_not_served_one_by_one_either(client, ready_service):
    assert client.get(f"/api/services/th-4120401-{ready_service.pk}").status_code == 404


def test_the_id_in_the_list_opens_the_service(client, published_service):
    (listed,) = feed(client)["contents"]
    one = client.get(f"/api/services/{listed['id']}")
    assert one.status_code == 200
    assert one.json() == listed
    # The number alone, or with another agency's code, is not a service's id.
    for other in [str(published_service.pk), f"th-1234567-{published_service.pk}"]:
        missing = client.get(f"/api/services/{other}")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "not_found"


def test_the_feed_and_the_form_schema_are_documented(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/services" in paths
    assert "/api/services/form-definition-schema" in paths
    schema = client.get("/api/services/form-definition-schema").json()
    assert "thai_address" in schema["$defs"]["field"]["properties"]["type"]["enum"]


def test_a_runaway_client_is_slowed_down(client, published_service):
    from eservice.catalogue import api

    limit = api.FEED_PER_MINUTE
    api.FEED_PER_MINUTE = 3
    try:
        codes = [client.get("/api/services").status_code for _ in range(5)]
    finally:
        api.FEED_PER_MINUTE = limit
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429
