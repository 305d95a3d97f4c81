import pytest

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_officer_signs_in_and_out(client, officer):
    response = client.post("/accounts/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated

    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_passwords_are_stored_with_argon2(officer):
    assert officer.password.startswith("argon2")


def test_a_wrong_password_says_what_to_check_in_thai(client, officer):
    page = client.post("/accounts/login/", {"username": "officer", "password": "wrong"})
    assert page.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page.text


def test_the_account_is_locked_after_five_failures(client, officer):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "officer", "password": "wrong"})

    locked = client.post("/accounts/login/", {"username": "officer", "password": PASSWORD})

    assert locked.status_code == 429
    assert "ถูกระงับ 15 นาที" in locked.text
    assert not client.get("/").context["user"].is_authenticated
