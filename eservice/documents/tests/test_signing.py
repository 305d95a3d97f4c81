import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.html import format_html

from eservice.documents import keys, signing
from eservice.documents.issuing import issue

pytestmark = pytest.mark.django_db


def signed_document(agency):
    return issue(
        agency=agency,
        kind="licence",
        title="ใบอนุญาตทดสอบ",
        holder="นายทดสอบ ระบบ",
        body=format_html("<p>{}</p>", "ข้อความ"),
    )


def nss_db(tmp_path: Path) -> Path:
    """An NSS database that trusts the demo CA, as a reader configured for it would."""
    db = tmp_path / "nss"
    db.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"], check=True)
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{db}", "-n", "demo-ca", "-t", "CT,C,C", "-i",
         str(keys.ca_cert_path())],
        check=True,
    )  # fmt: skip
    return db


def test_a_signed_document_is_valid_for_pyhanko_and_for_pdfsig(agency, tmp_path):
    document = signed_document(agency)
    data = document.pdf.read()
    verdict = signing.check(data)
    assert verdict.valid, verdict.problems
    assert "Bang Bua Thong" in verdict.signer
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss_db(tmp_path)}", str(path)],
        capture_output=True,
        text=True,
    ).stdout
    assert "Signature is Valid." in out
    assert "Certificate is Trusted." in out
    assert "Total document signed" in out


def test_a_changed_byte_fails_with_a_clear_reason(agency):
    data = bytearray(signed_document(agency).pdf.read())
    position = data.index(b"/Producer")  # inside the signed byte range
    data[position + 1] ^= 0x01
    verdict = signing.check(bytes(data))
    assert not verdict.valid
    with translation.override("en"):
        assert "The content was changed after it was signed." in [str(p) for p in verdict.problems]
    with translation.override("th"):
        assert all(str(p) and not str(p).startswith("The ") for p in verdict.problems)


def test_a_pdf_without_signature_is_not_valid(agency):
    from eservice.documents.issuing import render_pdf
    from eservice.documents.models import Document

    unsigned = render_pdf(
        Document(agency=agency, kind="licence", title="t", holder="h", token="x"),
        format_html("<p>{}</p>", "x"),
    )
    verdict = signing.check(unsigned)
    assert not verdict.valid
    with translation.override("en"):
        assert str(verdict.problems[0]) == "The file has no electronic signature."


def test_the_key_is_loaded_once_per_process(agency):
    first = signing.signer_for(agency.code, agency.name_en)
    keys.agency_key_path(agency.code).rename(keys.agency_key_path(agency.code).with_suffix(".bak"))
    try:
        assert signing.signer_for(agency.code, agency.name_en) is first
        signed_document(agency)  # still signs: the key is already in memory
    finally:
        keys.agency_key_path(agency.code).with_suffix(".bak").rename(
            keys.agency_key_path(agency.code)
        )


def test_without_a_demo_ca_a_missing_key_is_a_configuration_error(agency, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SIGNING_DEMO_CA = False
    with pytest.raises(ImproperlyConfigured, match="No signing key for agency 9999"):
        signing.signer_for("9999", "Nobody")


def test_with_a_timestamp_server_signatures_are_b_lt(agency, tsa_url, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    document = signed_document(agency)
    assert document.signature_level == "B-LT"
    data = document.pdf.read()
    verdict = signing.check(data)
    assert verdict.valid, verdict.problems
    assert verdict.level == "B-T"  # a trusted timestamp on the signature
    reader = PdfFileReader(BytesIO(data))
    assert "/DSS" in reader.root  # validation data embedded for long-term checks
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss_db(tmp_path)}", str(path)], capture_output=True, text=True
    ).stdout
    assert "Signature is Valid." in out


def test_without_revocation_data_it_falls_back_to_b_t(agency, tsa_url):
    crl = keys.ca_crl_path()
    saved = crl.read_bytes()
    crl.unlink()
    try:
        document = signed_document(agency)
    finally:
        crl.write_bytes(saved)
    assert document.signature_level == "B-T"
    verdict = signing.check(document.pdf.read())
    assert verdict.valid and verdict.level == "B-T"
