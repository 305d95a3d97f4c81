import pytest
from django.urls import reverse

from eservice.cases.conftest import signed_in
from eservice.cases.models import Note
from eservice.outreach.models import OutgoingMail

pytestmark = pytest.mark.django_db


def test_a_note_is_kept_for_officers_and_never_mailed(officer_client, application):
    officer_client.post(
        reverse("cases:note", args=[application.reference]), {"body": "โทรสอบถามแล้ว"}
    )
    assert Note.objects.get().body == "โทรสอบถามแล้ว"
    assert not OutgoingMail.objects.exists()
    assert "โทรสอบถามแล้ว" not in applicant_page(application)


def applicant_page(application) -> str:
    from django.test import Client

    return (
        Client().get(reverse("cases:respond", args=[application.tracking_token()])).content.decode()
    )


def test_a_viewer_cannot_add_notes(viewer, application):
    response = signed_in(viewer).post(
        reverse("cases:note", args=[application.reference]), {"body": "x"}
    )
    assert response.status_code == 403
    assert not Note.objects.exists()
