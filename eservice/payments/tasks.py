"""Background work for fees: receipts are signed here, and the e-Payment provider is called
here, never inside a web request."""

from django.tasks import task
from django.utils.html import format_html
from pythainlp.util import bahttext

from eservice.cases.workflow import move
from eservice.documents.issuing import issue
from eservice.documents.models import Kind
from eservice.intake.models import Request
from eservice.lib.dates import format_date
from eservice.payments.adapters import provider
from eservice.payments.models import Invoice, Payment


@task()
def issue_receipt(payment_id: int) -> None:
    """The signed receipt (ใบเสร็จรับเงิน), then the case moves on to issuing."""
    payment = Payment.objects.select_related("invoice__request__agency").get(pk=payment_id)
    invoice = payment.invoice
    if invoice is None or payment.status == Payment.Status.FLAGGED:
        return
    request = invoice.request
    if payment.receipt_id is None:
        rows = [[item["label"], f"{float(item['amount']):,.2f}"] for item in invoice.items]
        rows.append(["รวม (บาท)", f"{invoice.amount:,.2f}"])
        receipt = issue(
            agency=request.agency,
            kind=Kind.RECEIPT,
            title="ใบเสร็จรับเงิน",
            holder=request.applicant_name,
            subject=f"ค่าธรรมเนียมตามคำขอเลขที่ {request.reference}",
            body=format_html(
                "<p>ได้รับเงินค่าธรรมเนียมตามใบแจ้งหนี้เลขที่ {} คำขอเลขที่ {} "
                "จำนวน {} บาท ({}) ชำระเมื่อ {} รายการอ้างอิง {}</p>",
                invoice.number,
                request.reference,
                f"{invoice.amount:,.2f}",
                bahttext(float(invoice.amount)),
                format_date(payment.paid_at, "th", with_time=True),  # the Bangkok date
                payment.external_id,
            ),
            details={"rows": rows, "invoice": invoice.number, "amount": str(invoice.amount)},
            request=request,
        )
        Payment.objects.filter(pk=payment.pk).update(receipt=receipt)
    request.refresh_from_db()
    if request.status == Request.Status.PAID:
        # Moving to "issuing" sets off the documents (eservice.documents.signals).
        move(
            request,
            Request.Status.ISSUING,
            actor=None,
            reason="Fee paid, receipt issued",
            expected=Request.Status.PAID,
        )


@task()
def create_provider_payment(invoice_id: int) -> None:
    """Register the invoice with the e-Payment provider, for people who pay there."""
    invoice = Invoice.objects.select_related("request").get(pk=invoice_id)
    if invoice.provider_id or invoice.status != Invoice.Status.OPEN:
        return
    created = provider().create(invoice)
    Invoice.objects.filter(pk=invoice.pk).update(
        provider_id=created.payment_id, provider_url=created.payment_url
    )
