"""Documents rendered and signed per second in one worker, against pyHanko signing the same
prepared PDF alone. Goal: at least 50% of the baseline for a one-page licence.

Two baselines: pyHanko's own signer with its key loaded once (what the goal names), and
pyHanko with our signer, which also keeps the parsed key (the floor our pipeline sits on)."""

import os
import tempfile
import time
from io import BytesIO

# Keys and files in a throw-away folder, set before Django reads its settings.
_tmp = tempfile.mkdtemp(prefix="eservice-bench-documents-")
os.environ["SIGNING_KEY_DIR"] = os.path.join(_tmp, "keys")
os.environ["VAR_DIR"] = os.path.join(_tmp, "var")
os.makedirs(os.environ["VAR_DIR"], exist_ok=True)

from common import report, setup_django  # noqa: E402

SECONDS = 8.0


def per_second(work, seconds: float = SECONDS) -> float:
    work()  # warm: fonts, key, template caches
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        work()
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    setup_django()
    from django.utils import timezone
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from eservice.catalogue.models import Service, ServiceVersion
    from eservice.documents import issuing, keys, signing
    from eservice.intake.models import Request
    from eservice.registry.models import Agency

    agency = Agency.objects.create(
        code="4120401",
        name_th="เทศบาลเมืองบางบัวทอง",
        name_en="Bang Bua Thong",
        kind="town_municipality",
    )
    service = Service.objects.create(agency=agency, name_th="ใบอนุญาตจำหน่ายอาหาร", kind="licence")
    version = ServiceVersion.objects.create(service=service, number=1, manual={})
    now = timezone.now()
    request = Request.objects.create(
        reference="BBT-2569-000001", agency=agency, service_version=version, channel="web",
        applicant_name="นางสาวสมศรี ขายดี", answers={"province": "นนทบุรี"},
        status="issuing", entered_at=now, deemed_received_at=now,
    )  # fmt: skip
    template = issuing.default_template(service)

    first = issuing.issue_from_template(template, request)
    prepared = issuing.render_pdf(first, issuing.fill_body(template.body, {}))
    signer = signing.signer_for(agency.code, agency.name_en)

    stock = signers.SimpleSigner.load_pkcs12(
        str(keys.agency_key_path(agency.code)), passphrase=keys.passphrase()
    )

    def pyhanko_alone(with_signer: signers.Signer) -> None:
        meta = signers.PdfSignatureMetadata(
            field_name="Signature1", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
        )
        writer = IncrementalPdfFileWriter(BytesIO(prepared), strict=False)
        # Room for the signature given, as issuing does, so pyHanko signs once, not twice.
        signers.sign_pdf(writer, meta, signer=with_signer, bytes_reserved=8192)

    def issue_one() -> None:
        issuing.issue_from_template(template, request)

    stock_rate = per_second(lambda: pyhanko_alone(stock))
    kept_rate = per_second(lambda: pyhanko_alone(signer))
    issued = per_second(issue_one)
    print(f"signature level: PAdES {first.signature_level}; pages: 1; PDF variant: "
          f"{os.environ.get('DOCUMENT_PDF_VARIANT', 'pdf/a-3b')}", flush=True)  # fmt: skip
    # The issue's baseline: pyHanko signing the prepared PDF, its key loaded once.
    report("licences rendered, signed and stored per worker", issued, "docs/s", stock_rate)
    # A stricter floor: pyHanko with our signer, which keeps the parsed key (the stock one
    # parses it again for every signature, which costs more than the signature).
    report(
        "licences rendered, signed and stored, against our signer alone",
        issued,
        "docs/s",
        kept_rate,
    )


if __name__ == "__main__":
    main()
