"""Demo data for intake: one application by e-mail, one message in the holding pen, and a
connected system's API key. Idempotent: the same e-mail bytes are received once."""

import hashlib
from email.message import EmailMessage
from typing import TextIO

from django.conf import settings

from eservice.intake.mailin import receive_email
from eservice.intake.models import ApiClient
from eservice.registry.models import Agency

DEMO_CLIENT = "Citizen Portal (demo)"


def _mail(to: str, subject: str, body: str, **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = "มานะ ขยันยิ่ง <mana@example.com>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Mon, 23 Nov 2026 09:15:00 +0700"
    # Fixed bytes, so that loading again receives nothing new.
    message["Message-ID"] = (
        f"<demo-{hashlib.sha256(subject.encode()).hexdigest()[:12]}@example.com>"
    )
    for name, value in headers.items():
        message[name] = value
    message.set_content(body)
    return message.as_bytes()


def load(out: TextIO) -> None:
    agency = Agency.objects.filter(code="4120401").first()
    if agency is None:
        out.write("intake: no demo agency; skipped\n")
        return
    address = f"{agency.code}@{settings.INTAKE_EMAIL_DOMAIN}"
    receive_email(_mail(address, "ขอให้ซ่อมไฟฟ้าส่องสว่างซอย 5", "ไฟฟ้าส่องสว่างในซอย 5 ดับมาหนึ่งสัปดาห์ครับ"))
    receive_email(
        _mail(
            address,
            "ตอบกลับอัตโนมัติ: ไม่อยู่สำนักงาน",
            "ขณะนี้ไม่อยู่สำนักงาน",
            **{"Auto-Submitted": "auto-replied"},
        )
    )
    if not ApiClient.objects.filter(name=DEMO_CLIENT).exists():
        _client, key = ApiClient.issue(DEMO_CLIENT)
        out.write(f"intake: API key for {DEMO_CLIENT}: {key}\n")
    out.write(f"intake: apply by e-mail to {address}\n")
