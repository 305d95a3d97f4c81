"""Signing with a key kept on an HSM (SIGNING_PKCS11_MODULE): a real SoftHSM token in a
temporary folder holds the agency's key and certificate, labelled with the agency code."""

import os
import subprocess
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils.html import format_html
from pyhanko.pdf_utils.reader import PdfFileReader

from eservice.documents import keys, signing
from eservice.documents.issuing import issue

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")  # Debian's softhsm2 (make setup-test)
TOKEN = "eservice-test"
PIN = "2569-user-pin"
SO_PIN = "2569-so-pin"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SOFTHSM.exists(), reason=f"SoftHSM is not installed ({SOFTHSM})"),
]


def softhsm_util(*args: str) -> None:
    subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def softhsm_conf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """SoftHSM reads its configuration once, when this process first loads it: one token
    folder for the whole module."""
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    before = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    softhsm_util("--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN, "--pin", PIN)
    yield conf
    if before is None:
        del os.environ["SOFTHSM2_CONF"]
    else:
        os.environ["SOFTHSM2_CONF"] = before


def put_on_token(code: str, name: str, folder: Path) -> int:
    """The agency's demo key and certificate, moved onto the token as an administrator
    would; returns the certificate's serial number."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    keys.make_agency_key(code, name)
    key, cert, _chain = pkcs12.load_key_and_certificates(
        keys.agency_key_path(code).read_bytes(), keys.passphrase()
    )
    assert key is not None and cert is not None
    pem = folder / f"{code}.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pem.chmod(0o600)
    softhsm_util(
        "--import", str(pem), "--token", TOKEN, "--label", code, "--id", "01", "--pin", PIN
    )
    pem.unlink()
    token = pkcs11.lib(str(SOFTHSM)).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: code,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
    return cert.serial_number


@pytest.fixture
def agency_on_hsm(agency: Any, softhsm_conf: Path, settings: Any, tmp_path: Path) -> Iterator[int]:
    serial = put_on_token(agency.code, agency.name_en, tmp_path)
    # The key file goes away: only the token can sign for the agency now.
    key_file = keys.agency_key_path(agency.code)
    kept = key_file.rename(tmp_path / key_file.name)
    settings.SIGNING_PKCS11_MODULE = str(SOFTHSM)
    settings.SIGNING_PKCS11_TOKEN = TOKEN
    settings.SIGNING_PKCS11_PIN = PIN
    signing._signers.clear()  # the signer loaded per process: load it from the token
    yield serial
    signing._signers.clear()
    kept.rename(key_file)


def test_a_document_signed_on_the_hsm_is_valid(agency, agency_on_hsm):
    document = issue(
        agency=agency,
        kind="licence",
        title="ใบอนุญาตทดสอบ",
        holder="นายทดสอบ ระบบ",
        body=format_html("<p>{}</p>", "ข้อความ"),
    )
    data = document.pdf.read()
    verdict = signing.check(data)
    assert verdict.valid, verdict.problems
    assert "Bang Bua Thong" in verdict.signer
    # Signed with the certificate on the token, not with a key file made on the spot.
    signature = PdfFileReader(BytesIO(data), strict=False).embedded_signatures[0]
    assert signature.signer_cert.serial_number == agency_on_hsm
    assert not keys.agency_key_path(agency.code).exists()
