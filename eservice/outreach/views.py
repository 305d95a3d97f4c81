from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eservice.identity.decorators import oversight_required
from eservice.lib import audit
from eservice.outreach.mail import queue_mail
from eservice.outreach.models import OutgoingMail


class TestMailForm(forms.Form):
    to = forms.EmailField(
        label=gettext_lazy("Send a test e-mail to"),
        error_messages={
            "required": gettext_lazy("Enter an e-mail address, like name@example.go.th."),
            "invalid": gettext_lazy("Enter an e-mail address in the form name@example.go.th."),
        },
    )


@oversight_required
def outbox(request: HttpRequest) -> HttpResponse:
    mail = OutgoingMail.objects.all()
    status = request.GET.get("status", "")
    if status in OutgoingMail.Status.values:
        mail = mail.filter(status=status)
    page = Paginator(mail.only("to", "subject", "status", "attempts", "created_at"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outreach/outbox.html",
        {"page": page, "status": status, "statuses": OutgoingMail.Status, "form": TestMailForm()},
    )


@oversight_required
def message(request: HttpRequest, mail_id: int) -> HttpResponse:
    mail = get_object_or_404(OutgoingMail, pk=mail_id)
    audit.record("outgoing_mail.read", request=request, obj=mail)
    return render(request, "outreach/message.html", {"mail": mail})


@oversight_required
@require_POST
def send_test(request: HttpRequest) -> HttpResponse:
    form = TestMailForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "outreach/outbox.html",
            {"page": None, "statuses": OutgoingMail.Status, "form": form},
            status=400,
        )
    queue_mail(
        form.cleaned_data["to"],
        _("eservice test message"),
        _("This is a test message from eservice. If you can read it, outgoing mail works."),
        purpose="test",
    )
    messages.success(request, _("The test message is queued. Its status appears below."))
    return redirect("outreach:outbox")
