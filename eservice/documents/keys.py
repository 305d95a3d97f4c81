"""The demo certificate authority and the agencies' demo signing keys.

Real installations configure each agency's own PKCS#12 file or HSM key (settings
SIGNING_*). For development and tests, a demo root CA and one certificate per agency are made
on first use in SIGNING_KEY_DIR (var/keys/, never committed), so that every document is
really signed and can really be checked.
"""

import datetime
import fcntl
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

CA_NAME = "eservice demo root CA (not for production)"
VALID_YEARS = 10


def key_dir() -> Path:
    path = Path(settings.SIGNING_KEY_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


_held = threading.local()


@contextmanager
def _exclusive() -> Iterator[None]:
    """One process or thread at a time makes demo keys. Workers that start signing at the
    same moment would otherwise each make a CA, and sign with keys the CA file on disk does
    not match. Re-entrant, since making an agency key makes the CA first."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    with open(key_dir() / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0


def ca_cert_path() -> Path:
    return key_dir() / "demo-ca.pem"


def ca_crl_path() -> Path:
    return key_dir() / "demo-ca.crl"


def passphrase() -> bytes:
    """The configured passphrase, or, for the demo keys only, one generated and kept beside
    them."""
    if settings.SIGNING_KEY_PASSPHRASE:
        return settings.SIGNING_KEY_PASSPHRASE.encode()
    path = key_dir() / "passphrase"
    if not path.exists():
        with _exclusive():
            if not path.exists():
                _write_private(path, secrets.token_urlsafe(24).encode())
    return path.read_text().strip().encode()


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o600)
    tmp.replace(path)


def _name(common_name: str, organisation: str = "eservice demo") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ca() -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """The demo root, made on first use."""
    with _exclusive():
        return _load_or_make_ca()


def _load_or_make_ca() -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key_path = key_dir() / "demo-ca.key"
    if ca_cert_path().exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(ca_cert_path().read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), passphrase())
        assert isinstance(key, rsa.RSAPrivateKey)
        return cert, key
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    name = _name(CA_NAME)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * VALID_YEARS * 2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase()),
        ),
    )
    ca_cert_path().write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_crl(cert, key)
    return cert, key


def _write_crl(ca: x509.Certificate, key: rsa.RSAPrivateKey) -> None:
    """An empty revocation list, so that signatures can embed revocation data (B-LT)."""
    now = datetime.datetime.now(datetime.UTC)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.subject)
        .last_update(now - datetime.timedelta(minutes=5))
        .next_update(now + datetime.timedelta(days=365 * VALID_YEARS))
        .add_extension(x509.CRLNumber(1), critical=False)
        .sign(key, hashes.SHA256())
    )
    ca_crl_path().write_bytes(crl.public_bytes(serialization.Encoding.DER))


def _issue(
    common_name: str, organisation: str, usage: list[x509.ObjectIdentifier]
) -> tuple[x509.Certificate, rsa.RSAPrivateKey, x509.Certificate]:
    ca, ca_key = _ca()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(usage), critical=usage == [ExtendedKeyUsageOID.TIME_STAMPING]
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[
                            x509.UniformResourceIdentifier(settings.SITE_URL + "/documents/ca.crl")
                        ],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    )
    return builder.sign(ca_key, hashes.SHA256()), key, ca


def agency_key_path(code: str) -> Path:
    return key_dir() / f"{code}.p12"


def make_agency_key(code: str, name: str) -> bool:
    """A demo PKCS#12 for one agency; False when it already exists."""
    with _exclusive():
        return _make_agency_key(code, name)


def _make_agency_key(code: str, name: str) -> bool:
    path = agency_key_path(code)
    if path.exists():
        return False
    cert, key, ca = _issue(
        name, name, [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CODE_SIGNING]
    )
    data = pkcs12.serialize_key_and_certificates(
        code.encode(),
        key,
        cert,
        [ca],
        serialization.BestAvailableEncryption(passphrase()),
    )
    _write_private(path, data)
    return True


def make_tsa_key() -> Path:
    """A demo timestamp authority (tests and local B-T/B-LT trials)."""
    path = key_dir() / "demo-tsa.p12"
    with _exclusive():
        if path.exists():
            return path
        cert, key, ca = _issue(
            "eservice demo timestamp authority",
            "eservice demo",
            [ExtendedKeyUsageOID.TIME_STAMPING],
        )
        _write_private(
            path,
            pkcs12.serialize_key_and_certificates(
                b"tsa", key, cert, [ca], serialization.BestAvailableEncryption(passphrase())
            ),
        )
    return path


def demo_ca_pem() -> bytes:
    _ca()
    return ca_cert_path().read_bytes()
