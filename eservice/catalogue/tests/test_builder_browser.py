"""Done when: an officer builds and publishes a form in a real browser, the public finds the
service by a Thai word and reads its manual as HTML and PDF, the portal feed returns it in
HSDS shape, and changing the form afterwards publishes a new version."""

import json
import subprocess

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from eservice.catalogue.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def flat(text: str) -> str:
    # pdftotext maps Sarabun's sara am and sara aa glyphs both ways; compare without them.
    return "".join(text.replace("\u0e33", "\u0e32").replace("\u0e4d", "").split())


def add_question(page, label_th: str, kind: str, **extra: str) -> None:
    page.locator('[name="field-type"]').select_option(kind)
    page.locator('[name="field-label_th"]').fill(label_th)
    if "options" in extra:
        page.locator('[name="field-options"]').fill(extra["options"])
    if "show_if" in extra:
        page.locator('[name="field-show_if_field"]').select_option(extra["show_if"])
        page.locator('[name="field-show_if_equals"]').fill(extra["equals"])
    page.get_by_role("button", name="เพิ่มคำถามนี้").click()
    page.get_by_text("เพิ่มคำถามแล้ว").wait_for()


def test_an_officer_builds_and_publishes_a_form_the_public_finds_and_portals_pull(
    page, live_server, officer, ready_service, tmp_path
):
    Service.objects.filter(pk=ready_service.pk).update(form_draft={})
    base = live_server.url

    page.goto(f"{base}/accounts/login/?next=/staff/services/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_role("link", name="ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร").click()
    # Online without a form cannot be published; the page says so.
    expect(page.locator("body")).to_contain_text("โปรดสร้างแบบฟอร์มอิเล็กทรอนิกส์")
    page.get_by_role("link", name="สร้างแบบฟอร์มอิเล็กทรอนิกส์").click()

    page.locator('[name="page-title_th"]').fill("ข้อมูลร้าน")
    page.locator('[name="page-title_en"]').fill("The shop")
    page.get_by_role("button", name="เพิ่มหน้านี้").click()
    page.get_by_text("เพิ่มหน้าแล้ว").wait_for()
    add_question(page, "ชื่อร้าน", "text")
    add_question(page, "ประเภทร้าน", "choice", options="ร้านอาหาร | Restaurant\nอื่น ๆ | Other")
    add_question(page, "ระบุประเภทร้าน", "text", show_if="q_2", equals="อื่น ๆ")

    # The preview hides the conditional question until its condition is met.
    other = page.locator("#id_q_3-group")
    expect(other).to_be_hidden()
    page.locator("label", has_text="อื่น ๆ").click()
    expect(other).to_be_visible()

    page.get_by_role("link", name="ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร").click()
    page.get_by_role("button", name="เผยแพร่", exact=True).click()
    page.get_by_text("เผยแพร่ฉบับที่ 1 ต่อประชาชนแล้ว").wait_for()

    # The public finds it by a Thai word that sits inside a longer word.
    page.goto(f"{base}/services/")
    page.get_by_label("คำที่ต้องการค้นหา").fill("อาหาร")
    page.get_by_role("button", name="ค้นหา").click()
    page.get_by_role("link", name="ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร").click()
    expect(page.get_by_role("heading", name="ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร")).to_be_visible()
    expect(page.locator("body")).to_contain_text("ค่าธรรมเนียมใบอนุญาตรายปี")
    apply = page.get_by_role("link", name="ยื่นคำขอออนไลน์")
    assert apply.get_attribute("href") == f"/services/{ready_service.pk}/apply/"

    href = page.get_by_role("link", name="ดาวน์โหลดคู่มือ (PDF)").get_attribute("href")
    pdf = page.request.get(f"{base}{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    path = tmp_path / "manual.pdf"
    path.write_bytes(pdf.body())
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert flat("ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร") in flat(text)

    feed = json.loads(page.request.get(f"{base}/api/services").body())
    (item,) = feed["contents"]
    assert item["name"] == "ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร"
    assert item["organization"]["name"] == "เทศบาลเมืองบางบัวทอง"
    assert {"cost_options", "required_documents", "application_process", "cpsv_ap"} <= set(item)
    assert item["eservice"]["version"] == 1

    # Changing the form afterwards, then publishing, makes version 2; version 1 stays.
    page.goto(f"{base}/staff/services/{ready_service.pk}/form/")
    add_question(page, "หมายเลขโทรศัพท์ร้าน", "phone")
    page.goto(f"{base}/staff/services/{ready_service.pk}/")
    page.get_by_role("button", name="เผยแพร่", exact=True).click()
    page.get_by_text("เผยแพร่ฉบับที่ 2 ต่อประชาชนแล้ว").wait_for()
    ready_service.refresh_from_db()
    v1, v2 = ready_service.versions.order_by("number")
    assert len(v1.form["pages"][0]["fields"]) == 3
    assert len(v2.form["pages"][0]["fields"]) == 4
    page.goto(f"{base}/services/{ready_service.pk}/")
    expect(page.get_by_role("link", name="ฉบับที่ 1")).to_be_visible()
