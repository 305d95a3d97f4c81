import re
import subprocess

import pytest
from django.urls import reverse

from eservice.oversight.conftest import make_agency, make_compliant, verified_email
from eservice.oversight.measure import refresh_statuses
from eservice.oversight.models import CabinetReport
from eservice.oversight.reports import make_report

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def world():
    compliant = [make_agency(f"610000{i}", f"อบต.ก{i}", province="12") for i in range(3)]
    for a in compliant:
        make_compliant(a)
    behind = [
        make_agency("6200001", "อบต.ข1", province="12"),
        make_agency("5200002", "เทศบาลตำบลข2", kind="subdistrict_municipality", province="50"),
        make_agency("6200003", "อบต.ข3", province="50"),
    ]
    verified_email(behind[0], "saraban@b1.go.th")  # a part done is not done
    refresh_statuses()
    return compliant, behind


def test_the_report_pdf_names_exactly_the_agencies_not_compliant(world, oversight_client, tasks):
    compliant, behind = world
    oversight_client.post(reverse("oversight:reports"))
    tasks()
    report = CabinetReport.objects.get()

    response = oversight_client.get(
        reverse("oversight:report", args=[report.number]), {"format": "pdf"}
    )

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    codes = set(re.findall(r"\b\d{7}\b", text))
    assert codes == {a.code for a in behind}


def test_the_csv_counts_by_kind_and_province_and_lists_the_agencies(world, oversight_client):
    report = make_report()
    csv = oversight_client.get(
        reverse("oversight:report", args=[report.number]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    assert "นนทบุรี,4,3,1" in csv
    assert "เชียงใหม่,2,0,2" in csv
    assert (
        "องค์การบริหารส่วนตำบล,5,3,2" in csv or "Subdistrict administrative organisation,5,3,2" in csv
    )
    for code in ("6200001", "5200002", "6200003"):
        assert code in csv
    assert "6100000" not in csv


def test_the_trend_compares_with_the_last_report(world, oversight_client):
    compliant, behind = world
    first = make_report()
    make_compliant(behind[2])
    refresh_statuses()
    second = make_report()
    assert (second.number, len(second.non_compliant)) == (first.number + 1, 2)

    page = oversight_client.get(reverse("oversight:report", args=[second.number])).content
    assert "หน่วยงานทั้งหมด 6 แห่ง ดำเนินการตามมาตรา 20 แล้ว 4 แห่ง" in page.decode()
    assert "หน่วยงานดำเนินการแล้วเพิ่มขึ้น 1 แห่ง" in page.decode()


def test_the_public_page_publishes_the_list_filterable_by_province(world, client):
    make_report()
    page = client.get(reverse("oversight:public_list")).content.decode()
    for name in ("อบต.ข1", "เทศบาลตำบลข2", "อบต.ข3"):
        assert name in page
    assert "อบต.ก0" not in page

    chiang_mai = client.get(reverse("oversight:public_list"), {"province": "50"}).content.decode()
    assert "อบต.ข1" not in chiang_mai and "อบต.ข3" in chiang_mai

    api = client.get("/api/oversight/not-compliant").json()
    assert {a["code"] for a in api["agencies"]} == {"6200001", "5200002", "6200003"}


def test_report_pages_refuse_officers(world, officer_client):
    report = make_report()
    assert officer_client.get(reverse("oversight:report", args=[report.number])).status_code == 403
