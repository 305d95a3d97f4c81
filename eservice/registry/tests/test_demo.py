"""The demo register that load_demo (run on every `make run`) loads."""

import io
from typing import Any

import pytest

from eservice.registry import demo
from eservice.registry.models import Agency, Channel

pytestmark = pytest.mark.django_db


def test_it_loads_every_local_organisation_bangkok_and_central_agencies_once(db: Any) -> None:
    demo.load(io.StringIO())
    first = dict(Agency.objects.values_list("code", "updated_at"))
    channels = Channel.objects.count()

    out = io.StringIO()
    demo.load(out)

    assert Agency.objects.filter(source="dla").count() == 7849
    assert Agency.objects.get(code="1000000").kind == Agency.Kind.BANGKOK
    assert Agency.objects.get(code="4120401").name_en == "Bang Bua Thong Town Municipality"
    opdc = Agency.objects.get(code="OPDC")
    assert (opdc.kind, opdc.parent.code) == (Agency.Kind.DEPARTMENT, "OPM")  # type: ignore[union-attr]
    assert dict(Agency.objects.values_list("code", "updated_at")) == first
    assert Channel.objects.count() == channels
    assert "(0 new, 0 updated from DLA open data; 0 central agencies changed)" in out.getvalue()

    # Nothing in the demo would make the reminders or links write to real agencies.
    assert not Agency.objects.exclude(contact_email="").exists()
    assert not Channel.objects.filter(status="pending").exists()
