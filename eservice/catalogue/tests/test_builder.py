import json

import pytest
from django.utils import translation

from eservice.catalogue.models import Service


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def blank(agency):
    return Service.objects.create(agency=agency, name_th="ร้องเรียนเหตุรำคาญ")


def add_field(client, service, **data):
    base = {"add_field": "1", "field-page": "page_1", "field-required": "on"}
    return client.post(
        f"/staff/services/{service.pk}/form/",
        {**base, **{f"field-{k}": v for k, v in data.items()}},
    )


def test_an_officer_builds_a_form_page_by_page(officer_client, blank):
    url = f"/staff/services/{blank.pk}/form/"
    officer_client.post(
        url, {"add_page": "1", "page-title_th": "เรื่องร้องเรียน", "page-title_en": "Complaint"}
    )
    add_field(
        officer_client,
        blank,
        type="choice",
        label_th="ประเภทเหตุ",
        label_en="Kind of nuisance",
        options="กลิ่น | Smell\nเสียง | Noise\nอื่น ๆ | Other",
    )
    add_field(
        officer_client,
        blank,
        type="text",
        label_th="ระบุ",
        label_en="Which other",
        show_if_field="kind_of_nuisance",
        show_if_equals="อื่น ๆ",
    )
    blank.refresh_from_db()
    (page,) = blank.form_draft["pages"]
    assert page["title"] == {"th": "เรื่องร้องเรียน", "en": "Complaint"}
    choice, other = page["fields"]
    assert choice["key"] == "kind_of_nuisance"
    assert [o["label"]["en"] for o in choice["options"]] == ["Smell", "Noise", "Other"]
    assert other["show_if"] == {"field": "kind_of_nuisance", "equals": "อื่น ๆ"}
    # The preview shows the form as applicants will see it.
    assert 'data-show-if-field="kind_of_nuisance"' in officer_client.get(url).content.decode()


def test_editing_a_question_keeps_its_key_and_option_values(officer_client, blank):
    blank.form_draft = {
        "version": 1,
        "pages": [
            {
                "key": "p",
                "title": {"th": "หน้า"},
                "fields": [
                    {
                        "key": "kind",
                        "type": "choice",
                        "label": {"th": "ประเภท"},
                        "options": [{"value": "smell", "label": {"th": "กลิ่น"}}],
                    }
                ],
            }
        ],
    }
    blank.save()
    response = officer_client.post(
        f"/staff/services/{blank.pk}/form/fields/kind",
        {
            "field-page": "p",
            "field-type": "choice",
            "field-label_th": "ประเภทเหตุรำคาญ",
            "field-required": "on",
            "field-options": "กลิ่น | Smell\nเสียง | Noise",
        },
    )
    assert response.status_code == 302
    blank.refresh_from_db()
    (field,) = blank.form_draft["pages"][0]["fields"]
    assert field["key"] == "kind" and field["label"]["th"] == "ประเภทเหตุรำคาญ"
    assert [o["value"] for o in field["options"]] == ["smell", "เสียง"]


