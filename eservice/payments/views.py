from decimal import Decimal

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from pythainlp.util import bahttext

from eservice.cases.workflow import Conflict, NotAllowed
from eservice.identity.models import User
from eservice.intake.models import Request
from eservice.lib import audit
from eservice.lib.dates import format_date
from eservice.lib.pdf import render_pdf
from eservice.payments import services
from eservice.payments.forms import FeeForm, PaymentAccountForm, ResolveForm, StatementForm
from eservice.payments.models import Invoice, Payment, PaymentAccount, StatementImport
from eservice.payments.signals import open_invoice

# --- The applicant ---------------------------------------------------------------------------


def _applicant_request(token: str) -> Request:
    application = Request.from_tracking_token(token)
    if application is None:
        raise Http404
    return application


@never_cache
def fee(request: HttpRequest, token: str) -> HttpResponse:
    """What the applicant owes, with the PromptPay QR to pay it, and their receipts. A GET
    only reads (a mail scanner opening the link must not make invoices or send mail); a
    missing invoice is made when the applicant presses the button."""
    application = _applicant_request(token)
    if request.method == "POST":
        open_invoice(application.pk)
        return redirect("payments:fee", token=token)
    audit.record(
        "fee.read",
        request=request,
        actor="applicant",
        obj=application,
        agency_id=application.agency_id,
    )
    rows = []
    invoices = Invoice.objects.filter(request=application).exclude(status=Invoice.Status.CANCELLED)
    for invoice in invoices:
        payload = invoice.qr_payload() if invoice.status == Invoice.Status.OPEN else ""
        receipts = [
            p.receipt
            for p in invoice.payments.filter(receipt__isnull=False).select_related("receipt")
        ]
        rows.append(
            {
                "invoice": invoice,
                "payload": payload,
                "qr": segno.make(payload, error="m").svg_inline(
                    scale=5,
                    border=2,
                    title=_("PromptPay QR code to pay %(amount)s baht")
                    % {"amount": f"{invoice.amount:,.2f}"},
                )
                if payload
                else "",
                "words": bahttext(float(invoice.amount)),
                "receipts": receipts,
            }
        )
    return render(
        request,
        "payments/fee.html",
        {
            "application": application,
            "rows": rows,
            "token": token,
            "invoice_missing": not rows and bool(services.fee_without_invoice(application)),
        },
    )


@never_cache
def invoice_pdf(request: HttpRequest, token: str, number: str) -> HttpResponse:
    """The invoice on paper, with the same QR code."""
    application = _applicant_request(token)
    invoice = get_object_or_404(Invoice, request=application, number=number)
    audit.record(
        "invoice.read", request=request, actor="applicant", obj=invoice, agency_id=invoice.agency_id
    )
    payload = invoice.qr_payload()
    with translation.override("th"):
        html = render_to_string(
            "payments/pdf/invoice.html",
            {
                "invoice": invoice,
                "application": application,
                "agency": application.agency,
                "qr": segno.make(payload, error="m").svg_data_uri(scale=4, border=2)
                if payload
                else "",
                "words": bahttext(float(invoice.amount)),
                "issued_on": format_date(timezone.localtime(invoice.created_at), "th"),
                "items": [(i["label"], f"{Decimal(i['amount']):,.2f}") for i in invoice.items],
            },
        )
    pdf = render_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


# --- Officers ----------------------------------------------------------------------------------


