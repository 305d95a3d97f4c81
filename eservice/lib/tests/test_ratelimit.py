import pytest
from django.test import RequestFactory

from eservice.lib.ratelimit import allow

pytestmark = pytest.mark.django_db


def test_an_address_is_stopped_after_its_allowance_and_others_are_not():
    first = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    other = RequestFactory().get("/", REMOTE_ADDR="192.0.2.2")

    assert [allow(first, "search", 3) for _ in range(4)] == [True, True, True, False]
    assert allow(other, "search", 3)
    assert allow(first, "export", 3)  # each scope counts on its own