def test_a_condition_loop_is_refused_naming_the_field(officer_client, blank):
    blank.form_draft = {
        "version": 1,
        "pages": [
            {
                "key": "page_1",
                "title": {"th": "หน้า"},
                "fields": [
                    {"key": "a", "type": "text", "label": {"th": "ก"}},
                    {
                        "key": "b",
                        "type": "text",
                        "label": {"th": "ข"},
                        "show_if": {"field": "a", "equals": "x"},
                    },
                ],
            }
        ],
    }
    blank.save()
    response = officer_client.post(
        f"/staff/services/{blank.pk}/form/fields/a",
        {
            "field-page": "page_1",
            "field-type": "text",
            "field-label_th": "ก",
            "field-show_if_field": "b",
            "field-show_if_equals": "y",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "“a”" in body and ("วงวน" in body or "loop" in body)
    blank.refresh_from_db()
    assert "show_if" not in blank.form_draft["pages"][0]["fields"][0]


def test_moving_and_removing_questions(officer_client, blank):
    blank.form_draft = {
        "version": 1,
        "pages": [
            {
                "key": "p",
                "title": {"th": "หน้า"},
                "fields": [
                    {"key": "a", "type": "text", "label": {"th": "ก"}},
                    {"key": "b", "type": "text", "label": {"th": "ข"}},
                ],
            }
        ],
    }
    blank.save()
    change = f"/staff/services/{blank.pk}/form/change"
    officer_client.post(change, {"action": "down", "key": "a"})
    blank.refresh_from_db()
    assert [f["key"] for f in blank.form_draft["pages"][0]["fields"]] == ["b", "a"]
    officer_client.post(change, {"action": "remove_field", "key": "b"})
    blank.refresh_from_db()
    assert [f["key"] for f in blank.form_draft["pages"][0]["fields"]] == ["a"]


def test_removing_a_question_another_depends_on_is_refused(officer_client, blank):
    blank.form_draft = {
        "version": 1,
        "pages": [
            {
                "key": "p",
                "title": {"th": "หน้า"},
                "fields": [
                    {"key": "a", "type": "text", "label": {"th": "ก"}},
                    {
                        "key": "b",
                        "type": "text",
                        "label": {"th": "ข"},
                        "show_if": {"field": "a", "equals": "x"},
                    },
                ],
            }
        ],
    }
    blank.save()
    response = officer_client.post(
        f"/staff/services/{blank.pk}/form/change",
        {"action": "remove_field", "key": "a"},
        follow=True,
    )
    assert "“b”" in response.content.decode()
    blank.refresh_from_db()
    assert len(blank.form_draft["pages"][0]["fields"]) == 2


def test_a_form_exports_and_imports_between_installations(officer_client, ready_service, blank):
    exported = officer_client.get(f"/staff/services/{ready_service.pk}/form/export")
    assert exported["Content-Disposition"].startswith("attachment")
    response = officer_client.post(
        f"/staff/services/{blank.pk}/form/import", {"definition": exported.content.decode()}
    )
    assert response.status_code == 302
    blank.refresh_from_db()
    assert blank.form_draft == ready_service.form_draft


def test_an_invalid_import_is_refused_with_messages_pointing_at_the_field(officer_client, blank):
    bad = {
        "version": 1,
        "pages": [
            {
                "key": "p",
                "title": {"th": "หน้า"},
                "fields": [
                    {"key": "colour", "type": "colour", "label": {"th": "สี"}},
                    {
                        "key": "b",
                        "type": "text",
                        "label": {"th": "ข"},
                        "show_if": {"field": "nowhere", "equals": "x"},
                    },
                ],
            }
        ],
    }
    with translation.override("en"):
        response = officer_client.post(
            f"/en/staff/services/{blank.pk}/form/import", {"definition": json.dumps(bad)}
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "field “colour”: unknown type “colour”" in body
    assert "field “b”: the condition refers to a field “nowhere”" in body
    response = officer_client.post(
        f"/en/staff/services/{blank.pk}/form/import", {"definition": "{not json"}
    )
    assert "not valid JSON (line 1" in response.content.decode()
    blank.refresh_from_db()
    assert blank.form_draft == {}


def test_changing_the_form_after_publishing_makes_a_new_version(officer_client, published_service):
    add_field(
        officer_client,
        published_service,
        page="shop",
        type="phone",
        label_th="โทรศัพท์",
        label_en="Phone",
    )
    published_service.refresh_from_db()
    assert published_service.current_version.number == 1
    assert published_service.has_unpublished_changes
    officer_client.post(f"/staff/services/{published_service.pk}/publish")
    published_service.refresh_from_db()
    v1, v2 = published_service.versions.order_by("number")
    assert v2 == published_service.current_version
    assert [f["key"] for f in v1.form["pages"][0]["fields"]] == ["shop_name", "area"]
    assert [f["key"] for f in v2.form["pages"][0]["fields"]] == ["shop_name", "area", "phone"]


def test_another_agencys_officer_cannot_build_its_form(client, other_agency, officer):
    theirs = Service.objects.create(agency=other_agency, name_th="ของหน่วยงานอื่น")
    client.force_login(officer)
    assert client.get(f"/staff/services/{theirs.pk}/form/").status_code == 403
    assert (
        client.post(f"/staff/services/{theirs.pk}/form/import", {"definition": "{}"}).status_code
        == 403
    )
