"""The receipt (ใบรับ): a PDF rendered the first time someone asks for it, then kept.

Never rendered while a submission is accepted, nor for every acknowledgement: a PDF costs
~80 ms of CPU, which at national peaks would starve the web workers and the mail queue.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Request
from .services import what_happens_next


def render_receipt(request: Request) -> bytes:
    # WeasyPrint is heavy: loaded only when a receipt is first asked for.
    from eservice.lib.pdf import render_pdf

    with translation.override("th"):
        html = render_to_string(
            "intake/receipt.html",
            {
                "application": request,
                "attachments": request.attachments.order_by("pk"),
                **what_happens_next(request),
            },
        )
    return render_pdf(html)


def receipt_pdf(request: Request) -> bytes:
    """The kept receipt, rendering and keeping it first if this is the first time."""
    if not request.receipt_pdf:
        pdf = render_receipt(request)
        with transaction.atomic():
            fresh = Request.objects.select_for_update().get(pk=request.pk)
            if not fresh.receipt_pdf:
                fresh.receipt_pdf.save(f"{request.reference}.pdf", ContentFile(pdf), save=False)
                fresh.save(update_fields=["receipt_pdf"])
            request.receipt_pdf = fresh.receipt_pdf
    with request.receipt_pdf.open("rb") as f:
        return f.read()
