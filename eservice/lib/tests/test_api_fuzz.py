"""Every operation of /api/openapi.json, with generated valid and invalid input, signed in
and with an API key, never answers with a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from eservice.intake.conftest import ONE_PAGE_FORM, make_service
from eservice.intake.models import ApiClient

# Per operation; the whole API in well under two minutes on two cores.
EXAMPLES = 30

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def connection_kept(db):
    # As Django's test client does: the test's transaction is the connection, so requests
    # must not close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(client, officer, agency, settings):
    settings.API_REQUESTS_PER_MINUTE = 100_000  # the limit would hide what lies behind it
    make_service(agency, ONE_PAGE_FORM, "คำร้องทั่วไป")
    client.force_login(officer)
    key = ApiClient.issue("Citizen Portal")[1]
    return {"Authorization": f"Bearer {key}"}, {"sessionid": client.cookies["sessionid"].value}


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error(case, credentials):
    headers, cookies = credentials
    case.call_and_validate(headers=headers, cookies=cookies, checks=[not_a_server_error])
