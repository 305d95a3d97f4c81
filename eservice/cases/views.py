"""Officers' pages: the inbox, the case, the acts on it, the agency dashboard, the officers
of the agency; the applicant's page for answering a request for documents."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eservice.cases import export as case_export
from eservice.cases import queries, services
from eservice.cases.access import agency_staff_required, get_case, refuse
from eservice.cases.forms import (
    REASON_REQUIRED,
    SPECIAL_MOVES,
    AnswerForm,
    AssignForm,
    DeficiencyForm,
    ForwardForm,
    MoveForm,
    NotifiedForm,
    OfficerForm,
    ReasonForm,
    TextForm,
    UswdsForm,
    required_documents,
)
from eservice.cases.models import Case, Deficiency
from eservice.cases.workflow import ALLOWED, Conflict, NotAllowed, move
from eservice.identity.decorators import oversight_required
from eservice.identity.models import User
from eservice.intake.models import Attachment, InboundEmail, Request
from eservice.lib import audit, ratelimit
from eservice.lib.models import AuditEntry
from eservice.lib.uploads import upload_response
from eservice.registry.models import Agency

S = Request.Status


def _case_url(case: Case) -> str:
    return reverse("cases:case", kwargs={"reference": case.request.reference})


@agency_staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agency = user.agency
    assert agency is not None
    f = queries.InboxFilter.from_query(request.GET)  # type: ignore[arg-type]
    counts, status_counts = queries.counts(agency, user)
    known = counts.get(f.view) if not (f.status or f.service or f.q) else None
    page = queries.inbox_page(agency, user, f, request.GET.get("page"), count=known)
    audit.record(
        "case.inbox",
        request=request,
        agency_id=agency.pk,
        detail={"view": f.view, "status": f.status, "q": f.q, "page": page.number},
    )
    today = timezone.localdate()
    soon = queries.due_soon_limit(agency.calendar(), today)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "cases/inbox.html",
        {
            "agency": agency,
            "page": page,
            "filter": f,
            "counts": counts,
            "status_counts": status_counts,
            "statuses": S.choices,
            "services": agency.services.order_by("name_th").only("pk", "name_th", "name_en"),
            "today": today,
            "soon": soon,
            "query": params.urlencode(),
        },
    )


def _timeline(case: Case) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for t in case.request.transitions.select_related("actor"):
        events.append({"at": t.at, "kind": "move", "item": t})
    for m in case.messages.select_related("author"):
        events.append({"at": m.at, "kind": "message", "item": m})
    for e in case.request.emails.filter(outcome=InboundEmail.Outcome.REPLY):
        events.append({"at": e.received_at, "kind": "email", "item": e})
    return sorted(events, key=lambda e: e["at"])


@login_required
@never_cache
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case(request, reference)
    audit.record("request.view", request=request, obj=case.request, agency_id=case.agency_id)
    user: User = request.user  # type: ignore[assignment]
    acting = user.can_act(case.agency_id)
    current = case.status
    moves = [
        (to, S(to).label) for to in sorted(ALLOWED.get(current, set())) if to not in SPECIAL_MOVES
    ]
    version = {"version": case.version}
    deficiency = Deficiency.objects.filter(case=case).first()
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "application": case.request,
            "acting": acting,
            "moves": moves,
            "reason_required": sorted(REASON_REQUIRED),
            "move_form": MoveForm(initial={**version, "expected": current}),
            "assign_form": AssignForm(initial=version),
            "forward_form": ForwardForm(initial=version),
            "reason_form": ReasonForm(initial=version),
            "officers": User.objects.filter(
                agency=case.agency,
                is_active=True,
                role__in=User.ACTING_ROLES,
            ).order_by("username"),
            "deficiency": deficiency,
            "can_request_documents": acting and deficiency is None and current == S.CHECKING,
            "can_close_incomplete": acting
            and deficiency is not None
            and current == S.DEFICIENCIES_REQUESTED
            and deficiency.is_past_deadline(),
            "can_record_answer": acting
            and deficiency is not None
            and current == S.DEFICIENCIES_REQUESTED,
            "attachments": Attachment.objects.filter(request=case.request).order_by("uploaded_at"),
            "timeline": _timeline(case),
            "notes": case.notes.select_related("author"),
            "answers": sorted((case.request.answers or {}).items()),
            "required_documents": required_documents(case.manual()),
            "lateness": case.notice_lateness_days(),
            "days_used": case.working_days_used(),
        },
    )


def _act(request: HttpRequest, case: Case, do: Any) -> HttpResponse:
    """Run an officer's act; tell the officer plainly what happened or why it did not."""
    try:
        do()
    except Conflict as error:
        messages.error(request, str(error))
    except NotAllowed as error:
        audit.record(
            "case.not_allowed",
            request=request,
            obj=case.request,
            agency_id=case.agency_id,
            detail={"path": request.path, "why": str(error), "post": _posted(request)},
        )
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect(_case_url(case))


