import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from eservice.cases.conftest import PDF, signed_in
from eservice.intake.models import Attachment
from eservice.intake.services import store_attachment
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def attach(application, name="plan.pdf", data=PDF):
    attachment = store_attachment(ContentFile(data, name=name))
    attachment.request = application
    attachment.save()
    return attachment


def url(application, attachment, **query):
    base = reverse("cases:attachment", args=[application.reference, attachment.pk])
    return base + ("?inline=1" if query.get("inline") else "")


def test_an_officer_downloads_an_attachment_and_it_is_logged(officer_client, application):
    item = attach(application)
    response = officer_client.get(url(application, item))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.get(action="attachment.view").detail["name"] == "plan.pdf"


def test_a_preview_is_inline_but_sandboxed(officer_client, application):
    response = officer_client.get(url(application, attach(application), inline=True))
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_type_browsers_do_not_show_safely_is_downloaded_even_when_a_preview_is_asked(
    officer_client, application
):
    webp = b"RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00" + b"\x00" * 32
    item = attach(application, name="photo.webp", data=webp)
    response = officer_client.get(url(application, item, inline=True))
    assert response["Content-Type"] == "image/webp"  # as sniffed when it was stored
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_agencys_attachment_is_refused(officer_client, foreign_application):
    item = attach(foreign_application)
    response = officer_client.get(url(foreign_application, item))
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="case.refused").exists()


def test_an_attachment_of_another_request_through_ones_own_case_is_refused(
    officer_client, application, foreign_application
):
    foreign_item = attach(foreign_application)
    response = officer_client.get(
        reverse("cases:attachment", args=[application.reference, foreign_item.pk])
    )
    assert response.status_code == 403
    assert AuditEntry.objects.get(action="case.refused").detail["attachment"] == foreign_item.pk


def test_the_case_page_offers_a_preview_and_a_download(officer_client, application):
    item = attach(application)
    page = officer_client.get(reverse("cases:case", args=[application.reference])).content.decode()
    assert url(application, item, inline=True) in page.replace("&amp;", "&")
    assert Attachment.objects.count() == 1


def test_a_viewer_of_another_agency_is_refused(other_agency, application):
    from eservice.cases.conftest import user

    item = attach(application)
    response = signed_in(user(other_agency, "v2", "viewer")).get(url(application, item))
    assert response.status_code == 403
