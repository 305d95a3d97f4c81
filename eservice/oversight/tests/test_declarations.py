import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eservice.lib.models import AuditEntry
from eservice.oversight.models import Declaration, Level, Step

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def declaration(agency, officer):
    return Declaration.objects.create(
        agency=agency,
        step=Step.ISSUE,
        level=Level.STANDARD,
        evidence_url="https://www.bangbuathong.go.th/e-licence",
        declared_by=officer,
    )


def test_staff_see_pending_declarations_with_their_evidence(declaration, oversight_client):
    page = oversight_client.get(reverse("oversight:declarations")).content.decode()
    assert "https://www.bangbuathong.go.th/e-licence" in page
    assert "เทศบาลเมืองบางบัวทอง" in page


def test_a_rejection_needs_a_reason_the_agency_can_act_on(declaration, oversight_client):
    oversight_client.post(
        reverse("oversight:decide", args=[declaration.pk]), {"decision": "reject"}
    )
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.PENDING

    oversight_client.post(
        reverse("oversight:decide", args=[declaration.pk]),
        {"decision": "reject", "reason": "หน้าเว็บไม่แสดงใบอนุญาตที่ลงลายมือชื่อดิจิทัล"},
    )
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.REJECTED
    assert AuditEntry.objects.filter(action="oversight.decide").exists()


def test_the_agency_sees_the_decision_and_its_reason(declaration, oversight_user, client, officer):
    client.force_login(oversight_user)
    client.post(
        reverse("oversight:decide", args=[declaration.pk]),
        {"decision": "reject", "reason": "ลิงก์ใช้งานไม่ได้"},
    )
    client.force_login(officer)
    page = client.get(reverse("oversight:readiness", args=[declaration.agency_id]))
    assert "ลิงก์ใช้งานไม่ได้" in page.content.decode()


def test_a_document_as_evidence_is_kept_and_shown_only_to_the_agency_and_staff(
    agency, officer_client, other_agency
):
    response = officer_client.post(
        reverse("oversight:declare", args=[agency.pk]),
        {
            "step": Step.PAY,
            "level": Level.BEGINNER,
            "evidence_file": SimpleUploadedFile("ประกาศ.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    download = officer_client.get(reverse("oversight:evidence", args=[declaration.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    from eservice.identity.models import User

    stranger = User.objects.create_user("stranger", agency=other_agency)
    officer_client.force_login(stranger)
    assert (
        officer_client.get(reverse("oversight:evidence", args=[declaration.pk])).status_code == 404
    )
