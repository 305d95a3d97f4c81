import csv
import io
import re
import subprocess

import pytest
from django.urls import reverse

from eservice.oversight.conftest import make_agency, make_compliant, verified_email
from eservice.oversight.measure import refresh_statuses
from eservice.oversight.models import CabinetReport
from eservice.oversight.reports import LAGGARDS_PER_KIND, make_report

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_text(data: bytes, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def pdf_pages(data: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    return int(re.search(rb"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]


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


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_lists_every_agency_with_what_it_has_still_to_do(world, oversight_client):
    report = make_report()

    response = oversight_client.get(
        reverse("oversight:report", args=[report.number]), {"format": "csv"}
    )

    assert response["Content-Type"].startswith("text/csv")
    header, *rows = csv_rows(response)
    assert header == ["รหัส", "หน่วยงาน", "ประเภท", "จังหวัด", "มาตรา 20", "สิ่งที่ยังต้องดำเนินการ"]
    by_code = {row[0]: row for row in rows}
    assert len(rows) == len(by_code) == 6
    assert by_code["6100000"][1:] == [
        "อบต.ก0",
        "องค์การบริหารส่วนตำบล",
        "นนทบุรี",
        "ดำเนินการแล้ว",
        "",
    ]
    assert by_code["5200002"][2:5] == ["เทศบาลตำบล", "เชียงใหม่", "ยังไม่ได้ดำเนินการ"]
    assert "ลงทะเบียนและยืนยันไปรษณีย์อิเล็กทรอนิกส์กลาง" in by_code["5200002"][5]
    assert "ลงทะเบียนและยืนยัน" not in by_code["6200001"][5]  # its address is verified


def test_for_thousands_of_agencies_the_pdf_is_a_short_summary_and_the_csv_the_full_list(
    oversight_client,
):
    from eservice.registry.models import Agency

    kinds = ["sao"] * 3 + ["subdistrict_municipality"]  # three in four are SAOs
    provinces = ["12", "50"]
    Agency.objects.bulk_create(
        [
            Agency(
                code=f"{9000000 + i}",
                name_th=f"หน่วยงาน {i}",
                kind=kinds[i % 4],
                province_code=provinces[i % 2],
            )
            for i in range(400)
        ]
    )
    refresh_statuses()
    report = make_report()
    url = reverse("oversight:report", args=[report.number])

    pdf = oversight_client.get(url, {"format": "pdf"})
    csv_response = oversight_client.get(url, {"format": "csv"})

    assert pdf["Content-Type"] == "application/pdf"
    data = b"".join(pdf.streaming_content)
    assert pdf_pages(data) <= 3
    # pdftotext reads Sarabun's sara am and sara aa as one another: compare without the
    # difference.
    text = pdf_text(data, "-layout").replace("\u0e33", "\u0e32")
    # Figures by kind and by province: agencies, compliant, not compliant.
    assert re.search(r"องค์การบริหารส่วนตาบล\s+300\s+0\s+300", text)
    assert re.search(r"เทศบาลตาบล\s+100\s+0\s+100", text)
    assert re.search(r"นนทบุรี\s+200\s+0\s+200", text)
    assert re.search(r"เชียงใหม่\s+200\s+0\s+200", text)
    # Per kind, the first few named and the rest counted; the full list is the CSV.
    assert len(set(re.findall(r"\b9\d{6}\b", text))) == 2 * LAGGARDS_PER_KIND
    assert f"และอีก {300 - LAGGARDS_PER_KIND} แห่ง" in text
    assert f"และอีก {100 - LAGGARDS_PER_KIND} แห่ง" in text
    assert f"cabinet-report-{report.number}.csv" in text

    header, *rows = csv_rows(csv_response)
    assert sorted(row[0] for row in rows) == [f"{9000000 + i}" for i in range(400)]

    page = oversight_client.get(url).content.decode()
    assert 'href="?format=csv"' in page and 'href="?format=pdf"' in page


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
