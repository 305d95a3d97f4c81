"""What the applicant is told, and when: by e-mail, in Thai with English below, always with
the private tracking link. Only ever queued (eservice.outreach), never sent in a request."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from eservice.cases.models import DECIDED, Case, Transition
from eservice.intake.models import Request
from eservice.lib import audit
from eservice.outreach.mail import queue_mail

S = Request.Status

# The moves the applicant hears about from here. Internal steps (checking, considering) show
# on the tracking page and in the 7-day progress notice instead; "awaiting fee" is told by
# payments, with the invoice.
TOLD = frozenset(
    {
        S.DEFICIENCIES_REQUESTED,
        S.APPROVED,
        S.COMPLETED,
        S.REJECTED,
        S.WITHDRAWN,
        S.FORWARDED,
        S.CLOSED_INCOMPLETE,
    }
)


def respond_url(request: Request) -> str:
    return settings.SITE_URL + reverse("cases:respond", kwargs={"token": request.tracking_token()})


def _bilingual(template: str, subject: str, context: dict[str, object]) -> tuple[str, str]:
    parts, subjects = [], []
    for language in ("th", "en"):
        with translation.override(language):
            parts.append(render_to_string(template, context).strip())
            subjects.append(gettext(subject) % context)
    return " / ".join(subjects), "\n\n---\n\n".join(parts) + "\n"


def send(case: Case, kind: str, subject: str, context: dict[str, object], bulk: bool = False):  # type: ignore[no-untyped-def]
    """Queue a notice to the applicant; None when there is no address to send it to
    (the applicant asked for paper, or gave no e-mail): the officer sends it another way."""
    request = case.request
    if not request.applicant_email or request.paper_requested:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        # Links in Thai, the site's default, whatever language the officer works in.
        links = {"tracking_url": request.tracking_url(), "respond_url": respond_url(request)}
    context = {
        "reference": request.reference,
        "applicant": request.applicant_name,
        "agency": case.agency,
        "case": case,
        **links,
        **context,
    }
    subject_text, body = _bilingual(f"cases/mail/{kind}.txt", subject, context)
    mail = queue_mail(
        request.applicant_email,
        subject_text,
        body,
        # A reply joins the request (intake), and answers a request for documents.
        reply_to=request.reply_address(),
        headers={"Auto-Submitted": "auto-generated"},
        purpose=f"case.{kind}",
        bulk=bulk,
    )
    audit.record(
        "case.notice",
        obj=request,
        agency_id=case.agency_id,
        detail={"kind": kind, "mail": mail.pk},
    )
    return mail


def status_changed(case: Case, transition: Transition) -> None:
    if transition.to_status not in TOLD:
        return
    deficiency = getattr(case, "deficiency", None)
    mail = send(
        case,
        "status",
        # Translators: subject of the e-mail telling the applicant about a new state.
        gettext_noop("Request %(reference)s: %(status)s"),
        {
            "status": S(transition.to_status).label,
            "to_status": transition.to_status,
            "reason": transition.reason,
            "deficiency": deficiency if transition.to_status == S.DEFICIENCIES_REQUESTED else None,
            "forwarded_to": case.forwarded_to,
        },
    )
    if mail is not None and transition.to_status in DECIDED and case.result_notified_at is None:
        now = timezone.now()
        Case.objects.filter(pk=case.pk, result_notified_at=None).update(result_notified_at=now)
        case.result_notified_at = now
