"""A fee per unit ("ตารางเมตรละ 0.50 บาท") is the applicant's number times the rate."""

import subprocess

import pytest

from eservice.documents.testing import make_request
from eservice.payments.services import ask_for_fee, fee_items

pytestmark = pytest.mark.django_db

PER_SQUARE_METRE = {
    "description_th": "ค่าตรวจสถานที่ ตารางเมตรละ 0.50 บาท",
    "description_en": "",
    "amount": "0.50",
    "per_unit_of": "area",
}


@pytest.fixture
def per_unit_service(licence_service):
    version = licence_service.versions.get()
    version.manual["fees"].append(PER_SQUARE_METRE)
    version.save()
    return licence_service


def test_the_fee_is_the_applicants_area_times_the_rate(agency, per_unit_service):
    request = make_request(agency, per_unit_service, answers={"area": "1,250.5"})
    assert fee_items(request) == [
        {"label": "ค่าธรรมเนียมใบอนุญาต", "amount": "500.00"},
        {"label": "ค่าตรวจสถานที่ ตารางเมตรละ 0.50 บาท (1,250.5 × 0.50)", "amount": "625.25"},
    ]


def test_the_officer_is_offered_the_computed_total(client, officer, agency, per_unit_service):
    request = make_request(agency, per_unit_service, answers={"area": 120})
    client.force_login(officer)
    page = client.get("/en/staff/payments/").content.decode()
    assert request.reference in page
    assert 'value="560.00"' in page  # 500 + 120 × 0.50
    assert "(120 × 0.50)" in page


def test_the_invoice_pdf_shows_quantity_times_rate(client, agency, per_unit_service, tmp_path):
    request = make_request(agency, per_unit_service, answers={"area": "120"})
    invoice = ask_for_fee(request, items=fee_items(request))
    assert str(invoice.amount) == "560.00"
    response = client.get(f"/track/{request.tracking_token()}/fee/{invoice.number}.pdf")
    path = tmp_path / "invoice.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "120 × 0.50" in text and "60.00" in text and "560.00" in text


@pytest.mark.parametrize("answers", [{}, {"area": ""}, {"area": "abc"}, {"area": "0"}])
def test_without_a_number_to_count_the_officer_enters_the_fee(agency, per_unit_service, answers):
    request = make_request(agency, per_unit_service, answers=answers)
    assert fee_items(request) == []