def _officer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _agency_id(request: HttpRequest, *, act: bool = False) -> int:
    """The officer's own agency, whose fees they read, or with act=True handle."""
    user = _officer(request)
    if user.agency_id is None or not (user.can_act if act else user.can_read)(user.agency_id):
        raise PermissionDenied
    return user.agency_id


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_id(request)
    approved = Request.objects.filter(agency_id=agency_id, status=Request.Status.APPROVED)[:50]
    to_ask = [(r, FeeForm(prefix=r.reference, initial=_fee_initial(r))) for r in approved]
    context = {
        "to_ask": to_ask,
        "open": Invoice.objects.filter(
            agency_id=agency_id, status=Invoice.Status.OPEN
        ).select_related("request")[:100],
        "flagged": Payment.objects.filter(agency_id=agency_id, status=Payment.Status.FLAGGED)[:100],
        "statements": StatementImport.objects.filter(agency_id=agency_id)[:10],
        "statement_form": StatementForm(),
        "resolve_form": ResolveForm(),
        "acting": _officer(request).can_act(agency_id),
    }
    audit.record("payments.read", request=request, agency_id=agency_id)
    return render(request, "payments/staff.html", context)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Where the agency's fees are paid. Its staff read it; only its administrator changes
    it, since a wrong id sends applicants' money elsewhere."""
    agency_id = _agency_id(request)
    admin = _officer(request).is_admin_of(agency_id)
    current = PaymentAccount.objects.filter(agency_id=agency_id).first()
    instance = current or PaymentAccount(agency_id=agency_id)
    form = PaymentAccountForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if not admin:
            raise PermissionDenied
        if form.is_valid():
            saved = form.save()
            audit.record(
                "payment_account.change",
                request=request,
                obj=saved,
                agency_id=agency_id,
                detail={"biller_id": saved.biller_id, "promptpay_id": saved.promptpay_id},
            )
            messages.success(request, _("Payment account saved."))
            return redirect("payments:account")
    else:
        audit.record("payment_account.read", request=request, agency_id=agency_id)
    return render(
        request,
        "payments/account.html",
        {"account": current, "form": form, "admin": admin},
        status=400 if form.errors else 200,
    )


def _fee_initial(application: Request) -> dict:
    items = services.fee_items(application)
    if not items:
        return {"label": _("Fee")}
    return {
        "label": " + ".join(i["label"] for i in items),
        "amount": sum(Decimal(i["amount"]) for i in items),
    }


@login_required
@require_POST
def ask_fee(request: HttpRequest, reference: str) -> HttpResponse:
    agency_id = _agency_id(request, act=True)
    application = get_object_or_404(Request, reference=reference, agency_id=agency_id)
    form = FeeForm(request.POST, prefix=reference)
    if not form.is_valid():
        messages.error(request, _("Enter what the fee is for and an amount above zero."))
        return redirect("payments:staff")
    items = [{"label": form.cleaned_data["label"], "amount": str(form.cleaned_data["amount"])}]
    try:
        invoice = services.ask_for_fee(application, items=items, actor=_officer(request))
    except (NotAllowed, Conflict) as e:
        messages.error(request, str(e))
    else:
        audit.record("invoice.create", request=request, obj=invoice, agency_id=agency_id)
        messages.success(
            request,
            _("Invoice %(number)s sent to the applicant.") % {"number": invoice.number},
        )
    return redirect("payments:staff")


@login_required
@require_POST
def import_statement(request: HttpRequest) -> HttpResponse:
    agency_id = _agency_id(request, act=True)
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "payments/statement_form.html",
            {"statement_form": form},
            status=400,
        )
    upload = form.cleaned_data["statement"]
    statement = services.import_statement(
        upload.read(), filename=upload.name, agency_id=agency_id, user=_officer(request)
    )
    audit.record(
        "statement.import",
        request=request,
        obj=statement,
        agency_id=agency_id,
        detail={"lines": len(statement.report)},
    )
    return redirect("payments:statement", pk=statement.pk)


@login_required
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(StatementImport, pk=pk, agency_id=_agency_id(request))
    audit.record("statement.read", request=request, obj=found, agency_id=found.agency_id)
    return render(
        request,
        "payments/statement.html",
        {
            "statement": found,
            "accepted": found.count("accepted"),
            "flagged": found.count("flagged"),
            "errors": found.count("error"),
            "duplicates": found.count("duplicate"),
        },
    )


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer has dealt with a flagged payment (refund, contact, manual match)."""
    payment = get_object_or_404(
        Payment, pk=pk, agency_id=_agency_id(request, act=True), status=Payment.Status.FLAGGED
    )
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what you did about this payment."))
        return redirect("payments:staff")
    payment.status = Payment.Status.RESOLVED
    payment.flag_reason += "\n" + form.cleaned_data["note"]
    payment.save(update_fields=["status", "flag_reason"])
    audit.record(
        "payment.resolve",
        request=request,
        obj=payment,
        agency_id=payment.agency_id,
        detail={"note": form.cleaned_data["note"]},
    )
    messages.success(request, _("Marked as dealt with."))
    return redirect("payments:staff")
