"""The document an agency attaches to a declaration, as oversight staff and the agency get
it back: as the type its content was checked as, never as the page its name claims."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eservice.identity.models import User
from eservice.oversight.models import Declaration, Level, Step

pytestmark = pytest.mark.django_db

# Starts like a PDF, so the upload check passes it; a browser that trusted the name (or
# sniffed the content) would run the script as a page of the platform.
DISGUISED = b"%PDF-1.4\n<html><script>fetch('/cases/').then(r => r.text())</script></html>"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


def declare(client: Client, agency: Any, upload: SimpleUploadedFile) -> Declaration:
    response = client.post(
        reverse("oversight:declare", args=[agency.pk]),
        {"step": Step.PAY, "level": Level.STANDARD, "evidence_file": upload},
    )
    assert response.status_code == 302
    return Declaration.objects.get()


def test_a_page_named_html_is_served_as_the_pdf_it_was_checked_as_and_only_downloaded(
    client: Client, agency: Any, officer: Any, oversight_user: Any
) -> None:
    client.force_login(officer)
    declaration = declare(client, agency, SimpleUploadedFile("evidence.html", DISGUISED))

    client.force_login(oversight_user)
    response = client.get(reverse("oversight:evidence", args=[declaration.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == DISGUISED  # type: ignore[attr-defined]


def test_the_agencys_viewer_reads_its_evidence_and_another_agency_does_not(
    client: Client, agency: Any, other_agency: Any, officer: Any
) -> None:
    client.force_login(officer)
    declaration = declare(client, agency, SimpleUploadedFile("evidence.pdf", DISGUISED))
    url = reverse("oversight:evidence", args=[declaration.pk])

    client.force_login(User.objects.create_user("viewer", agency=agency, role="viewer"))
    assert client.get(url).status_code == 200
    client.force_login(User.objects.create_user("foreign", agency=other_agency))
    assert client.get(url).status_code == 404
