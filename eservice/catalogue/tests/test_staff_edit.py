import pytest

from conftest import PASSWORD
from eservice.catalogue.models import Service


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def edit_data(service, **changes):
    """What the edit page posts back, unchanged unless told."""
    data = {
        "name_th": service.name_th,
        "name_en": service.name_en,
        "description_th": service.description_th,
        "kind": service.kind,
        "audience": service.audience,
        "province_code": service.province_code,
        "processing_days": service.processing_days or "",
        "identity_assurance": service.identity_assurance,
        "output": service.output,
        "channel_online": "on" if service.channel_online else "",
        "channel_in_person": "on" if service.channel_in_person else "",
    }
    for prefix, rows in (
        ("steps", service.steps.all()),
        ("fees", service.fees.all()),
        ("documents", service.documents.all()),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = rows.count()
        data[f"{prefix}-INITIAL_FORMS"] = rows.count()
        for n, row in enumerate(rows):
            data[f"{prefix}-{n}-id"] = row.pk
            for field in (
                "order",
                "description_th",
                "description_en",
                "responsible_th",
                "duration",
                "duration_unit",
                "amount",
                "name_th",
                "originals",
                "copies",
            ):
                if hasattr(row, field):
                    data[f"{prefix}-{n}-{field}"] = getattr(row, field)
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_an_officer_edits_a_service_of_their_agency(officer_client, ready_service):
    url = f"/staff/services/{ready_service.pk}/"
    response = officer_client.post(
        url, edit_data(ready_service, name_th="ชื่อใหม่", **{"fees-0-amount": "1500"})
    )
    assert response.status_code == 302
    ready_service.refresh_from_db()
    assert ready_service.name_th == "ชื่อใหม่"
    assert str(ready_service.fees.get().amount) == "1500.00"


def test_bad_rows_are_shown_and_nothing_is_saved(officer_client, ready_service):
    url = f"/staff/services/{ready_service.pk}/"
    response = officer_client.post(
        url, edit_data(ready_service, name_th="ชื่อใหม่", **{"fees-0-amount": "abc"})
    )
    assert response.status_code == 200
    assert "usa-error-message" in response.content.decode()
    ready_service.refresh_from_db()
    assert ready_service.name_th != "ชื่อใหม่"


def test_an_officer_cannot_touch_another_agencys_service(officer_client, other_agency):
    theirs = Service.objects.create(agency=other_agency, name_th="ของหน่วยงานอื่น")
    assert officer_client.get(f"/staff/services/{theirs.pk}/").status_code == 403
    assert officer_client.post(f"/staff/services/{theirs.pk}/publish").status_code == 403
    assert "ของหน่วยงานอื่น" not in officer_client.get("/staff/services/").content.decode()


def test_a_viewer_cannot_edit(client, agency, ready_service):
    from eservice.identity.models import User

    viewer = User.objects.create_user(
        "viewer", password=PASSWORD, agency=agency, role=User.Role.VIEWER
    )
    client.force_login(viewer)
    assert client.get(f"/staff/services/{ready_service.pk}/").status_code == 403


def test_oversight_staff_see_every_agencys_services_but_edit_none(
    client, oversight_user, ready_service
):
    client.force_login(oversight_user)
    listing = client.get("/staff/services/").content.decode()
    assert ready_service.name_th in listing
    assert f"/staff/services/{ready_service.pk}/" not in listing
    assert client.get(f"/staff/services/{ready_service.pk}/").status_code == 403
    assert client.post(f"/staff/services/{ready_service.pk}/suspend").status_code == 403


def test_signing_in_is_required(client, ready_service):
    response = client.get(f"/staff/services/{ready_service.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_officer_creates_a_service_for_their_own_agency(officer_client, agency):
    response = officer_client.post(
        "/staff/services/new", {"name_th": "ขอใช้สนามกีฬา", "kind": "permit", "audience": "people"}
    )
    service = Service.objects.get(name_th="ขอใช้สนามกีฬา")
    assert response["Location"] == f"/staff/services/{service.pk}/"
    assert service.agency == agency and service.status == Service.Status.DRAFT


def test_publishing_an_incomplete_manual_says_what_is_missing(officer_client, agency):
    service = Service.objects.create(agency=agency, name_th="บริการใหม่", channel_in_person=True)
    response = officer_client.post(f"/staff/services/{service.pk}/publish", follow=True)
    body = response.content.decode()
    assert "ขั้นตอน" in body  # add the steps
    assert "ค่าธรรมเนียม" in body  # fees or "no fee"
    assert "มาตรา 7" in body  # the legal reason for in person only
    service.refresh_from_db()
    assert service.current_version is None and service.status == Service.Status.DRAFT


def test_publishing_freezes_a_version_and_later_changes_make_a_new_one(
    officer_client, ready_service
):
    officer_client.post(f"/staff/services/{ready_service.pk}/publish")
    ready_service.refresh_from_db()
    first = ready_service.current_version
    assert first.number == 1 and first.published_by.username == "officer"
    assert first.manual["fees"][0]["amount"] == "1000.00"
    officer_client.post(f"/staff/services/{ready_service.pk}/publish")  # nothing changed
    assert ready_service.versions.count() == 1
    ready_service.fees.update(amount=1200)
    officer_client.post(f"/staff/services/{ready_service.pk}/publish")
    ready_service.refresh_from_db()
    assert ready_service.current_version.number == 2
    first.refresh_from_db()
    assert first.manual["fees"][0]["amount"] == "1000.00"  # the old version is untouched
    assert ready_service.current_version.manual["fees"][0]["amount"] == "1200.00"


def test_suspending_hides_the_service(officer_client, published_service, client):
    officer_client.post(f"/staff/services/{published_service.pk}/suspend")
    published_service.refresh_from_db()
    assert published_service.status == Service.Status.SUSPENDED


def test_oversight_staff_do_not_create_services_in_an_agencys_name(
    client, oversight_user, other_agency
):
    client.force_login(oversight_user)
    response = client.post(
        "/staff/services/new",
        {
            "agency": other_agency.pk,
            "name_th": "ขอใช้สนามกีฬา",
            "kind": "permit",
            "audience": "people",
        },
    )
    assert response.status_code == 403
    assert not Service.objects.filter(name_th="ขอใช้สนามกีฬา").exists()