def _posted(request: HttpRequest) -> dict[str, str]:
    return {k: str(v)[:200] for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}


def _act_on(
    request: HttpRequest,
    reference: str,
    form_class: type[UswdsForm],
    do: Callable[[Case, User, dict[str, Any]], object],
) -> HttpResponse:
    """The shape of most officer acts: the officer may act on the case, the form is valid,
    then the act runs with the form's data."""
    case = get_case(request, reference, act=True)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, case, form)
    user: User = request.user  # type: ignore[assignment]
    return _act(request, case, lambda: do(case, user, form.cleaned_data))


def _invalid(request: HttpRequest, case: Case, form: Any) -> HttpResponse:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(_case_url(case))


@login_required
@require_POST
def act(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case(request, reference, act=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        if "to" in form.errors or "expected" in form.errors:
            refuse(request, "forged state", case, post=_posted(request))
        return _invalid(request, case, form)
    to = form.cleaned_data["to"]
    if to in SPECIAL_MOVES:
        refuse(request, "move needs its own form", case, post=_posted(request))
    user: User = request.user  # type: ignore[assignment]

    def do() -> None:
        with audit.action():
            services.claim(case, form.cleaned_data["version"])
            move(
                case.request,
                to,
                actor=user,
                reason=form.cleaned_data["reason"],
                expected=form.cleaned_data["expected"],
            )

    return _act(request, case, do)


@login_required
@require_POST
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case(request, reference, act=True)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form)
    user: User = request.user  # type: ignore[assignment]
    value = form.cleaned_data["assignee"]
    assignee: User | None = None
    if value == "me":
        assignee = user
    elif value:
        assignee = User.objects.filter(pk=value).first() if value.isdigit() else None
        if assignee is None or assignee.agency_id != case.agency_id:
            refuse(request, "assignee from another agency", case, post=_posted(request))
    return _act(
        request, case, lambda: services.assign(case, user, assignee, form.cleaned_data["version"])
    )


@login_required
@never_cache
def deficiencies(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case(request, reference, act=True)
    existing = Deficiency.objects.filter(case=case).first()
    if existing is not None:
        messages.error(
            request,
            str(services.ONCE_ONLY % {"date": timezone.localdate(existing.requested_at)}),
        )
        return redirect(_case_url(case))
    documents = required_documents(case.manual())
    calendar = case.calendar()
    initial = {
        "version": case.version,
        "deadline": calendar.add_working_days(timezone.localdate(), 10),
    }
    form = DeficiencyForm(request.POST or None, initial=initial, required_documents=documents)
    if request.method == "POST" and form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        return _act(
            request,
            case,
            lambda: services.request_deficiencies(
                case,
                user,
                form.items(),
                form.cleaned_data["note"],
                form.cleaned_data["deadline"],
                form.cleaned_data["version"],
            ),
        )
    return render(
        request,
        "cases/deficiencies.html",
        {"case": case, "application": case.request, "form": form, "documents": documents},
    )


@login_required
@require_POST
def record_answer(request: HttpRequest, reference: str) -> HttpResponse:
    """The applicant answered some other way (an e-mail that did not thread, by hand)."""
    return _act_on(
        request,
        reference,
        AnswerForm,
        lambda case, user, data: services.answer_deficiency(
            case, data["answer"], data["documents"], via=Deficiency.Via.EMAIL, actor=user
        ),
    )


@login_required
@require_POST
def close_incomplete(request: HttpRequest, reference: str) -> HttpResponse:
    return _act_on(
        request,
        reference,
        ReasonForm,
        lambda case, user, data: services.close_incomplete(
            case, user, data["reason"], data["version"]
        ),
    )


@login_required
@require_POST
def forward(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case(request, reference, act=True)
    form = ForwardForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form)
    user: User = request.user  # type: ignore[assignment]
    code = form.cleaned_data["agency_code"]
    other = None
    if code:
        other = Agency.objects.filter(code=code).first()
        if other is None:
            messages.error(request, _("No agency has the code %(code)s.") % {"code": code})
            return redirect(_case_url(case))
    return _act(
        request,
        case,
        lambda: services.forward(
            case,
            user,
            form.cleaned_data["version"],
            unit=form.cleaned_data["unit"],
            agency=other,
            reason=form.cleaned_data["reason"],
        ),
    )


@login_required
@require_POST
def message(request: HttpRequest, reference: str) -> HttpResponse:
    return _act_on(
        request,
        reference,
        TextForm,
        lambda case, user, data: services.send_message(case, user, data["body"]),
    )


@login_required
@require_POST
def note(request: HttpRequest, reference: str) -> HttpResponse:
    return _act_on(
        request,
        reference,
        TextForm,
        lambda case, user, data: services.add_note(case, user, data["body"]),
    )


@login_required
@require_POST
def notified(request: HttpRequest, reference: str) -> HttpResponse:
    return _act_on(
        request,
        reference,
        NotifiedForm,
        lambda case, user, data: services.record_result_notified(case, user, data["how"]),
    )


@login_required
def attachment(request: HttpRequest, reference: str, attachment_id: int) -> FileResponse:
    """An applicant's file, to officers of the case's agency only. Shown inline only for
    types a browser renders safely, and sandboxed so a crafted PDF cannot script the site."""
    case = get_case(request, reference)
    item = Attachment.objects.filter(pk=attachment_id).first()
    if item is None or item.request_id != case.pk:
        refuse(request, "attachment of another request", case, attachment=attachment_id)
    assert item is not None
    audit.record(
        "attachment.view",
        request=request,
        obj=case.request,
        agency_id=case.agency_id,
        detail={"attachment": item.pk, "name": item.name},
    )
    return upload_response(
        item.file.open("rb"),
        filename=item.name,
        content_type=item.content_type,
        inline=request.GET.get("inline") == "1",
    )


@login_required
@never_cache
def case_log(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case(request, reference)
    audit.record("case.log_view", request=request, obj=case.request, agency_id=case.agency_id)
    entries = AuditEntry.objects.filter(
        object_type="intake.request", object_id=str(case.pk)
    ).order_by("-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "cases/log.html", {"case": case, "application": case.request, "page": page}
    )


@login_required
def export(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case(request, reference)
    audit.record("case.export", request=request, obj=case.request, agency_id=case.agency_id)
    data = case_export.build(case)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{case.request.reference}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@agency_staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    agency = user.agency
    assert agency is not None
    return render(
        request,
        "cases/dashboard.html",
        {
            "agency": agency,
            "rows": queries.dashboard(agency),
            "counts": queries.counts(agency, user)[0],
            "late_notices": queries.late_notices(agency)[:50],
        },
    )


@agency_staff_required
@never_cache
def officers(request: HttpRequest) -> HttpResponse:
    """The agency admin keeps the agency's list of officers: adds them, stops them."""
    user: User = request.user  # type: ignore[assignment]
    if not user.is_admin_of(user.agency_id):
        raise PermissionDenied
    form = OfficerForm(request.POST or None)
    if request.method == "POST" and "deactivate" in request.POST:
        target = User.objects.filter(pk=request.POST.get("deactivate", "")).first()
        if target is None or target.agency_id != user.agency_id or target.pk == user.pk:
            refuse(request, "officer of another agency", deactivate=request.POST.get("deactivate"))
        assert target is not None
        with audit.action():
            target.is_active = not target.is_active
            target.save(update_fields=["is_active"])
            audit.record(
                "officer.activate" if target.is_active else "officer.deactivate",
                request=request,
                obj=target,
                agency_id=user.agency_id,
            )
        messages.success(request, _("Saved."))
        return redirect("cases:officers")
    if request.method == "POST" and form.is_valid():
        with audit.action():
            created = User.objects.create_user(
                form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                agency=user.agency,
                role=form.cleaned_data["role"],
            )
            audit.record(
                "officer.create",
                request=request,
                obj=created,
                agency_id=user.agency_id,
                detail={"role": created.role},
            )
        messages.success(request, _("The account is ready. Give the officer the first password."))
        return redirect("cases:officers")
    people = User.objects.filter(agency=user.agency).order_by("-is_active", "username")
    return render(
        request, "cases/officers.html", {"form": form, "people": people, "agency": user.agency}
    )


@oversight_required
def audit_search(request: HttpRequest) -> HttpResponse:
    """Oversight staff search the whole log."""
    entries = AuditEntry.objects.order_by("-id")
    fields = {
        k: request.GET.get(k, "").strip()[:100] for k in ("actor", "action", "object", "agency")
    }
    if fields["actor"]:
        entries = entries.filter(actor=fields["actor"])
    if fields["action"]:
        entries = entries.filter(action__startswith=fields["action"])
    if fields["object"]:
        reference = (
            Request.objects.filter(reference=fields["object"]).values_list("pk", flat=True).first()
        )
        entries = entries.filter(object_id=str(reference) if reference else fields["object"])
    if fields["agency"].isdigit():
        entries = entries.filter(agency_id=int(fields["agency"]))
    audit.record("audit.search", request=request, detail=fields)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request, "cases/audit.html", {"page": page, "fields": fields, "query": params.urlencode()}
    )


@never_cache
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant's answer to the request for documents, behind the private link."""
    if not ratelimit.allow(request, "cases:respond", 30):
        return HttpResponse(_("Too many attempts. Wait a minute and try again."), status=429)
    application = Request.from_tracking_token(token)
    if application is None:
        raise Http404
    case = Case.open_for(application)
    deficiency = Deficiency.objects.filter(case=case).first()
    audit.record(
        "request.view",
        actor="applicant",
        request=request,
        obj=application,
        agency_id=case.agency_id,
        detail={"page": "respond"},
    )
    waiting = (
        deficiency is not None
        and deficiency.answered_at is None
        and case.status == S.DEFICIENCIES_REQUESTED
    )
    can_withdraw = S.WITHDRAWN in ALLOWED.get(case.status, set())
    if request.method == "POST" and "withdraw" in request.POST:
        if not (can_withdraw and request.POST.get("confirm") == "yes"):
            messages.error(request, _("Tick the box to confirm that you withdraw the request."))
            return redirect("cases:respond", token=token)
        try:
            with audit.action():
                audit.record(
                    "request.withdraw",
                    actor="applicant",
                    request=request,
                    obj=application,
                    agency_id=case.agency_id,
                )
                move(
                    application,
                    S.WITHDRAWN,
                    actor=None,
                    reason=str(_("The applicant withdrew the request online.")),
                    expected=case.status,
                )
        except (NotAllowed, Conflict) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Your request is withdrawn. The agency will not go on with it.")
            )
        return redirect("cases:respond", token=token)
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and waiting and form.is_valid():
        assert deficiency is not None
        try:
            services.answer_deficiency(
                case,
                form.cleaned_data["answer"],
                form.cleaned_data["documents"],
                via=Deficiency.Via.WEB,
            )
        except (NotAllowed, Conflict) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Thank you. Your answer has reached the agency, which now goes on with it."),
            )
        return redirect("cases:respond", token=token)
    return render(
        request,
        "cases/respond.html",
        {
            "application": application,
            "case": case,
            "deficiency": deficiency,
            "waiting": waiting,
            "can_withdraw": can_withdraw,
            "form": form,
            "messages_to_applicant": case.messages.all(),
        },
    )
