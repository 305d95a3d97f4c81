import io

from eservice.catalogue import demo
from eservice.catalogue.formdef import validate_definition
from eservice.catalogue.models import Service


def test_demo_services_are_published_with_valid_forms(db):
    out = io.StringIO()
    demo.load(out)
    services = Service.objects.select_related("current_version")
    assert services.count() == len(demo.SERVICES) >= 20
    assert {s.status for s in services} == {Service.Status.PUBLISHED}
    for service in services:
        version = service.current_version
        assert version is not None and version.number == 1
        if version.form:
            assert validate_definition(version.form) == []
    assert services.filter(channel_online=True).exclude(current_version__form={}).count() >= 15


def test_loading_the_demo_twice_changes_nothing(db):
    demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    assert "0 services created" in out.getvalue()
    assert Service.objects.filter(versions__number=2).count() == 0
