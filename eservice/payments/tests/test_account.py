import pytest

from eservice.identity.models import User
from eservice.payments import promptpay
from eservice.payments.models import PaymentAccount

pytestmark = pytest.mark.django_db

URL = "/en/staff/payments/account/"


@pytest.fixture
def admin(agency):
    return User.objects.create_user("admin", agency=agency, role=User.Role.AGENCY_ADMIN)


def test_the_admin_sets_the_biller_id_typed_in_thai_digits(client, admin, agency):
    client.force_login(admin)
    response = client.post(
        URL,
        {"account_name": "Bang Bua Thong", "biller_id": "๐-๙๙๔๐-๐๐๑๖๕-๕๐-๐ ๐๑", "promptpay_id": ""},
        follow=True,
    )
    assert b"Payment account saved" in response.content
    account = PaymentAccount.objects.get(agency=agency)
    assert account.biller_id == "099400016550001"
    assert b"099400016550001" in client.get(URL).content


def test_a_biller_id_of_fourteen_digits_is_refused_in_english_and_thai(client, admin, agency):
    client.force_login(admin)
    form = {"account_name": "", "biller_id": "09940001655000", "promptpay_id": ""}
    english = client.post(URL, form)
    assert english.status_code == 400
    assert "15 digits; this one has 14" in english.content.decode()
    thai = client.post(URL.removeprefix("/en"), form)
    assert "มี 15 หลัก แต่ที่กรอกมี 14 หลัก" in thai.content.decode()
    assert not PaymentAccount.objects.filter(agency=agency).exists()


def test_digits_of_another_script_are_refused(client, admin, agency):
    client.force_login(admin)
    response = client.post(URL, {"account_name": "", "biller_id": "", "promptpay_id": "٠٨٩٩٩٩٩٩٩٩"})
    assert response.status_code == 400
    assert "digits only: 0-9 or ๐-๙" in response.content.decode()
    assert not PaymentAccount.objects.filter(agency=agency).exists()


def test_the_invoice_qr_uses_the_account_the_admin_saved(client, admin, agency):
    client.force_login(admin)
    client.post(URL, {"account_name": "", "biller_id": "", "promptpay_id": "๐๘๙-๙๙๙-๙๙๙๙"})
    account = PaymentAccount.objects.get(agency=agency)
    assert account.promptpay_id == "0899999999"
    payload = promptpay.build(amount=None, promptpay_id=account.promptpay_id)
    assert payload == "00020101021129370016A000000677010111011300668999999995802TH53037646304FE29"


def test_an_officer_reads_the_account_but_cannot_change_it(client, officer, agency):
    PaymentAccount.objects.create(agency=agency, biller_id="099400016550001")
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "099400016550001" in page and "Only the agency's administrator" in page
    refused = client.post(URL, {"account_name": "", "biller_id": "011111111111111"})
    assert refused.status_code == 403
    assert PaymentAccount.objects.get(agency=agency).biller_id == "099400016550001"


def test_another_agencys_admin_changes_only_their_own_account(client, agency, other_agency):
    PaymentAccount.objects.create(agency=agency, biller_id="099400016550001")
    stranger = User.objects.create_user("stranger", agency=other_agency, role="agency_admin")
    client.force_login(stranger)
    assert "099400016550001" not in client.get(URL).content.decode()
    client.post(URL, {"account_name": "", "biller_id": "011111111111111", "promptpay_id": ""})
    assert PaymentAccount.objects.get(agency=agency).biller_id == "099400016550001"
    assert PaymentAccount.objects.get(agency=other_agency).biller_id == "011111111111111"


def test_oversight_staff_cannot_change_an_agencys_account(client, oversight_user):
    client.force_login(oversight_user)
    response = client.post(URL, {"account_name": "", "biller_id": "011111111111111"})
    assert response.status_code == 403
    assert not PaymentAccount.objects.exists()
