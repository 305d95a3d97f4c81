import io

import pytest

from eservice.intake.demo import load
from eservice.intake.models import ApiClient, InboundEmail, Request


@pytest.mark.django_db
def test_the_demo_loads_once(agency):
    out = io.StringIO()
    load(out)
    load(out)
    assert Request.objects.filter(channel="email").count() == 1
    assert InboundEmail.objects.filter(outcome="held").count() == 1
    assert ApiClient.objects.count() == 1
    assert out.getvalue().count("API key") == 1
