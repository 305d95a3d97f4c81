from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from eservice.intake.conftest import EXE, PNG, pdf_bytes, upload
from eservice.intake.models import Attachment, Request
from eservice.intake.services import (
    Submission,
    check_upload,
    is_valid_reference,
    store_attachment,
    submit,
)
from eservice.lib.models import AuditEntry
from eservice.lib.workdays import BANGKOK
from eservice.outreach.models import OutgoingMail


def submission(agency, version, key="web:abc", **extra):
    return Submission(
        agency=agency,
        service_version=version,
        channel=Request.Channel.WEB,
        applicant_name="สมชาย ใจดี",
        applicant_email="somchai@example.com",
        answers={"shop_name": "ครัวป้าแดง", "seats": "12"},
        idempotency_key=key,
        attachments=extra.pop("attachments", []),
        **extra,
    )


@pytest.mark.django_db
def test_it_creates_the_request_its_files_and_the_acknowledgement_together(
    agency, shop_licence, media, working_day
):
    plan = store_attachment(upload("plan.pdf", pdf_bytes()), field_key="floor_plan")
    request, created = submit(submission(agency, shop_licence, attachments=[plan]))

    assert created
    assert is_valid_reference(request.reference)
    assert request.reference.startswith(f"{agency.code}-2569-")
    stored = Attachment.objects.get(request=request)
    assert stored.sha256 == plan.sha256 and stored.file.read().startswith(b"%PDF")
    mail = request.acknowledgement
    assert mail is not None
    assert request.reference in mail.body and request.tracking_url() in mail.body
    assert request.receipt_url() in mail.body
    assert mail.headers["Auto-Submitted"] == "auto-generated"
    assert AuditEntry.objects.filter(action="request.submit", object_id=str(request.pk)).exists()


@pytest.mark.django_db
def test_a_reference_already_taken_is_drawn_again_and_the_files_still_arrive(
    agency, shop_licence, media, monkeypatch
):
    first, _ = submit(submission(agency, shop_licence, key="web:first"))
    taken = int(first.reference.split("-")[2])
    draws = iter([taken, 12345678])
    # The random source is the one thing a test cannot steer: draw the taken number first.
    monkeypatch.setattr("eservice.intake.services.secrets.randbelow", lambda _n: next(draws))
    plan = store_attachment(upload("plan.pdf", pdf_bytes()), field_key="floor_plan")

    second, created = submit(submission(agency, shop_licence, key="web:second", attachments=[plan]))

    assert created and second.reference != first.reference
    assert second.reference.split("-")[2] == "12345678" and is_valid_reference(second.reference)
    assert Attachment.objects.get(request=second).sha256 == plan.sha256
    assert second.acknowledgement is not None
    assert second.reference in second.acknowledgement.body
    assert OutgoingMail.objects.count() == 2  # the clashing attempt's mail was rolled back


@pytest.mark.django_db
def test_the_same_key_twice_makes_one_request(agency, shop_licence):
    first, created = submit(submission(agency, shop_licence))
    again, created_again = submit(submission(agency, shop_licence))
    assert created and not created_again
    assert first.pk == again.pk
    assert Request.objects.count() == 1
    assert OutgoingMail.objects.count() == 1


@pytest.mark.django_db
def test_a_request_on_a_saturday_is_deemed_received_on_monday_morning(agency, shop_licence):
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=BANGKOK)
    request, _ = submit(submission(agency, shop_licence, entered_at=saturday))
    assert request.entered_at == saturday
    assert request.deemed_received_at == datetime(2026, 11, 30, 8, 30, tzinfo=BANGKOK)


@pytest.mark.django_db
def test_references_are_not_sequential(agency, shop_licence):
    refs = [submit(submission(agency, shop_licence, key=f"k{i}"))[0].reference for i in range(5)]
    numbers = sorted(int(r.split("-")[2]) for r in refs)
    assert len(set(refs)) == 5
    assert any(b - a > 1000 for a, b in zip(numbers, numbers[1:], strict=False))


def test_a_mistyped_reference_fails_its_check_digit():
    assert is_valid_reference("4120401-2569-48271593-" + _check("4120401-2569-48271593"))
    good = "4120401-2569-48271593-" + _check("4120401-2569-48271593")
    typo = good.replace("4827", "4872")
    assert not is_valid_reference(typo)


def _check(body):
    from stdnum import damm

    return damm.calc_check_digit("".join(c for c in body if c.isdigit()))


def test_it_refuses_a_program_renamed_to_pdf():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("invoice.pdf", EXE))
    assert "invoice.pdf" in str(error.value)


def test_it_refuses_a_picture_named_like_a_pdf():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("contract.pdf", PNG))
    assert error.value.code == "disguised"


def test_it_refuses_a_file_over_the_limit(settings):
    settings.INTAKE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        check_upload(upload("big.png", PNG + b"\x00" * 2000))
    assert error.value.code == "too_big"


def test_it_accepts_a_real_png():
    assert check_upload(upload("photo.PNG", PNG)) == "image/png"
