import subprocess


def flat(text: str) -> str:
    """Text to compare: pdftotext maps Sarabun's glyphs for sara am (ำ) and sara aa (า) both
    ways, so both become า; spaces and line breaks go."""
    return "".join(text.replace("\u0e33", "\u0e32").replace("\u0e4d", "").split())


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "manual.pdf"
    path.write_bytes(content)
    return flat(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    )


def fonts(content: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def test_the_manual_is_a_pdf_in_thai_with_sarabun(client, published_service, tmp_path):
    response = client.get(f"/services/{published_service.pk}/manual.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Sarabun" in fonts(response.content, tmp_path)
    text = pdf_text(response.content, tmp_path)
    assert flat("ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร") in text
    assert flat("ค่าธรรมเนียมใบอนุญาตรายปี") in text
    assert flat("ตรวจสอบคำขอและเอกสาร") in text
    assert flat("เทศบาลเมืองบางบัวทอง") in text


def test_the_manual_is_a_pdf_in_english(client, published_service, tmp_path):
    response = client.get(f"/en/services/{published_service.pk}/manual.pdf")
    text = pdf_text(response.content, tmp_path)
    assert flat("Food shop licence") in text
    assert flat("Yearly fee") in text


def test_an_earlier_version_has_its_own_pdf(client, published_service, tmp_path):
    published_service.name_th = "ใบอนุญาตฉบับแก้ไข"
    published_service.save()
    published_service.publish(by=None)
    old = pdf_text(client.get(f"/services/{published_service.pk}/v1/manual.pdf").content, tmp_path)
    new = pdf_text(client.get(f"/services/{published_service.pk}/manual.pdf").content, tmp_path)
    assert flat("ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร") in old
    assert flat("ใบอนุญาตฉบับแก้ไข") in new
    assert flat("ใบอนุญาตฉบับแก้ไข") not in old


def test_too_many_pdfs_from_one_address_are_refused(client, published_service):
    codes = [
        client.get(f"/services/{published_service.pk}/manual.pdf").status_code for _ in range(22)
    ]
    assert codes[0] == 200
    assert codes[-1] == 429
