"""manage.py import_agencies: the real DLA file, other files, dry runs and failures."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from eservice.registry.models import Agency

DLA_FILE = Path(__file__).resolve().parents[1] / "data" / "dla_local_admin_orgs.csv"


def run(*args: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_agencies", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def lines_for(report: str, code: str) -> list[str]:
    return [line for line in report.splitlines() if f" {code} " in line]


@pytest.mark.django_db
def test_it_imports_the_real_dla_file_with_a_correct_report() -> None:
    out, err = run(DLA_FILE, "--source", "dla")

    summary = out.splitlines()[-1]
    assert "7849 rows: 7849 created, 0 updated, 0 unchanged, 0 rejected" in summary
    assert Agency.objects.count() == 7849
    assert Agency.objects.filter(kind=Agency.Kind.SAO).count() == 5300
    assert Agency.objects.filter(kind=Agency.Kind.SUBDISTRICT_MUNICIPALITY).count() == 2247
    assert Agency.objects.filter(kind=Agency.Kind.TOWN_MUNICIPALITY).count() == 195
    assert Agency.objects.filter(kind=Agency.Kind.CITY_MUNICIPALITY).count() == 30
    assert Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_ADMIN).count() == 76
    assert Agency.objects.filter(kind=Agency.Kind.PATTAYA).count() == 1
    assert "100%" in err  # the progress bar reached its end

    bbt = Agency.objects.get(code="4120401")
    assert bbt.name_th == "เทศบาลเมืองบางบัวทอง"
    assert (bbt.province_code, bbt.district_code, bbt.postal_code) == ("12", "1204", "11110")
    assert bbt.address == "4 หมู่ 2"

    # Every kind of mess is reported with what was done and why.
    (postal,) = lines_for(out, "5160107")
    assert "'1500' -> '15000'" in postal
    assert Agency.objects.get(code="5160107").postal_code == "15000"
    (lampang,) = lines_for(out, "2520101")
    assert "district_code: '5201' -> '5203'" in lampang
    assert Agency.objects.get(code="2520101").district_code == "5203"
    coordinates = lines_for(out, "5411711")
    assert any("outside Thailand" in line for line in coordinates)
    assert Agency.objects.get(code="5411711").latitude is None
    dates = [line for line in out.splitlines() if "looks like a date" in line]
    assert any("'22-ก.พ.' -> '22/2'" in line for line in dates)
    (moved_moo,) = lines_for(out, "5160106")
    assert "'555 หมู่3' -> '555'" in moved_moo
    assert Agency.objects.get(code="5160106").address == "555 หมู่ 3"
    assert not any("'-' is not" in line for line in out.splitlines())  # "-" means none
    (comma,) = [line for line in out.splitlines() if "www,tlpm.go.th" in line]
    assert "http://www.tlpm.go.th/" in comma
    junk = [line for line in out.splitlines() if "'พพพ.'" in line or "'ไม่มี'" in line]
    assert junk and all("not a web address" in line for line in junk)
    moved = Agency.objects.get(code="6150111")
    assert (moved.website, moved.contact_email) == ("", "yaansue2565@gmail.com")
    assert "0 rejected" in summary
    counted = summary.split("; ")[1]
    assert counted.split()[0] == str(sum(" corrected " in line for line in out.splitlines()))


@pytest.mark.django_db
def test_it_changes_nothing_the_second_time() -> None:
    run(DLA_FILE)
    before = dict(Agency.objects.values_list("code", "updated_at"))

    out, _err = run(DLA_FILE)

    assert "0 created, 0 updated, 7849 unchanged" in out
    assert dict(Agency.objects.values_list("code", "updated_at")) == before


@pytest.mark.django_db
def test_a_dry_run_reports_but_writes_nothing() -> None:
    out, _err = run(DLA_FILE, "--dry-run")

    assert out.splitlines()[-1].startswith("DRY RUN, nothing written. 7849 rows: 7849 created")
    assert Agency.objects.count() == 0


@pytest.mark.django_db
def test_it_updates_by_code_and_rejects_bad_rows_with_reasons(tmp_path: Path, agency: Any) -> None:
    path = tmp_path / "agencies.csv"
    path.write_text(
        "code,name_th,name_en,kind,parent_code,province_code,district_code,postal_code\n"
        "4120401,เทศบาลเมืองบางบัวทอง (ใหม่),Bang Bua Thong,town_municipality,,12,1204,11110\n"
        "MOI,กระทรวงมหาดไทย,Ministry of Interior,ministry,,10,,\n"
        "DLA,กรมส่งเสริมการปกครองท้องถิ่น,,department,MOI,10,,\n"
        "X1,หน่วยงานผิดจังหวัด,,department,,99,,\n"
        "X2,หน่วยงานชนิดแปลก,,club,,10,,\n"
        "X3,,,department,,10,,\n"
        "MOI,กระทรวงซ้ำ,,ministry,,10,,\n"
        "X4,อำเภอไม่ตรง,,department,,12,5001,\n",
        encoding="utf-8",
    )

    out, _err = run(path)

    assert "8 rows: 2 created, 1 updated, 0 unchanged, 5 rejected" in out
    agency.refresh_from_db()
    assert agency.name_th == "เทศบาลเมืองบางบัวทอง (ใหม่)"
    assert Agency.objects.get(code="DLA").parent == Agency.objects.get(code="MOI")
    assert "Unknown province code" in lines_for(out, "X1")[0]
    assert "Unknown kind of agency 'club'" in lines_for(out, "X2")[0]
    assert "Thai name is missing" in lines_for(out, "X3")[0]
    assert any("appears more than once" in line for line in lines_for(out, "MOI"))
    assert "not in the province given" in lines_for(out, "X4")[0]
    assert not Agency.objects.filter(code__startswith="X").exists()


@pytest.mark.django_db
def test_codes_that_cannot_be_dla_codes_are_rejected_with_the_row(tmp_path: Path) -> None:
    path = tmp_path / "local.csv"
    path.write_text(
        "code,name_th,kind,province_code,district_code\n"
        "6120401,อบต.ถูกต้อง,sao,12,1204\n"
        "6120102,เทศบาลตำบลที่เคยเป็น อบต.,subdistrict_municipality,12,1201\n"
        "612040,อบต.รหัสหกหลัก,sao,12,1204\n"
        "4120402,อบต.ขึ้นต้นด้วยเลขเทศบาลเมือง,sao,12,1204\n"
        "6130403,อบต.รหัสจังหวัดอื่น,sao,12,1204\n"
        "BBT,เทศบาลรหัสตัวอักษร,town_municipality,12,1204\n"
        "MOI,กระทรวงมหาดไทย,ministry,10,\n",
        encoding="utf-8",
    )

    out, _err = run(path)

    assert "7 rows: 3 created, 0 updated, 0 unchanged, 4 rejected" in out
    assert "has 7 digits" in lines_for(out, "612040")[0]
    assert "begins with 6, not 4" in lines_for(out, "4120402")[0]
    assert "the province, 12, not 13" in lines_for(out, "6130403")[0]
    assert "has 7 digits" in lines_for(out, "BBT")[0]
    assert set(Agency.objects.values_list("code", flat=True)) == {"6120401", "6120102", "MOI"}


@pytest.mark.django_db
def test_it_reads_xlsx_and_reports_in_thai(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name_th", "kind", "province_code"])
    sheet.append(["OPDC", "สำนักงาน ก.พ.ร.", "department", "10"])
    sheet.append(["BAD", "หน่วยงาน", "department", "99"])
    book.save(tmp_path / "agencies.xlsx")

    out, _err = run(tmp_path / "agencies.xlsx", "--language", "th")

    assert Agency.objects.get(code="OPDC").name_th == "สำนักงาน ก.พ.ร."
    assert "ไม่รู้จักรหัสจังหวัด" in lines_for(out, "BAD")[0]


@pytest.mark.django_db
def test_a_failure_half_way_leaves_the_register_as_it_was(monkeypatch: Any, agency: Any) -> None:
    from eservice.registry import importer

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer.audit, "record", broken)
    with pytest.raises(RuntimeError):
        run(DLA_FILE)

    assert list(Agency.objects.values_list("code", flat=True)) == [agency.code]


def test_it_refuses_a_file_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "agencies.txt"
    path.write_text("hello")
    with pytest.raises(CommandError, match="Upload a .csv or .xlsx file"):
        run(path)


@pytest.mark.django_db
def test_it_reads_a_csv_saved_in_the_thai_windows_encoding(tmp_path: Path) -> None:
    path = tmp_path / "agencies.csv"
    path.write_bytes("code,name_th,kind\nDLA,กรมส่งเสริมการปกครองท้องถิ่น,department\n".encode("cp874"))

    run(path)

    assert Agency.objects.get(code="DLA").name_th == "กรมส่งเสริมการปกครองท้องถิ่น"


def test_it_refuses_a_csv_in_an_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "agencies.csv"
    path.write_bytes("code,name_th,kind\nX,Ünïcödé,department\n".encode("utf-16"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)
