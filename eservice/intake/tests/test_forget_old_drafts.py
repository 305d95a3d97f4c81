from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from eservice.intake.conftest import PNG, upload
from eservice.intake.models import Attachment, Draft
from eservice.intake.services import Submission, store_attachment, submit
from eservice.intake.tasks import forget_old_drafts


@pytest.mark.django_db
def test_abandoned_drafts_and_their_files_are_forgotten(complaint, media, agency):
    old = Draft.objects.create(key="o" * 32, service_version=complaint, applicant_name="ก")
    fresh = Draft.objects.create(key="f" * 32, service_version=complaint, applicant_name="ข")
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=31))
    alone = store_attachment(upload("alone.png", PNG + b"1"), field_key="x", draft=old)
    alone.save()
    shared = store_attachment(upload("shared.png", PNG + b"2"), field_key="x", draft=old)
    shared.save()
    # The same file was also sent with a submitted request.
    submit(
        Submission(
            agency=agency,
            service_version=complaint,
            channel="web",
            applicant_name="ค",
            applicant_email="",
            answers={},
            idempotency_key="k",
            attachments=[store_attachment(upload("s.png", PNG + b"2"))],
        )
    )

    assert forget_old_drafts.call() == 1

    assert list(Draft.objects.all()) == [fresh]
    assert not default_storage.exists(str(alone.file.name))
    assert default_storage.exists(str(shared.file.name))
    assert Attachment.objects.filter(request__isnull=False).count() == 1
