import io

import pytest

from eservice.cases import demo
from eservice.cases.models import Case
from eservice.intake.models import Request

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_case_in_each_state_an_officer_meets_and_loads_once(officer):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    statuses = sorted(Case.objects.values_list("status", flat=True))
    assert statuses == sorted(["submitted", "checking", "deficient", "considering", "completed"])
    assert Request.objects.count() == 5
    overdue = Case.objects.get(request__applicant_name="ชูใจ รักเรียน")
    assert overdue.is_overdue()
