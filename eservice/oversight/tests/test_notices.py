import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eservice.oversight.conftest import make_agency, make_compliant, verified_email
from eservice.oversight.measure import refresh_statuses
from eservice.oversight.models import Notice, NoticeDelivery
from eservice.oversight.notices import EmptyAudience, create_notice, send_batch
from eservice.oversight.tasks import resume_stalled_notices

pytestmark = pytest.mark.django_db(transaction=True)


def nonthaburi_and_elsewhere():
    nonthaburi = [make_agency(f"61204{i:02d}", f"อบต.นนท์ {i}", province="12") for i in range(5)]
    elsewhere = make_agency("6500101", "อบต.เชียงราย", province="57")
    for a in [*nonthaburi, elsewhere]:
        verified_email(a, f"saraban@{a.code}.go.th")
    make_compliant(make_agency("6120499", "อบต.พร้อม", province="12"))
    refresh_statuses()
    return nonthaburi, elsewhere


def test_a_notice_reaches_every_agency_of_a_province_exactly_once(
    oversight_client, smtp_server, tasks
):
    nonthaburi, elsewhere = nonthaburi_and_elsewhere()

    response = oversight_client.post(
        reverse("oversight:notices"), {"province": "12", "compliance": "not_compliant"}
    )
    assert response.status_code == 302
    tasks()
    tasks()  # running the worker again sends nothing more

    received = smtp_server.mailbox.wait_for(5)
    time.sleep(0.3)
    assert sorted(m["To"] for m in received) == sorted(
        f"saraban@{a.code}.go.th" for a in nonthaburi
    )
    body = received[0].get_body(preferencelist=("plain",)).get_content()
    assert "มาตรา 22" in body and "section 22" in body
    # written from the agency's own gaps: its e-mail is verified, the rest is not done
    assert "ประกาศช่องทางอิเล็กทรอนิกส์ของหน่วยงาน" in body
    assert "ลงทะเบียนและยืนยันไปรษณีย์อิเล็กทรอนิกส์กลาง" not in body
    assert "/readiness/" in body

    history = oversight_client.get(reverse("oversight:notices")).content.decode()
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.DONE
    assert "<td>5</td><td>5</td><td>0</td>" in history.replace("\n", "").replace("  ", "")
    detail = oversight_client.get(reverse("oversight:notice", args=[notice.number]))
    assert detail.context["notice"].delivered == 5


def test_a_notice_to_an_empty_group_is_refused(oversight_client, smtp_server):
    nonthaburi_and_elsewhere()

    response = oversight_client.post(reverse("oversight:notices"), {"province": "50"})

    assert response.status_code == 400
    assert "ไม่มีหน่วยงานในกลุ่มนี้" in response.content.decode()
    assert not Notice.objects.exists()
    with pytest.raises(EmptyAudience):
        create_notice({"kind": "bangkok"})


def test_a_paused_notice_stops_between_batches_and_resumes(
    oversight_client, smtp_server, tasks, settings
):
    settings.OVERSIGHT_NOTICE_BATCH = 2
    nonthaburi, elsewhere = nonthaburi_and_elsewhere()
    notice = create_notice({"province": "12"})
    send_batch(notice.pk, 2)  # as the first task run would

    oversight_client.post(reverse("oversight:notice_pause", args=[notice.number]))
    tasks()
    queued = NoticeDelivery.objects.filter(status=NoticeDelivery.Status.QUEUED).count()
    assert queued == 2
    assert len(smtp_server.mailbox.wait_for(2)) == 2

    oversight_client.post(
        reverse("oversight:notice_pause", args=[notice.number]), {"action": "resume"}
    )
    tasks()
    assert len(smtp_server.mailbox.wait_for(6)) == 6
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DONE


def test_an_agency_without_an_address_is_reported_not_skipped_silently(
    oversight_client, smtp_server, tasks
):
    make_agency("6120401", "อบต.ไม่มีอีเมล", province="12")
    refresh_statuses()
    notice = create_notice({})
    tasks()
    delivery = NoticeDelivery.objects.get(notice=notice)
    assert delivery.status == NoticeDelivery.Status.NO_ADDRESS
    page = oversight_client.get(reverse("oversight:notice", args=[notice.number]))
    assert "อบต.ไม่มีอีเมล" in page.content.decode()


def test_killing_the_worker_mid_notice_still_sends_each_agency_exactly_once(
    smtp_server, tasks, settings
):
    from conftest import start_process

    agencies = [make_agency(f"6{i:06d}", f"อบต.{i}", province="30") for i in range(250)]
    for a in agencies:
        verified_email(a, f"saraban@a{a.code}.go.th")
    refresh_statuses()
    notice = create_notice({"province": "30"})

    # The bulk worker, as make run starts it: the notice's task and its mail share the queue.
    worker = start_process(
        "worker",
        "--queue-name",
        "bulk",
        env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if NoticeDelivery.objects.filter(status=NoticeDelivery.Status.QUEUED).exists():
            break
        time.sleep(0.05)
    worker.kill()  # SIGKILL: no goodbye, a chunk may be half done
    worker.wait()
    queued_at_kill = NoticeDelivery.objects.filter(status=NoticeDelivery.Status.QUEUED).count()
    assert 0 < queued_at_kill < 250, "the worker must be killed in the middle of the notice"

    # The safety net notices the stalled notice and starts a new task.
    Notice.objects.filter(pk=notice.pk).update(progress_at=timezone.now() - timedelta(minutes=10))
    assert resume_stalled_notices.call() == 1
    tasks()

    received = smtp_server.mailbox.wait_for(250, timeout=120)
    time.sleep(0.5)
    to = [m["To"] for m in received]
    assert len(to) == 250
    assert len(set(to)) == 250
    assert NoticeDelivery.objects.filter(status=NoticeDelivery.Status.QUEUED).count() == 250
