import pytest
from django.utils import translation

from eservice.catalogue.tests.test_staff_edit import edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.mark.parametrize("amount", ["0", "0.00", "-50"])
def test_a_fee_of_zero_or_less_is_refused(officer_client, ready_service, amount):
    response = officer_client.post(
        f"/en/staff/services/{ready_service.pk}/",
        edit_data(ready_service, **{"fees-0-amount": amount}),
    )
    assert response.status_code == 200
    assert "A fee is more than zero baht." in response.content.decode()
    assert str(ready_service.fees.get().amount) == "1000.00"


def test_a_fee_of_zero_is_refused_in_thai(officer_client, ready_service):
    response = officer_client.post(
        f"/staff/services/{ready_service.pk}/", edit_data(ready_service, **{"fees-0-amount": "0"})
    )
    assert "ค่าธรรมเนียมต้องมากกว่าศูนย์บาท" in response.content.decode()


def test_a_fee_per_square_metre_is_saved_and_shown_per_unit(officer_client, ready_service):
    response = officer_client.post(
        f"/staff/services/{ready_service.pk}/",
        edit_data(
            ready_service,
            **{
                "fees-0-description_th": "ตารางเมตรละ 0.50 บาท",
                "fees-0-amount": "0.50",
                "fees-0-per_unit_of": "area",
            },
        ),
    )
    assert response.status_code == 302
    assert ready_service.publishing_problems() == []
    version = ready_service.publish(by=None)
    assert version.manual["fees"] == [
        {
            "description_th": "ตารางเมตรละ 0.50 บาท",
            "description_en": "Yearly fee",
            "amount": "0.50",
            "per_unit_of": "area",
        }
    ]
    page = officer_client.get(f"/en/services/{ready_service.pk}/").content.decode()
    assert "0.50 baht a unit" in page


def test_a_fee_per_unit_must_name_a_number_field_of_the_form(ready_service):
    ready_service.fees.update(per_unit_of="shop_name")  # a text field
    with translation.override("en"):
        problems = ready_service.publishing_problems()
    assert (
        "The fee “ค่าธรรมเนียมใบอนุญาตรายปี” is per unit of “shop_name”, but the e-form has no "
        "number field with that key."
    ) in problems
