"""Asking for a fee, and recording money received against it.

Every way money comes in (a statement line, a provider's callback) goes through
record_payment(): it is recorded once per transaction id, accepted only when it matches an
open invoice's references and amount, and otherwise flagged for an officer.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eservice.cases.workflow import move
from eservice.intake.models import Request
from eservice.lib import audit, dates
from eservice.lib.dates import buddhist_year
from eservice.outreach.mail import queue_mail
from eservice.payments import promptpay
from eservice.payments.models import Invoice, Payment, StatementImport


def fee_items(request: Request) -> list[dict[str, Any]]:
    """The fee items of the request's service, from the published manual's "fees" list
    ([{"description_th": ..., "amount": "500.00"}]). A fee per unit names the e-form field
    that counts the units ("per_unit_of": "area_sqm"), and its amount is the rate: the item
    is the applicant's number times the rate, and says so ("120 × 0.50"). Empty when the
    manual names no fee (or predates fees), or when a fee per unit has no number to count:
    the officer then enters the amount when asking for the fee."""
    version = request.service_version
    manual = version.manual if version else {}
    items = []
    for item in (manual or {}).get("fees") or []:
        try:
            amount = Decimal(str(item.get("amount")))
        except (InvalidOperation, TypeError):
            continue
        label = str(item.get("description_th") or item.get("label") or _("Fee"))
        if field := item.get("per_unit_of"):
            quantity = units(request.answers.get(field))
            if quantity is None:
                return []
            label = f"{label} ({quantity:,f} × {amount:,.2f})"
            amount = (quantity * amount).quantize(Decimal("0.01"), ROUND_HALF_UP)
        items.append({"label": label, "amount": str(amount)})
    return items


def units(answer: Any) -> Decimal | None:
    """The applicant's number as the e-form stored it ("1,250.5" or 1250.5); None when it is
    missing or not a number above zero."""
    try:
        quantity = Decimal(str(answer).replace(",", "").strip())
    except InvalidOperation:
        return None
    return quantity.normalize() if quantity.is_finite() and quantity > 0 else None


def fee_without_invoice(request: Request) -> list[dict[str, Any]]:
    """The manual's fee items when the request awaits its fee but has no invoice yet (the
    one made on the move failed, or came before the manual named the fee); else none."""
    if (
        request.status != Request.Status.AWAITING_FEE
        or Invoice.objects.filter(request=request).exists()
    ):
        return []
    return fee_items(request)


def fee_url(request: Request) -> str:
    return settings.SITE_URL + reverse("payments:fee", kwargs={"token": request.tracking_token()})


def ask_for_fee(
    request: Request, *, items: list[dict[str, Any]], actor: Any = None, move_case: bool = True
) -> Invoice:
    """Open an invoice, move the case to "awaiting fee" and tell the applicant."""
    amount = sum((Decimal(i["amount"]) for i in items), Decimal("0"))
    with transaction.atomic():
        if move_case:
            move(request, Request.Status.AWAITING_FEE, actor=actor)
        invoice = Invoice.objects.create(
            request=request,
            agency_id=request.agency_id,
            ref1=promptpay.clean_reference(request.reference),
            amount=amount,
            items=items,
        )
        invoice.number = f"INV{buddhist_year(timezone.localdate())}{invoice.pk:06d}"
        invoice.save(update_fields=["number"])
        if request.applicant_email:
            queue_mail(
                request.applicant_email,
                f"ค่าธรรมเนียม / Fee to pay: {request.reference}",
                f"เรียน {request.applicant_name}\n\n"
                f"คำขอเลขที่ {request.reference} ได้รับอนุมัติแล้ว "
                f"กรุณาชำระค่าธรรมเนียม {amount:,.2f} บาท ด้วย QR พร้อมเพย์ที่\n"
                f"Your request was approved. Please pay the fee of THB {amount:,.2f} "
                f"with the PromptPay QR at:\n{fee_url(request)}\n",
                purpose="fee_requested",
            )
        from eservice.payments.tasks import create_provider_payment

        if settings.PAYMENT_PROVIDER_URL:
            create_provider_payment.enqueue(invoice.pk)
    return invoice


def record_payment(
    *,
    source: str,
    receiving_account: str,
    external_id: str,
    ref1: str,
    ref2: str,
    amount: Decimal,
    paid_at: datetime,
    agency_id: int | None = None,
    statement: StatementImport | None = None,
) -> tuple[Payment, bool]:
    """Record one payment; (payment, False) when this account's transaction was recorded
    before, in which case nothing changes."""
    same = Payment.objects.filter(receiving_account=receiving_account, external_id=external_id)
    existing = same.first()
    if existing:
        return existing, False
    invoices = Invoice.objects.select_related("request")
    if agency_id is not None:
        invoices = invoices.filter(agency_id=agency_id)
    cleaned = promptpay.clean_reference(ref1) if ref1.strip() else ""
    invoice = invoices.filter(ref1=cleaned).order_by("-created_at").first() if cleaned else None
    if invoice and ref2 and invoice.number != promptpay.clean_reference(ref2):
        by_number = invoices.filter(number=promptpay.clean_reference(ref2)).first()
        invoice = by_number if by_number and by_number.ref1 == cleaned else invoice
    problem = ""
    if invoice is None:
        problem = _("No invoice has reference 1 “%(ref)s”.") % {"ref": ref1}
    elif invoice.status != Invoice.Status.OPEN:
        problem = _("Invoice %(number)s is already %(status)s; this may be a second payment.") % {
            "number": invoice.number,
            "status": invoice.get_status_display(),
        }
    elif invoice.amount != amount:
        problem = _("Paid %(paid)s baht, but invoice %(number)s is for %(due)s baht.") % {
            "paid": f"{amount:,.2f}",
            "number": invoice.number,
            "due": f"{invoice.amount:,.2f}",
        }
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                source=source,
                receiving_account=receiving_account,
                external_id=external_id,
                agency_id=invoice.agency_id if invoice else agency_id,
                invoice=invoice,
                statement=statement,
                ref1=ref1,
                ref2=ref2,
                amount=amount,
                paid_at=paid_at,
                status=Payment.Status.FLAGGED if problem else Payment.Status.ACCEPTED,
                flag_reason=problem,
            )
            if not problem:
                assert invoice is not None
                settle(invoice, payment)
    except IntegrityError:
        # The same transaction arrived twice at once; the other one recorded it.
        return same.get(), False
    audit.record(
        "payment.flag" if problem else "payment.accept",
        obj=payment,
        agency_id=payment.agency_id,
        detail={"ref1": ref1, "amount": str(amount), "problem": problem},
    )
    return payment, True


def settle(invoice: Invoice, payment: Payment) -> None:
    """The invoice is paid: move the case on and issue the receipt (in the worker)."""
    from eservice.payments.tasks import issue_receipt

    updated = Invoice.objects.filter(pk=invoice.pk, status=Invoice.Status.OPEN).update(
        status=Invoice.Status.PAID, paid_at=payment.paid_at
    )
    if not updated:
        return
    if invoice.request.status == Request.Status.AWAITING_FEE:
        move(
            invoice.request,
            Request.Status.PAID,
            actor=None,
            reason=f"Payment {payment.external_id}",
            expected=Request.Status.AWAITING_FEE,
        )
    issue_receipt.enqueue(payment.pk)


# --- Bank statements -----------------------------------------------------------------------

STATEMENT_COLUMNS = ["date", "amount", "ref1", "ref2", "transaction_id"]


@dataclass
class Line:
    date: datetime
    amount: Decimal
    ref1: str
    ref2: str
    transaction_id: str


def parse_date(text: str) -> datetime:
    """2026-11-25, 25/11/2026 or 25/11/2569 (Buddhist era, as Thai banks print), with an
    optional time (09:30 or 09:30:15), in Bangkok time."""
    day_text, _space, clock_text = text.strip().partition(" ")
    day = dates.parse_date(day_text)
    try:
        clock = time.fromisoformat(clock_text.strip()) if clock_text.strip() else time()
    except ValueError:
        clock = None
    if day is None or clock is None:
        raise ValueError(
            _("The date “%(text)s” is not a date like 2026-11-25 or 25/11/2569.") % {"text": text}
        )
    return timezone.make_aware(datetime.combine(day, clock))


def parse_line(row: dict[str, str]) -> Line:
    missing = [
        c for c in ("date", "amount", "ref1", "transaction_id") if not (row.get(c) or "").strip()
    ]
    if missing:
        raise ValueError(_("Missing: %(columns)s.") % {"columns": ", ".join(missing)})
    try:
        amount = Decimal(row["amount"].replace(",", "").strip())
    except InvalidOperation:
        raise ValueError(
            _("The amount “%(text)s” is not a number like 150.00.") % {"text": row["amount"]}
        ) from None
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(
            _("The amount “%(text)s” is not a sum of money.") % {"text": row["amount"]}
        )
    return Line(
        date=parse_date(row["date"]),
        amount=amount,
        ref1=row["ref1"].strip(),
        ref2=(row.get("ref2") or "").strip(),
        transaction_id=row["transaction_id"].strip(),
    )


def import_statement(data: bytes, *, filename: str, agency_id: int, user: Any) -> StatementImport:
    """Match every line; report each one: accepted, flagged, already recorded, or unreadable
    (with the reason). Nothing is skipped silently."""
    statement = StatementImport.objects.create(
        agency_id=agency_id, uploaded_by=user, filename=filename[:255]
    )
    account = Payment.statement_account(statement.agency.code)
    report: list[dict[str, Any]] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp874", errors="replace")  # Thai Windows code page, older bank exports
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if not rows or any(c not in header for c in ("date", "amount", "ref1", "transaction_id")):
        report.append(
            {
                "line": 1,
                "outcome": "error",
                "text": ",".join(rows[0]) if rows else "",
                "message": _("The first line must name the columns: %(columns)s.")
                % {"columns": ", ".join(STATEMENT_COLUMNS)},
            }
        )
    else:
        for number, cells in enumerate(rows[1:], start=2):
            raw = ",".join(cells)
            if not any(c.strip() for c in cells):
                continue
            entry: dict[str, Any] = {"line": number, "text": raw[:500]}
            try:
                if len(cells) != len(header):
                    raise ValueError(
                        _("Expected %(expected)s columns, found %(found)s.")
                        % {"expected": len(header), "found": len(cells)}
                    )
                line = parse_line(dict(zip(header, cells, strict=True)))
            except ValueError as e:
                report.append({**entry, "outcome": "error", "message": str(e)})
                continue
            payment, created = record_payment(
                source=Payment.Source.STATEMENT,
                receiving_account=account,
                external_id=line.transaction_id,
                ref1=line.ref1,
                ref2=line.ref2,
                amount=line.amount,
                paid_at=line.date,
                agency_id=agency_id,
                statement=statement,
            )
            if not created:
                outcome, message = "duplicate", _("Already recorded; nothing changed.")
            elif payment.status == Payment.Status.FLAGGED:
                outcome, message = "flagged", payment.flag_reason
            else:
                outcome = "accepted"
                message = _("Paid: invoice %(number)s, request %(ref)s.") % {
                    "number": payment.invoice.number if payment.invoice else "",
                    "ref": payment.invoice.request.reference if payment.invoice else "",
                }
            report.append({**entry, "outcome": outcome, "message": str(message)})
    statement.report = report
    statement.save(update_fields=["report"])
    return statement
