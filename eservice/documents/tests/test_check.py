import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, language="en", name="licence.pdf"):
    prefix = "/en" if language == "en" else ""
    return client.post(
        f"{prefix}/documents/verify/",
        {"pdf": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def test_an_untouched_pdf_is_reported_valid_and_matched_to_its_record(client, licence):
    page = upload(client, licence.pdf.read()).content.decode()
    assert "The signature is valid and the file is unchanged" in page
    assert f"/en/documents/verify/{licence.token}/" in page


def test_a_changed_byte_fails_with_a_clear_reason_in_thai_and_english(client, licence):
    data = bytearray(licence.pdf.read())
    data[data.index(b"/Producer") + 1] ^= 0x01
    english = upload(client, bytes(data)).content.decode()
    assert "This file fails the check" in english
    assert "The content was changed after it was signed." in english
    thai = upload(client, bytes(data), language="th").content.decode()
    assert "เนื้อหาถูกแก้ไขหลังจากลงลายมือชื่อแล้ว" in thai


def test_a_file_that_is_not_a_pdf_is_refused(client, db):
    page = upload(client, b"GIF89a....", name="x.pdf").content.decode()
    assert "This is not a PDF file" in page


def test_uploads_are_rate_limited_per_address(client, licence, settings):
    settings.VERIFY_UPLOADS_PER_HOUR = 2
    data = licence.pdf.read()
    assert upload(client, data).status_code == 200
    assert upload(client, data).status_code == 200
    blocked = upload(client, data)
    assert blocked.status_code == 429
    assert "Too many files checked" in blocked.content.decode()


def test_looking_up_by_id_goes_to_the_verification_page(client, licence):
    response = client.get("/en/documents/verify/", {"token": licence.token})
    assert response.status_code == 302
    assert response["Location"] == f"/en/documents/verify/{licence.token}/"
    missing = client.get("/en/documents/verify/", {"token": "nope"}).content.decode()
    assert "No document has this id" in missing
