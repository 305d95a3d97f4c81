"""PAdES signatures with the agency's key, and checking a signed PDF someone uploads.

The signer (key and certificates) is loaded once per worker process and kept here: opening
a PKCS#12 file or an HSM session for every document would cost more than the signature.
Signing happens in background tasks, never in a web request.
"""

import logging
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError, get_pyca_cryptography_hash
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from eservice.documents import keys
from eservice.lib.aio import run_sync as _run

logger = logging.getLogger(__name__)


class KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses its private key again for every raw signature, which
    costs more than the signature itself. This one parses it once and keeps it."""

    _private_key: Any = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        if self._private_key is None:
            self._private_key = serialization.load_der_private_key(
                self.signing_key.dump(), password=None
            )
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15":
            return self._private_key.sign(data, PKCS1v15(), hash_algo)
        if mechanism == "ecdsa":
            return self._private_key.sign(data, ECDSA(hash_algo))
        return super().sign_raw(data, digest_algorithm)


# agency code -> signer; one per worker process.
_signers: dict[str, signers.Signer] = {}


def _load_pkcs12(code: str, name: str) -> signers.Signer:
    path = keys.agency_key_path(code)
    if not path.exists():
        if not settings.SIGNING_DEMO_CA:
            raise ImproperlyConfigured(
                f"No signing key for agency {code}: put {code}.p12 in {keys.key_dir()} "
                "or configure SIGNING_PKCS11_MODULE."
            )
        keys.make_agency_key(code, name)
    loaded = signers.SimpleSigner.load_pkcs12(str(path), passphrase=keys.passphrase())
    if loaded is None:
        raise ImproperlyConfigured(f"The PKCS#12 file {path} cannot be opened with the passphrase.")
    return KeptKeySigner(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
        signature_mechanism=loaded.signature_mechanism,
    )


def _load_pkcs11(code: str) -> signers.Signer:
    """A key and its certificate kept on an HSM, both labelled with the agency code. Needs
    python-pkcs11. Without a PIN the session is not logged in (tokens that ask for it
    themselves, on a PIN pad)."""
    try:
        from pyhanko.sign import pkcs11
    except ImportError as e:  # pragma: no cover - depends on an optional package
        raise ImproperlyConfigured("SIGNING_PKCS11_MODULE needs the python-pkcs11 package.") from e
    session = pkcs11.open_pkcs11_session(
        settings.SIGNING_PKCS11_MODULE,
        token_criteria=pkcs11.TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN or None),
        user_pin=settings.SIGNING_PKCS11_PIN or None,
    )
    return pkcs11.PKCS11Signer(session, cert_label=code, key_label=code)


def signer_for(code: str, name: str) -> signers.Signer:
    signer = _signers.get(code)
    if signer is None:
        pkcs11 = bool(settings.SIGNING_PKCS11_MODULE)
        signer = _load_pkcs11(code) if pkcs11 else _load_pkcs12(code, name)
        _signers[code] = signer
    return signer


def trust_roots() -> list[asn1_x509.Certificate]:
    from asn1crypto import pem

    roots = []
    paths = list(settings.SIGNING_TRUST_ROOTS)
    if settings.SIGNING_DEMO_CA:
        keys.demo_ca_pem()
        paths.append(str(keys.ca_cert_path()))
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        for _type, _headers, der in pem.unarmor(data, multiple=True):
            roots.append(asn1_x509.Certificate.load(der))
    return roots


def _local_crls() -> list[asn1_crl.CertificateList]:
    path = keys.ca_crl_path()
    if settings.SIGNING_DEMO_CA and path.exists():
        return [asn1_crl.CertificateList.load(path.read_bytes())]
    return []


def _timestamper() -> Any:
    if not settings.SIGNING_TSA_URL:
        return None
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    return HTTPTimeStamper(settings.SIGNING_TSA_URL)


def sign(
    pdf: bytes, *, agency_code: str, agency_name: str, reason: str = "", location: str = ""
) -> tuple[bytes, str]:
    """Sign a PDF with the agency's key as an incremental update; returns the signed file
    and the PAdES baseline level reached: B-B without a timestamp server; with one, B-LT
    when the certificates' revocation data can be embedded (the demo CA's list is local;
    real CAs' are fetched), else B-T."""
    signer = signer_for(agency_code, agency_name)
    if not settings.SIGNING_TSA_URL:
        return _sign(pdf, signer, reason, location, None, {}), "B-B"
    long_term = {
        "embed_validation_info": True,
        "validation_context": ValidationContext(
            trust_roots=trust_roots(),
            crls=_local_crls(),
            allow_fetching=not settings.SIGNING_DEMO_CA,
            # Fail rather than embed certificates without their revocation status.
            revocation_mode="hard-fail",
        ),
    }
    try:
        return _sign(pdf, signer, reason, location, _timestamper(), long_term), "B-LT"
    except (SigningError, PathValidationError, PathBuildingError, OSError):
        logger.warning("No revocation data to embed; signing at B-T", exc_info=True)
        return _sign(pdf, signer, reason, location, _timestamper(), {}), "B-T"


def _sign(
    pdf: bytes,
    signer: signers.Signer,
    reason: str,
    location: str,
    timestamper: Any,
    extra: dict[str, Any],
) -> bytes:
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        **extra,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    out = _run(
        signers.async_sign_pdf(
            writer,
            meta,
            signer=signer,
            timestamper=timestamper,
            # Room for the signature fixed in advance, so pyHanko need not sign twice (once
            # to measure): certificates, signature and, with B-T, the timestamp token.
            bytes_reserved=16384 if timestamper else 8192,
        )
    )
    return out.getvalue()


@dataclass
class Verdict:
    """What a check of an uploaded PDF found. `problems` say why it fails, in words a
    reader can act on."""

    valid: bool
    problems: list[str | Promise] = field(default_factory=list)
    signer: str = ""
    signed_at: Any = None
    level: str = ""


def check(pdf: bytes) -> Verdict:
    """Is this PDF signed by a trusted key, and unchanged since?"""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        logger.info("Uploaded file could not be read as a PDF", exc_info=True)
        return Verdict(False, [_("The file is not a readable PDF: it is damaged or changed.")])
    if not signatures:
        return Verdict(False, [_("The file has no electronic signature.")])
    sig = signatures[-1]
    try:
        status = _run(
            async_validate_pdf_signature(
                sig,
                ValidationContext(
                    trust_roots=trust_roots(), crls=_local_crls(), allow_fetching=False
                ),
            )
        )
    except Exception:
        logger.info("Signature could not be validated", exc_info=True)
        return Verdict(
            False,
            [_("The signature cannot be read: the file was changed after it was signed.")],
        )
    problems: list[str | Promise] = []
    if not status.intact:
        problems.append(_("The content was changed after it was signed."))
    elif not status.valid:
        problems.append(_("The signature does not match the signer's key."))
    if status.intact and status.valid and not status.trusted:
        problems.append(_("The signer's certificate is not from a trusted authority."))
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
        status.modification_level is None
        or status.modification_level > ModificationLevel.LTA_UPDATES
    ):
        problems.append(_("Something was added to the file after it was signed."))
    signer_name = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    return Verdict(
        valid=not problems,
        problems=problems,
        signer=signer_name,
        signed_at=status.signer_reported_dt,
        level="B-T" if status.timestamp_validity else "B-B",
    )
