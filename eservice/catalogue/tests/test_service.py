from eservice.catalogue.models import Service


def test_the_manual_shows_what_the_licensing_facilitation_act_requires(client, published_service):
    body = client.get(f"/services/{published_service.pk}/").content.decode()
    for text in (
        "ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร",
        "เทศบาลเมืองบางบัวทอง",
        "พระราชบัญญัติการสาธารณสุข",
        "ตรวจสอบคำขอและเอกสาร",
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "30 วันทำการ",
        "ค่าธรรมเนียมใบอนุญาตรายปี",
        "1000.00 บาท",
        "สำเนาบัตรประจำตัวประชาชน",
        "มาตรา 12",  # the copy another agency issued need not be brought
        "มาตรา 13",  # the licence may be displayed electronically
        "1111",
    ):
        assert text in body, text


def test_it_is_in_english_under_en(client, published_service):
    body = client.get(f"/en/services/{published_service.pk}/").content.decode()
    assert "Food shop licence" in body
    assert "30 working days" in body
    assert "Yearly fee" in body


def test_it_says_none_when_there_is_no_fee(client, ready_service):
    ready_service.fees.all().delete()
    ready_service.no_fee = True
    ready_service.save()
    ready_service.publish(by=None)
    assert "ไม่มีค่าธรรมเนียม" in client.get(f"/services/{ready_service.pk}/").content.decode()


def test_it_links_to_apply_online_when_a_form_is_published(client, published_service):
    body = client.get(f"/services/{published_service.pk}/").content.decode()
    assert f'href="/services/{published_service.pk}/apply/"' in body


def test_no_apply_link_without_the_online_channel(client, ready_service):
    ready_service.channel_online = False
    ready_service.channel_email = True
    ready_service.form_draft = {}
    ready_service.save()
    ready_service.publish(by=None)
    body = client.get(f"/services/{ready_service.pk}/").content.decode()
    assert "/apply/" not in body


def test_a_service_taken_by_e_mail_names_the_address_to_write_to(client, ready_service, settings):
    settings.INTAKE_EMAIL_DOMAIN = "eservice.example.go.th"
    ready_service.channel_email = True
    ready_service.save()
    ready_service.publish(by=None)
    body = client.get(f"/services/{ready_service.pk}/").content.decode()
    address = f"{ready_service.agency.code}@eservice.example.go.th"
    assert f"ทางอีเมลที่ {address}" in body


def test_the_public_sees_the_published_version_not_the_draft(client, published_service):
    published_service.name_th = "ชื่อใหม่ที่ยังไม่เผยแพร่"
    published_service.save()
    body = client.get(f"/services/{published_service.pk}/").content.decode()
    assert "ชื่อใหม่ที่ยังไม่เผยแพร่" not in body
    published_service.publish(by=None)
    body = client.get(f"/services/{published_service.pk}/").content.decode()
    assert "ชื่อใหม่ที่ยังไม่เผยแพร่" in body
    old = client.get(f"/services/{published_service.pk}/v1/").content.decode()
    assert "ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร" in old
    assert "ไม่ใช่ฉบับปัจจุบัน" in old or "no longer current" in old


def test_drafts_and_suspended_services_have_no_public_page(client, ready_service):
    assert client.get(f"/services/{ready_service.pk}/").status_code == 404
    ready_service.publish(by=None)
    ready_service.suspend()
    assert client.get(f"/services/{ready_service.pk}/").status_code == 404
    assert client.get("/services/999999/").status_code == 404


def test_unknown_versions_are_not_found(client, published_service):
    assert client.get(f"/services/{published_service.pk}/v2/").status_code == 404
    current = Service.objects.get(pk=published_service.pk).current_version
    assert current is not None and current.number == 1
