from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eservice.identity.models import User
from eservice.intake.mailin import accept_held, dismiss_held
from eservice.intake.models import InboundEmail, Request
from eservice.intake.receipt import receipt_pdf
from eservice.lib import audit
from eservice.outreach.models import OutgoingMail


def _request_or_404(token: str) -> Request:
    application = Request.from_tracking_token(token)
    if application is None:
        raise Http404
    return application


def _status_label(status: str) -> str:
    return str(Request.Status(status).label) if status in Request.Status.values else status


# What the applicant must do, by status; absent means "nothing, we are working on it".
APPLICANT_ACTIONS: dict[str, Promise] = {
    Request.Status.DEFICIENCIES_REQUESTED: gettext_lazy(
        "The officer has asked for missing documents or information. Reply to the e-mail "
        "that lists them, attaching what is asked for."
    ),
    Request.Status.AWAITING_FEE: gettext_lazy("Pay the fee shown in the e-mail we sent you."),
}


@never_cache
def track(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant's private page for one request."""
    application = _request_or_404(token)
    audit.record(
        "request.track",
        request=request,
        actor="applicant",
        obj=application,
        agency_id=application.agency_id,
    )
    return render(
        request,
        "intake/track.html",
        {
            "application": application,
            "token": token,
            "history": [
                (t.at, _status_label(t.to_status), t.reason)
                for t in application.transitions.all()  # type: ignore[attr-defined]
            ],
            "action": APPLICANT_ACTIONS.get(application.status, ""),
            "attachments": application.attachments.order_by("pk"),
            "acknowledgement": application.acknowledgement,
        },
    )


@never_cache
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    application = _request_or_404(token)
    audit.record(
        "receipt.read",
        request=request,
        actor="applicant",
        obj=application,
        agency_id=application.agency_id,
    )
    response = HttpResponse(receipt_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{application.reference}.pdf"'
    return response


@require_POST
def paper(request: HttpRequest, token: str) -> HttpResponse:
    """§11: electronic by default; the applicant may ask for paper, and that is recorded."""
    application = _request_or_404(token)
    wanted = request.POST.get("paper") == "yes"
    if wanted != application.paper_requested:
        Request.objects.filter(pk=application.pk).update(paper_requested=wanted)
        audit.record(
            "request.paper_requested" if wanted else "request.paper_withdrawn",
            request=request,
            actor="applicant",
            obj=application,
            agency_id=application.agency_id,
        )
    messages.success(
        request,
        _("We will send you letters and documents on paper as well.")
        if wanted
        else _("We will contact you electronically only."),
    )
    return redirect("intake:track", token=token)


def _held_for(user: User) -> QuerySet[InboundEmail]:
    held = InboundEmail.objects.filter(outcome=InboundEmail.Outcome.HELD)
    if user.is_oversight:
        return held
    return held.filter(agency_id=user.agency_id) if user.agency_id else held.none()


@login_required
def holding_pen(request: HttpRequest) -> HttpResponse:
    """Mail that could not be matched or read, waiting for a person: nothing is dropped."""
    user: User = request.user  # type: ignore[assignment]
    page = Paginator(
        _held_for(user).select_related("agency").order_by("-received_at"), 50
    ).get_page(request.GET.get("page"))
    audit.record(
        "holding_pen.read",
        request=request,
        agency_id=user.agency_id,
        detail={"page": page.number, "messages": [m.pk for m in page]},
    )
    return render(request, "intake/holding_pen.html", {"page": page})


@login_required
def held_message(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    record = get_object_or_404(_held_for(user), pk=pk)
    audit.record("inbound.view", request=request, obj=record, agency_id=record.agency_id)
    acting = record.can_be_handled_by(user)
    if request.method == "POST" and not acting:
        raise PermissionDenied
    can_accept = acting and record.agency_id is not None
    if request.method == "POST":
        if request.POST.get("action") == "dismiss":
            reason = request.POST.get("reason", "").strip()
            if not reason:
                messages.error(request, _("Say why the message is dismissed, e.g. “spam”."))
                return redirect("intake:held_message", pk=pk)
            dismiss_held(record, actor=user.get_username(), reason=reason)
            messages.success(request, _("The message is dismissed. It is kept as evidence."))
            return redirect("intake:holding_pen")
        if request.POST.get("action") == "accept" and record.agency is not None:
            try:
                accept_held(record, record.agency, actor=user.get_username())
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("intake:held_message", pk=pk)
            messages.success(
                request,
                _("Request %(reference)s was made and the sender was sent a receipt.")
                % {"reference": record.request.reference if record.request else ""},
            )
            return redirect("intake:holding_pen")
    return render(
        request,
        "intake/held_message.html",
        {"record": record, "acting": acting, "can_accept": can_accept},
    )


@login_required
def acknowledgements(request: HttpRequest) -> HttpResponse:
    """Officers see whether each applicant got the acknowledgement: sent, still trying (with
    the last error), or given up, so they can contact the applicant another way."""
    user: User = request.user  # type: ignore[assignment]
    requests = Request.objects.exclude(acknowledgement=None).select_related("acknowledgement")
    if not user.is_oversight:
        if not user.agency_id:
            raise PermissionDenied
        requests = requests.filter(agency_id=user.agency_id)
    show = request.GET.get("show", "problems")
    if show == "problems":
        requests = requests.exclude(acknowledgement__status=OutgoingMail.Status.SENT)
    page = Paginator(requests.order_by("-entered_at"), 50).get_page(request.GET.get("page"))
    audit.record(
        "acknowledgements.view", request=request, agency_id=user.agency_id, detail={"show": show}
    )
    return render(request, "intake/acknowledgements.html", {"page": page, "show": show})
