import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils.module_loading import import_string

from eservice.oversight.conftest import receive
from eservice.oversight.models import AgencyStatus, Declaration, Level, Step

pytestmark = pytest.mark.django_db(transaction=True)

TAKE_DAILY_FIGURES = "eservice.oversight.tasks.take_daily_figures"


def run_daily_measurement(tasks) -> None:
    """What the scheduler (settings.PERIODIC_TASKS) and the worker do each night."""
    assert (TAKE_DAILY_FIGURES, 86400) in settings.PERIODIC_TASKS
    import_string(TAKE_DAILY_FIGURES).enqueue()
    tasks()


def receive_level(agency) -> int:
    return AgencyStatus.objects.get(agency=agency).level_of(Step.RECEIVE)


def test_an_agency_that_starts_using_e_forms_moves_from_beginner_to_standard(agency, tasks):
    receive(agency, channel="email")
    run_daily_measurement(tasks)
    assert receive_level(agency) == Level.BEGINNER

    receive(agency, channel="web")
    run_daily_measurement(tasks)

    assert receive_level(agency) == Level.STANDARD


def test_the_officer_sees_the_level_and_what_is_missing_for_the_next(agency, officer_client):
    receive(agency, channel="email")

    page = officer_client.get(reverse("oversight:readiness", args=[agency.pk])).content.decode()

    receive_section = page.split('id="step-receive"')[1].split("<section")[0]
    assert 'ov-level-1">ระดับเริ่มต้น</span>' in receive_section
    # the standard level's guide tool and the platform fact that would show it
    assert "แบบฟอร์มอิเล็กทรอนิกส์" in receive_section


def test_the_page_measures_live_without_waiting_for_the_night(agency, officer_client):
    url = reverse("oversight:readiness", args=[agency.pk])
    receive(agency, channel="web")
    page = officer_client.get(url).content.decode()
    receive_section = page.split('id="step-receive"')[1].split("<section")[0]
    assert 'ov-level-2">ระดับมาตรฐาน</span>' in receive_section


def test_a_declaration_without_evidence_is_refused(agency, officer_client):
    response = officer_client.post(
        reverse("oversight:declare", args=[agency.pk]),
        {"step": Step.PAY, "level": Level.STANDARD, "note": "เรารับชำระผ่าน QR ของธนาคาร"},
    )

    assert response.status_code == 400
    assert "ต้องมีหลักฐาน" in response.content.decode()
    assert not Declaration.objects.exists()


def test_the_database_refuses_a_declaration_without_evidence_too(agency):
    with pytest.raises(IntegrityError):
        Declaration.objects.create(agency=agency, step=Step.PAY, level=Level.STANDARD)


def test_a_declaration_with_a_document_that_is_not_a_pdf_or_image_is_refused(
    agency, officer_client
):
    response = officer_client.post(
        reverse("oversight:declare", args=[agency.pk]),
        {
            "step": Step.PAY,
            "level": Level.STANDARD,
            "evidence_file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 400
    assert not Declaration.objects.exists()


def test_an_accepted_declaration_raises_the_level_and_a_higher_agency_keeps_it(
    agency, officer_client, oversight_user
):
    receive(agency, channel="web")  # measured: standard
    officer_client.post(
        reverse("oversight:declare", args=[agency.pk]),
        {
            "step": Step.RECEIVE,
            "level": Level.ADVANCED,
            "evidence_url": "https://api.bangbuathong.go.th/",
        },
    )
    declaration = Declaration.objects.get()
    assert declaration.status == Declaration.Status.PENDING

    officer_client.force_login(oversight_user)
    officer_client.post(reverse("oversight:decide", args=[declaration.pk]), {"decision": "accept"})

    from eservice.oversight.measure import readiness

    assert readiness(agency.pk)[Step.RECEIVE] == {"measured": 2, "declared": 3, "level": 3}


def test_officers_see_only_their_own_agency(agency, other_agency, officer_client):
    assert officer_client.get(reverse("oversight:readiness", args=[agency.pk])).status_code == 200
    assert (
        officer_client.get(reverse("oversight:readiness", args=[other_agency.pk])).status_code
        == 403
    )
    response = officer_client.post(
        reverse("oversight:declare", args=[other_agency.pk]),
        {"step": "pay", "level": 2, "evidence_url": "https://example.go.th"},
    )
    assert response.status_code == 403
    assert officer_client.get(reverse("oversight:my_readiness")).url == reverse(
        "oversight:readiness", args=[agency.pk]
    )


def test_oversight_pages_refuse_officers(officer_client):
    for name in ("overview", "compliance", "declarations", "notices", "reports", "editions"):
        assert officer_client.get(reverse(f"oversight:{name}")).status_code == 403, name


def test_the_menu_offers_oversight_pages_to_oversight_staff_only(
    officer_client, oversight_user, client
):
    officer_home = officer_client.get(reverse("home")).content.decode()
    assert reverse("oversight:my_readiness") in officer_home
    assert reverse("oversight:notices") not in officer_home

    client.force_login(oversight_user)
    staff_home = client.get(reverse("home")).content.decode()
    assert reverse("oversight:notices") in staff_home


def test_the_api_gives_an_officer_the_readiness_of_their_own_agency_only(
    agency, other_agency, officer_client
):
    receive(agency, channel="web")
    body = officer_client.get(f"/api/oversight/agencies/{agency.pk}/readiness").json()
    assert body["steps"]["receive"] == {
        "measured": "standard",
        "declared": "none",
        "level": "standard",
    }
    refused = officer_client.get(f"/api/oversight/agencies/{other_agency.pk}/readiness")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_your_agency"


def test_requests_to_a_service_that_requires_thaid_show_the_standard_identity_level(agency):
    from eservice.catalogue.models import Service, ServiceVersion
    from eservice.oversight.measure import readiness

    service = Service.objects.create(agency=agency, name_th="ขอใบอนุญาต", identity_assurance="ial2")
    version = ServiceVersion.objects.create(service=service, number=1)
    assert readiness(agency.pk)[Step.VERIFY_IDENTITY]["level"] == Level.NONE

    receive(agency, channel="web", service_version=version)

    assert readiness(agency.pk)[Step.VERIFY_IDENTITY]["level"] == Level.STANDARD
