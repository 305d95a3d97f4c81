"""An agency administrator's template body cannot make a document carry a file from the
server, nor make the server fetch anything (docs/adr/0010)."""

import pytest
from django.conf import settings

from eservice.documents import issuing
from eservice.documents.models import DocumentTemplate
from eservice.identity.models import User
from eservice.lib.testing import everything_in, fonts_of

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "licence",
    "title": "ใบอนุญาตจำหน่ายอาหาร",
    "subject": "",
    "letter_prefix": "",
    "signatory_name": "นายใหญ่ ใจดี",
    "signatory_position": "นายกเทศมนตรี",
    "valid_days": "365",
}


def malicious_body(file_url: str, http_url: str) -> str:
    return (
        f'<h2 style="text-align: center; background-image: url({http_url}/bg)">ประกาศ</h2>'
        "<p>อนุญาตให้ <strong>{{ holder }}</strong> จำหน่ายอาหาร</p>\n\n"
        f'<a rel="attachment" href="{file_url}">แนบ</a>'
        f'<img src="{file_url}"><img src="{http_url}/x.png">'
        f"<style>@import url({http_url}/s.css); p {{ background: url({file_url}) }}</style>"
        f'<link rel="stylesheet" href="{http_url}/l.css">'
        f'<object data="{file_url}"></object><iframe src="{http_url}/i"></iframe>'
        f'<svg><image href="{file_url}"/></svg>'
        '<p class="sample">ไม่ใช่ตัวอย่าง</p>'
        "<table><tr><td colspan=2>ตาราง</td></tr></table>"
    )


@pytest.fixture
def admin_user(agency):
    return User.objects.create_user("admin1", agency=agency, role=User.Role.AGENCY_ADMIN)


def test_a_malicious_template_is_cleaned_when_saved_and_its_preview_holds_no_secret(
    client, admin_user, licence_service, secret, local_server, tmp_path
):
    path, marker = secret
    origin, hits = local_server
    body = malicious_body(path.as_uri(), origin)
    client.force_login(admin_user)
    url = f"/en/staff/documents/templates/{licence_service.pk}/new/"

    preview = client.post(url, {**FORM, "body": body, "action": "preview"})
    assert preview["Content-Type"] == "application/pdf"
    contents = everything_in(preview.content, tmp_path)
    assert marker.encode() not in contents
    assert settings.SECRET_KEY.encode() not in contents
    assert "Sarabun" in fonts_of(preview.content, tmp_path)

    client.post(url, {**FORM, "body": body, "action": "save"})
    saved = DocumentTemplate.objects.get().body
    for gone in ("<a", "<img", "<style", "<link", "<object", "<iframe", "<svg", "class="):
        assert gone not in saved
    assert "file:" not in saved and origin not in saved and "url(" not in saved
    # What a letter needs is kept: headings, alignment, emphasis, tables, the fill-ins.
    assert '<h2 style="text-align:center">ประกาศ</h2>' in saved
    assert "<strong>{{ holder }}</strong>" in saved
    assert '<td colspan="2">ตาราง</td>' in saved
    assert hits == []


def test_a_template_saved_before_the_cleaning_issues_a_document_without_the_secret(
    approved_request, licence_service, secret, local_server, tmp_path
):
    path, marker = secret
    origin, hits = local_server
    template = DocumentTemplate.objects.create(
        service=licence_service,
        kind="licence",
        title="ใบอนุญาต",
        body=malicious_body(path.as_uri(), origin),
        signatory_name="นายใหญ่ ใจดี",
        signatory_position="นายกเทศมนตรี",
    )
    document = issuing.issue_from_template(template, approved_request)
    with document.pdf.open("rb") as f:
        pdf = f.read()
    contents = everything_in(pdf, tmp_path)
    assert b"/ByteRange" in pdf  # still signed
    assert marker.encode() not in contents
    assert approved_request.applicant_name.encode() in contents  # the fill-in still filled
    assert "Sarabun" in fonts_of(pdf, tmp_path)
    assert hits == []


def test_the_body_keeps_text_that_looks_like_markup_as_text():
    cleaned = issuing.clean_body("ค่าธรรมเนียม < 100 บาท & {{ answers.shop_name }}")
    assert issuing.fill_body(cleaned, {"answers": {"shop_name": "ร้าน <ป้าแดง>"}}) == (
        "<p>ค่าธรรมเนียม &lt; 100 บาท &amp; ร้าน &lt;ป้าแดง&gt;</p>"
    )
