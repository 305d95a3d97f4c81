from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eservice.intake.models import Request
from eservice.intake.receipt import receipt_pdf
from eservice.lib import audit


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
