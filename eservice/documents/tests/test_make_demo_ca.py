import io

import pytest
from django.core.management import call_command

from eservice.documents import keys

pytestmark = pytest.mark.django_db


def test_it_makes_the_ca_and_one_key_per_agency_once(
    settings, tmp_path, agency, officer, other_agency
):
    settings.SIGNING_KEY_DIR = tmp_path / "keys"
    out = io.StringIO()
    call_command("make_demo_ca", stdout=out)
    assert "1 new agency key(s)" in out.getvalue()  # only the agency with an officer
    assert not keys.agency_key_path(other_agency.code).exists()
    assert keys.ca_cert_path().exists() and keys.agency_key_path(agency.code).exists()
    first = keys.agency_key_path(agency.code).read_bytes()
    again = io.StringIO()
    call_command("make_demo_ca", "--all", stdout=again)
    assert "1 new agency key(s)" in again.getvalue()
    assert keys.agency_key_path(other_agency.code).exists()
    assert keys.agency_key_path(agency.code).read_bytes() == first
    assert oct(keys.agency_key_path(agency.code).stat().st_mode & 0o777) == "0o600"


def test_it_refuses_when_the_demo_ca_is_off(settings):
    from django.core.management.base import CommandError

    settings.SIGNING_DEMO_CA = False
    with pytest.raises(CommandError, match="SIGNING_DEMO_CA is off"):
        call_command("make_demo_ca")


def test_workers_starting_together_make_one_ca_that_every_key_chains_to(settings, tmp_path):
    import threading

    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12

    settings.SIGNING_KEY_DIR = tmp_path / "keys"
    codes = [f"41204{n:02d}" for n in range(4)]
    start = threading.Barrier(len(codes))

    def first_signature(code: str) -> None:
        start.wait()
        keys.make_agency_key(code, f"Agency {code}")

    workers = [threading.Thread(target=first_signature, args=(code,)) for code in codes]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    ca = x509.load_pem_x509_certificate(keys.ca_cert_path().read_bytes())
    for code in codes:
        _key, cert, _chain = pkcs12.load_key_and_certificates(
            keys.agency_key_path(code).read_bytes(), keys.passphrase()
        )
        assert cert is not None
        cert.verify_directly_issued_by(ca)  # raises when signed by another worker's CA
