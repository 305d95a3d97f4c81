import pytest

from eservice.documents.models import DocumentTemplate
from eservice.identity.models import User

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "licence",
    "title": "ใบอนุญาตจำหน่ายอาหาร",
    "subject": "",
    "body": "อนุญาตให้ {{ holder }} จำหน่ายอาหาร",
    "letter_prefix": "นบ 52001/",
    "signatory_name": "นายใหญ่ ใจดี",
    "signatory_position": "นายกเทศมนตรี",
    "valid_days": "365",
}


@pytest.fixture
def admin_user(agency):
    return User.objects.create_user("admin1", agency=agency, role=User.Role.AGENCY_ADMIN)


def test_an_agency_admin_previews_then_saves_a_template(client, admin_user, licence_service):
    client.force_login(admin_user)
    url = f"/en/staff/documents/templates/{licence_service.pk}/new/"
    preview = client.post(url, {**FORM, "action": "preview"})
    assert preview["Content-Type"] == "application/pdf"
    assert preview.content.startswith(b"%PDF-")
    assert not DocumentTemplate.objects.exists()  # a preview saves nothing
    client.post(url, {**FORM, "action": "save"})
    template = DocumentTemplate.objects.get()
    assert template.title == "ใบอนุญาตจำหน่ายอาหาร" and template.updated_by == admin_user


def test_a_broken_fill_in_is_explained(client, admin_user, licence_service):
    client.force_login(admin_user)
    response = client.post(
        f"/en/staff/documents/templates/{licence_service.pk}/new/",
        {**FORM, "body": "{% if holder %}no end", "action": "save"},
    )
    assert b"The body has a fill-in that cannot be used" in response.content
    assert not DocumentTemplate.objects.exists()


def test_an_officer_who_is_not_an_admin_cannot_edit(client, officer, licence_service):
    client.force_login(officer)
    url = f"/staff/documents/templates/{licence_service.pk}/new/"
    assert client.get(url).status_code == 403


def test_another_agencys_admin_cannot_edit(client, other_agency, licence_service):
    stranger = User.objects.create_user("a2", agency=other_agency, role=User.Role.AGENCY_ADMIN)
    client.force_login(stranger)
    url = f"/staff/documents/templates/{licence_service.pk}/new/"
    assert client.post(url, {**FORM, "action": "save"}).status_code == 403


def test_a_letter_preview_has_the_official_external_letter_parts(
    client, admin_user, licence_service, tmp_path
):
    import subprocess

    from django.utils import timezone

    client.force_login(admin_user)
    letter = {**FORM, "kind": "letter", "title": "หนังสือแจ้งผล", "subject": "แจ้งผลการพิจารณา",
              "body": "ตามที่ท่านได้ยื่นคำขอ {{ service }} นั้น", "action": "preview"}  # fmt: skip
    response = client.post(f"/staff/documents/templates/{licence_service.pk}/new/", letter)
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    year = timezone.localdate().year + 543
    assert f"ที่ นบ 52001/0/{year}" in text
    assert f"{year}" in text.split("เรื่อง")[0]  # the date, in the Buddhist era, above เรื่อง
    assert "เรื่อง แจ้งผลการพิจารณา" in text
    assert "เรียน นายตัวอย่าง ใจดี" in text
    assert "ขอแสดงความนับถือ" in text
    assert "(นายใหญ่ ใจดี)" in text and "นายกเทศมนตรี" in text
