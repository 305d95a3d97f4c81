"""A few requests to the demo town municipality in the states an officer meets: new, being
checked, waiting for the applicant, overdue, and completed. Idempotent: each is made once,
by its idempotency key."""

from datetime import timedelta
from typing import TextIO

from django.utils import timezone

from eservice.cases import services
from eservice.cases.models import Case
from eservice.cases.workflow import move
from eservice.catalogue.models import ServiceVersion
from eservice.identity.models import User
from eservice.intake.models import Request
from eservice.intake.services import Submission, submit
from eservice.registry.models import Agency

S = Request.Status
DEMO = [
    # key, applicant, days ago, states to move through
    ("demo-case-1", "สมชาย ใจดี", 0, []),
    ("demo-case-2", "มานี มีนา", 3, [S.CHECKING]),
    ("demo-case-3", "ปิติ ชูใจ", 6, [S.CHECKING, S.DEFICIENCIES_REQUESTED]),
    ("demo-case-4", "ชูใจ รักเรียน", 45, [S.CHECKING, S.CONSIDERING]),
    ("demo-case-5", "วีระ กล้าหาญ", 20, [S.CHECKING, S.CONSIDERING, S.APPROVED, S.COMPLETED]),
]


def load(out: TextIO) -> None:
    agency = Agency.objects.filter(code="4120401").first()
    officer = User.objects.filter(username="officer").first()
    version = (
        ServiceVersion.objects.filter(service__agency=agency)
        .order_by("service_id", "-number")
        .first()
    )
    if agency is None or officer is None:
        out.write("cases: no demo agency or officer; skipped\n")
        return
    made = 0
    for key, name, days_ago, states in DEMO:
        request, created = submit(
            Submission(
                agency=agency,
                service_version=version,
                channel=Request.Channel.WEB,
                applicant_name=name,
                applicant_email=f"{key}@example.com",
                answers={"subject": "คำขอตัวอย่าง"},
                idempotency_key=key,
                attachments=[],
                entered_at=timezone.now() - timedelta(days=days_ago),
            )
        )
        if not created:
            continue
        made += 1
        for state in states:
            if state == S.DEFICIENCIES_REQUESTED:
                case = Case.objects.get(pk=request.pk)
                services.request_deficiencies(
                    case,
                    officer,
                    [{"document": "สำเนาบัตรประจำตัวประชาชน", "problem": "missing", "note": ""}],
                    "กรุณาส่งสำเนาบัตรประจำตัวประชาชนที่ลงนามรับรองสำเนาถูกต้อง",
                    timezone.localdate() + timedelta(days=14),
                    case.version,
                )
            else:
                move(request, state, actor=officer, reason="ตัวอย่าง")
    out.write(f"cases: {made} demo requests created, {len(DEMO) - made} already there\n")
