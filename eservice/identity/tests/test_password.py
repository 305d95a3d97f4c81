"""Passwords: strong where an account is made, changed and reset by the officer, and a
session that ends when left idle."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from eservice.cases.conftest import signed_in, user
from eservice.identity.models import User
from eservice.outreach.models import OutgoingMail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ม้าลายกินหญ้า-ริมคลอง-2569"


@pytest.fixture
def agency_admin(agency):
    return user(agency, "admin", "agency_admin")


def new_officer(admin, password, username="somsri.khayan"):
    return signed_in(admin).post(
        reverse("cases:officers"),
        {
            "username": username,
            "first_name": "สมศรี",
            "last_name": "ขยันงาน",
            "email": "somsri@bangbuathong.go.th",
            "role": "officer",
            "password": password,
        },
    )


@pytest.mark.parametrize(
    ("password", "because"),
    [
        ("1234567890123", "รหัสผ่านนี้เป็นตัวเลขทั้งหมด"),
        ("qwertyuiop123", "มีคนใช้กันมาก"),
        ("somsri.khayan1", "คล้ายกับ"),
        ("short-pass1", "ต้องมีอย่างน้อย 12 ตัวอักษร"),
    ],
)
def test_an_officer_account_is_never_made_with_a_weak_password(agency_admin, password, because):
    response = new_officer(agency_admin, password)
    assert response.status_code == 200
    assert because in response.text
    assert not User.objects.filter(username="somsri.khayan").exists()


def test_an_officer_changes_their_own_password(client, officer):
    client.force_login(officer)
    weak = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "officer12345",
            "new_password2": "officer12345",
        },
    )
    assert weak.status_code == 200
    assert "คล้ายกับ" in weak.text

    changed = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert not officer.check_password(PASSWORD)


def test_the_change_page_is_for_signed_in_people_only(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db(transaction=True)
def test_a_forgotten_password_is_reset_through_a_link_sent_by_the_worker(
    client, officer, smtp_server, tasks, settings
):
    officer.email = "officer@bangbuathong.go.th"
    officer.save()
    settings.SITE_URL = "https://eservice.example.go.th"

    response = client.post(reverse("password_reset"), {"email": "OFFICER@bangbuathong.go.th"})
    assert response.status_code == 302
    # Queued, not sent inside the request.
    assert OutgoingMail.objects.filter(to=officer.email, purpose="password_reset").count() == 1
    assert smtp_server.mailbox.messages == []

    tasks()
    (mail,) = smtp_server.mailbox.wait_for(1)
    body = mail.get_body(("plain",)).get_content()
    link = re.search(r"https://eservice\.example\.go\.th(\S+)", body)
    assert link is not None, body

    form = client.get(link.group(1), follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form.text
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)

    # The link works once.
    again = client.get(link.group(1), follow=True)
    assert "ลิงก์นี้ไม่ถูกต้อง" in again.text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, officer):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert not OutgoingMail.objects.exists()


def test_reset_requests_are_limited_per_address(client, officer, settings):
    officer.email = "officer@bangbuathong.go.th"
    officer.save()
    settings.PASSWORD_RESETS_PER_HOUR = 3
    answers = [
        client.post(reverse("password_reset"), {"email": officer.email}).status_code
        for _ in range(5)
    ]
    assert answers == [302, 302, 302, 429, 429]
    assert OutgoingMail.objects.count() == 3


def test_a_session_left_idle_ends(client, officer, settings):
    staff_page = reverse("cases:inbox")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer)
        assert client.get(staff_page).status_code == 200
        # Working keeps the session alive, well past the idle time in all.
        for _ in range(3):
            clock.shift(timedelta(minutes=settings.SESSION_COOKIE_AGE // 60 - 5))
            assert client.get(staff_page).status_code == 200
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        response = client.get(staff_page)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
