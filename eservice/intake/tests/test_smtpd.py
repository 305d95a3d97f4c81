import smtplib
import time
from email.message import EmailMessage

import pytest

from conftest import free_port, start_process
from eservice.intake.mailin import MANY_AGENCIES
from eservice.intake.models import InboundEmail, Request
from eservice.registry.models import Agency


def wait_for_port(port, process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("smtpd did not start")


@pytest.fixture
def smtpd():
    started = []

    def start(*args, **env):
        port = free_port()
        process = start_process("smtpd", "--port", str(port), *args, env=env)
        started.append(process)
        wait_for_port(port, process)
        return port

    yield start
    for process in started:
        process.terminate()
        process.wait(10)


def message(to, subject="ขอซ่อมไฟทาง", sender="somchai@example.com", message_id="<a1@example.com>"):
    m = EmailMessage()
    m["From"] = f"สมชาย <{sender}>"
    m["To"] = to
    m["Subject"] = subject
    m["Message-ID"] = message_id
    m.set_content("ไฟทางหน้าบ้านดับมาหนึ่งสัปดาห์")
    return m


@pytest.mark.django_db(transaction=True)
def test_mail_to_the_agency_becomes_a_request_and_gets_a_reply(agency, smtpd, smtp_server, tasks):
    port = smtpd()
    with smtplib.SMTP("127.0.0.1", port) as client:
        client.send_message(message(f"{agency.code}@eservice.localhost"))
    request = Request.objects.get()
    assert request.channel == "email"
    tasks()
    [reply] = smtp_server.mailbox.wait_for(1)
    assert reply["To"] == "somchai@example.com"
    assert reply["In-Reply-To"] == "<a1@example.com>"
    assert reply["Auto-Submitted"] == "auto-replied"
    assert request.reference in reply.get_body(("plain",)).get_content()

    # The applicant answers the acknowledgement: it joins the same request, unanswered.
    answer = message(
        str(reply["Reply-To"]), subject=f"Re: {reply['Subject']}", message_id="<a2@example.com>"
    )
    answer["In-Reply-To"] = reply["Message-ID"]
    with smtplib.SMTP("127.0.0.1", port) as client:
        client.send_message(answer)
    assert InboundEmail.objects.get(message_id="<a2@example.com>").request == request
    assert Request.objects.count() == 1
    tasks()
    time.sleep(0.5)
    assert len(smtp_server.mailbox.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_mail_for_other_domains_is_refused(smtpd):
    port = smtpd()
    with smtplib.SMTP("127.0.0.1", port) as client, pytest.raises(smtplib.SMTPRecipientsRefused):
        client.send_message(message("someone@gmail.com"))


@pytest.mark.django_db(transaction=True)
def test_when_the_database_is_down_the_sender_is_asked_to_retry(agency, smtpd):
    port = smtpd(
        "--give-up-after", "2", DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/gone"
    )
    with smtplib.SMTP("127.0.0.1", port) as client, pytest.raises(smtplib.SMTPDataError) as error:
        client.send_message(message(f"{agency.code}@eservice.localhost"))
    assert error.value.smtp_code == 451


@pytest.mark.django_db(transaction=True)
def test_mail_goes_to_the_agency_it_was_delivered_to_not_the_one_in_its_to_header(
    agency, other_agency, smtpd
):
    port = smtpd()
    crossed = message(f"{agency.code}@eservice.localhost")
    both = message(f"{agency.code}@eservice.localhost", message_id="<a3@example.com>")
    with smtplib.SMTP("127.0.0.1", port) as client:
        client.send_message(crossed, to_addrs=[f"{other_agency.code}@eservice.localhost"])
        client.send_message(
            both,
            to_addrs=[
                f"{agency.code}@eservice.localhost",
                f"{other_agency.code}@eservice.localhost",
            ],
        )
    assert Request.objects.get().agency == other_agency
    held = InboundEmail.objects.get(message_id="<a3@example.com>")
    assert held.outcome == InboundEmail.Outcome.HELD
    assert held.reason == MANY_AGENCIES


@pytest.mark.django_db(transaction=True)
def test_agency_codes_with_letters_receive_mail_in_any_case(smtpd):
    dbd = Agency.objects.create(code="DBD", name_th="กรมพัฒนาธุรกิจการค้า", kind=Agency.Kind.DEPARTMENT)
    port = smtpd()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for number, address in enumerate(["dbd", "DBD", "Dbd"]):
            client.send_message(
                message(f"{address}@ESERVICE.localhost", message_id=f"<d{number}@example.com>")
            )
    assert [r.agency for r in Request.objects.all()] == [dbd, dbd, dbd]
