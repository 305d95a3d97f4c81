from datetime import timedelta

import pytest
from django.conf import settings

from eservice.oversight.conftest import make_agency, verified_email
from eservice.oversight.models import CabinetReport, Notice
from eservice.oversight.tasks import make_scheduled_report, send_scheduled_notice

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_schedule_sends_a_notice_every_15_days_and_a_report_every_60():
    periods = dict(settings.PERIODIC_TASKS)
    assert periods["eservice.oversight.tasks.send_scheduled_notice"] == 15 * 86400
    assert periods["eservice.oversight.tasks.make_scheduled_report"] == 60 * 86400
    assert periods["eservice.oversight.tasks.take_daily_figures"] == 86400


def test_the_scheduled_notice_goes_to_every_agency_measured_afresh(smtp_server, tasks):
    for i in range(3):
        verified_email(make_agency(f"610000{i}", f"อบต.{i}"), f"saraban@{i}.go.th")

    number = send_scheduled_notice.call()

    assert number is not None
    notice = Notice.objects.get(number=number)
    assert notice.scheduled and notice.audience == {
        "kind": "",
        "province": "",
        "level": "",
        "compliance": "",
    }
    tasks()
    assert len(smtp_server.mailbox.wait_for(3)) == 3


def test_with_no_agency_the_scheduled_notice_sends_nothing():
    assert send_scheduled_notice.call() is None
    assert not Notice.objects.exists()


def test_the_scheduled_report_comes_with_its_pdf_in_thai_and_english():
    make_agency("6100001", "อบต.หนึ่ง")
    number = make_scheduled_report.call()
    assert number is not None
    report = CabinetReport.objects.get(number=number)
    assert [a["code"] for a in report.non_compliant] == ["6100001"]
    assert report.pdf_th.read().startswith(b"%PDF")
    assert report.pdf_en.read().startswith(b"%PDF")


def test_a_restart_or_a_repeated_task_makes_no_second_report_or_notice(
    working_day, smtp_server, tasks
):
    verified_email(make_agency("6100001", "อบต.หนึ่ง"), "saraban@1.go.th")
    assert make_scheduled_report.call() is not None
    assert send_scheduled_notice.call() is not None

    working_day.shift(timedelta(days=13))
    assert make_scheduled_report.call() is None
    assert send_scheduled_notice.call() is None
    assert CabinetReport.objects.count() == 1
    assert Notice.objects.count() == 1

    working_day.shift(timedelta(days=2))  # 15 days on: the next notice
    assert send_scheduled_notice.call() is not None
    working_day.shift(timedelta(days=45))  # 60 days on: the next report
    assert make_scheduled_report.call() is not None
    assert CabinetReport.objects.count() == 2
