import csv
import io

import pytest
from django.utils import timezone

from eservice.documents import issuing
from eservice.documents.testing import make_request

pytestmark = pytest.mark.django_db


def test_a_granted_licence_is_in_the_public_register(client, licence):
    page = client.get("/en/licences/").content.decode()
    assert licence.number in page
    assert "นางสาวสมศรี ขายดี" in page
    assert "บางบัวทอง นนทบุรี" in page


def test_it_searches_by_holder_agency_kind_and_area(client, licence, agency, licence_service):
    other = make_request(agency, licence_service, applicant_name="นายมานะ ขยัน",
                         answers={"province": "เชียงใหม่"})  # fmt: skip
    issuing.issue_from_template(licence.template, other)
    by_holder = client.get("/en/licences/", {"holder": "มานะ"}).content.decode()
    assert "นายมานะ ขยัน" in by_holder and "สมศรี" not in by_holder
    by_area = client.get("/en/licences/", {"area": "นนทบุรี"}).content.decode()
    assert "สมศรี" in by_area and "มานะ" not in by_area
    by_agency = client.get("/en/licences/", {"agency": "Bang Bua Thong"}).content.decode()
    assert "สมศรี" in by_agency and "มานะ" in by_agency
    by_kind = client.get("/en/licences/", {"kind": "อาหาร"}).content.decode()
    assert "สมศรี" in by_kind
    assert "No licence matches" in client.get("/en/licences/", {"kind": "โรงงาน"}).content.decode()


def test_a_revoked_licence_leaves_the_valid_list_but_stays_in_the_register(client, licence):
    licence.revoked_at = timezone.now()
    licence.revoked_reason = "ยกเลิก"
    licence.save()
    current = client.get("/en/licences/", {"current": "on"}).content.decode()
    assert licence.number not in current
    everything = client.get("/en/licences/").content.decode()
    assert licence.number in everything and "Revoked" in everything


def test_it_downloads_as_csv_and_json_open_data(client, licence):
    response = client.get("/licences/register.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["number"] == licence.number
    assert rows[0]["holder"] == "นางสาวสมศรี ขายดี"
    assert rows[0]["status"] == "valid"
    data = client.get("/licences/register.json", {"current": "on"}).json()
    assert data["licences"][0]["verify_url"] == licence.verify_url()
    assert client.get("/licences/register.xml").status_code == 404


def test_receipts_and_letters_are_not_in_the_licence_register(client, licence):
    from django.utils.html import format_html

    receipt = issuing.issue(agency=licence.agency, kind="receipt", title="ใบเสร็จรับเงิน",
                            holder="นายลับ เฉพาะ", body=format_html("<p>{}</p>", "x"))  # fmt: skip
    assert receipt.token not in client.get("/en/licences/").content.decode()
    assert "นายลับ" not in client.get("/licences/register.csv").content.decode("utf-8-sig")
