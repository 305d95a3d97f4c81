"""Bodies section 4 leaves out (Parliament, the courts, independent organs) are in the
register but never measured, listed as not complying, or sent a notice."""

import pytest

from eservice.oversight.conftest import make_agency
from eservice.oversight.measure import refresh_statuses
from eservice.oversight.models import AgencyStatus
from eservice.oversight.notices import audience
from eservice.oversight.reports import make_report

pytestmark = pytest.mark.django_db


def test_a_body_outside_the_act_is_never_listed_as_not_complying(client):
    behind = make_agency("6200001", "อบต.ข1")
    audit_office = make_agency("OAG", "สำนักงานการตรวจเงินแผ่นดิน", kind="independent")
    audit_office.outside_the_act = True
    audit_office.save()

    refresh_statuses()

    assert list(AgencyStatus.objects.values_list("agency__code", flat=True)) == ["6200001"]
    assert [s.agency_id for s in audience({})] == [behind.pk]
    codes = [entry["code"] for entry in make_report().non_compliant]
    assert codes == ["6200001"]
    page = client.get("/en/agencies/OAG/").content.decode()
    assert "Outside the Act (section 4)" in page


def test_marking_a_body_outside_the_act_takes_it_off_the_lists_at_the_next_measure():
    court = make_agency("COURT", "สำนักงานศาลยุติธรรม", kind="independent")
    refresh_statuses()
    assert AgencyStatus.objects.filter(agency=court).exists()

    court.outside_the_act = True
    court.save()
    refresh_statuses()

    assert not AgencyStatus.objects.filter(agency=court).exists()
