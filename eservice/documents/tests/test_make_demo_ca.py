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
