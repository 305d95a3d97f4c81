import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from eservice.cases import services
from eservice.cases.conftest import PDF
from eservice.intake.services import store_attachment
from eservice.lib.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_case_file_holds_a_pdf_the_attachments_messages_and_log_with_hashes(
    officer, officer_client, application
):
    attachment = store_attachment(ContentFile(PDF, name="plan.pdf"))
    attachment.request = application
    attachment.save()
    services.send_message(application.case, officer, "ขอเอกสารเพิ่มเติม")
    officer_client.get(reverse("cases:case", args=[application.reference]))

    response = officer_client.get(reverse("cases:export", args=[application.reference]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {
        "summary.pdf",
        "messages.json",
        "audit-log.json",
        "history.json",
        "manifest.json",
    } <= names
    assert f"attachments/{attachment.pk}-plan.pdf" in names
    manifest = json.loads(archive.read("manifest.json"))
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    assert archive.read("summary.pdf").startswith(b"%PDF")
    assert "ขอเอกสารเพิ่มเติม" in archive.read("messages.json").decode()
    log = json.loads(archive.read("audit-log.json"))
    assert any(e["action"] == "request.view" for e in log)
    assert AuditEntry.objects.filter(action="case.export").exists()


def test_the_summary_is_in_thai(officer_client, application):
    import subprocess

    response = officer_client.get(reverse("cases:export", args=[application.reference]))
    pdf = zipfile.ZipFile(io.BytesIO(response.content)).read("summary.pdf")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "สมชาย ใจดี" in text
    assert application.reference in text


def test_another_agencys_case_file_is_refused(officer_client, foreign_application):
    response = officer_client.get(reverse("cases:export", args=[foreign_application.reference]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="case.export").exists()
