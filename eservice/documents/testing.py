"""Fixtures for the documents and payments tests: real keys in a temporary directory, and
an approved request for a licence service."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from eservice.documents import signing


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(autouse=True)
def signing_setup(settings: Any, key_dir: Path, tmp_path: Path) -> Iterator[None]:
    """Demo CA and agency keys made once per run; each test's files in its own folder."""
    settings.SIGNING_KEY_DIR = key_dir
    settings.SIGNING_DEMO_CA = True
    settings.SIGNING_TSA_URL = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    yield
    signing._signers.clear()


@pytest.fixture
def licence_service(agency: Any) -> Any:
    from eservice.catalogue.models import Service, ServiceVersion

    service = Service.objects.create(
        agency=agency,
        name_th="ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร",
        name_en="Food shop licence",
        kind=Service.Kind.LICENCE,
        status=Service.Status.PUBLISHED,
    )
    ServiceVersion.objects.create(
        service=service,
        number=1,
        manual={
            "no_fee": False,
            "fees": [
                {"description_th": "ค่าธรรมเนียมใบอนุญาต", "description_en": "", "amount": "500.00"}
            ],
        },
    )
    return service


_counter = iter(range(1, 10_000))


def make_request(agency: Any, service: Any = None, **fields: Any) -> Any:
    from eservice.intake.models import Request

    now = timezone.now()
    values = {
        "reference": f"BBT-2569-{next(_counter):06d}",
        "agency": agency,
        "service_version": service.versions.first() if service else None,
        "channel": Request.Channel.WEB,
        "applicant_name": "นางสาวสมศรี ขายดี",
        "applicant_email": "somsri@example.org",
        "answers": {"province": "นนทบุรี", "district": "บางบัวทอง", "shop_name": "ร้านสมศรี"},
        "status": Request.Status.APPROVED,
        "entered_at": now,
        "deemed_received_at": now,
        **fields,
    }
    return Request.objects.create(**values)


@pytest.fixture
def approved_request(agency: Any, licence_service: Any) -> Any:
    return make_request(agency, licence_service)


def mail_with(smtp_server: Any, subject_part: str, timeout: float = 20.0) -> Any:
    """The first message whose subject contains subject_part (other apps mail too)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp_server.mailbox.messages:
            if subject_part in str(message["Subject"]):
                return message
        time.sleep(0.05)
    raise AssertionError(f"No mail about {subject_part!r}")


@pytest.fixture
def licence(approved_request: Any, licence_service: Any) -> Any:
    """A signed licence, issued for the approved request."""
    from eservice.documents import issuing

    return issuing.issue_from_template(issuing.default_template(licence_service), approved_request)


@pytest.fixture
def tsa_url(settings: Any, key_dir: Path) -> Iterator[str]:
    """A real RFC 3161 timestamp server over HTTP on loopback, with the demo TSA certificate."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from asn1crypto import tsp
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from eservice.documents import keys

    tsa = signers.SimpleSigner.load_pkcs12(str(keys.make_tsa_key()), passphrase=keys.passphrase())
    assert tsa is not None
    stamper = DummyTimeStamper(tsa.signing_cert, tsa.signing_key, tsa.cert_registry)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            response = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(response)))
            self.end_headers()
            self.wfile.write(response)

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    settings.SIGNING_TSA_URL = url
    yield url
    server.shutdown()
