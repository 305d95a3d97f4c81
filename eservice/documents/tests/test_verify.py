from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_qr_page_shows_a_valid_licence_with_its_key_data(client, licence):
    page = client.get(f"/en/documents/verify/{licence.token}/").content.decode()
    assert "Valid" in page
    assert licence.number in page
    assert "นางสาวสมศรี ขายดี" in page
    assert "เทศบาลเมืองบางบัวทอง" in page
    assert licence.verify_url().endswith(f"/documents/verify/{licence.token}/")


def test_it_shows_revocation_with_date_and_reason(client, licence, officer):
    licence.revoked_at = timezone.now()
    licence.revoked_reason = "ผู้รับใบอนุญาตเลิกกิจการ"
    licence.save()
    page = client.get(f"/documents/verify/{licence.token}/").content.decode()
    assert "ถูกเพิกถอน" in page
    assert "ผู้รับใบอนุญาตเลิกกิจการ" in page


def test_it_shows_an_expired_licence(client, licence):
    licence.valid_until = timezone.localdate() - timedelta(days=1)
    licence.save()
    page = client.get(f"/en/documents/verify/{licence.token}/").content.decode()
    assert "Expired" in page and "was valid until" in page


def test_it_points_from_a_superseded_licence_to_the_new_one(client, licence, licence_service):
    from eservice.documents import issuing

    newer = issuing.issue_from_template(licence.template, licence.request)
    page = client.get(f"/en/documents/verify/{licence.token}/").content.decode()
    assert "Superseded" in page
    assert f"/en/documents/verify/{newer.token}/" in page


def test_an_unknown_id_is_not_found(client, db):
    assert client.get("/documents/verify/guess/").status_code == 404
