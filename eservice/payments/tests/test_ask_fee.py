import pytest

from eservice.documents.testing import mail_with
from eservice.intake.models import Request

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_officer_sends_the_invoice_with_the_catalogue_amount(
    client, officer, approved_request, smtp_server, tasks
):
    client.force_login(officer)
    staff = client.get("/en/staff/payments/").content.decode()
    assert approved_request.reference in staff
    assert 'value="500.00"' in staff  # from the service's published fee items
    response = client.post(
        f"/en/staff/payments/fee/{approved_request.reference}/",
        {f"{approved_request.reference}-label": "Licence fee",
         f"{approved_request.reference}-amount": "500.00"},
        follow=True,
    )  # fmt: skip
    assert b"sent to the applicant" in response.content
    approved_request.refresh_from_db()
    assert approved_request.status == Request.Status.AWAITING_FEE
    tasks()
    mail = mail_with(smtp_server, "Fee to pay")
    assert f"/track/{approved_request.tracking_token()}/fee/" in mail.get_content()


def test_an_amount_of_zero_is_refused(client, officer, approved_request):
    client.force_login(officer)
    response = client.post(
        f"/en/staff/payments/fee/{approved_request.reference}/",
        {f"{approved_request.reference}-label": "Fee", f"{approved_request.reference}-amount": "0"},
        follow=True,
    )
    assert b"an amount above zero" in response.content
    approved_request.refresh_from_db()
    assert approved_request.status == Request.Status.APPROVED


def test_another_agencys_officer_cannot_ask(client, other_agency, approved_request):
    from eservice.identity.models import User

    stranger = User.objects.create_user("stranger", agency=other_agency, role="officer")
    client.force_login(stranger)
    response = client.post(
        f"/en/staff/payments/fee/{approved_request.reference}/",
        {f"{approved_request.reference}-label": "Fee", f"{approved_request.reference}-amount": "9"},
    )
    assert response.status_code == 404


def test_a_case_moved_to_awaiting_fee_on_the_case_page_gets_its_invoice_and_mail(
    approved_request, smtp_server, tasks
):
    from eservice.cases.workflow import move

    move(approved_request, Request.Status.AWAITING_FEE, actor=None)  # as the case page does
    invoice = approved_request.invoices.get()
    assert str(invoice.amount) == "500.00"
    tasks()
    assert mail_with(smtp_server, "Fee to pay")
